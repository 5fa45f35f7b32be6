// Static English word vectors (GloVe, 100 dimensions, the 40,000 most frequent words; see
// models/word-vectors/README.md) and the sentence vector made from them: the words' vectors weighted
// by how rare each word is (a / (a + p(word)), p from its frequency rank), minus the direction every
// sentence shares (the frequency-weighted mean of the vocabulary), scaled to unit length. Two texts
// about the same thing in other words ("customers likely to cancel", "churn prediction") then point
// the same way. The file format is written by scripts/build-word-vectors.js.
import { BigThreeError } from '../errors';
import { TimeSlicer } from '../time-slice';
import { STOP_WORDS } from './text-normalize';

/** Where the shipped vectors sit, relative to the package root (beside agentpool/). */
export const SHIPPED_WORD_VECTORS = ['models', 'word-vectors', 'glove-100d-40k.b3wv'] as const;

export class WordVectorsFormatError extends BigThreeError {
  override readonly name: string = 'WordVectorsFormatError';
  constructor(message: string) {
    super(`word vectors: ${message}`, 'word-vectors-format');
  }
}

const MAGIC = 'B3WV';
const HEADER_BYTES = 20;
/** The weight's smoothing: a word as frequent as rank ~100 weighs about half a rare one. */
const SMOOTHING = 0.001;
/** Zipf's estimate of a word's probability from its rank, over the source's 150,000-word vocabulary. */
const ZIPF_NORM = Math.log(150_000);
/** Words read between two chances to give way. */
const STEP = 4096;
const probabilityOfRank = (rank: number) => 1 / ((rank + 10) * ZIPF_NORM);
/** Words as the vocabulary spells them; a hyphenated or dotted word not in it is looked up by its parts. */
const WORD = /[a-z][a-z0-9+#.'-]*[a-z0-9+#]|[a-z]/g;

export class WordVectors {
  private constructor(
    private readonly index: Map<string, number>,
    private readonly weights: Float32Array,
    private readonly common: Float32Array,
    private readonly scales: Float32Array,
    private readonly components: Int8Array,
    readonly dimension: number,
  ) {}

  /** Reads the file at once (tests, benchmarks, the CLI). */
  static parse(bytes: Uint8Array): WordVectors {
    const steps = WordVectors.steps(bytes);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * Reads the file in slices of a few milliseconds, giving way to the event loop in between: on the
   * extension host, the first ranking that needs the vectors does not hold it for the 30–70 ms of a read.
   */
  static async parseSliced(bytes: Uint8Array, slicer = new TimeSlicer()): Promise<WordVectors> {
    const steps = WordVectors.steps(bytes);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await slicer.tick();
    }
  }

  /** The reading, as steps: it yields every few thousand words, where a caller may give way. */
  private static *steps(bytes: Uint8Array): Generator<void, WordVectors> {
    if (bytes.length < HEADER_BYTES) throw new WordVectorsFormatError(`the file has ${bytes.length} bytes, fewer than its header`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const magic = String.fromCharCode(...bytes.subarray(0, 4));
    if (magic !== MAGIC) throw new WordVectorsFormatError(`not a word-vector file (it starts with ${JSON.stringify(magic)})`);
    const version = view.getUint32(4, true);
    if (version !== 1) throw new WordVectorsFormatError(`format version ${version} is not supported (1 is)`);
    const count = view.getUint32(8, true);
    const dimension = view.getUint32(12, true);
    const textBytes = view.getUint32(16, true);
    const scalesAt = HEADER_BYTES + Math.ceil(textBytes / 4) * 4;
    const componentsAt = scalesAt + count * 4;
    const expected = componentsAt + count * dimension;
    if (!count || !dimension || bytes.length !== expected) {
      throw new WordVectorsFormatError(`${count} words × ${dimension} dimensions need ${expected} bytes; the file has ${bytes.length}`);
    }
    let words: string[];
    try {
      words = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + textBytes)).split('\n');
    } catch {
      throw new WordVectorsFormatError('its word list is not UTF-8');
    }
    if (words.length !== count) throw new WordVectorsFormatError(`the header says ${count} words; the file lists ${words.length}`);
    yield;
    // Copied out (little-endian whatever the machine): a buffer read from disk may share memory and need not be aligned.
    const scales = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      scales[i] = view.getFloat32(scalesAt + i * 4, true);
      if (!Number.isFinite(scales[i]) || scales[i]! < 0) throw new WordVectorsFormatError(`the scale of word ${i + 1} ("${words[i]}") is ${scales[i]}`);
    }
    const components = new Int8Array(count * dimension);
    components.set(new Int8Array(bytes.buffer, bytes.byteOffset + componentsAt, count * dimension));
    yield;
    const index = new Map<string, number>();
    const weights = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      index.set(words[i]!, i);
      weights[i] = SMOOTHING / (SMOOTHING + probabilityOfRank(i));
      if (i % STEP === STEP - 1) yield;
    }
    const common = new Float32Array(dimension);
    const vectors = new WordVectors(index, weights, common, scales, components, dimension);
    for (let i = 0; i < count; i++) {
      vectors.addWord(common, i, probabilityOfRank(i) * weights[i]!);
      if (i % STEP === STEP - 1) yield;
    }
    if (!normalize(common)) throw new WordVectorsFormatError('every vector is zero');
    return vectors;
  }

  get size(): number {
    return this.index.size;
  }

  /** Whether the vocabulary knows a (lowercase) word. */
  has(word: string): boolean {
    return this.index.has(word);
  }

  /**
   * Whether the vocabulary knows any word of the text, stop words included: false for a keyboard mash
   * ("zzzqqq"), true for "what is adho mukha svanasana" (a text in other words than the vocabulary's, not none).
   */
  knowsAnyWordOf(text: string): boolean {
    return allWordsOf(text).some((word) => this.lookup(word).length > 0 || STOP_WORDS.has(word));
  }

  /** The text's sentence vector (unit length), or undefined when it has no word the vocabulary knows. */
  embed(text: string): Float32Array | undefined {
    const sum = new Float32Array(this.dimension);
    let known = 0;
    for (const word of wordsOf(text)) {
      for (const i of this.lookup(word)) {
        this.addWord(sum, i, this.weights[i]!);
        known++;
      }
    }
    if (!known) return undefined;
    let along = 0;
    for (let d = 0; d < this.dimension; d++) along += sum[d]! * this.common[d]!;
    for (let d = 0; d < this.dimension; d++) sum[d] = sum[d]! - along * this.common[d]!;
    return normalize(sum) ? sum : undefined;
  }

  private lookup(word: string): number[] {
    const whole = this.index.get(word);
    if (whole !== undefined) return [whole];
    const parts: number[] = [];
    for (const part of word.split(/[.'-]+/)) {
      const i = part && !STOP_WORDS.has(part) ? this.index.get(part) : undefined;
      if (i !== undefined) parts.push(i);
    }
    return parts;
  }

  private addWord(into: Float32Array, i: number, weight: number): void {
    const scale = this.scales[i]! * weight;
    const at = i * this.dimension;
    for (let d = 0; d < this.dimension; d++) into[d] = into[d]! + this.components[at + d]! * scale;
  }
}

/** Lowercase words (camelCase split), stop words included. */
function allWordsOf(text: string): string[] {
  return (
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .match(WORD) ?? []
  );
}

/** Lowercase words (camelCase split), stop words dropped. */
function wordsOf(text: string): string[] {
  return allWordsOf(text).filter((w) => !STOP_WORDS.has(w));
}

function normalize(v: Float32Array): boolean {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  if (!(norm > 1e-12)) return false;
  for (let d = 0; d < v.length; d++) v[d] = v[d]! / norm;
  return true;
}
