// How much to trust each part of the prior in this catalog, learned from its outcomes: one weight per
// part (the definitions' words, the word vectors or embedding model, the sentence encoder) and one for the
// words' raw strength, shared by every expert. A part's weight w makes it count (1 + w) times in the
// candidate's logit; w stays within [-0.3, +1] (strength within [0, +0.2]), so the learned weights can
// re-mix the prior's parts (a catalog of one-sentence descriptions leans on the sentence encoder) but never
// turn it against itself: outcomes that only say "the prior was wrong" (a flood of random corrections) at
// worst scale every part down alike, which leaves the prior's own order as it was. They count more as more
// answers are learned, and what they learn carries over to every task of the catalog. They start at 0 (the
// prior unchanged).
import type { Prior } from './chooser-prior';

/** A candidate's prior parts in logits (all 0 for a candidate the prior does not name). */
export type SignalVector = readonly [definitions: number, wordVectors: number, sentence: number, strength: number];

const NO_SIGNALS: SignalVector = [0, 0, 0, 0];
export const SIGNAL_NAMES = ['definitions', 'wordVectors', 'sentence', 'strength'] as const;
/** Each weight's range: a part may lose 30 % of its say or double it; the raw strength may add a fifth of itself. */
const LOWER = [-0.3, -0.3, -0.3, 0];
const UPPER = [1, 1, 1, 0.2];

/** The parts of a candidate's prior, in logits (× the prior's temperature). */
export function signalVector(p: Prior | undefined, temperature: number): SignalVector {
  if (!p) return NO_SIGNALS;
  return [temperature * p.fromDefinitions, temperature * p.fromWordVectors, temperature * p.fromSentence, temperature * Math.log1p(Math.max(0, p.score))];
}

/** The prior parts of each of `ids`, for the weights to score or learn from. */
export function signalVectors(priors: ReadonlyMap<string, Prior>, ids: Iterable<string>, temperature: number): Map<string, SignalVector> {
  return new Map([...ids].map((id) => [id, signalVector(priors.get(id), temperature)]));
}

export interface SignalWeightOptions {
  /** Step size of a plain outcome. */
  rate: number;
  /** Step size of a correction (an explicit label). */
  correctionRate: number;
  /** Pull of every weight back towards 0 at each update. */
  l2: number;
  /** How many answers the weights need to count half (n / (n + rampIn)): a few outcomes move nothing much. */
  rampIn: number;
}

/**
 * Chosen with `eval learning` on spent sets only (stop 40; README, "Benchmarks"): on six description-only
 * sets the untrained half gains +0.033 (outcomes) and +0.022 (corrections) against -0.001 and +0.012
 * without these weights; on eight roster sets -0.000 and -0.002 against -0.003 and -0.007. An earlier
 * version (raw signals, steps of 0.2 and 0.8, weights within ±8) gained more there and was wrecked by one
 * runner-up correction (the shipped roster fell from 0.944 to 0.146 top-1 on unseen tasks: a stranger's
 * review), hence the parts' own scale, the capped steps, the bounds and the ramp-in.
 */
export const DEFAULT_SIGNAL_WEIGHT_OPTIONS: SignalWeightOptions = { rate: 0.02, correctionRate: 0.06, l2: 0.001, rampIn: 10 };

/** A step moves no weight by more than this. */
const MAX_STEP = 0.05;

function clamp(w: number, k: number): number {
  return Math.max(LOWER[k]!, Math.min(UPPER[k]!, w));
}

export class SignalWeights {
  private readonly weights: number[] = SIGNAL_NAMES.map(() => 0);
  /** How many answers (successes and corrections, weighted by their scale) the weights have learned from. */
  private answers = 0;

  constructor(private readonly options: SignalWeightOptions = DEFAULT_SIGNAL_WEIGHT_OPTIONS) {}

  /** How much of the learned weights counts: n / (n + rampIn). */
  private get share(): number {
    return this.answers / (this.answers + this.options.rampIn);
  }

  /** What the learned weights add to each candidate's logit (nothing before any answer). */
  scores(signals: ReadonlyMap<string, SignalVector>): Map<string, number> {
    const out = new Map<string, number>();
    const share = this.share;
    for (const [id, z] of signals) {
      let sum = 0;
      for (let k = 0; k < z.length; k++) sum += this.weights[k]! * z[k]!;
      out.set(id, share * sum);
    }
    return out;
  }

  /** One gradient step of cross-entropy towards `target` from the probabilities `p`, `scale` times the step (each weight by at most MAX_STEP × scale). */
  update(
    signals: ReadonlyMap<string, SignalVector>,
    p: ReadonlyMap<string, number>,
    target: ReadonlyMap<string, number>,
    correction: boolean,
    scale = 1,
  ): void {
    const rate = (correction ? this.options.correctionRate : this.options.rate) * scale;
    const gradient = SIGNAL_NAMES.map(() => 0);
    for (const [id, prob] of p) {
      const g = prob - (target.get(id) ?? 0);
      const x = signals.get(id);
      if (x) for (let k = 0; k < gradient.length; k++) gradient[k]! += g * x[k]!;
    }
    const cap = MAX_STEP * scale;
    for (let k = 0; k < this.weights.length; k++) {
      const step = Math.max(-cap, Math.min(cap, rate * gradient[k]!));
      this.weights[k] = clamp(this.weights[k]! * (1 - this.options.l2) - step, k);
    }
    this.answers += scale;
  }

  /** The weights by signal name, and how many answers they hold (for explanations and the saved model). */
  toJSON(): Record<(typeof SIGNAL_NAMES)[number] | 'answers', number> {
    return {
      ...(Object.fromEntries(SIGNAL_NAMES.map((name, k) => [name, this.weights[k]!])) as Record<(typeof SIGNAL_NAMES)[number], number>),
      answers: this.answers,
    };
  }

  /** Restores saved weights: a missing or non-finite one reads as 0, one out of its range as its bound. */
  static fromJSON(value: unknown, options: SignalWeightOptions = DEFAULT_SIGNAL_WEIGHT_OPTIONS): SignalWeights {
    const weights = new SignalWeights(options);
    const saved = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    const read = (name: string) => {
      const w = Object.hasOwn(saved, name) ? saved[name] : undefined;
      return typeof w === 'number' && Number.isFinite(w) ? w : 0;
    };
    SIGNAL_NAMES.forEach((name, k) => (weights.weights[k] = clamp(read(name), k)));
    weights.answers = Math.max(0, read('answers'));
    return weights;
  }
}
