// Ranks the experts for a task from their definitions and explains every choice. Two modes: "bm25"
// (the default: field-weighted BM25 over name, description, triggers, focus areas, category and the
// definition body, with phrases) and "seed" (the seed's keyword weights, kept for comparison).
// Ties are broken by real signals (phrases, matched words) and finally by id, never by file order.
import { bestFirst } from './score-order';
import type { Disposable } from '../../ports';
import { InvalidArgumentError, UnknownExpertError } from '../../errors';
import type { ExpertDefinition } from '../expert-definition';
import { ExpertIndex } from './expert-index';
import { DEFAULT_FIELD_WEIGHTS, FieldIndex } from './field-index';
import { FieldWeights } from './field-weights';
import { TaskTerms, fieldBreakdown, scoreTask, taskTerms } from './field-scoring';
import { PreparedTask, ScoreBreakdown, SelectionContext, SelectionMode, prepareTask, scoreExpert } from './scoring';
import { MAX_TEAM_PARTS, taskParts } from './task-structure';
import { MAX_TASK_CHARS } from '../../task-limits';

export interface SelectorOptions {
  mode?: SelectionMode;
  weights?: FieldWeights;
}

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
  /** Every signal behind the score (computed when first read). */
  readonly breakdown: ScoreBreakdown;
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

/** A part of a task whose best match scores this much (raw) counts fully in a team's choice. */
const PART_CLEAR_SCORE = 2;

export class IntelligentAgentSelector {
  private index: ExpertIndex | undefined;
  private fieldIndex: FieldIndex | undefined;
  private readonly subscription: Disposable | undefined;
  readonly mode: SelectionMode;
  private readonly weights: FieldWeights;

  constructor(
    private readonly source: ExpertSource,
    options: SelectorOptions = {},
  ) {
    this.mode = options.mode ?? 'bm25';
    if (this.mode !== 'bm25' && this.mode !== 'seed') throw new InvalidArgumentError(`unknown selection mode "${String(this.mode)}"; use "bm25" or "seed"`);
    this.weights = options.weights ?? DEFAULT_FIELD_WEIGHTS;
    this.subscription = source.onDidChange?.(() => {
      this.index = undefined;
      this.fieldIndex = undefined;
      this.generation++;
    });
  }

  /** Bumped when the experts change: an index built in steps meanwhile is for the old ones. */
  private generation = 0;
  /** The preparation in steps under way, if any. */
  private preparing: Promise<void> | undefined;

  /**
   * Builds the ranking's index now, in steps that each hold the thread for a few milliseconds, awaiting
   * `pause` between them (a host warms the selection up this way instead of in one long block on the
   * first task). A task ranked before it is done builds what it needs at once, unless its caller waited
   * for whenPrepared() first (the chooser does, before it restores, learns or ranks).
   */
  prepare(pause: () => Promise<void>): Promise<void> {
    if (this.mode !== 'bm25') return Promise.resolve();
    this.preparing ??= (async () => {
      while (!this.fieldIndex) {
        const generation = this.generation;
        const built = await FieldIndex.buildInSteps(this.source.experts, this.weights, pause);
        if (generation === this.generation) this.fieldIndex ??= built;
      }
    })().finally(() => (this.preparing = undefined));
    return this.preparing;
  }

  /**
   * Settles once a preparation in steps under way is done, at once when none is: a ranking asked for
   * meanwhile waits for the steps instead of building the whole index in one block of the thread (the
   * first Select Expert during the editor's warm-up held the extension host for 60–90 ms; stop 41).
   */
  whenPrepared(): Promise<void> {
    return this.preparing?.catch(() => undefined) ?? Promise.resolve();
  }

  /** The same experts ranked in another mode (e.g. the seed's scorer, for comparison). */
  withMode(mode: SelectionMode): IntelligentAgentSelector {
    return mode === this.mode ? this : new IntelligentAgentSelector(this.source, { mode, weights: this.weights });
  }

  /**
   * How informative a (normalized) term is across the experts' definitions: its inverse frequency, the
   * highest for a word no definition uses. Learned models weigh task words by it.
   */
  termWeight(term: string): number {
    const index = this.currentFieldIndex();
    return index.posting(term) ? index.idf(term) : index.maxIdf;
  }

  /** The task's weighted words, matched phrases and word order, as the ranking reads them (for learned models). */
  describeTask(task: string, context?: SelectionContext): TaskTerms {
    return taskTerms(this.currentFieldIndex(), prepareTask(checkTask(task), context));
  }

  /** Ids of the loaded experts (the ranking's universe). */
  get expertIds(): string[] {
    return this.source.experts.map((e) => e.id);
  }

  selectBestAgent(task: string, context?: SelectionContext): SelectionResult | undefined {
    return this.rank(task, context)[0];
  }

  selectMultipleAgents(task: string, options: MultipleSelectionOptions = {}): SelectionResult[] {
    const maxAgents = options.maxAgents ?? 3;
    const minScore = options.minScore ?? 0.15;
    if (!Number.isInteger(maxAgents) || maxAgents < 1) throw new InvalidArgumentError(`maxAgents must be a whole number ≥ 1, got ${maxAgents}`);
    if (!(minScore >= 0 && minScore <= 1)) throw new InvalidArgumentError(`minScore must be between 0 and 1, got ${minScore}`);
    if (this.mode === 'bm25') return this.teamByParts(checkTask(task), options.context, maxAgents, minScore);
    return this.rank(task, options.context)
      .filter((r) => r.normalizedScore >= minScore)
      .slice(0, maxAgents);
  }

  /**
   * A team for a task that asks for several things: each expert's normalized score on the whole task
   * plus, for each part of the task (taskParts), the square of its normalized score there, a part
   * counting fully once its best match is clear (raw score >= PART_CLEAR_SCORE) and less when nothing in
   * it matches well; the best sums first, each matching the whole task by at least `minScore`. The expert
   * the whole task points to stays first. Squared, a part counts for the experts close to its best and
   * little for a generalist half-matching every part. Measured with `eval teams` (README, "Benchmarks"):
   * squaring took tuning sets D, E and F from 0.802 / 0.813 / 0.725 to 0.823 / 0.844 / 0.750, and sets G
   * and H, measured once before and not used to choose, from 0.769 / 0.708 to 0.806 / 0.729.
   */
  private teamByParts(task: string, context: SelectionContext | undefined, maxAgents: number, minScore: number): SelectionResult[] {
    const full = this.rankByFields(prepareTask(task, context));
    if (!full.length) return [];
    const sums = new Map(full.map((r) => [r.expertId, r.normalizedScore]));
    for (const part of taskParts(task).slice(0, MAX_TEAM_PARTS)) {
      const ranked = this.rankByFields(prepareTask(part, context));
      const clarity = Math.min(1, (ranked[0]?.score ?? 0) / PART_CLEAR_SCORE);
      for (const r of ranked) if (sums.has(r.expertId)) sums.set(r.expertId, sums.get(r.expertId)! + clarity * r.normalizedScore ** 2);
    }
    const [first, ...rest] = full;
    rest.sort((a, b) => sums.get(b.expertId)! - sums.get(a.expertId)! || b.score - a.score);
    return [first!, ...rest.filter((r) => r.normalizedScore >= minScore)].slice(0, maxAgents);
  }

  /** Every expert with a positive score, best first. */
  rank(task: string, context?: SelectionContext): SelectionResult[] {
    const prepared = prepareTask(checkTask(task), context);
    return this.mode === 'bm25' ? this.rankByFields(prepared) : this.rankBySeed(prepared);
  }

  private rankByFields(prepared: PreparedTask): SelectionResult[] {
    const index = this.currentFieldIndex();
    const scores = scoreTask(index, prepared);
    const ids = index.ids;
    const order = bestFirst(
      scores.experts,
      (e) => scores.totals[e]!,
      (a, b) =>
        scores.phraseScores[b]! - scores.phraseScores[a]! ||
        scores.matchedTerms[b]! - scores.matchedTerms[a]! ||
        (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0),
    );
    const best = order.length ? scores.totals[order[0]!]! : 0;
    const explain = (e: number) => fieldBreakdown(index, scores, e, prepared);
    return order.map((e) => new FieldResult(index.experts[e]!, scores.totals[e]!, best, e, explain));
  }

  private rankBySeed(prepared: PreparedTask): SelectionResult[] {
    const index = this.currentIndex();
    const candidates = new Set(index.candidates([...prepared.termSet, ...prepared.contextTerms]));
    if (prepared.contextCategory) index.inCategory(prepared.contextCategory).forEach((i) => candidates.add(i));
    const scored: ScoreBreakdown[] = [];
    for (const i of candidates) {
      const breakdown = scoreExpert(index.compiled[i]!, prepared);
      if (breakdown.total > 0) scored.push(breakdown);
    }
    scored.sort(compareBreakdowns);
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
    if (!this.source.experts.some((e) => e.id === expertId)) throw new UnknownExpertError(expertId, this.expertIds);
    const ranking = this.rank(task, context);
    const rankIndex = ranking.findIndex((r) => r.expertId === expertId);
    const breakdown = ranking[rankIndex]?.breakdown ?? this.zeroBreakdown(expertId, task, context);
    return {
      expertId,
      rank: rankIndex >= 0 ? rankIndex + 1 : undefined,
      of: ranking.length,
      breakdown,
      lines: describeBreakdown(breakdown),
    };
  }

  private zeroBreakdown(expertId: string, task: string, context?: SelectionContext): ScoreBreakdown {
    if (this.mode === 'seed') {
      const index = this.currentIndex();
      return scoreExpert(index.compiled[index.indexOf(expertId)!]!, prepareTask(task, context));
    }
    return { expertId, mode: 'bm25', total: 0, components: Object.create(null) as ScoreBreakdown['components'] };
  }

  dispose(): void {
    this.subscription?.dispose();
  }

  private currentFieldIndex(): FieldIndex {
    this.fieldIndex ??= FieldIndex.create(this.source.experts, this.weights);
    return this.fieldIndex;
  }

  private currentIndex(): ExpertIndex {
    this.index ??= new ExpertIndex(this.source.experts);
    return this.index;
  }
}

const FIELD_LABELS = new Map<string, string>([
  ['name', 'name words'],
  ['description', 'description words'],
  ['triggers', 'trigger words'],
  ['focusAreas', 'focus-area words'],
  ['category', 'category'],
  ['body', 'definition body words'],
  ['examples', 'example request words'],
  ['phrases', 'whole phrases'],
  ['claimedByOtherPhrases', "words claimed by another expert's phrase"],
  ['contextCategory', 'context category'],
  ['definitionSize', 'scaled for the size of the definition'],
]);

export function describeBreakdown(b: ScoreBreakdown): string[] {
  const c = b.components;
  const list = (items: string[]) => (items.length ? ` (${items.join(', ')})` : '');
  if (b.mode === 'bm25') {
    return [
      `total ${round(b.total)} (field-weighted BM25)`,
      ...Object.entries(c).map(([name, v]) => `${FIELD_LABELS.get(name) ?? name}: ${v.score}${list(v.matched)}`),
    ];
  }
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

/** Higher total first; ties go to more exact trigger phrases, then focus areas, then the id (never file order). */
function compareBreakdowns(a: ScoreBreakdown, b: ScoreBreakdown): number {
  return (
    b.total - a.total ||
    b.components.triggerExact!.score - a.components.triggerExact!.score ||
    b.components.focusAreas!.score - a.components.focusAreas!.score ||
    (a.expertId < b.expertId ? -1 : a.expertId > b.expertId ? 1 : 0)
  );
}

/** Why a task cannot be ranked (empty, or longer than the limit), or undefined when it can. */
export function taskProblem(task: unknown): string | undefined {
  if (typeof task !== 'string' || !task.trim()) return 'the task must be a non-empty text';
  if (task.length > MAX_TASK_CHARS) return `the task is ${task.length} characters long; the limit is ${MAX_TASK_CHARS}`;
  return undefined;
}

/** The task, or an InvalidArgumentError saying why it cannot be ranked. */
export function checkTask(task: unknown): string {
  const problem = taskProblem(task);
  if (problem) throw new InvalidArgumentError(problem);
  return task as string;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/**
 * One expert's place in a field-weighted ranking; its breakdown is worked out when first read. A class
 * (the getter on its prototype) rather than an object literal with a getter: a ranking makes one per
 * expert per task, and literals with accessors are several times slower to create. toJSON keeps the
 * breakdown in serialized results, as the literal's own getter did.
 */
class FieldResult implements SelectionResult {
  readonly expertId: string;
  readonly displayName: string;
  readonly score: number;
  readonly normalizedScore: number;
  readonly confidence: number;
  // Private fields (#): not own enumerable properties, so a spread or Object.keys sees only the result.
  readonly #position: number;
  readonly #explain: (position: number) => ScoreBreakdown;
  #explained: ScoreBreakdown | undefined;

  constructor(definition: { id: string; displayName: string }, total: number, best: number, position: number, explain: (position: number) => ScoreBreakdown) {
    this.#position = position;
    this.#explain = explain;
    this.expertId = definition.id;
    this.displayName = definition.displayName;
    this.score = round(total);
    this.normalizedScore = round(best > 0 ? total / best : 0);
    this.confidence = round(total / (total + 3));
  }

  get breakdown(): ScoreBreakdown {
    return (this.#explained ??= this.#explain(this.#position));
  }

  toJSON(): SelectionResult {
    const { expertId, displayName, score, normalizedScore, confidence, breakdown } = this;
    return { expertId, displayName, score, normalizedScore, confidence, breakdown };
  }
}
