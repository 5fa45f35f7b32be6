// The input side of a realtime session's spoken turns: microphone audio streamed into the server's
// buffer, how releasing Talk ends the turn (turn-ending.ts), what the server VAD says about the
// user's speech, and barge-in (the interrupted assistant item truncated where playback stopped).
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import type { ClockPort, Disposable } from '../ports';
import { PlaybackTracker } from './playback-tracker';
import type { RealtimeActivity } from './realtime-activity';
import type { TurnDetection } from './session-config';
import { MIN_COMMIT_BYTES, TRAILING_SILENCE_EXTRA_MS, TurnEnding, planTurnEnding, silenceFrames } from './turn-ending';

export interface TurnAudioHost {
  connected(): boolean;
  send(event: RealtimeClientEvent): void;
  requestResponse(): void;
  fire(activity: RealtimeActivity): void;
  turnDetection(): TurnDetection;
}

/** Extra wait for the server VAD to commit after the trailing silence, before committing ourselves. */
export const VAD_COMMIT_GRACE_MS = 1_500;

export class TurnAudio {
  private uncommitted = 0;
  private dropped = 0;
  private vadInSpeech = false;
  private fallback: Disposable | undefined;
  private readonly playback = new PlaybackTracker();

  constructor(
    private readonly host: TurnAudioHost,
    private readonly clock: ClockPort,
  ) {}

  append(pcm: Uint8Array): void {
    if (!pcm.byteLength) return;
    if (!this.host.connected()) {
      this.dropped += pcm.byteLength;
      return;
    }
    this.uncommitted += pcm.byteLength;
    this.host.send({ type: 'input_audio_buffer.append', audio: Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString('base64') });
  }

  endTurn(): TurnEnding {
    if (!this.host.connected()) return 'empty';
    const bytes = this.uncommitted;
    const how = planTurnEnding(this.host.turnDetection().mode, bytes, this.vadInSpeech);
    if (how === 'commit') this.commit();
    else if (how === 'trailing-silence') this.trailingSilence();
    else if (how === 'too-short') {
      this.host.send({ type: 'input_audio_buffer.clear' });
      this.uncommitted = 0;
    }
    this.host.fire({ kind: 'turn-ended', how, bytes });
    return how;
  }

  /** Tells the host to stop playback and report how much of the current item was played (`onlyIfPlaying`: not when nothing played yet). */
  interrupt(onlyIfPlaying = false): void {
    const current = this.playback.current();
    if (onlyIfPlaying && !current) return;
    this.host.fire({ kind: 'interrupted', ...(current ? { itemId: current.itemId, receivedMs: current.receivedMs } : {}) });
  }

  /** `complete`: all of the item's audio has arrived (its response is done). */
  truncate(itemId: string, playedMs: number, complete: boolean): void {
    if (complete && playedMs >= this.playback.receivedMs(itemId)) return;
    const event = this.host.connected() ? this.playback.truncation(itemId, playedMs) : undefined;
    if (event) this.host.send(event);
  }

  assistantAudio(itemId: string, base64: string): void {
    this.playback.add(itemId, base64);
  }

  speechStarted(): void {
    this.vadInSpeech = true;
    this.interrupt();
  }

  speechStopped(): void {
    this.vadInSpeech = false;
  }

  /** The server committed the buffer; returns the bytes the turn had. */
  committed(): number {
    const bytes = this.uncommitted;
    this.reset();
    return bytes;
  }

  /** Forgets the buffer state (connection lost, session stopped). */
  reset(): void {
    this.uncommitted = 0;
    this.vadInSpeech = false;
    this.fallback?.dispose();
    this.fallback = undefined;
  }

  /** Audio that could not be sent while disconnected since the last call, in ms. */
  takeDroppedMs(): number {
    const ms = Math.round(this.dropped / 48);
    this.dropped = 0;
    return ms;
  }

  private commit(): void {
    this.host.send({ type: 'input_audio_buffer.commit' });
    this.uncommitted = 0;
    this.host.requestResponse();
  }

  /** Silence past the VAD's silence duration ends the turn server-side; a commit follows if it does not. */
  private trailingSilence(): void {
    const ms = (this.host.turnDetection().silenceDurationMs ?? 500) + TRAILING_SILENCE_EXTRA_MS;
    silenceFrames(ms).forEach((frame) => this.append(frame));
    this.fallback?.dispose();
    this.fallback = this.clock.setTimer(ms + VAD_COMMIT_GRACE_MS, () => {
      this.fallback = undefined;
      if (this.host.connected() && this.vadInSpeech && this.uncommitted >= MIN_COMMIT_BYTES) this.commit();
    });
  }
}
