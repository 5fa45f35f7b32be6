// The exact top-k scan shared by the in-thread search and the search worker, so both give identical
// results: dot products of normalized vectors (= cosine), ranked by score descending and, on equal
// scores, by row ascending. The best k are kept in a binary heap over typed arrays (TopK), which a
// caller can reuse from one query to the next: a scan allocates nothing per row (the two-pass scan
// over int8 rows, scanQuantizedInto, only its short candidate list per query).
import { quantizeInto, type Int8DotsFunction } from './simd-dot-int8';

export interface ScanResult {
  rows: number[];
  scores: number[];
}

/**
 * The k best (score, row) pairs seen so far, rows offered in ascending order. The root is the worst
 * kept pair: the lowest score, and among equal scores the highest row (a later row never displaces an
 * earlier one of the same score).
 */
export class TopK {
  private scores: Float64Array;
  private rows: Int32Array;
  private k = 0;
  size = 0;

  constructor(capacity = 16) {
    this.scores = new Float64Array(Math.max(1, capacity));
    this.rows = new Int32Array(Math.max(1, capacity));
  }

  /** Empties the heap for a query of `k` results, growing its arrays only when k outgrows them. */
  reset(k: number): void {
    if (k > this.scores.length) {
      this.scores = new Float64Array(k);
      this.rows = new Int32Array(k);
    }
    this.k = k;
    this.size = 0;
  }

  /** Whether a row of this score would enter (the heap is not full, or it beats the worst kept). */
  admits(score: number): boolean {
    return this.size < this.k || score > this.scores[0]!;
  }

  /** The score of the worst kept pair (the heap's root), or -Infinity when empty. */
  worstScore(): number {
    return this.size ? this.scores[0]! : -Infinity;
  }

  /** Adds a pair that `admits` accepted. */
  push(score: number, row: number): void {
    const scores = this.scores;
    const rows = this.rows;
    if (this.size < this.k) {
      // Sift up from the end.
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(score, row, scores[parent]!, rows[parent]!)) break;
        scores[i] = scores[parent]!;
        rows[i] = rows[parent]!;
        i = parent;
      }
      scores[i] = score;
      rows[i] = row;
      return;
    }
    // Replace the root and sift down.
    this.siftDownFromRoot(score, row);
  }

  /** Writes the kept pairs best first into `rows`/`scores` (empties the heap); returns how many. */
  drainInto(outRows: { [i: number]: number }, outScores: { [i: number]: number }): number {
    const count = this.size;
    // Pop the worst into the last free slot until empty: best first, ties by row ascending.
    for (let at = count - 1; at >= 0; at--) {
      outRows[at] = this.rows[0]!;
      outScores[at] = this.scores[0]!;
      const lastScore = this.scores[this.size - 1]!;
      const lastRow = this.rows[this.size - 1]!;
      this.size--;
      if (this.size) this.siftDownFromRoot(lastScore, lastRow);
    }
    return count;
  }

  /** The kept pairs as plain arrays, best first (empties the heap). */
  drain(): ScanResult {
    const rows = new Array<number>(this.size);
    const scores = new Array<number>(this.size);
    this.drainInto(rows, scores);
    return { rows, scores };
  }

  private siftDownFromRoot(score: number, row: number): void {
    const scores = this.scores;
    const rows = this.rows;
    const n = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && worse(scores[child + 1]!, rows[child + 1]!, scores[child]!, rows[child]!)) child++;
      if (!worse(scores[child]!, rows[child]!, score, row)) break;
      scores[i] = scores[child]!;
      rows[i] = rows[child]!;
      i = child;
    }
    scores[i] = score;
    rows[i] = row;
  }
}

/** (a, rowA) ranks below (b, rowB): lower score, or the same score and a later row. */
function worse(a: number, rowA: number, b: number, rowB: number): boolean {
  return a < b || (a === b && rowA > rowB);
}

/**
 * The `k` best rows among the first `rowCount` rows of `matrix` whose `live` flag is set; `accept`
 * (when given) filters rows and is only called for rows good enough to enter the current top k.
 * Dot products accumulate in float64.
 */
export function scanTopK(
  matrix: Float32Array,
  live: Uint8Array,
  rowCount: number,
  dimension: number,
  query: Float32Array,
  k: number,
  accept?: (row: number) => boolean,
  top = new TopK(k),
): ScanResult {
  if (k <= 0) return { rows: [], scores: [] };
  scanInto(top, matrix, live, rowCount, dimension, query, k, accept);
  return top.drain();
}

/** scanTopK into a reusable heap (the caller drains it). */
export function scanInto(
  top: TopK,
  matrix: Float32Array,
  live: Uint8Array,
  rowCount: number,
  dimension: number,
  query: Float32Array,
  k: number,
  accept?: (row: number) => boolean,
): void {
  top.reset(k);
  for (let row = 0; row < rowCount; row++) {
    if (!live[row]) continue;
    let dot = 0;
    const base = row * dimension;
    for (let i = 0; i < dimension; i++) dot += matrix[base + i]! * query[i]!;
    if (!top.admits(dot)) continue;
    if (accept && !accept(row)) continue;
    top.push(dot, row);
  }
}

export type DotsKernel = (m: number, q: number, rows: number, dim: number, out: number) => void;

/**
 * The same top-k through the WebAssembly SIMD kernel: `dots` writes every row's score into a scratch
 * area of the shared memory (at `scratch`, bytes: the query then one float per row), then the live rows
 * are ranked like scanTopK does (score descending, row ascending on ties). Scores are float32 sums.
 */
export function scanTopKSimd(
  memory: SharedArrayBuffer,
  dots: DotsKernel,
  scratch: number,
  live: Uint8Array,
  rowCount: number,
  dimension: number,
  query: Float32Array,
  k: number,
  accept?: (row: number) => boolean,
  top = new TopK(k),
): ScanResult {
  if (k <= 0 || rowCount <= 0) return { rows: [], scores: [] };
  scanSimdInto(top, memory, dots, scratch, live, rowCount, dimension, query, k, accept);
  return top.drain();
}

/** scanTopKSimd into a reusable heap (the caller drains it). */
export function scanSimdInto(
  top: TopK,
  memory: SharedArrayBuffer,
  dots: DotsKernel,
  scratch: number,
  live: Uint8Array,
  rowCount: number,
  dimension: number,
  query: Float32Array,
  k: number,
  accept?: (row: number) => boolean,
): void {
  top.reset(k);
  if (k <= 0 || rowCount <= 0) return;
  new Float32Array(memory, scratch, dimension).set(query);
  const out = scratch + dimension * 4;
  dots(0, scratch, rowCount, dimension, out);
  const scores = new Float32Array(memory, out, rowCount);
  for (let row = 0; row < rowCount; row++) {
    if (!live[row]) continue;
    const dot = scores[row]!;
    if (!top.admits(dot)) continue;
    if (accept && !accept(row)) continue;
    top.push(dot, row);
  }
}

/** Where the int8 copies of the rows live in the shared memory, and the kernel that scores them. */
export interface QuantizedRows {
  memory: SharedArrayBuffer;
  dots8: Int8DotsFunction;
  /** Byte offset of the int8 rows (dimension bytes each). */
  rows: number;
  /** Byte offset of the rows' scales (one float32 each). */
  scales: number;
  /** Byte offset of a scratch area: the quantized query, then (at + dimension * 4) one float per row. */
  scratch: number;
}

/** Rows tied with the last candidate that are re-ranked too, at most (a bound on the work of one query). */
const MAX_TIED = 16_384;

/** Candidates the int8 pass hands to the exact re-ranking for a top k. */
export function rerankCount(k: number): number {
  return Math.max(8 * k, 64);
}

/**
 * The top k in two passes: every live row scored by the int8 kernel, the best rerankCount(k) of them
 * (filtered by `accept`) scored again from their float32 vectors in float64 like scanInto, and ranked
 * by that exact score (score descending, row ascending on ties); rows whose int8 score ties the last
 * candidate's are re-ranked too. It returns what scanInto returns whenever the true top k are among the
 * candidates; it is not guaranteed exact (a row whose int8 score falls just below the candidates' can be
 * missed): recall@10 against the float64 scan is measured by `npm run bench -- rag`.
 */
export function scanQuantizedInto(
  top: TopK,
  candidates: TopK,
  quantized: QuantizedRows,
  matrix: Float32Array,
  live: Uint8Array,
  rowCount: number,
  dimension: number,
  query: Float32Array,
  k: number,
  accept?: (row: number) => boolean,
): void {
  top.reset(k);
  if (k <= 0 || rowCount <= 0) return;
  const { memory, scratch } = quantized;
  quantizeInto(query, new Int8Array(memory, scratch, dimension), 0);
  const out = scratch + dimension * 4;
  quantized.dots8(quantized.rows, scratch, rowCount, dimension, out, quantized.scales);
  const approximate = new Float32Array(memory, out, rowCount);
  candidates.reset(rerankCount(k));
  for (let row = 0; row < rowCount; row++) {
    if (!live[row]) continue;
    const score = approximate[row]!;
    if (!candidates.admits(score)) continue;
    if (accept && !accept(row)) continue;
    candidates.push(score, row);
  }
  // Rows tied with the last candidate (the same int8 score: near-duplicate vectors) are all re-ranked, not
  // just the first ones by row order, so which of them is nearest is decided by their float32 vectors.
  const full = candidates.size === rerankCount(k);
  const edge = candidates.worstScore();
  const kept = new Int32Array(candidates.size);
  candidates.drainInto(kept, new Float64Array(kept.length));
  const tied: number[] = [];
  if (full) {
    const inHeap = new Set(kept);
    for (let row = 0; row < rowCount && tied.length < MAX_TIED; row++)
      if (live[row] && approximate[row] === edge && !inHeap.has(row) && (!accept || accept(row))) tied.push(row);
  }
  const rows = tied.length ? Int32Array.from([...kept, ...tied]) : kept;
  rows.sort(); // offered in ascending order, as TopK expects
  for (const row of rows) {
    let dot = 0;
    const base = row * dimension;
    for (let i = 0; i < dimension; i++) dot += matrix[base + i]! * query[i]!;
    if (top.admits(dot)) top.push(dot, row);
  }
}
