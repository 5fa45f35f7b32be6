// How releasing Talk ends a spoken turn in each turn-detection mode. The server refuses a commit of
// less than 100 ms of audio, so a shorter turn is cleared instead. Under server_vad, a turn the VAD is
// still in gets trailing silence so the server sees the end of speech and answers by itself; audio
// the VAD never took for speech, and every semantic_vad or manual turn, is committed on release.
import type { TurnDetectionMode } from './session-config';

export const MIN_COMMIT_BYTES = 4_800; // 100 ms of PCM16 24 kHz mono
export const TRAILING_SILENCE_EXTRA_MS = 100;

export type TurnEnding = 'commit' | 'trailing-silence' | 'too-short' | 'empty';

export function planTurnEnding(mode: TurnDetectionMode, uncommittedBytes: number, vadInSpeech: boolean): TurnEnding {
  if (mode === 'server_vad' && vadInSpeech) return 'trailing-silence';
  if (uncommittedBytes === 0) return 'empty';
  if (uncommittedBytes < MIN_COMMIT_BYTES) return 'too-short';
  return 'commit';
}

/** Zero PCM16 frames of 100 ms (the last one shorter) covering `ms`. */
export function silenceFrames(ms: number): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let bytes = Math.ceil(ms) * 48;
  while (bytes > 0) {
    const n = Math.min(bytes, MIN_COMMIT_BYTES);
    frames.push(new Uint8Array(n));
    bytes -= n;
  }
  return frames;
}
