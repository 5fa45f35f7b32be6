// Sparse features of a task for the learned model: hashed stemmed words and word pairs (the text) and
// the keyword profile (which experts the definitions point to, and how strongly). Words that co-occur
// with an expert's successes become evidence for that expert on new tasks; the profile lets the model
// learn systematic confusions ("when the definitions say A here, it is really B").
import { terms } from '../agents/selection/text-normalize';

/** Feature index -> value; the text part and the profile part are each L2-normalized. */
export type SparseFeatures = Map<number, number>;

export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface FeatureWeights {
  /** Weight of word pairs relative to words. */
  pairs: number;
  /** Norm of the keyword-profile part relative to the text part (1). */
  profile: number;
  /** A constant feature: lets the model learn which experts the definitions over- or under-pick. */
  bias: number;
}

export const DEFAULT_FEATURE_WEIGHTS: FeatureWeights = { pairs: 0.7, profile: 0.35, bias: 0.25 };

export class TaskFeatureHasher {
  constructor(
    readonly dimension = 1 << 18,
    private readonly weights: FeatureWeights = DEFAULT_FEATURE_WEIGHTS,
    /** How informative a term is (e.g. its inverse frequency across the definitions); 1 when not given. */
    private readonly termWeight: (term: string) => number = () => 1,
  ) {}

  /** Text features of a task, plus the profile when the prior ranking is given (id, normalized score). */
  /** The index of the constant feature. */
  get biasIndex(): number {
    return fnv1a('bias') % this.dimension;
  }

  features(task: string, profile: ReadonlyArray<{ expertId: string; normalizedScore: number }> = []): SparseFeatures {
    const out: SparseFeatures = new Map();
    const words = terms(task).filter((t) => t.length > 1);
    const text = new Map<number, number>();
    const add = (map: Map<number, number>, key: string, value: number) => {
      const index = fnv1a(key) % this.dimension;
      map.set(index, (map.get(index) ?? 0) + value);
    };
    const weight = new Map<string, number>();
    for (const w of words) if (!weight.has(w)) weight.set(w, this.termWeight(w));
    for (const [w, v] of weight) add(text, `w:${w}`, v);
    if (this.weights.pairs > 0) {
      for (let i = 1; i < words.length; i++) add(text, `p:${words[i - 1]}_${words[i]}`, this.weights.pairs * Math.sqrt(weight.get(words[i - 1]!)! * weight.get(words[i]!)!));
    }
    addNormalized(out, text, 1);
    const prof = new Map<number, number>();
    for (const p of profile) if (p.normalizedScore > 0) add(prof, `kw:${p.expertId}`, p.normalizedScore);
    addNormalized(out, prof, this.weights.profile);
    if (this.weights.bias > 0) out.set(this.biasIndex, this.weights.bias);
    return out;
  }
}

function addNormalized(out: SparseFeatures, part: Map<number, number>, scale: number): void {
  let norm = 0;
  for (const v of part.values()) norm += v * v;
  if (norm <= 0) return;
  const k = scale / Math.sqrt(norm);
  for (const [i, v] of part) out.set(i, (out.get(i) ?? 0) + v * k);
}
