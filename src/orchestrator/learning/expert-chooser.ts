// The one place an expert is chosen for a task. Every surface (palette, Agent Pool, CLI select/eval,
// MCP select_expert/suggest_agent, the voice tool, delegation without an expert, the planner's
// fill-in) asks this class, so the same task in the same state gets the same ranking everywhere.
//
// Signals, all shown in the explanation:
//   prior     the definitions' ranking (field-weighted BM25, or the seed scorer), plus the similarity in
//             meaning: the embedding model's when installed, else the word vectors', and the shipped
//             sentence encoder's (chooser-prior.ts);
//   learned   an online softmax over the task as the ranking reads it (IDF-weighted stemmed words,
//             matched phrases, word pairs) and the keyword profile, trained from every recorded outcome
//             (a failure moves probability to the runners-up) and correction;
//   own       the task's own history: one that succeeded on this very task comes first; each net
//             failure on it costs log((1-p)/p) logits (p: how often a report may be wrong, 0.05), so
//             the alternatives get the next tries while one flipped report is outweighed by the next
//             true one (with p = 0 a failed expert waits behind every untried one);
//   explore   (only when asked) a seeded perturbation of the top candidates, so a caller that records
//             outcomes also tries runners-up.
// The ranking itself is chooser-ranking.ts.
import { type IntelligentAgentSelector, checkTask } from '../agents/selection/intelligent-selector';
import { MAX_TEAM_PARTS, taskParts } from '../agents/selection/task-structure';
import { InvalidArgumentError, UnknownExpertError } from '../errors';
import type { LearningManager } from './learning-manager';
import type { OutcomeInput, TaskOutcome } from './outcome-store';
import { type TaskMeaning, checkPriorOptions } from './chooser-prior';
import { explanationLines } from './chooser-explanation';
import { type OwnHistoryDisclosure, rankingOptions } from './history-disclosure';
import { type RankingState, candidateLogits, rankNow } from './chooser-ranking';
import { TaskSimilarities } from './task-similarities';
import { OnlineSoftmax, outcomeTarget, softmax } from './online-softmax';
import { signalVectors } from './signal-weights';
import { TaskFeatureHasher } from './task-feature-hasher';
import { TaskHistory } from './task-history';
import { MODEL_FILE, parseSavedModel, serializeSavedModel } from './saved-selection-model';
import { seededRandom } from './statistics';
import { DEFINITIONS_ORDER_DEPTH, composeTeam, definitionsOrder } from './team-composition';
import {
  DEFAULT_CHOOSER_OPTIONS,
  type ChooseOptions,
  type ChooserDependencies,
  type ChooserOptions,
  type ChooserSignals,
  type ChosenExpert,
  type TeamVotes,
} from './chooser-types';

export { DEFAULT_CHOOSER_OPTIONS, type ChooseOptions, type ChooserDependencies, type ChooserOptions, type ChooserSignals, type ChosenExpert, type TeamVotes };

export class ExpertChooser {
  readonly options: ChooserOptions;
  private model: OnlineSoftmax;
  private readonly hasher: TaskFeatureHasher;
  private readonly history = new TaskHistory();
  private readonly random: () => number;
  private training: Promise<void> = Promise.resolve();
  private saving: Promise<void> = Promise.resolve();
  /** How many outcomes the saved model holds (its file as read or last written). */
  private savedCount = 0;
  private saveQueued = false;
  private processed = 0; // outcomes learned, and the last one's id: what a saved model claims (restore())
  private lastProcessed: string | undefined;
  private encoder = 'none'; // the sentence encoder of the prior the model learns under, saved with it
  private readonly taskSimilarities: TaskSimilarities;
  private ready: Promise<void> | undefined;
  private readonly subscriptions: Array<{ dispose(): void }> = [];
  private catalog: { experts: readonly unknown[]; ids: ReadonlySet<string>; names: ReadonlyMap<string, string> } | undefined;

  constructor(private readonly deps: ChooserDependencies) {
    this.options = { ...DEFAULT_CHOOSER_OPTIONS, ...deps.options };
    const wrong = checkPriorOptions(this.options);
    if (wrong) throw new InvalidArgumentError(wrong);
    this.hasher = new TaskFeatureHasher(this.options.dimension, this.options.features, (task) => deps.ranker.describeTask(task));
    this.model = new OnlineSoftmax(this.options.dimension, this.options.softmax);
    this.random = seededRandom(this.options.seed);
    this.taskSimilarities = new TaskSimilarities(deps, this.options.candidates * 2);
    this.subscriptions.push(
      deps.learning.onDidRecord((outcome) => {
        // Learning ranks the task: during a warm-up it waits for the ranker's index instead of building it at once.
        this.training = this.training
          .then(() => deps.ranker.whenPrepared())
          .then(() => this.learn(outcome))
          .catch((error) => deps.learning.logger.error('selection model update failed', error));
      }),
      ...(deps.experts.onDidChange ? [deps.experts.onDidChange(() => (this.catalog = undefined))] : []),
      deps.learning.onDidChangeEmbedder(() => {
        this.taskSimilarities.reset();
        this.ready = undefined;
      }),
    );
  }

  /** A chooser configured as this one (ranking, experts, similarity, options) over another outcome store. */
  withLearning(learning: LearningManager, options: Partial<ChooserOptions> = {}): ExpertChooser {
    return new ExpertChooser({ ...this.deps, learning, options: { ...this.deps.options, ...options } });
  }

  /** Loads the saved model when it matches the outcome log, else retrains it from the log. */
  initialize(): Promise<void> {
    // Restoring may retrain, which ranks recorded tasks: after a warm-up's index build in steps, not during it.
    this.ready ??= this.deps.ranker.whenPrepared().then(() => this.restore());
    return this.ready;
  }

  get ranker(): IntelligentAgentSelector {
    return this.deps.ranker;
  }

  /** How many experts are loaded (none: every ranking is empty, whatever the task). */
  get expertCount(): number {
    return this.deps.experts.experts.length;
  }

  get learnedUpdates(): number {
    return this.model.updates;
  }

  /** How far this catalog's outcomes have taught it to trust each of the prior's signals (0: as the prior says). */
  get signalWeights(): Readonly<Record<string, number>> {
    return this.model.signals.toJSON();
  }

  /** Every candidate for the task, best first (the order every surface shows). */
  async rank(task: string, options: ChooseOptions = {}): Promise<ChosenExpert[]> {
    checkTask(task); // before its text is embedded: a 54 MB task took 13 s and 800 MB to be refused
    await this.upToDate();
    const meaning = await this.similarities(task);
    return rankNow(this.rankingState(), task, options, meaning);
  }

  async select(task: string, options: ChooseOptions = {}): Promise<ChosenExpert | undefined> {
    return (await this.rank(task, options))[0];
  }

  /**
   * A team for a task that spans areas: the chooser's best for the whole task first, then the experts
   * the whole task, each of its parts and the definitions' team order vote for (team-composition.ts),
   * each matching the whole task by at least minScore.
   */
  async selectMultiple(task: string, count: number, minScore = 0.15, options: ChooseOptions = {}): Promise<ChosenExpert[]> {
    if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError(`count must be a whole number ≥ 1, got ${count}`);
    if (!(minScore >= 0 && minScore <= 1)) throw new InvalidArgumentError(`minScore must be between 0 and 1, got ${minScore}`);
    checkTask(task);
    await this.upToDate();
    const texts = count > 1 ? taskParts(task).slice(0, MAX_TEAM_PARTS) : [];
    // Several parts are ranked alone; a task of one part is its own part (ranked once).
    const alone = texts.length > 1 ? texts : [];
    const [sims, ...partSims] = await this.taskSimilarities.of([task, ...alone]);
    // Nothing is awaited from here: the whole task and its parts are ranked from one state of learning.
    const whole = rankNow(this.rankingState(), task, options, sims);
    const scoreFloor = whole[0]?.signals.keyword.score ?? 0; // a part's vectors weigh as in its whole task (chooser-prior.ts)
    const parts = alone.length
      ? alone.map((text, i) => ({ text, ranking: rankNow(this.rankingState(), text, { ...options, explore: false }, partSims[i], scoreFloor) }))
      : texts.map((text) => ({ text, ranking: whole }));
    // The ranker's own team, one longer than read: its first pick is usually the leader already.
    const picks = this.deps.ranker.selectMultipleAgents(task, {
      maxAgents: DEFINITIONS_ORDER_DEPTH + 1,
      minScore,
      ...(options.context ? { context: options.context } : {}),
    });
    return composeTeam({ whole, definitions: definitionsOrder(whole, picks, minScore), parts, count, minScore });
  }

  /** Records through the learning manager (the outcome log); the model and history learn from it. */
  async record(input: OutcomeInput): Promise<TaskOutcome> {
    return (await this.recordMany([input]))[0]!;
  }

  async recordMany(inputs: readonly OutcomeInput[]): Promise<TaskOutcome[]> {
    const known = this.catalogView().ids;
    for (const input of inputs) {
      for (const id of [input.agentId, input.preferredAgentId]) {
        if (id !== undefined && !known.has(id)) throw new UnknownExpertError(id, [...known]);
      }
    }
    await this.initialize();
    const outcomes = await this.deps.learning.recordTaskOutcomes(inputs);
    await this.training;
    if (this.options.persist) this.scheduleSave();
    return outcomes;
  }

  /**
   * Every signal for one expert on a task, as lines. `ownHistory: 'withheld'` (a caller without learning.read)
   * ranks without the task's own history and says so in the lines (history-disclosure.ts).
   */
  async explain(
    expertId: string,
    task: string,
    options: Omit<ChooseOptions, 'ownHistory'> & { ownHistory?: OwnHistoryDisclosure } = {},
  ): Promise<{ rank: number | undefined; of: number; lines: string[]; choice?: ChosenExpert }> {
    const { ids } = this.catalogView();
    if (!ids.has(expertId)) throw new UnknownExpertError(expertId, [...ids]);
    const { ownHistory, ...choose } = options;
    const ranked = await this.rank(task, { ...choose, explore: false, ...rankingOptions(ownHistory ?? 'shown') });
    const index = ranked.findIndex((c) => c.expertId === expertId);
    const choice = ranked[index];
    const lines = explanationLines({
      choice,
      index,
      of: ranked.length,
      mode: this.deps.ranker.mode,
      keywordLines: this.deps.ranker.explainSelection(expertId, task, options.context).lines,
      priorTemperature: this.options.priorTemperature,
      modelUpdates: this.model.updates,
      signalWeights: this.signalWeights,
      reportNoise: this.options.reportNoise,
      ...(ownHistory ? { ownHistory } : {}),
    });
    return { rank: index >= 0 ? index + 1 : undefined, of: ranked.length, lines, ...(choice ? { choice } : {}) };
  }

  /** Forgets everything learned (a fresh model and history); the outcome log is untouched. */
  reset(): void {
    this.model = new OnlineSoftmax(this.options.dimension, this.options.softmax);
    this.history.clear();
    this.processed = 0;
    this.lastProcessed = undefined;
  }

  async flush(): Promise<void> {
    await this.training;
    this.saveIfBehind(); // outcomes another process recorded, learned since the last save
    await this.saving;
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }

  /** The loaded experts' ids and names, worked out again only when the catalog's list changes. */
  private catalogView(): { ids: ReadonlySet<string>; names: ReadonlyMap<string, string> } {
    const experts = this.deps.experts.experts;
    if (this.catalog?.experts !== experts) {
      this.catalog = { experts, ids: new Set(experts.map((e) => e.id)), names: new Map(experts.map((e) => [e.id, e.displayName])) };
    }
    return this.catalog;
  }

  /**
   * Everything a ranking reads, brought up to date: the ranker's index done if a warm-up is building it in
   * steps (first: restoring and catching up rank recorded tasks with it), the model restored, outcomes other
   * processes recorded learned from, training in flight finished.
   */
  private async upToDate(): Promise<void> {
    await this.deps.ranker.whenPrepared();
    await this.initialize();
    await this.deps.learning.catchUp();
    await this.training;
  }

  /** The similarity parts of the prior for one text (TaskSimilarities). */
  private async similarities(task: string): Promise<TaskMeaning> {
    return (await this.taskSimilarities.of([task]))[0]!;
  }

  /** What the ranking (chooser-ranking.ts) reads, as it is now. */
  private rankingState(): RankingState {
    return {
      ranker: this.deps.ranker,
      options: this.options,
      model: this.model,
      hasher: this.hasher,
      history: this.history,
      catalog: () => this.catalogView(),
      random: this.random,
    };
  }

  private async learn(outcome: TaskOutcome): Promise<void> {
    const sims = await this.similarities(outcome.task);
    // The model learns from its own prediction (prior + learned, not the task's own history, which
    // already answers for this very task): it keeps learning from a task until its words alone pick
    // the right expert, which is what carries over to tasks it has not seen.
    const { features, modelLogits, priors, own } = candidateLogits(this.rankingState(), outcome.task, {}, sims, true);
    const logits = modelLogits;
    const ids = new Set(logits.keys());
    for (const id of [outcome.agentId, outcome.preferredAgentId]) {
      if (id && !ids.has(id)) logits.set(id, this.options.priorTemperature * (priors.get(id)?.prior ?? 0));
    }
    const p = softmax(logits);
    const target = outcomeTarget(outcome, p);
    const rate = outcome.preferredAgentId ? this.options.softmax.correctionRate : this.options.softmax.learningRate;
    if (target) {
      this.model.update(features, p, target, rate);
      // The catalog-wide weights learn from answers (a success or a correction; a failure only says who was
      // wrong), and less from each report on a task already reported: one task told twelve times is still one
      // task's evidence about the catalog (its own history answers for it).
      if (outcome.success || outcome.preferredAgentId) {
        const earlier = [...own.values()].reduce((n, r) => n + r.successes + r.failures, 0);
        const vectors = signalVectors(priors, p.keys(), this.options.priorTemperature);
        this.model.signals.update(vectors, p, target, Boolean(outcome.preferredAgentId), 1 / (1 + earlier));
      }
    }
    this.history.add(outcome);
    this.processed++;
    this.lastProcessed = outcome.id;
  }

  private async restore(): Promise<void> {
    const outcomes = this.deps.learning.outcomes;
    this.reset();
    this.encoder = (await this.deps.sentenceSimilarity?.encoderId()) ?? 'none';
    const saved = this.options.persist ? await this.deps.learning.readSidecar(MODEL_FILE) : undefined;
    let start = 0;
    if (saved) {
      try {
        const state = parseSavedModel(saved, outcomes, this.options.softmax, this.encoder);
        if (state) {
          this.model = state.model;
          start = state.count;
          for (const o of outcomes.slice(0, start)) this.history.add(o);
          this.processed = start;
          this.lastProcessed = state.consumed;
        }
      } catch (error) {
        this.reset();
        this.deps.learning.logger.warn(`${MODEL_FILE} is unreadable (${(error as Error).message}); retraining from the outcome log`);
      }
    }
    // The tasks still to learn are encoded together first, and cached (review of stop 35).
    await this.deps.sentenceSimilarity?.prepare(outcomes.slice(start).map((o) => o.task));
    for (const outcome of outcomes.slice(start)) await this.learn(outcome);
    this.savedCount = start;
    // Saved before the first ranking is answered, so nothing is left writing when a short run ends.
    this.saveIfBehind();
    await this.saving;
  }

  /**
   * Saves the model once it holds outcomes its file does not: learned from the log at start (saved then) or
   * recorded by another process (saved by the next record or flush). Without it a CLI run, which records
   * nothing itself, retrained from the whole log every time (a stranger's review of stop 39: 13 s per select
   * at 19,900 outcomes).
   */
  private saveIfBehind(): void {
    if (this.options.persist && this.processed > this.savedCount) this.scheduleSave();
  }

  private scheduleSave(): void {
    if (this.saveQueued) return;
    this.saveQueued = true;
    this.saving = this.saving.then(async () => {
      this.saveQueued = false;
      // What the model has learned, once its queue is empty: outcomes another process recorded can be held
      // by the log before they reach the model (review of stop 29), and must not be claimed as learned.
      for (let pending = this.training; ; pending = this.training) {
        await pending;
        if (pending === this.training) break;
      }
      const count = this.processed;
      const text = serializeSavedModel({ model: this.model, count, consumed: this.lastProcessed, encoder: this.encoder });
      try {
        await this.deps.learning.writeSidecar(MODEL_FILE, text);
        this.savedCount = count;
      } catch (error) {
        this.deps.learning.logger.warn(`the selection model could not be saved: ${(error as Error).message}`);
      }
    });
  }
}
