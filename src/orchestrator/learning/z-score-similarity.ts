// A similarity per expert as a z-score over the loaded experts (how far above the average one this one is),
// so it means the same for 24 experts as for 1,000: counted only above a floor (at least the average),
// the `top` highest listed. The word vectors' and the sentence encoder's parts of the prior both give it.
import { TopK } from '../rag/vector-scan';
import type { TaskSimilarity } from './definition-word-similarity';

/**
 * `scores[i]` is the similarity of expert `ids[i]` (`rowOf`: id -> i); each counts only above
 * max(average, `minimum`). Undefined when the scores do not spread (every expert alike).
 */
export function zScoreSimilarity(
  scores: ArrayLike<number>,
  ids: readonly string[],
  rowOf: ReadonlyMap<string, number>,
  top: number,
  minimum = -Infinity,
): TaskSimilarity | undefined {
  const n = scores.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += scores[i]!;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (scores[i]! - mean) ** 2;
  const spread = Math.sqrt(variance / n);
  if (!(spread > 1e-9)) return undefined;
  const floor = Math.max(mean, minimum);
  const z = (i: number) => (scores[i]! > floor ? (scores[i]! - mean) / spread : 0);
  return {
    of: (id) => {
      const row = rowOf.get(id);
      return row === undefined ? 0 : z(row);
    },
    best: topRows(scores, floor, top).map((i) => [ids[i]!, z(i)] as const),
  };
}

/** The rows of the `k` highest scores above `floor`, highest first (ties: lower row first), through the vector scan's heap. */
function topRows(scores: ArrayLike<number>, floor: number, k: number): number[] {
  const top = new TopK(k);
  top.reset(k);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s > floor && top.admits(s)) top.push(s, i);
  }
  return top.drain().rows;
}
