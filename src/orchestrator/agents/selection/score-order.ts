// Best-first order by a numeric score, ties broken by a comparator: the order
// `items.sort((a, b) => score(b) - score(a) || tieBreak(a, b))` gives, worked out with one native numeric
// sort. Each item becomes one number: its score rounded to single precision, in an order-preserving bit
// pattern, above its position. Items whose rounded scores are equal (ties, and the rare scores that round
// alike) are put in order by their exact scores and the tie-break. Ranking 1,000 experts, a comparator
// sort of every candidate cost as much as scoring them (`npm run bench -- selection`).
const POSITION_BITS = 21;
const single = new Float32Array(1);
const singleBits = new Uint32Array(single.buffer);

/** The bits of a single-precision number as an unsigned integer in the numbers' own order (-0 as 0). */
function orderedBits(value: number): number {
  single[0] = value === 0 ? 0 : value;
  const bits = singleBits[0]!;
  return bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/** `positionBits`: how many low bits hold the position (lists of 2^positionBits items or more are sorted by comparator); for tests. */
export function bestFirst<T>(items: readonly T[], score: (item: T) => number, tieBreak: (a: T, b: T) => number, positionBits = POSITION_BITS): T[] {
  const n = items.length;
  const positions = 2 ** Math.min(POSITION_BITS, positionBits);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = score(items[i]!);
    if (typeof s !== 'number' || Number.isNaN(s)) throw new RangeError(`bestFirst: a score is not a number (${String(s)})`);
    scores[i] = s;
  }
  const exact = (a: number, b: number) => (scores[a] === scores[b] ? 0 : scores[b]! - scores[a]!) || tieBreak(items[a]!, items[b]!);
  if (n >= positions)
    return Array.from({ length: n }, (_, i) => i)
      .sort(exact)
      .map((i) => items[i]!);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = orderedBits(scores[i]!) * positions + i;
  keys.sort();
  const out = new Array<T>(n);
  let at = 0;
  // From the highest key down; a run shares the rounded score (its keys lie between floor and floor + positions).
  for (let end = n - 1; end >= 0;) {
    const floor = Math.floor(keys[end]! / positions) * positions;
    let start = end;
    while (start > 0 && keys[start - 1]! >= floor) start--;
    if (start === end) out[at++] = items[keys[end]! - floor]!;
    else {
      const run: number[] = [];
      for (let k = start; k <= end; k++) run.push(keys[k]! - floor);
      run.sort(exact);
      for (const i of run) out[at++] = items[i]!;
    }
    end = start - 1;
  }
  return out;
}
