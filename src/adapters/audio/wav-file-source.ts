// An AudioSource that plays a WAV file into the session as if it were spoken: decoded to PCM16
// 24 kHz mono and delivered in 100 ms frames, at once or paced in real time. For tests, benchmarks
// and replaying a recorded request.
import { promises as fsp } from 'fs';
import * as path from 'path';
import { AudioSink, AudioSource, DEFAULT_FRAME_BYTES, parseWav, toPcm16Mono24k } from '../../orchestrator/realtime/audio';
import { AudioCaptureError } from '../../orchestrator/realtime/errors';

export class WavFileSource implements AudioSource {
  private timer: NodeJS.Timeout | undefined;
  private finish: (() => void) | undefined;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly options: { realtime?: boolean; frameBytes?: number } = {},
  ) {}

  get description(): string {
    return `WAV file ${path.basename(this.file)}`;
  }

  async start(sink: AudioSink): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(this.file);
    } catch (error) {
      throw new AudioCaptureError(`Cannot read ${this.file}: ${(error as Error).message}`, 'failed');
    }
    const pcm = toPcm16Mono24k(parseWav(bytes, this.file));
    const frame = this.options.frameBytes ?? DEFAULT_FRAME_BYTES;
    let offset = 0;
    let resolveDone!: () => void;
    this.done = new Promise((r) => (resolveDone = r));
    this.finish = () => {
      this.finish = undefined;
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      sink.end();
      resolveDone();
    };
    const next = () => {
      if (!this.finish) return;
      if (offset >= pcm.length) return this.finish();
      const chunk = pcm.subarray(offset, Math.min(offset + frame, pcm.length));
      offset += chunk.length;
      sink.chunk(chunk);
      if (this.options.realtime) this.timer = setTimeout(next, (chunk.length / 48_000) * 1000);
      else setImmediate(next);
    };
    setImmediate(next);
  }

  async stop(): Promise<void> {
    this.finish?.();
    await this.done;
  }
}
