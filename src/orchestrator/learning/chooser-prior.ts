// The chooser's prior: the definitions' ranking, plus how close in meaning the task is to each
// definition (an installed embedding model's similarity, or else the shipped word vectors').
import type { SelectionResult } from '../agents/selection/intelligent-selector';
import { bestFirst } from '../agents/selection/score-order';
import type { ChooserOptions, ChooserSignals } from './chooser-types';
import type { TaskSimilarity } from './definition-word-similarity';

/**
 * The similarity part of the prior and where it came from: each expert's (0: none), and the experts
 * that join the ranking on similarity alone, most similar first.
 */
export type Similarities = { kind: 'model' | 'words' } & TaskSimilarity;

/**
 * Everything the prior knows of a task's meaning: the model's or the word vectors' similarity (`sims`),
 * and the shipped sentence encoder's (`sentences`, definition-sentence-similarity.ts); either may be absent.
 */
export interface TaskMeaning {
  sims?: Similarities | undefined;
  sentences?: TaskSimilarity | undefined;
}

export interface Prior {
  score: number;
  normalized: number;
  similarity: number;
  /** The sentence encoder's z-score (0 without it). */
  sentence: number;
  prior: number;
  /** The prior's two parts (definitions + similarity = prior; the sentence encoder's share is in the similarity), kept flat. */
  fromDefinitions: number;
  fromSimilarity: number;
  /** The similarity part's two shares: the model's or the word vectors', and the sentence encoder's. */
  fromWordVectors: number;
  fromSentence: number;
}

/** The prior's parts as the signals show them (0 and 0 for an expert without a prior). */
export function priorParts(p: Prior | undefined): ChooserSignals['priorParts'] {
  return { definitions: p?.fromDefinitions ?? 0, similarity: p?.fromSimilarity ?? 0 };
}

/** How the explanation names the similarity's source. */
export function similaritySource(kind: ChooserSignals['similaritySource']): string {
  if (kind === 'model') return 'embedding model, normalized to the best';
  if (kind === 'words') return 'word vectors, z-score over the experts; no embedding model installed';
  return 'none: no embedding model, and the word vectors did not apply (not installed, no word of the task known, or no definition close enough)';
}

/** A model's cosine to each definition, normalized to the best; a broken model's NaN or infinity counts as none. */
export function modelSimilarities(raw: ReadonlyMap<string, number>): Similarities {
  const finite = new Map([...raw].map(([id, v]) => [id, Number.isFinite(v) ? v : 0]));
  const top = Math.max(1e-9, ...finite.values());
  const values = new Map([...finite].map(([id, v]) => [id, v / top]));
  return { kind: 'model', of: (id) => values.get(id) ?? 0, best: [...values] };
}

/** Checks the prior's options once (a weight that is not a number would make every prior NaN). */
export function checkPriorOptions(options: ChooserOptions): string | undefined {
  const { similarityWeight } = options;
  if (!(similarityWeight >= 0 && similarityWeight <= 1)) return `similarityWeight must be between 0 and 1, got ${similarityWeight}`;
  // The two parts that fade as the definitions' words say more: each a weight, a half-score and a power.
  for (const part of ['sentence', 'wordSimilarity'] as const) {
    const [weight, halfScore, power] = [options[`${part}Weight`], options[`${part}HalfScore`], options[`${part}Power`]];
    if (!(weight >= 0 && Number.isFinite(weight))) return `${part}Weight must be a number ≥ 0, got ${weight}`;
    if (!(halfScore > 0 && Number.isFinite(halfScore))) return `${part}HalfScore must be a number > 0, got ${halfScore}`;
    if (!(power > 0 && Number.isFinite(power))) return `${part}Power must be a number > 0, got ${power}`;
  }
  return undefined;
}

/** A part's weight, less the more the definitions' words already say (`said`: their best raw score). */
function fadingWeight(weight: number, halfScore: number, power: number, said: number): number {
  return weight * (halfScore / (halfScore + said)) ** power;
}

/**
 * The prior of each expert the definitions or the similarity name, and their order. With a model: a
 * fixed blend of the normalized definitions' score and the model's similarity. With word vectors: the
 * normalized score plus the similarity's z-score, weighted less the more the definitions' words already
 * say (their best raw score, or `scoreFloor` when that is higher): the vectors decide between experts the
 * words leave close or unnamed. A part of a task is ranked with its whole task's best score as the floor,
 * so the vectors weigh no more in a short part than in the task it belongs to. The sentence encoder's
 * z-score is added the same way, with its own weight, half-score and power.
 */
export function priorOf(keyword: readonly SelectionResult[], meaning: TaskMeaning, options: ChooserOptions, scoreFloor = 0) {
  const priors = new Map<string, Prior>();
  const { sims, sentences } = meaning;
  const { similarityWeight, wordSimilarityWeight, wordSimilarityHalfScore, wordSimilarityPower, sentenceWeight, sentenceHalfScore, sentencePower } = options;
  const keep = sims?.kind === 'model' ? 1 - similarityWeight : 1;
  const said = Math.max(scoreFloor, keyword[0]?.score ?? 0);
  const w = sims?.kind === 'model' ? similarityWeight : sims ? fadingWeight(wordSimilarityWeight, wordSimilarityHalfScore, wordSimilarityPower, said) : 0;
  const ws = sentences ? fadingWeight(sentenceWeight, sentenceHalfScore, sentencePower, said) : 0;
  const add = (id: string, score: number, normalized: number) => {
    const definitions = keep * normalized;
    const similarity = sims?.of(id) ?? 0;
    const sentence = sentences?.of(id) ?? 0;
    const fromWordVectors = w * similarity;
    const fromSentence = ws * sentence;
    const fromSimilarity = fromWordVectors + fromSentence;
    priors.set(id, {
      score,
      normalized,
      similarity,
      sentence,
      prior: definitions + fromSimilarity,
      fromDefinitions: definitions,
      fromSimilarity,
      fromWordVectors,
      fromSentence,
    });
  };
  for (const r of keyword) add(r.expertId, r.score, r.normalizedScore);
  for (const [id] of [...(sims?.best ?? []), ...(sentences?.best ?? [])]) if (!priors.has(id)) add(id, 0, 0);
  // Ties keep the definitions' ranking's order (a normalized score is rounded, so its exact score first,
  // then the ranking's own tie-breaks; priors holds the definitions' matches first, in their order), and
  // the others go after them by id (never by file order), so without a similarity part the order is the ranking's.
  const listed = [...priors.values()];
  const ids = [...priors.keys()];
  const matched = keyword.length;
  const tieBreak = (a: number, b: number) => (a < matched || b < matched ? a - b : ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0);
  const order =
    sims || sentences
      ? bestFirst(
          ids.map((_, i) => i),
          (i) => listed[i]!.prior,
          tieBreak,
        ).map((i) => ids[i]!)
      : keyword.map((r) => r.expertId);
  return { keyword, priors, order };
}
