// A supervised online model over sparse task features: one weight vector per expert (stored sparsely:
// feature -> expert -> weight) and a softmax over the candidate experts of a task. Trained one outcome
// at a time: a success or a correction pulls the right expert up, a failure pushes the chosen one down
// and shares its probability among the others. Serializable so it can be kept beside the outcome log.
import { InvalidArgumentError } from '../errors';
import type { TaskOutcome } from './outcome-store';
import { SignalWeights } from './signal-weights';
import type { SparseFeatures } from './task-feature-hasher';

export interface SoftmaxOptions {
  /** Step size for a plain outcome (success or failure of the chosen expert). */
  learningRate: number;
  /** Step size for a correction (the expert that should have done it: an explicit label, so a larger step). */
  correctionRate: number;
  /** L2 shrinkage applied to the touched weights at each update. */
  l2: number;
}

/**
 * Features are L2-normalized, so a step of r moves the right expert's logit by about r·(1-p): a correction
 * (rate 4) is enough to overcome most of a wrong prior's margin (priorTemperature 5) in one or two steps,
 * which is what lets what was learned reach tasks worded differently; plain outcomes, which may be wrong,
 * move it a quarter as far. Measured with `eval learning` on tuning sets (README, "Benchmarks").
 */
export const DEFAULT_SOFTMAX_OPTIONS: SoftmaxOptions = { learningRate: 1, correctionRate: 4, l2: 1e-3 };

export interface SoftmaxSnapshot {
  v: 1;
  dimension: number;
  updates: number;
  weights: Array<[number, Array<[string, number]>]>;
  /** The prior's signals' learned weights (signal-weights.ts); absent in a model saved before them. */
  signals?: Record<string, number>;
}

export class OnlineSoftmax {
  private weights = new Map<number, Map<string, number>>();
  updates = 0;
  /** How much each of the prior's signals is trusted in this catalog, learned beside the word weights. */
  signals = new SignalWeights();

  constructor(
    readonly dimension: number,
    private readonly options: SoftmaxOptions = DEFAULT_SOFTMAX_OPTIONS,
  ) {}

  /** Experts with a positive learned weight on any of these features (except `ignore`, e.g. the bias). */
  touchedExperts(features: SparseFeatures, ignore?: number): Set<string> {
    const out = new Set<string>();
    for (const index of features.keys()) {
      if (index === ignore) continue;
      for (const [id, w] of this.weights.get(index) ?? []) if (w > 0) out.add(id);
    }
    return out;
  }

  /** The learned part of each candidate's logit (0 when nothing was learned). */
  scores(features: SparseFeatures, candidates: readonly string[]): Map<string, number> {
    const out = new Map<string, number>(candidates.map((id) => [id, 0]));
    for (const [index, x] of features) {
      const row = this.weights.get(index);
      if (!row) continue;
      for (const [id, w] of row) if (out.has(id)) out.set(id, out.get(id)! + w * x);
    }
    return out;
  }

  /**
   * One gradient step of cross-entropy towards `target` (a distribution over candidates) from the
   * current probabilities `p` of the combined model.
   */
  update(features: SparseFeatures, p: ReadonlyMap<string, number>, target: ReadonlyMap<string, number>, rate = this.options.learningRate): void {
    for (const [index, x] of features) {
      let row = this.weights.get(index);
      for (const [id, prob] of p) {
        const gradient = prob - (target.get(id) ?? 0);
        if (Math.abs(gradient) < 1e-4) continue;
        if (!row) this.weights.set(index, (row = new Map()));
        const w = row.get(id) ?? 0;
        const next = w * (1 - this.options.l2) - rate * gradient * x;
        if (Math.abs(next) < 1e-6) row.delete(id);
        else row.set(id, next);
      }
    }
    this.updates++;
  }

  toJSON(): SoftmaxSnapshot {
    return {
      v: 1,
      dimension: this.dimension,
      updates: this.updates,
      weights: [...this.weights].map(([i, row]) => [i, [...row]]),
      signals: this.signals.toJSON(),
    };
  }

  static fromJSON(value: unknown, options: SoftmaxOptions = DEFAULT_SOFTMAX_OPTIONS): OnlineSoftmax {
    const snapshot = value as Partial<SoftmaxSnapshot> | null;
    if (!snapshot || snapshot.v !== 1 || typeof snapshot.dimension !== 'number' || !Array.isArray(snapshot.weights)) {
      throw new InvalidArgumentError('not a saved selection model (expected {"v":1,"dimension",…})');
    }
    const model = new OnlineSoftmax(snapshot.dimension, options);
    model.updates = typeof snapshot.updates === 'number' ? snapshot.updates : 0;
    model.signals = SignalWeights.fromJSON(snapshot.signals);
    for (const [index, row] of snapshot.weights) {
      if (typeof index !== 'number' || !Array.isArray(row)) throw new InvalidArgumentError('a saved selection model row is malformed');
      model.weights.set(index, new Map(row.filter(([id, w]) => typeof id === 'string' && Number.isFinite(w))));
    }
    return model;
  }
}

/** Softmax of logits (numerically stable). */
export function softmax(logits: ReadonlyMap<string, number>): Map<string, number> {
  let max = -Infinity;
  for (const z of logits.values()) max = Math.max(max, z);
  const out = new Map<string, number>();
  let sum = 0;
  for (const [id, z] of logits) {
    const e = Math.exp(z - max);
    out.set(id, e);
    sum += e;
  }
  for (const [id, e] of out) out.set(id, e / sum);
  return out;
}

/** What the model should have predicted: the corrected or successful expert, or anyone but the failed one. */
export function outcomeTarget(
  outcome: Pick<TaskOutcome, 'agentId' | 'success' | 'preferredAgentId'>,
  p: ReadonlyMap<string, number>,
): Map<string, number> | undefined {
  if (outcome.preferredAgentId) return new Map([[outcome.preferredAgentId, 1]]);
  if (outcome.success) return new Map([[outcome.agentId, 1]]);
  const rest = [...p].filter(([id]) => id !== outcome.agentId);
  const mass = rest.reduce((sum, [, v]) => sum + v, 0);
  if (mass <= 1e-9) return undefined;
  return new Map(rest.map(([id, v]) => [id, v / mass]));
}
