// How much to trust each of the prior's signals in this catalog, learned from its outcomes: one weight per
// signal, shared by every expert, added to a candidate's logit as weight × signal. The prior's fixed blend
// suits definitions rich in words (the shipped experts); a catalog of one-sentence descriptions is better
// served by the sentence encoder and the words' raw strength. Unlike the per-expert word weights, what these
// learn carries over to every task of the catalog, seen or not. They start at 0 (the prior unchanged).
import type { Prior } from './chooser-prior';

/** A candidate's signals as the weights read them (all 0 for a candidate the prior does not name). */
export type SignalVector = readonly [prior: number, definitions: number, similarity: number, sentence: number, strength: number];

const NO_SIGNALS: SignalVector = [0, 0, 0, 0, 0];
export const SIGNAL_NAMES = ['prior', 'definitions', 'similarity', 'sentence', 'strength'] as const;

export function signalVector(p: Prior | undefined): SignalVector {
  if (!p) return NO_SIGNALS;
  return [p.prior, p.normalized, p.similarity, p.sentence, Math.log1p(Math.max(0, p.score))];
}

export interface SignalWeightOptions {
  /** Step size of a plain outcome. */
  rate: number;
  /** Step size of a correction (an explicit label). */
  correctionRate: number;
  /** Pull of every weight back towards 0 at each update. */
  l2: number;
  /** No weight moves past ±limit: a few outcomes never turn a signal's sign for the whole catalog. */
  limit: number;
}

/**
 * Chosen with `eval learning` on spent sets only (stop 40; README, "Benchmarks"): on six description-only
 * sets the untrained half gained +0.042 (outcomes) and +0.046 (corrections) against -0.001 and +0.012
 * without these weights, +0.038 with a tenth of the outcomes flipped; on eight roster sets it moved as
 * without them (-0.005 against -0.003 and -0.007). Lower rates gained less; no shrinkage, since five
 * weights bounded by the limit cannot overfit a catalog the way per-word weights can.
 */
export const DEFAULT_SIGNAL_WEIGHT_OPTIONS: SignalWeightOptions = { rate: 0.2, correctionRate: 0.8, l2: 0, limit: 8 };

export class SignalWeights {
  private readonly weights: number[] = SIGNAL_NAMES.map(() => 0);

  constructor(private readonly options: SignalWeightOptions = DEFAULT_SIGNAL_WEIGHT_OPTIONS) {}

  /** What the learned weights add to a candidate's logit. */
  score(signals: SignalVector): number {
    let z = 0;
    for (let k = 0; k < signals.length; k++) z += this.weights[k]! * signals[k]!;
    return z;
  }

  /** One gradient step of cross-entropy towards `target` from the probabilities `p`. */
  update(signals: ReadonlyMap<string, SignalVector>, p: ReadonlyMap<string, number>, target: ReadonlyMap<string, number>, correction: boolean): void {
    const rate = correction ? this.options.correctionRate : this.options.rate;
    const gradient = SIGNAL_NAMES.map(() => 0);
    for (const [id, prob] of p) {
      const g = prob - (target.get(id) ?? 0);
      const x = signals.get(id) ?? NO_SIGNALS;
      for (let k = 0; k < gradient.length; k++) gradient[k]! += g * x[k]!;
    }
    const { l2, limit } = this.options;
    for (let k = 0; k < this.weights.length; k++) {
      const next = this.weights[k]! * (1 - l2) - rate * gradient[k]!;
      this.weights[k] = Math.max(-limit, Math.min(limit, next));
    }
  }

  /** The weights by signal name (for explanations and the saved model). */
  toJSON(): Record<(typeof SIGNAL_NAMES)[number], number> {
    return Object.fromEntries(SIGNAL_NAMES.map((name, k) => [name, this.weights[k]!])) as Record<(typeof SIGNAL_NAMES)[number], number>;
  }

  /** Restores saved weights; a missing or non-finite one reads as 0. */
  static fromJSON(value: unknown, options?: SignalWeightOptions): SignalWeights {
    const weights = new SignalWeights(options);
    const saved = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    SIGNAL_NAMES.forEach((name, k) => {
      const w = Object.hasOwn(saved, name) ? saved[name] : undefined;
      if (typeof w === 'number' && Number.isFinite(w)) weights.weights[k] = w;
    });
    return weights;
  }
}
