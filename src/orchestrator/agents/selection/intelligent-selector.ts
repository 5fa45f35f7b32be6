// Picks the experts best suited to a task by the seed's keyword scoring over triggers, description,
// category and focus areas, with stemming and synonyms, and explains every choice.
import type { Disposable } from '../../ports';
import { InvalidArgumentError, UnknownExpertError } from '../../errors';
import type { ExpertDefinition } from '../expert-definition';
import { ExpertIndex } from './expert-index';
import { ScoreBreakdown, SelectionContext, prepareTask, scoreExpert } from './scoring';

/** Anything that holds experts and may announce changes (the ExpertCatalog does both). */
export interface ExpertSource {
  readonly experts: readonly ExpertDefinition[];
  onDidChange?(listener: () => void): Disposable;
}

export interface SelectionResult {
  expertId: string;
  displayName: string;
  /** Raw score, the sum of the breakdown's components. */
  score: number;
  /** Score divided by the best score for this task (the best is 1). */
  normalizedScore: number;
  /** How sure the selector is, from the raw score alone: score / (score + 3), in [0, 1). */
  confidence: number;
  breakdown: ScoreBreakdown;
}

export interface MultipleSelectionOptions {
  maxAgents?: number;
  /** Lowest normalized score (0–1) an expert needs to be included. */
  minScore?: number;
  context?: SelectionContext;
}

export interface SelectionExplanation {
  expertId: string;
  rank: number | undefined;
  of: number;
  breakdown: ScoreBreakdown;
  lines: string[];
}

const MAX_TASK_LENGTH = 20_000;

export class IntelligentAgentSelector {
  private index: ExpertIndex | undefined;
  private readonly subscription: Disposable | undefined;

  constructor(private readonly source: ExpertSource) {
    this.subscription = source.onDidChange?.(() => {
      this.index = undefined;
    });
  }

  selectBestAgent(task: string, context?: SelectionContext): SelectionResult | undefined {
    return this.rank(task, context)[0];
  }

  selectMultipleAgents(task: string, options: MultipleSelectionOptions = {}): SelectionResult[] {
    const maxAgents = options.maxAgents ?? 3;
    const minScore = options.minScore ?? 0.15;
    if (!Number.isInteger(maxAgents) || maxAgents < 1) throw new InvalidArgumentError(`maxAgents must be a whole number ≥ 1, got ${maxAgents}`);
    if (!(minScore >= 0 && minScore <= 1)) throw new InvalidArgumentError(`minScore must be between 0 and 1, got ${minScore}`);
    return this.rank(task, options.context)
      .filter((r) => r.normalizedScore >= minScore)
      .slice(0, maxAgents);
  }

  /** Every expert with a positive score, best first. */
  rank(task: string, context?: SelectionContext): SelectionResult[] {
    const prepared = prepareTask(checkTask(task), context);
    const index = this.currentIndex();
    const candidates = new Set(index.candidates([...prepared.termSet, ...prepared.contextTerms]));
    if (prepared.contextCategory) index.inCategory(prepared.contextCategory).forEach((i) => candidates.add(i));
    const scored: ScoreBreakdown[] = [];
    for (const i of candidates) {
      const breakdown = scoreExpert(index.compiled[i]!, prepared);
      if (breakdown.total > 0) scored.push(breakdown);
    }
    scored.sort((a, b) => compareBreakdowns(a, b, index));
    const best = scored[0]?.total ?? 0;
    return scored.map((breakdown) => {
      const definition = index.compiled[index.indexOf(breakdown.expertId)!]!.definition;
      return {
        expertId: breakdown.expertId,
        displayName: definition.displayName,
        score: round(breakdown.total),
        normalizedScore: round(best > 0 ? breakdown.total / best : 0),
        confidence: round(breakdown.total / (breakdown.total + 3)),
        breakdown,
      };
    });
  }

  explainSelection(expertId: string, task: string, context?: SelectionContext): SelectionExplanation {
    const index = this.currentIndex();
    const position = index.indexOf(expertId);
    if (position === undefined) throw new UnknownExpertError(expertId, index.compiled.map((c) => c.definition.id));
    const ranking = this.rank(task, context);
    const rankIndex = ranking.findIndex((r) => r.expertId === expertId);
    const breakdown = scoreExpert(index.compiled[position]!, prepareTask(task, context));
    return {
      expertId,
      rank: rankIndex >= 0 ? rankIndex + 1 : undefined,
      of: ranking.length,
      breakdown,
      lines: describeBreakdown(breakdown),
    };
  }

  dispose(): void {
    this.subscription?.dispose();
  }

  private currentIndex(): ExpertIndex {
    this.index ??= new ExpertIndex(this.source.experts);
    return this.index;
  }
}

export function describeBreakdown(b: ScoreBreakdown): string[] {
  const c = b.components;
  const list = (items: string[]) => (items.length ? ` (${items.join(', ')})` : '');
  return [
    `total ${round(b.total)}`,
    `trigger phrases ×3.0: ${c.triggerExact.score}${list(c.triggerExact.matched)}`,
    `trigger words ×1.0: ${c.triggerWord.score}${list(c.triggerWord.matched)}`,
    `description words ×0.5: ${c.description.score}${list(c.description.matched)}`,
    `category ×1.0: ${c.category.score}${list(c.category.matched)}`,
    `focus areas ×2.0: ${c.focusAreas.score}${list(c.focusAreas.matched)}`,
    `context ×1.0: ${c.context.score}${list(c.context.matched)}`,
  ];
}

/** Higher total first; ties go to more exact trigger phrases, then focus areas, then index order. */
function compareBreakdowns(a: ScoreBreakdown, b: ScoreBreakdown, index: ExpertIndex): number {
  return (
    b.total - a.total ||
    b.components.triggerExact.score - a.components.triggerExact.score ||
    b.components.focusAreas.score - a.components.focusAreas.score ||
    index.indexOf(a.expertId)! - index.indexOf(b.expertId)!
  );
}

function checkTask(task: unknown): string {
  if (typeof task !== 'string' || !task.trim()) throw new InvalidArgumentError('the task must be a non-empty text');
  if (task.length > MAX_TASK_LENGTH) throw new InvalidArgumentError(`the task is ${task.length} characters long; the limit is ${MAX_TASK_LENGTH}`);
  return task;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
