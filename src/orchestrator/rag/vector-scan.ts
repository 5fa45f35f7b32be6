// The exact top-k scan shared by the in-thread search and the search worker, so both give identical
// results: dot products of normalized vectors (= cosine), accumulated in float64 in the same order,
// ranked by score descending and, on equal scores, by row ascending.

export interface ScanResult {
  rows: number[];
  scores: number[];
}

/**
 * The `k` best rows among the first `rowCount` rows of `matrix` whose `live` flag is set; `accept`
 * (when given) filters rows and is only called for rows good enough to enter the current top k.
 */
export function scanTopK(matrix: Float32Array, live: Uint8Array, rowCount: number, dimension: number, query: Float32Array, k: number, accept?: (row: number) => boolean): ScanResult {
  // Top-k kept sorted ascending by score in two parallel arrays; k is small.
  const topScores: number[] = [];
  const topRows: number[] = [];
  if (k <= 0) return { rows: [], scores: [] };
  for (let row = 0; row < rowCount; row++) {
    if (!live[row]) continue;
    let dot = 0;
    const base = row * dimension;
    for (let i = 0; i < dimension; i++) dot += matrix[base + i]! * query[i]!;
    if (topScores.length === k && dot <= topScores[0]!) continue;
    if (accept && !accept(row)) continue;
    // First position whose score is ≥ dot: an equal score of an earlier row stays ranked above.
    let lo = 0;
    let hi = topScores.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (topScores[mid]! < dot) lo = mid + 1;
      else hi = mid;
    }
    const at = lo;
    topScores.splice(at, 0, dot);
    topRows.splice(at, 0, row);
    if (topScores.length > k) {
      topScores.shift();
      topRows.shift();
    }
  }
  return { rows: topRows.reverse(), scores: topScores.reverse() };
}

/**
 * The same top-k through the WebAssembly SIMD kernel: `dots` writes every row's score into a scratch
 * area of the shared memory (at `scratch`, bytes: the query then one float per row), then the live rows
 * are ranked here like scanTopK does (score descending, row ascending on ties).
 */
export function scanTopKSimd(memory: SharedArrayBuffer, dots: (m: number, q: number, rows: number, dim: number, out: number) => void, scratch: number, live: Uint8Array, rowCount: number, dimension: number, query: Float32Array, k: number, accept?: (row: number) => boolean): ScanResult {
  if (k <= 0 || rowCount <= 0) return { rows: [], scores: [] };
  new Float32Array(memory, scratch, dimension).set(query);
  const out = scratch + dimension * 4;
  dots(0, scratch, rowCount, dimension, out);
  const scores = new Float32Array(memory, out, rowCount);
  const topScores: number[] = [];
  const topRows: number[] = [];
  for (let row = 0; row < rowCount; row++) {
    if (!live[row]) continue;
    const dot = scores[row]!;
    if (topScores.length === k && dot <= topScores[0]!) continue;
    if (accept && !accept(row)) continue;
    let lo = 0;
    let hi = topScores.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (topScores[mid]! < dot) lo = mid + 1;
      else hi = mid;
    }
    topScores.splice(lo, 0, dot);
    topRows.splice(lo, 0, row);
    if (topScores.length > k) {
      topScores.shift();
      topRows.shift();
    }
  }
  return { rows: topRows.reverse(), scores: topScores.reverse() };
}
