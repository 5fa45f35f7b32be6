// The fake realtime server's voice activity detection, driven by the energy of the audio actually
// streamed (PCM16 24 kHz mono), like the GA server's server_vad: speech starts after 30 ms above the
// threshold, and stops after `silence_duration_ms` below it. Positions are in ms of buffered audio.

export interface VadSettings {
  /** 0–1 as in session.audio.input.turn_detection.threshold. */
  threshold: number;
  prefixPaddingMs: number;
  silenceDurationMs: number;
}

export type VadSignal = { kind: 'speech-started'; audioStartMs: number } | { kind: 'speech-stopped'; audioEndMs: number };

const FRAME_BYTES = 480; // 10 ms
const START_FRAMES = 3;

/** RMS of PCM16 samples, 0–1. */
export function rms(pcm: Buffer): number {
  let sum = 0;
  const n = Math.floor(pcm.length / 2);
  for (let i = 0; i < n; i++) {
    const s = pcm.readInt16LE(i * 2) / 32768;
    sum += s * s;
  }
  return n ? Math.sqrt(sum / n) : 0;
}

export class EnergyVad {
  private carry = Buffer.alloc(0);
  private positionMs = 0;
  private loudFrames = 0;
  private quietMs = 0;
  speaking = false;

  constructor(private readonly settings: VadSettings) {}

  /** ms of audio seen so far (the session's audio clock). */
  get audioMs(): number {
    return this.positionMs;
  }

  /** Feeds appended audio; returns the transitions it caused, in order. */
  push(pcm: Buffer): VadSignal[] {
    const signals: VadSignal[] = [];
    let data = Buffer.concat([this.carry, pcm]);
    const level = this.settings.threshold * 0.04;
    while (data.length >= FRAME_BYTES) {
      const loud = rms(data.subarray(0, FRAME_BYTES)) > level;
      data = data.subarray(FRAME_BYTES);
      this.positionMs += 10;
      if (!this.speaking) {
        this.loudFrames = loud ? this.loudFrames + 1 : 0;
        if (this.loudFrames >= START_FRAMES) {
          this.speaking = true;
          this.quietMs = 0;
          signals.push({ kind: 'speech-started', audioStartMs: Math.max(0, this.positionMs - START_FRAMES * 10 - this.settings.prefixPaddingMs) });
        }
      } else {
        this.quietMs = loud ? 0 : this.quietMs + 10;
        if (this.quietMs >= this.settings.silenceDurationMs) {
          this.speaking = false;
          this.loudFrames = 0;
          signals.push({ kind: 'speech-stopped', audioEndMs: this.positionMs - this.quietMs });
        }
      }
    }
    this.carry = Buffer.from(data);
    return signals;
  }
}
