// Audio plumbing that needs no device: the AudioSource port a host implements (a recorder process,
// a WAV file), fixed-size PCM16 framing, and WAV decoding to PCM16 24 kHz mono.
import { AudioCaptureError } from './errors';
import { PCM_SAMPLE_RATE } from './session-config';

/** 100 ms of PCM16 24 kHz mono. */
export const DEFAULT_FRAME_BYTES = (PCM_SAMPLE_RATE / 10) * 2;

export interface AudioSink {
  /** PCM16 little-endian, 24 kHz, mono; always an even number of bytes. */
  chunk(pcm: Uint8Array): void;
  /** Capture failed; `end` follows. */
  error(error: AudioCaptureError): void;
  /** No more chunks will come (stopped, or the source ran out). */
  end(): void;
}

export interface AudioSource {
  /** Shown to the user, e.g. "sox (rec)". */
  readonly description: string;
  /** Resolves once capture runs; rejects with AudioCaptureError when it cannot start. */
  start(sink: AudioSink): Promise<void>;
  /** Resolves after the last chunk was delivered and `end` was called. */
  stop(): Promise<void>;
}

/** Cuts a byte stream into frames of `frameBytes` (even), keeping the remainder for the next push. */
export class PcmFramer {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly frameBytes = DEFAULT_FRAME_BYTES) {
    if (frameBytes < 2 || frameBytes % 2) throw new AudioCaptureError(`A PCM16 frame must be an even number of bytes, not ${frameBytes}.`, 'bad-format');
  }

  push(data: Uint8Array, emit: (frame: Uint8Array) => void): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : Buffer.from(data);
    let offset = 0;
    while (this.pending.length - offset >= this.frameBytes) {
      emit(this.pending.subarray(offset, offset + this.frameBytes));
      offset += this.frameBytes;
    }
    this.pending = this.pending.subarray(offset);
  }

  /** Emits what is left (an odd trailing byte is dropped: it is half a sample). */
  flush(emit: (frame: Uint8Array) => void): void {
    const even = this.pending.length - (this.pending.length % 2);
    if (even > 0) emit(this.pending.subarray(0, even));
    this.pending = Buffer.alloc(0);
  }
}

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** The raw sample bytes of the data chunk. */
  data: Buffer;
}

/** Reads a RIFF/WAVE file with 8/16/24/32-bit integer PCM or 32-bit float samples. */
export function parseWav(file: Uint8Array, name = 'the WAV file'): WavInfo {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const bad = (why: string) => new AudioCaptureError(`Cannot read ${name}: ${why}.`, 'bad-format');
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw bad('it is not a RIFF/WAVE file');
  let offset = 12;
  let fmt: { format: number; channels: number; sampleRate: number; bits: number } | undefined;
  let data: Buffer | undefined;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    let size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    // Streams written to a pipe (espeak-ng --stdout, sox -) leave the data size at 0 or 0xFFFFFFFF.
    if (id === 'data' && (size === 0 || size === 0xffffffff || body + size > buf.length)) size = buf.length - body;
    if (id === 'fmt ') {
      if (size < 16) throw bad('its fmt chunk is too short');
      let format = buf.readUInt16LE(body);
      if (format === 0xfffe && size >= 40) format = buf.readUInt16LE(body + 24); // WAVE_FORMAT_EXTENSIBLE
      fmt = { format, channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      data = buf.subarray(body, body + size);
    }
    offset = body + size + (size % 2);
  }
  if (!fmt) throw bad('it has no fmt chunk');
  if (!data) throw bad('it has no data chunk');
  const supported = (fmt.format === 1 && [8, 16, 24, 32].includes(fmt.bits)) || (fmt.format === 3 && fmt.bits === 32);
  if (!supported) throw bad(`format ${fmt.format} with ${fmt.bits}-bit samples is not supported (use PCM)`);
  if (fmt.channels < 1 || fmt.sampleRate < 1000) throw bad(`${fmt.channels} channels at ${fmt.sampleRate} Hz is not usable`);
  return { sampleRate: fmt.sampleRate, channels: fmt.channels, bitsPerSample: fmt.format === 3 ? -32 : fmt.bits, data };
}

function sampleReader(info: WavInfo): (index: number) => number {
  const { data, bitsPerSample } = info;
  switch (bitsPerSample) {
    case 8:
      return (i) => (data[i]! - 128) / 128;
    case 16:
      return (i) => data.readInt16LE(i * 2) / 32768;
    case 24:
      return (i) => data.readIntLE(i * 3, 3) / 8388608;
    case 32:
      return (i) => data.readInt32LE(i * 4) / 2147483648;
    default:
      return (i) => data.readFloatLE(i * 4);
  }
}

/** Mixes down to mono and resamples (linear) to PCM16 24 kHz little-endian. */
export function toPcm16Mono24k(info: WavInfo): Buffer {
  const bytesPerSample = Math.abs(info.bitsPerSample) / 8;
  const frames = Math.floor(info.data.length / (bytesPerSample * info.channels));
  const read = sampleReader(info);
  const mono = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < info.channels; c++) sum += read(f * info.channels + c);
    mono[f] = sum / info.channels;
  }
  const ratio = info.sampleRate / PCM_SAMPLE_RATE;
  const outFrames = ratio === 1 ? frames : Math.floor(frames / ratio);
  const out = Buffer.alloc(outFrames * 2);
  for (let i = 0; i < outFrames; i++) {
    const pos = i * ratio;
    const i0 = Math.floor(pos);
    const frac = pos - i0;
    const a = mono[i0] ?? 0;
    const b = mono[Math.min(i0 + 1, frames - 1)] ?? a;
    const v = Math.max(-1, Math.min(1, a + (b - a) * frac));
    out.writeInt16LE(Math.round(v < 0 ? v * 32768 : v * 32767), i * 2);
  }
  return out;
}
