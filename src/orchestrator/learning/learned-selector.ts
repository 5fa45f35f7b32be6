// The learned selector as the hosts know it (palette, delegation, MCP, CLI): a view of the one
// ExpertChooser in the shape the surfaces already consume. It decides nothing itself; every ranking
// comes from ExpertChooser.rank, so every surface shows the same order for the same task and state.
import type { ExpertSource, IntelligentAgentSelector } from '../agents/selection/intelligent-selector';
import type { DefinitionSentenceSimilarity } from './definition-sentence-similarity';
import type { DefinitionWordSimilarity } from './definition-word-similarity';
import type { LearningManager } from './learning-manager';
import { ChooserOptions, ChosenExpert, ExpertChooser } from './expert-chooser';

export interface LearnedSelectorOptions {
  /** The chooser to present; a new one over `learning` is made when absent. */
  chooser: ExpertChooser;
  /** false: rank by the definitions alone, as on day one (used to measure the prior). */
  useHistory: boolean;
  chooserOptions: Partial<ChooserOptions>;
  /** The word vectors' part of the prior (without it, the prior has none when no model is installed). */
  wordSimilarity: DefinitionWordSimilarity;
  /** The shipped sentence encoder's part of the prior. */
  sentenceSimilarity: DefinitionSentenceSimilarity;
}

export interface LearnedChoice {
  expertId: string;
  /** The chooser's combined score (the ranking's sort key within a tier of the task's own history). */
  score: number;
  /** Probability among the candidates: the chooser's estimate that this expert is the right one. */
  posteriorMean: number;
  prior: { score: number; keyword: number; similarity: number; mean: number };
  /** This task's own record (successes and failures of the expert on it). */
  history: { successes: number; failures: number; tasks: number };
  /** How much of the score each source carried, summing to 1. */
  share: { definitions: number; similarity: number; history: number };
  signals: ChosenExpert['signals'];
}

export class LearnedSelector {
  readonly chooser: ExpertChooser;
  private readonly useHistory: boolean;

  constructor(
    private readonly source: ExpertSource,
    private readonly keyword: IntelligentAgentSelector,
    private readonly learning: LearningManager,
    options: Partial<LearnedSelectorOptions> = {},
  ) {
    this.chooser =
      options.chooser ??
      new ExpertChooser({
        ranker: keyword,
        learning,
        experts: source,
        ...(options.wordSimilarity ? { wordSimilarity: options.wordSimilarity } : {}),
        ...(options.sentenceSimilarity ? { sentenceSimilarity: options.sentenceSimilarity } : {}),
        ...(options.chooserOptions ? { options: options.chooserOptions } : {}),
      });
    this.useHistory = options.useHistory ?? true;
  }

  /** Which embedder the similarity part of the prior uses. */
  get embedderId(): string {
    return this.learning.embedder.id;
  }

  async rank(task: string, options: { explore?: boolean } = {}): Promise<LearnedChoice[]> {
    const ranked = await this.chooser.rank(task, { ...options, useHistory: this.useHistory });
    return ranked.map((c) => toLearnedChoice(c, this.chooser.options.priorTemperature));
  }

  async select(task: string, options: { explore?: boolean } = {}): Promise<LearnedChoice | undefined> {
    return (await this.rank(task, options))[0];
  }

  hasHistory(): boolean {
    return this.useHistory && this.learning.outcomes.length > 0;
  }

  /** The same chooser ranking by the definitions alone. */
  withoutHistory(): LearnedSelector {
    return new LearnedSelector(this.source, this.keyword, this.learning, { chooser: this.chooser, useHistory: false });
  }

  async explainSelection(expertId: string, task: string): Promise<{ choice: LearnedChoice | undefined; rank: number | undefined; lines: string[] }> {
    if (!this.source.experts.some((e) => e.id === expertId)) return { choice: undefined, rank: undefined, lines: [`${expertId} is not a loaded expert`] };
    const explained = await this.chooser.explain(expertId, task, { useHistory: this.useHistory });
    return {
      choice: explained.choice ? toLearnedChoice(explained.choice, this.chooser.options.priorTemperature) : undefined,
      rank: explained.rank,
      lines: explained.lines,
    };
  }
}

function toLearnedChoice(c: ChosenExpert, temperature: number): LearnedChoice {
  const s = c.signals;
  const definitions = temperature * s.priorParts.definitions;
  const similarity = temperature * s.priorParts.similarity;
  // The task's own record decides the tier outright; count it as a full prior's worth of weight.
  const historyPart = Math.abs(s.learned) + (s.own.successes + s.own.failures > 0 ? temperature : 0);
  const total = definitions + similarity + historyPart || 1;
  return {
    expertId: c.expertId,
    score: c.score,
    posteriorMean: round(c.probability),
    prior: { score: round(s.prior), keyword: round(s.keyword.normalized), similarity: round(s.similarity), mean: round(s.prior) },
    history: { successes: s.own.successes, failures: s.own.failures, tasks: s.own.successes + s.own.failures },
    share: { definitions: round(definitions / total), similarity: round(similarity / total), history: round(historyPart / total) },
    signals: s,
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
