// The upgraded selector: a prior from the definitions (keyword scoring + similarity to each expert's
// definition) updated by learned history through a contextual Thompson-sampling bandit. Each expert
// is an arm; its success probability for this task has a Beta prior centred on the definition score,
// updated with the successes and failures of similar past tasks (kernel-weighted, decayed).
import type { IntelligentAgentSelector, ExpertSource } from '../agents/selection/intelligent-selector';
import type { LearningManager } from './learning-manager';
import { ExpertSimilarity } from './expert-similarity';
import { betaMean, sampleBeta, seededRandom } from './statistics';

export interface LearnedSelectorOptions {
  /**
   * Weight of keyword scoring vs definition similarity in the prior (the rest goes to similarity).
   * Default: 0.6 with a semantic embedding model, 0.9 with lexical hashing (which mostly repeats what
   * keyword scoring already knows, so it only breaks ties).
   */
  keywordWeight: number;
  /** Pseudo-observations the prior is worth; history outweighs it after about this many similar outcomes. */
  priorStrength: number;
  /** Prior success mean of the worst and the best expert for a task. */
  priorFloor: number;
  priorCeiling: number;
  /** Arms considered for a task: the best this many by prior, plus any with successes on similar tasks. */
  candidates: number;
  /** false: rank by the definitions alone, as on day one (used to measure the prior). */
  useHistory: boolean;
  seed: number;
}

export const DEFAULT_LEARNED_OPTIONS: LearnedSelectorOptions = {
  keywordWeight: 0.9,
  priorStrength: 4,
  priorFloor: 0.1,
  priorCeiling: 0.85,
  candidates: 2,
  useHistory: true,
  seed: 20261124,
};

export interface LearnedChoice {
  expertId: string;
  /** Posterior mean success probability (exploit) or a posterior sample (explore). */
  score: number;
  posteriorMean: number;
  prior: { score: number; keyword: number; similarity: number; mean: number };
  history: { successes: number; failures: number; tasks: number };
  /** How much of the decision each source carried, summing to 1. */
  share: { definitions: number; similarity: number; history: number };
}

export class LearnedSelector {
  private expertSimilarity: ExpertSimilarity;
  private options: LearnedSelectorOptions;
  private readonly random: () => number;

  constructor(
    private readonly source: ExpertSource,
    private readonly keyword: IntelligentAgentSelector,
    private readonly learning: LearningManager,
    options: Partial<LearnedSelectorOptions> = {},
  ) {
    const withDefaults = () => {
      const semantic = !learning.embedder.id.startsWith('hashing');
      return { ...DEFAULT_LEARNED_OPTIONS, ...(semantic ? { keywordWeight: 0.6 } : {}), ...options };
    };
    this.options = withDefaults();
    this.expertSimilarity = new ExpertSimilarity(source, learning.embedder);
    // When the semantic model arrives, definitions are re-embedded and the prior's blend follows it.
    learning.onDidChangeEmbedder((embedder) => {
      this.options = { ...withDefaults(), seed: this.options.seed };
      this.expertSimilarity = new ExpertSimilarity(source, embedder);
    });
    this.random = seededRandom(this.options.seed);
  }

  /** Every expert ranked for the task. With explore, scores are posterior samples (Thompson sampling). */
  get similarity(): ExpertSimilarity {
    return this.expertSimilarity;
  }

  async rank(task: string, options: { explore?: boolean } = {}): Promise<LearnedChoice[]> {
    const [taskVector] = await this.learning.embedder.embed([task]);
    const [similarities, evidence] = await Promise.all([
      this.expertSimilarity.similarities(taskVector!),
      this.options.useHistory ? this.learning.evidenceFor(task) : Promise.resolve({ byAgent: new Map<string, never>(), similar: [] }),
    ]);
    const keywordScores = new Map(this.keyword.rank(task).map((r) => [r.expertId, r.normalizedScore]));
    const bestSimilarity = Math.max(1e-9, ...similarities.values());
    const o = this.options;
    const exactMeans = new Map<string, number>();
    const choices = this.source.experts.map((expert): LearnedChoice => {
      const keyword = keywordScores.get(expert.id) ?? 0;
      const similarity = (similarities.get(expert.id) ?? 0) / bestSimilarity;
      const priorScore = o.keywordWeight * keyword + (1 - o.keywordWeight) * similarity;
      const priorMean = o.priorFloor + (o.priorCeiling - o.priorFloor) * priorScore;
      const e = evidence.byAgent.get(expert.id);
      const successes = e?.successes ?? 0;
      const failures = e?.failures ?? 0;
      const alpha = priorMean * o.priorStrength + successes;
      const beta = (1 - priorMean) * o.priorStrength + failures;
      const posteriorMean = betaMean(alpha, beta);
      exactMeans.set(expert.id, posteriorMean);
      const historyShare = (successes + failures) / (o.priorStrength + successes + failures);
      const keywordPart = o.keywordWeight * keyword;
      const priorTotal = keywordPart + (1 - o.keywordWeight) * similarity;
      const definitionsShare = (1 - historyShare) * (priorTotal > 0 ? keywordPart / priorTotal : 1);
      return {
        expertId: expert.id,
        score: options.explore ? sampleBeta(alpha, beta, this.random) : posteriorMean,
        posteriorMean: round(posteriorMean),
        prior: { score: round(priorScore), keyword: round(keyword), similarity: round(similarity), mean: round(priorMean) },
        history: { successes: round(successes), failures: round(failures), tasks: e?.count ?? 0 },
        share: { definitions: round(definitionsShare), similarity: round(1 - historyShare - definitionsShare), history: round(historyShare) },
      };
    });
    // Exploration stays among the best few by prior, plus any expert whose history has lifted its
    // posterior above theirs; the others are scored by their (low) posterior mean and never sampled.
    const byPrior = [...choices].sort((a, b) => b.prior.score - a.prior.score);
    const candidates = byPrior.slice(0, o.candidates);
    const bar = Math.min(...candidates.map((c) => c.posteriorMean));
    const eligible = new Set(candidates.map((c) => c.expertId));
    for (const c of choices) if (c.history.successes > 0 && c.posteriorMean > bar) eligible.add(c.expertId);
    // In explore mode they rank below every candidate, so a low draw never hands the task to them.
    for (const c of choices) {
      if (!eligible.has(c.expertId)) c.score = exactMeans.get(c.expertId)! - (options.explore ? 1 : 0);
    }
    return choices.sort((a, b) => b.score - a.score || b.prior.score - a.prior.score);
  }

  hasHistory(): boolean {
    return this.options.useHistory && this.learning.outcomes.length > 0;
  }

  /** The same selector ranking by the definitions alone. */
  withoutHistory(): LearnedSelector {
    return new LearnedSelector(this.source, this.keyword, this.learning, { ...this.options, useHistory: false });
  }

  async select(task: string, options: { explore?: boolean } = {}): Promise<LearnedChoice | undefined> {
    return (await this.rank(task, options))[0];
  }

  async explainSelection(expertId: string, task: string): Promise<{ choice: LearnedChoice | undefined; rank: number | undefined; lines: string[] }> {
    const ranking = await this.rank(task);
    const index = ranking.findIndex((c) => c.expertId === expertId);
    const choice = ranking[index];
    if (!choice) return { choice: undefined, rank: undefined, lines: [`${expertId} is not a loaded expert`] };
    const pct = (n: number) => `${Math.round(n * 100)}%`;
    return {
      choice,
      rank: index + 1,
      lines: [
        `rank ${index + 1} of ${ranking.length}; expected success ${pct(choice.posteriorMean)}`,
        `definitions: keyword score ${choice.prior.keyword} (normalized), definition similarity ${choice.prior.similarity} → prior success ${pct(choice.prior.mean)}`,
        `history: ${choice.history.successes} successes, ${choice.history.failures} failures (weighted) over ${choice.history.tasks} similar tasks`,
        `share of the decision: definitions ${pct(choice.share.definitions)}, similarity ${pct(choice.share.similarity)}, learned history ${pct(choice.share.history)}`,
      ],
    };
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
