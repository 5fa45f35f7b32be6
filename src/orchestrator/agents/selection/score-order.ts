// Best-first order by a numeric score, ties broken by a comparator: the order
// `items.sort((a, b) => score(b) - score(a) || tieBreak(a, b))` gives, worked out with the engine's native
// numeric sort of the scores (each item then finds its place by binary search) and the comparator only
// inside runs of equal score. Ranking 1,000 experts, a comparator sort of every candidate cost about as
// much as scoring them (`npm run bench -- selection`), and a ranking sorts once per task.
export function bestFirst<T>(items: readonly T[], score: (item: T) => number, tieBreak: (a: T, b: T) => number): T[] {
  const n = items.length;
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = score(items[i]!);
    if (Number.isNaN(s)) throw new RangeError('bestFirst: a score is NaN');
    scores[i] = s;
  }
  const ascending = scores.slice().sort();
  const taken = new Int32Array(n);
  const placed = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const first = firstNotBelow(ascending, scores[i]!);
    // Equal scores fill their run from its best end; the run is put in tie order below.
    placed[n - 1 - first - taken[first]!++] = i;
  }
  const out: T[] = new Array<T>(n);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && scores[placed[end]!] === scores[placed[start]!]) end++;
    if (end - start === 1) out[start] = items[placed[start]!]!;
    else {
      const run = Array.from(placed.subarray(start, end), (i) => items[i]!).sort(tieBreak);
      for (let k = 0; k < run.length; k++) out[start + k] = run[k]!;
    }
    start = end;
  }
  return out;
}

/** The first index of an ascending array whose value is not below `value`. */
function firstNotBelow(ascending: Float64Array, value: number): number {
  let lo = 0;
  let hi = ascending.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ascending[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
