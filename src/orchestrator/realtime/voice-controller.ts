// Push-to-talk: moves audio from an AudioSource (a recorder process, a WAV file) into the realtime
// session. Releasing Talk (the end of capture) ends the turn in every turn-detection mode: a commit
// and a response, or trailing silence the server VAD ends the turn on; a turn under 100 ms (which
// the server would refuse) is dropped and reported.
import type { BigThreeError } from '../errors';
import { EventEmitter } from '../events';
import type { Disposable, LoggerPort } from '../ports';
import { silentLogger } from '../ports';
import type { AudioSource } from './audio';
import { AudioCaptureError, RealtimeStateError } from './errors';
import type { RealtimeSessionState } from './realtime-activity';
import type { SessionConfig } from './session-config';
import type { TurnEnding } from './turn-ending';

/** What the controller needs of a RealtimeSession. */
export interface VoiceSessionPort {
  readonly state: RealtimeSessionState;
  readonly sessionConfig: SessionConfig;
  appendAudio(pcm: Uint8Array): void;
  endTurn(): TurnEnding;
  cancelResponse(): void;
}

export type VoiceEvent =
  | { kind: 'listening'; listening: boolean; source?: string }
  /** The turn was committed, or handed to the server VAD with trailing silence. */
  | { kind: 'turn-committed'; bytes: number; how: 'commit' | 'trailing-silence' }
  | { kind: 'turn-too-short'; bytes: number }
  | { kind: 'capture-error'; error: BigThreeError };

export class VoiceController implements Disposable {
  private readonly emitter = new EventEmitter<VoiceEvent>();
  readonly onEvent = this.emitter.event;
  private source: AudioSource | undefined;
  private bytes = 0;

  constructor(
    private readonly session: VoiceSessionPort,
    private readonly sourceFactory: () => AudioSource,
    private readonly logger: LoggerPort = silentLogger,
  ) {}

  get listening(): boolean {
    return this.source !== undefined;
  }

  /** Starts capture; rejects with a typed error (no recorder, session not running). */
  async startListening(): Promise<void> {
    if (this.source) return;
    if (this.session.state !== 'ready') throw new RealtimeStateError('Start the voice session before talking.');
    let source: AudioSource | undefined;
    try {
      source = this.sourceFactory();
      this.source = source;
      this.bytes = 0;
      this.session.cancelResponse();
      const current = source;
      await source.start({
        chunk: (pcm) => {
          if (this.source !== current) return;
          this.bytes += pcm.byteLength;
          this.session.appendAudio(pcm);
        },
        error: (error) => this.emitter.fire({ kind: 'capture-error', error }, this.listenerError),
        end: () => this.ended(current),
      });
    } catch (error) {
      this.source = undefined;
      const typed = error instanceof AudioCaptureError ? error : new AudioCaptureError(`Could not start audio capture: ${(error as Error).message}`, 'failed');
      this.emitter.fire({ kind: 'capture-error', error: typed }, this.listenerError);
      throw typed;
    }
    if (this.source === source) this.emitter.fire({ kind: 'listening', listening: true, source: source.description }, this.listenerError);
  }

  /** Ends capture, which ends the turn. */
  async stopListening(): Promise<void> {
    const source = this.source;
    if (!source) return;
    await source.stop();
  }

  dispose(): void {
    const source = this.source;
    this.source = undefined;
    void source?.stop();
    this.emitter.dispose();
  }

  private readonly listenerError = (error: unknown) => this.logger.error('a voice listener failed', error);

  private ended(source: AudioSource): void {
    if (this.source !== source) return;
    this.source = undefined;
    this.emitter.fire({ kind: 'listening', listening: false }, this.listenerError);
    if (this.session.state !== 'ready') return;
    const how = this.session.endTurn();
    if (how === 'commit' || how === 'trailing-silence') this.emitter.fire({ kind: 'turn-committed', bytes: this.bytes, how }, this.listenerError);
    else if (how === 'too-short') this.emitter.fire({ kind: 'turn-too-short', bytes: this.bytes }, this.listenerError);
  }
}
