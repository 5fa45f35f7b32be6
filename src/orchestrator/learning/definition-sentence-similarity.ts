// How close a task is in meaning to each expert, by the shipped sentence encoder (a host supplies it as
// a port; the CLI and VS Code load Universal Sentence Encoder Lite on first use). An expert is read as
// its texts: "name: description", and each of its example requests; its similarity to a task is the
// mean of the task's three highest cosines with those texts (one text: that cosine), so a task worded
// like one of the ways its users ask finds the expert. Given as a z-score over the loaded experts, counted
// only above the average and when the closest expert's texts are close at all (MIN_SENTENCE_COSINE):
// a greeting gets no expert from it.
//
// The texts' vectors are worked out once per text and kept in a cache the host persists (the data
// folder's learning/sentence-vectors.json), so a CLI run or a restart does not encode the definitions again.
import type { ExpertDefinition } from '../agents/expert-definition';
import type { ExpertSource } from '../agents/selection/intelligent-selector';
import type { LoggerPort } from '../ports';
import { TimeSlicer } from '../time-slice';
import { DefinitionMatrix } from './definition-matrix';
import type { TaskSimilarity } from './definition-word-similarity';
import type { SentenceVectorCache } from './sentence-vector-cache';
import { zScoreSimilarity } from './z-score-similarity';

/** Sentence embeddings of texts, L2-normalized, one per text in order. */
export interface SentenceEncoder {
  readonly id: string;
  readonly dimension: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/** The encoder, loaded on first use; undefined when it cannot be (the prior then goes without it). */
export interface SentenceEncoderSource {
  load(): Promise<SentenceEncoder | undefined>;
}

/** How many of an expert's texts closest to the task are averaged. */
export const TOP_TEXTS = 3;
/** Example requests of one expert read at most. */
const MAX_EXAMPLES = 60;
/** Tasks' vectors kept in memory at most (512 floats each: 20,000 take 40 MB). */
const MAX_REMEMBERED = 20_000;
/** Texts encoded per call (and per slice given back to the event loop). */
const BATCH = 32;
/**
 * Below this closeness (after calibration) of the closest expert, the encoder names no expert. Chosen on
 * the shipped experts in stop 35: chit-chat and nonsense come to 0.07-0.21 ("banana", "hello", "ok",
 * "qqq zzz"), 99 % of the roster sets' tasks above 0.26; a one-sentence description is closest to 95 %
 * of the description-only sets' requests by 0.25 or more.
 */
export const MIN_SENTENCE_COSINE = 0.25;
const MIN_EXPERTS = 3;

/** A task as it is encoded (an empty one as a space). */
const taskText = (t: string) => t.trim() || ' ';

/** The texts an expert is read as. */
export function expertTexts(e: ExpertDefinition): string[] {
  return [`${e.displayName}: ${e.description}`, ...(e.examples ?? []).slice(0, MAX_EXAMPLES)].map((t) => t.trim()).filter(Boolean);
}

interface Definitions {
  encoder: SentenceEncoder;
  ids: string[];
  rowOf: Map<string, number>;
  /** Each expert's rows in the matrix: [first, end). */
  ranges: Array<[number, number]>;
  matrix: DefinitionMatrix;
  /** What each expert's closeness is lowered by: the advantage of being read as several texts (calibrate()). */
  excess: Float64Array;
}

/** Other experts' texts an expert's closeness is calibrated on, at most. */
const CALIBRATION_TEXTS = 400;

export class DefinitionSentenceSimilarity {
  private definitions: { experts: readonly ExpertDefinition[]; ready: Promise<Definitions | undefined> } | undefined;
  /** Why the encoder failed on a task, each said once. */
  private readonly said = new Set<string>();
  /** Vectors of tasks encoded ahead (prepare(): the outcome log's) or already ranked. */
  private readonly prepared = new Map<string, Float32Array>();

  constructor(
    private readonly experts: ExpertSource,
    private readonly encoder: SentenceEncoderSource,
    private readonly cache: SentenceVectorCache,
    private readonly logger: LoggerPort,
    /** Tasks' vectors kept in memory at most (a test sets a few). */
    private readonly remembered = MAX_REMEMBERED,
  ) {
    experts.onDidChange?.(() => (this.definitions = undefined));
  }

  /** The encoder's id once loaded (undefined before, or when it is unavailable). */
  async encoderId(): Promise<string | undefined> {
    return (await this.encoder.load())?.id;
  }

  /**
   * Encodes these texts ahead, in batches, through the cache (the outcome log's tasks before the model
   * learns them one by one): a restart reads their vectors instead of encoding every task again.
   */
  async prepare(texts: readonly string[]): Promise<void> {
    const encoder = await this.encoder.load();
    const wanted = [...new Set(texts.map(taskText))].filter((t) => !this.prepared.has(t));
    if (!encoder || !wanted.length) return;
    try {
      for (const [t, v] of await this.encodeThroughCache(encoder, wanted)) this.prepared.set(t, v);
    } catch (error) {
      this.logger.warn(`sentence encoder failed on the recorded tasks (${(error as Error).message}); they are encoded as they are learned`);
    }
  }

  /** For each text: each expert's z-score (0 at or below the average) and the `top` highest; undefined without the encoder. */
  async similarities(texts: readonly string[], top: number): Promise<Array<TaskSimilarity | undefined>> {
    const defs = await this.definitionVectors();
    if (!defs || defs.ids.length < MIN_EXPERTS || !texts.length) return texts.map(() => undefined);
    const asked = texts.map(taskText);
    const missing = asked.filter((t) => !this.prepared.has(t));
    let encoded: Float32Array[] = [];
    try {
      if (missing.length) encoded = await defs.encoder.embed(missing);
    } catch (error) {
      // Said once per reason: a worker that stopped fails every later task the same way.
      const why = (error as Error).message;
      if (!this.said.has(why)) this.logger.warn(`sentence encoder failed on a task (${why}); ranking without it`);
      this.said.add(why);
      return texts.map(() => undefined);
    }
    // This request's vectors are taken before the remembered ones may be dropped: clearing them first lost
    // the vectors of its texts that were not missing (a retraining over more than 20,000 recorded tasks failed).
    const vectors = new Map(asked.map((t) => [t, this.prepared.get(t)]));
    missing.forEach((t, i) => vectors.set(t, encoded[i]!));
    // Kept for this process: a task ranked again (an evaluation's passes, a team's parts) is not encoded again.
    if (missing.length && this.prepared.size + missing.length > this.remembered) this.prepared.clear();
    missing.forEach((t, i) => this.prepared.set(t, encoded[i]!));
    return asked.map((t) => this.similarity(defs, vectors.get(t)!, top));
  }

  private similarity(defs: Definitions, taskVector: Float32Array, top: number): TaskSimilarity | undefined {
    // An expert read as many texts comes close to any task by one of them, one read as its description
    // alone less so: what the many texts add on texts not about the expert is taken off (calibrate()).
    const closeness = closenessOf(defs.ranges, defs.matrix.dots(taskVector)).map((c, e) => c - defs.excess[e]!);
    if (!(Math.max(...closeness) >= MIN_SENTENCE_COSINE)) return undefined;
    return zScoreSimilarity(closeness, defs.ids, defs.rowOf, top);
  }

  private definitionVectors(): Promise<Definitions | undefined> {
    const experts = this.experts.experts;
    if (this.definitions?.experts !== experts) this.definitions = { experts, ready: this.embedDefinitions(experts) };
    return this.definitions.ready;
  }

  /** Every expert's texts as matrix rows: from the cache where it has them, the rest encoded in slices and cached. */
  private async embedDefinitions(experts: readonly ExpertDefinition[]): Promise<Definitions | undefined> {
    const encoder = await this.encoder.load();
    if (!encoder) return undefined;
    const textsOf = experts.map(expertTexts);
    let known: Map<string, Float32Array>;
    try {
      known = await this.encodeThroughCache(encoder, [...new Set(textsOf.flat())]);
    } catch (error) {
      this.logger.warn(`sentence encoder failed on the definitions (${(error as Error).message}); ranking without it until it answers again`);
      // Not kept: the next ranking asks again (the encoder's process is replaced after a crash or a hang).
      if (this.definitions?.experts === experts) this.definitions = undefined;
      return undefined;
    }
    const rows: Float32Array[] = [];
    const ranges: Array<[number, number]> = textsOf.map((texts) => {
      const first = rows.length;
      for (const t of texts) rows.push(known.get(t)!);
      return [first, rows.length];
    });
    const ids = experts.map((e) => e.id);
    const matrix = new DefinitionMatrix(rows, encoder.dimension);
    return { encoder, ids, rowOf: new Map(ids.map((id, i) => [id, i])), ranges, matrix, ...(await calibrate(ranges, rows, matrix, new TimeSlicer())) };
  }

  /** The vectors of distinct texts: from the cache where it has them, the rest encoded in batches (in slices) and cached. */
  private async encodeThroughCache(encoder: SentenceEncoder, texts: readonly string[]): Promise<Map<string, Float32Array>> {
    const known = await this.cache.read(encoder.id, texts);
    const missing = texts.filter((t) => !known.has(t));
    const slicer = new TimeSlicer();
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      (await encoder.embed(batch)).forEach((v, k) => known.set(batch[k]!, v));
      await slicer.tick();
    }
    if (missing.length) await this.cache.write(encoder.id, new Map(missing.map((t) => [t, known.get(t)!])));
    return known;
  }
}

/** Each expert's closeness (the mean of its TOP_TEXTS highest cosines) to one vector, from its dots with every row. */
function closenessOf(ranges: ReadonlyArray<[number, number]>, dots: Float32Array): Float64Array {
  return Float64Array.from(ranges, ([first, end]) => topMean(dots, first, end, TOP_TEXTS));
}

/**
 * How much closer an expert read as several texts comes, by its TOP_TEXTS closest texts, to other experts'
 * texts (up to CALIBRATION_TEXTS of them, spread evenly over the rows) than by its first text ("name:
 * description") alone: the mean over the experts read as as many texts, taken off each of them (0 for an
 * expert of one text). The same for experts of the same number of texts, so it changes nothing between
 * them (the shipped experts all have forty example requests); it puts an expert of many example requests,
 * one of a few and one described in a sentence on the same footing (review of stop 35: one mean over all
 * experts of several texts took the forty-example advantage off an expert of two examples, which has none).
 */
async function calibrate(
  ranges: ReadonlyArray<[number, number]>,
  rows: readonly Float32Array[],
  matrix: DefinitionMatrix,
  slicer: TimeSlicer,
): Promise<{ excess: Float64Array }> {
  const n = ranges.length;
  const size = (e: number) => ranges[e]![1] - ranges[e]![0];
  const excess = new Float64Array(n);
  if (![...excess.keys()].some((e) => size(e) > 1)) return { excess };
  const owner = new Int32Array(rows.length);
  ranges.forEach(([first, end], e) => owner.fill(e, first, end));
  // By number of texts: the summed advantage and how many (expert, text) pairs it was measured on.
  const sums = new Map<number, { sum: number; count: number }>();
  const step = Math.max(1, rows.length / CALIBRATION_TEXTS);
  for (let at = 0; at < rows.length; at += step) {
    const row = Math.floor(at);
    const dots = matrix.dots(rows[row]!);
    const closeness = closenessOf(ranges, dots);
    for (let e = 0; e < n; e++) {
      if (e === owner[row] || size(e) <= 1) continue;
      let group = sums.get(size(e));
      if (!group) sums.set(size(e), (group = { sum: 0, count: 0 }));
      group.sum += closeness[e]! - dots[ranges[e]![0]]!;
      group.count++;
    }
    await slicer.tick();
  }
  for (let e = 0; e < n; e++) {
    const group = size(e) > 1 ? sums.get(size(e)) : undefined;
    if (group?.count) excess[e] = group.sum / group.count;
  }
  return { excess };
}

/** Mean of the k highest values of scores[first, end) (all of them when fewer; -Infinity when none). */
function topMean(scores: Float32Array, first: number, end: number, k: number): number {
  const count = end - first;
  if (count <= 0) return -Infinity;
  if (count <= k) {
    let sum = 0;
    for (let i = first; i < end; i++) sum += scores[i]!;
    return sum / count;
  }
  const best = new Array<number>(k).fill(-Infinity);
  for (let i = first; i < end; i++) {
    const s = scores[i]!;
    if (s <= best[k - 1]!) continue;
    let at = k - 1;
    while (at > 0 && best[at - 1]! < s) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = s;
  }
  return best.reduce((a, b) => a + b, 0) / k;
}
