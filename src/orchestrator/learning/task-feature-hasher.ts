// Sparse features of a task for the learned model: the words the ranking reads (stemmed, stop words
// out, weighted by where they stand in the task and by their inverse frequency across the
// definitions), the multi-word triggers and focus areas the task matches, adjacent word pairs, and the
// keyword profile (which experts the definitions point to, and how strongly). Words that co-occur
// with an expert's successes (or with corrections naming it) become evidence for that expert on new
// tasks; the profile lets the model learn systematic confusions ("when the definitions say A here, it
// is really B").
import type { TaskTerms } from '../agents/selection/field-scoring';
import { isInformative } from '../agents/selection/definition-fields';
import { terms } from '../text/text-normalize';

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
  /** Weight of matched multi-word triggers and focus areas relative to words. */
  phrases: number;
  /** Norm of the keyword-profile part relative to the text part (1). */
  profile: number;
  /** A constant feature: lets the model learn which experts the definitions over- or under-pick. */
  bias: number;
}

export const DEFAULT_FEATURE_WEIGHTS: FeatureWeights = { pairs: 0.7, phrases: 1, profile: 0.35, bias: 0.25 };

/** Plain words, each weighing 1 (when no ranking describes the task). */
export function plainTaskTerms(task: string): TaskTerms {
  const sequence = terms(task).filter(isInformative);
  return { words: new Map(sequence.map((t) => [t, 1])), phrases: new Map(), sequence };
}

export class TaskFeatureHasher {
  constructor(
    readonly dimension = 1 << 18,
    private readonly weights: FeatureWeights = DEFAULT_FEATURE_WEIGHTS,
    /** How the task reads (the ranking's weighted words and phrases); plain words when not given. */
    private readonly describe: (task: string) => TaskTerms = plainTaskTerms,
  ) {}

  /** The index of the constant feature. */
  get biasIndex(): number {
    return fnv1a('bias') % this.dimension;
  }

  /** Text features of a task, plus the profile when the prior ranking is given (id, normalized score). */
  features(task: string, profile: ReadonlyArray<{ expertId: string; normalizedScore: number }> = []): SparseFeatures {
    const out = this.textFeatures(task);
    const prof = new Map<number, number>();
    for (const p of profile) if (p.normalizedScore > 0) prof.set(fnv1a(`kw:${p.expertId}`) % this.dimension, p.normalizedScore);
    addNormalized(out, prof, this.weights.profile);
    if (this.weights.bias > 0) out.set(this.biasIndex, this.weights.bias);
    return out;
  }

  /** The text part alone: weighted words, matched phrases and word pairs, L2-normalized. */
  textFeatures(task: string): SparseFeatures {
    const out: SparseFeatures = new Map();
    const { words, phrases, sequence } = this.describe(task);
    const text = new Map<number, number>();
    const add = (map: Map<number, number>, key: string, value: number) => {
      if (!(value > 0)) return;
      const index = fnv1a(key) % this.dimension;
      map.set(index, (map.get(index) ?? 0) + value);
    };
    for (const [w, v] of words) add(text, `w:${w}`, v);
    for (const [p, v] of phrases) add(text, `ph:${p}`, this.weights.phrases * v);
    if (this.weights.pairs > 0) {
      const seen = new Set<string>();
      for (let i = 1; i < sequence.length; i++) {
        const a = sequence[i - 1]!;
        const b = sequence[i]!;
        const key = `p:${a}_${b}`;
        if (a === b || seen.has(key)) continue;
        seen.add(key);
        add(text, key, this.weights.pairs * Math.sqrt((words.get(a) ?? 0) * (words.get(b) ?? 0)));
      }
    }
    addNormalized(out, text, 1);
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
