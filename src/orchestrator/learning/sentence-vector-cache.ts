// The definitions' sentence vectors kept between runs (definition-sentence-similarity.ts): one JSON file
// beside the outcome log, {v, encoder, dimension, vectors: [[text, base64 float32], ...]}, replaced
// atomically. Vectors of another encoder are not read; a file that cannot be read is said once and
// rewritten (the vectors are worked out again), and what another process added meanwhile is kept.
import type { LoggerPort } from '../ports';
import { TimeSlicer } from '../time-slice';

export interface SentenceVectorCache {
  /** The cached vectors of these texts (by text) for this encoder. */
  read(encoderId: string, texts: readonly string[]): Promise<Map<string, Float32Array>>;
  /** Adds vectors of this encoder to the cache. */
  write(encoderId: string, vectors: ReadonlyMap<string, Float32Array>): Promise<void>;
}

export interface SidecarFiles {
  readSidecar(name: string): Promise<string | undefined>;
  writeSidecar(name: string, text: string): Promise<void>;
}

export const SENTENCE_VECTORS_FILE = 'sentence-vectors.json';
/** The shipped experts' vectors in the package (scripts/build-sentence-vectors.js writes them). */
export const SHIPPED_SENTENCE_VECTORS = ['models', 'sentence-vectors', 'shipped-experts.json'] as const;
const VERSION = 1;
/** Texts kept at most (the oldest go first): the shipped experts take about a thousand. */
const MAX_TEXTS = 20_000;

interface Stored {
  v: number;
  encoder: string;
  dimension: number;
  vectors: Array<[string, string]>;
}

function encode(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

function decode(text: string, dimension: number): Float32Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== dimension * 4) return undefined;
  const out = new Float32Array(dimension);
  new Uint8Array(out.buffer).set(bytes);
  return out.every(Number.isFinite) ? out : undefined;
}

export class SidecarSentenceVectorCache implements SentenceVectorCache {
  private warned = false;
  /** Texts this process read from the cache (kept at the back when it writes). */
  private readonly used = new Set<string>();
  private shippedFile: { encoderId: string; stored: Promise<Stored | undefined> } | undefined;

  /** `shipped`: the text of the vectors shipped for the shipped experts (read-only; same format), if any. */
  constructor(
    private readonly files: SidecarFiles,
    private readonly logger: LoggerPort,
    private readonly shipped?: () => Promise<string | undefined>,
  ) {}

  async read(encoderId: string, texts: readonly string[]): Promise<Map<string, Float32Array>> {
    const wanted = new Set(texts);
    const out = new Map<string, Float32Array>();
    // A thousand vectors take 10-20 ms to decode: in slices, so the host's thread gives way between them.
    const slicer = new TimeSlicer();
    const take = async (stored: Stored | undefined) => {
      for (const [text, data] of stored?.vectors ?? []) {
        if (!wanted.has(text) || out.has(text)) continue;
        const v = decode(data, stored!.dimension);
        if (v) out.set(text, v);
        this.used.add(text);
        await slicer.tick();
      }
    };
    await take(await this.load(encoderId));
    if (out.size < wanted.size && this.shipped) await take(await this.loadShipped(encoderId));
    return out;
  }

  /** The shipped file, read and parsed once per process (it does not change; tasks are never in it, yet every read that misses looks). */
  private loadShipped(encoderId: string): Promise<Stored | undefined> {
    if (this.shippedFile?.encoderId !== encoderId) this.shippedFile = { encoderId, stored: this.readShipped(encoderId) };
    return this.shippedFile.stored;
  }

  private async readShipped(encoderId: string): Promise<Stored | undefined> {
    try {
      const text = await this.shipped!();
      return text === undefined ? undefined : this.parse(text, encoderId, 'the shipped sentence vectors');
    } catch (error) {
      this.logger.warn(`the shipped sentence vectors are unreadable (${(error as Error).message}); the definitions' vectors are worked out instead`);
      return undefined;
    }
  }

  async write(encoderId: string, vectors: ReadonlyMap<string, Float32Array>): Promise<void> {
    const first = vectors.values().next().value;
    if (!first) return;
    const stored = await this.load(encoderId);
    const kept = new Map<string, string>(stored && stored.dimension === first.length ? stored.vectors : []);
    // The texts this process read go to the back with the new ones, so what is evicted is what no one used
    // lately, not the oldest of what every run needs (review of stop 35).
    for (const text of this.used) {
      const data = kept.get(text);
      if (data === undefined) continue;
      kept.delete(text);
      kept.set(text, data);
    }
    for (const [text, v] of vectors) {
      kept.delete(text);
      kept.set(text, encode(v));
    }
    const all = [...kept];
    const file: Stored = { v: VERSION, encoder: encoderId, dimension: first.length, vectors: all.slice(Math.max(0, all.length - MAX_TEXTS)) };
    try {
      await this.files.writeSidecar(SENTENCE_VECTORS_FILE, JSON.stringify(file));
    } catch (error) {
      this.logger.warn(`the definitions' sentence vectors could not be saved (${(error as Error).message}); they are worked out again next time`);
    }
  }

  private async load(encoderId: string): Promise<Stored | undefined> {
    let text: string | undefined;
    try {
      text = await this.files.readSidecar(SENTENCE_VECTORS_FILE);
    } catch (error) {
      return this.unreadable((error as Error).message);
    }
    if (text === undefined) return undefined;
    try {
      return this.parse(text, encoderId, SENTENCE_VECTORS_FILE);
    } catch (error) {
      return this.unreadable((error as Error).message);
    }
  }

  /** The file's vectors when they are this encoder's (undefined for another's); throws when it is no such file. */
  private parse(text: string, encoderId: string, what: string): Stored | undefined {
    const parsed = JSON.parse(text) as Partial<Stored>;
    if (parsed.v !== VERSION || typeof parsed.encoder !== 'string' || !Number.isInteger(parsed.dimension) || !Array.isArray(parsed.vectors)) {
      throw new Error(`${what} is not a sentence-vector file of version ${VERSION}`);
    }
    if (parsed.encoder !== encoderId) return undefined;
    const vectors = parsed.vectors.filter((e): e is [string, string] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string');
    return { v: VERSION, encoder: parsed.encoder, dimension: parsed.dimension!, vectors };
  }

  private unreadable(why: string): undefined {
    if (!this.warned) this.logger.warn(`${SENTENCE_VECTORS_FILE} is unreadable (${why}); the definitions' sentence vectors are worked out again`);
    this.warned = true;
    return undefined;
  }
}
