// The expert chooser's settings (with their defaults), what it returns and what it is built from
// (expert-chooser.ts is the behaviour).
import type { ExpertDefinition } from '../agents/expert-definition';
import type { IntelligentAgentSelector } from '../agents/selection/intelligent-selector';
import type { SelectionContext } from '../agents/selection/scoring';
import type { DefinitionSentenceSimilarity } from './definition-sentence-similarity';
import type { DefinitionWordSimilarity } from './definition-word-similarity';
import type { LearningManager } from './learning-manager';
import { DEFAULT_SOFTMAX_OPTIONS, type SoftmaxOptions } from './online-softmax';
import { DEFAULT_FEATURE_WEIGHTS, type FeatureWeights } from './task-feature-hasher';

export interface ChooserOptions {
  /** Logit units per unit of normalized prior: how strongly the definitions hold before learning. */
  priorTemperature: number;
  /** Share of semantic similarity in the prior when an embedding model is installed. */
  similarityWeight: number;
  /**
   * Without a model, the word vectors' similarity (a z-score over the experts) is added to the prior with
   * this weight, scaled by (half / (half + the definitions' best raw score)) ** power: the more the
   * definitions' own words say, the less it counts, and it fades fast once they say much (a one-line
   * description matched by one word leaves it most of its weight; a rich definition matched well, little).
   */
  wordSimilarityWeight: number;
  wordSimilarityHalfScore: number;
  wordSimilarityPower: number;
  /**
   * The shipped sentence encoder's similarity (a z-score over the experts, definition-sentence-similarity.ts)
   * is added to the prior with this weight, scaled by (half / (half + the definitions' best raw score)) ** power,
   * as the word vectors' is. Chosen in stop 35 on spent sets (README, "Benchmarks").
   */
  sentenceWeight: number;
  sentenceHalfScore: number;
  sentencePower: number;
  /** Candidates from the prior (plus any expert the model or the task's history knows). */
  candidates: number;
  /** Scale of the exploration noise (logits) and how many top candidates it may reorder. */
  exploreScale: number;
  exploreAmong: number;
  /** Hashed feature space of the learned model, and the weights of its feature groups. */
  dimension: number;
  features: FeatureWeights;
  softmax: SoftmaxOptions;
  /**
   * How often a recorded outcome may be wrong (0: never). Above 0, a task's own failures no longer make
   * an expert wait for every untried alternative; each net failure costs log((1-p)/p) logits instead,
   * so a flipped report is outweighed by the next true one.
   */
  reportNoise: number;
  seed: number;
  /** Keep the learned model beside the outcome log (off for simulations). */
  persist: boolean;
}

export const DEFAULT_CHOOSER_OPTIONS: ChooserOptions = {
  priorTemperature: 5,
  similarityWeight: 0.35,
  wordSimilarityWeight: 1.2,
  wordSimilarityHalfScore: 2,
  wordSimilarityPower: 2,
  sentenceWeight: 1.6,
  sentenceHalfScore: 6,
  sentencePower: 3,
  candidates: 10,
  exploreScale: 1,
  exploreAmong: 3,
  dimension: 1 << 18,
  features: DEFAULT_FEATURE_WEIGHTS,
  softmax: DEFAULT_SOFTMAX_OPTIONS,
  reportNoise: 0.05,
  seed: 20261124,
  persist: true,
};

export interface ChooserSignals {
  /** Raw and normalized score from the definitions' ranking. */
  keyword: { score: number; normalized: number };
  /** Similarity in meaning to the definition: the model's, normalized to the best, or the word vectors' z-score (0 without either). */
  similarity: number;
  /** Where the similarity came from for this ranking: an embedding model, the word vectors, or none. */
  similaritySource: 'model' | 'words' | 'none';
  /** Similarity in meaning by the shipped sentence encoder: a z-score over the experts (0 without it, or at or below the average). */
  sentence: number;
  prior: number;
  /** The prior's two parts: definitions (keyword ranking) and semantic similarity. */
  priorParts: { definitions: number; similarity: number };
  /** The learned model's contribution to the logit. */
  learned: number;
  /** Of `learned`, what this catalog's learned weights of the prior's parts add (signal-weights.ts). */
  learnedFromSignals: number;
  /** Read-only: the ranking's tail shares one object for every untried expert. */
  own: Readonly<{ successes: number; failures: number; tier: number }>;
  explored: number;
}

export interface ChosenExpert {
  expertId: string;
  displayName: string;
  /** The combined logit the ranking sorts by (within a tier of own history). */
  score: number;
  /** Softmax probability among the candidates (0 outside them). */
  probability: number;
  signals: ChooserSignals;
  /** Why a member of a team (selectMultiple) is on it; absent for a single choice. */
  team?: TeamVotes;
}

/** The votes that placed an expert on a team (team-composition.ts); its own history on the task comes before them. */
export interface TeamVotes {
  /** The chooser's best for the whole task, which leads every team whatever the votes. */
  first: boolean;
  /** Probability over the whole task's ranking, its tail included (so a little below the candidates' own probability). */
  whole: number;
  /** Sum over the task's parts of PART_WEIGHT × probability in the part's ranking. */
  parts: number;
  /** DEFINITIONS_WEIGHT / place in the definitions' own team order (0 outside it). */
  definitions: number;
  total: number;
  /** The part that voted most for the expert. */
  strongestPart?: { text: string; vote: number };
}

export interface ChooseOptions {
  explore?: boolean;
  context?: SelectionContext;
  /** false: rank by the definitions alone (the day-one ranking). */
  useHistory?: boolean;
  /**
   * false: leave out the task's own history (which experts succeeded or failed on this very task), for a
   * caller who may not read what was learned (history-disclosure.ts): a ranking that held it would give it
   * away through its order and probabilities. What the model learned from all outcomes still counts.
   */
  ownHistory?: boolean;
}

export interface ChooserDependencies {
  ranker: IntelligentAgentSelector;
  learning: LearningManager;
  /** The experts to choose from; the chooser re-reads their ids and names when the list changes or is announced changed. */
  experts: { readonly experts: readonly ExpertDefinition[]; onDidChange?(listener: () => void): { dispose(): void } };
  /** The word vectors' similarity to each definition, used in the prior when no embedding model is installed. */
  wordSimilarity?: DefinitionWordSimilarity;
  /** The shipped sentence encoder's similarity to each expert's texts, part of the prior when the host supplies the encoder. */
  sentenceSimilarity?: DefinitionSentenceSimilarity;
  options?: Partial<ChooserOptions>;
}
