// Reciprocal Rank Fusion: score(d) = Σ over lists of weight / (k + rank of d in that list), ranks from 1.
// Only ranks matter, so lists with incomparable scores (BM25, cosine, a remote service) fuse fairly.

export const DEFAULT_RRF_K = 60;

export interface RankedList<T extends string = string> {
  name: T;
  weight: number;
  /** Ids, best first; duplicates after the first occurrence are ignored. */
  ids: readonly string[];
}

export interface FusedItem<T extends string = string> {
  id: string;
  score: number;
  ranks: Partial<Record<T, number>>;
}

export function reciprocalRankFusion<T extends string>(lists: ReadonlyArray<RankedList<T>>, k = DEFAULT_RRF_K): FusedItem<T>[] {
  if (!(k >= 0)) throw new RangeError(`RRF k must be ≥ 0, got ${k}`);
  const fused = new Map<string, FusedItem<T>>();
  for (const list of lists) {
    if (!(list.weight >= 0)) throw new RangeError(`RRF weight of "${list.name}" must be ≥ 0, got ${list.weight}`);
    const seen = new Set<string>();
    let rank = 0;
    for (const id of list.ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      rank++;
      let item = fused.get(id);
      if (!item) fused.set(id, (item = { id, score: 0, ranks: {} }));
      item.score += list.weight / (k + rank);
      item.ranks[list.name] = rank;
    }
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || bestRank(a) - bestRank(b) || (a.id < b.id ? -1 : 1));
}

function bestRank(item: FusedItem<string>): number {
  return Math.min(...(Object.values(item.ranks) as number[]));
}

/** The largest fused score possible: ranked first in every list. Used to report scores in [0, 1]. */
export function maxFusedScore(weights: readonly number[], k = DEFAULT_RRF_K): number {
  return weights.reduce((sum, w) => sum + w / (k + 1), 0);
}
