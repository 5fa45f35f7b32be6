// Learns from task outcomes: durable history, per-expert statistics, recommendations for similar
// tasks with statistically sound confidence, and the seed's "history first, then the pool" logic.
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { STOP_WORDS, tokenize } from '../text/text-normalize';
import { OutcomeInput, OutcomeStore, TaskOutcome } from './outcome-store';
import { HashingEmbedder, TextEmbedder } from './hashing-embedder';
import { TaskFeaturizer, embeddingFeaturizer } from './task-features';
import { DEFAULT_EVIDENCE_OPTIONS, EvidenceOptions, SimilarTask, TaskEvidence, gatherEvidence } from './task-evidence';
import { wilsonLowerBound } from './statistics';

export interface LearningStats {
  totalOutcomes: number;
  agentsTracked: number;
  topKeywords: Array<{ keyword: string; count: number }>;
  agentPerformance: Record<string, { success: number; fail: number; rate: number; lowerBound: number }>;
}

export interface Recommendation {
  recommendedAgent: string | undefined;
  /** Wilson 90% lower bound of the expert's weighted success rate on similar tasks. */
  confidence: number;
  reason: string;
  similarTasks: SimilarTask[];
}

/** What suggestAgentForTask needs from the pool's selector. */
export interface PoolSelector {
  selectBestAgent(task: string): { expertId: string; score: number } | undefined;
}

export interface AgentSuggestion {
  agentId: string | undefined;
  source: 'history' | 'selector' | 'history-fallback' | 'none';
  confidence: number;
  reason: string;
}

export interface LearningManagerOptions {
  fs: FileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
  dataDir: string;
  /** A semantic embedder when a model is installed; otherwise lexical hashing is used. */
  embedder?: TextEmbedder;
  /** How tasks are compared; defaults to the embedder alone. See task-features.ts. */
  featurizer?: (embedder: TextEmbedder) => TaskFeaturizer;
  evidence?: Partial<EvidenceOptions>;
}

/** History is trusted over the definitions only above this confidence (the seed's threshold). */
export const HISTORY_CONFIDENCE_THRESHOLD = 0.7;

/** How often the outcome log is checked for what other processes appended. */
export const CATCH_UP_INTERVAL_MS = 1000;

const MAX_KEYWORD_LENGTH = 40;

export class LearningManager {
  readonly store: OutcomeStore;
  private lastCatchUp: number | undefined;
  private currentEmbedder: TextEmbedder;
  readonly evidenceOptions: EvidenceOptions;
  private featurizer: TaskFeaturizer;
  private readonly vectors = new Map<string, Float32Array>();
  private readonly listeners = new Set<(outcome: TaskOutcome) => void>();
  private readonly embedderListeners = new Set<(embedder: TextEmbedder) => void>();

  constructor(private readonly options: LearningManagerOptions) {
    this.store = new OutcomeStore(options.fs, options.clock, options.logger, path.join(options.dataDir, 'outcomes.jsonl'));
    this.currentEmbedder = options.embedder ?? new HashingEmbedder();
    this.evidenceOptions = { ...DEFAULT_EVIDENCE_OPTIONS, ...options.evidence };
    this.featurizer = this.makeFeaturizer(this.currentEmbedder);
  }

  get embedder(): TextEmbedder {
    return this.currentEmbedder;
  }

  get logger(): LoggerPort {
    return this.options.logger;
  }

  /** A file kept beside the outcome log (e.g. the learned selection model), or undefined when absent. */
  async readSidecar(name: string): Promise<string | undefined> {
    const file = path.join(this.options.dataDir, path.basename(name));
    if (!(await this.options.fs.stat(file))?.isFile) return undefined;
    return new TextDecoder().decode(await this.options.fs.readFile(file));
  }

  /** Replaces a file beside the outcome log atomically. */
  async writeSidecar(name: string, text: string): Promise<void> {
    await this.options.fs.createDirectory(this.options.dataDir);
    await this.options.fs.writeFileAtomic(path.join(this.options.dataDir, path.basename(name)), text);
  }

  /** Switches to another embedder (e.g. once the semantic model has loaded) and re-embeds the history. */
  async useEmbedder(embedder: TextEmbedder): Promise<void> {
    if (embedder.id === this.currentEmbedder.id) return;
    this.currentEmbedder = embedder;
    this.featurizer = this.makeFeaturizer(embedder);
    this.vectors.clear();
    await this.embedMissing(this.store.all);
    this.options.logger.info(`Learning: similar tasks are now found by ${this.featurizer.id}.`);
    for (const listener of this.embedderListeners) listener(embedder);
  }

  onDidChangeEmbedder(listener: (embedder: TextEmbedder) => void): { dispose(): void } {
    this.embedderListeners.add(listener);
    return { dispose: () => this.embedderListeners.delete(listener) };
  }

  private makeFeaturizer(embedder: TextEmbedder): TaskFeaturizer {
    return this.options.featurizer ? this.options.featurizer(embedder) : embeddingFeaturizer(embedder);
  }

  /** Switches how tasks are compared (e.g. once the selector exists); cached vectors are recomputed. */
  async useFeaturizer(featurizer: TaskFeaturizer): Promise<void> {
    this.featurizer = featurizer;
    this.vectors.clear();
    await this.embedMissing(this.store.all);
  }

  /** Call when the experts change: the profile part of the features depends on them. */
  async refreshFeatures(): Promise<void> {
    this.vectors.clear();
    await this.embedMissing(this.store.all);
  }

  /** Loads history and embeds it; call once before use. */
  async initialize(): Promise<void> {
    const outcomes = await this.store.load();
    await this.embedMissing(outcomes);
    this.options.logger.info(`Learning: ${outcomes.length} outcomes loaded (similarity by ${this.featurizer.id}).`);
  }

  onDidRecord(listener: (outcome: TaskOutcome) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** `correction.preferredAgentId`: the expert that should have done it (a label, not just a verdict). */
  async recordTaskOutcome(
    task: string,
    agentId: string,
    result: string,
    success: boolean,
    correction: { preferredAgentId?: string } = {},
  ): Promise<TaskOutcome> {
    return (
      await this.recordTaskOutcomes([
        { task, agentId, result, success, ...(correction.preferredAgentId ? { preferredAgentId: correction.preferredAgentId } : {}) },
      ])
    )[0]!;
  }

  /**
   * Takes in what other processes on the data folder recorded since the log was last read (the
   * extension, the CLI and MCP servers share it), at most once per CATCH_UP_INTERVAL_MS: each new outcome
   * reaches the listeners (the selection model) as if recorded here. Returns how many were new. They are
   * learned in the order they arrive here, which may differ from the log's (a fresh process learns in the
   * log's order); the saved model records that order and is retrained when it does not match.
   */
  async catchUp(): Promise<number> {
    const now = this.options.clock.now();
    // A clock set back counts as time passed (else catching up would wait until it caught up again).
    if (this.lastCatchUp !== undefined && now >= this.lastCatchUp && now - this.lastCatchUp < CATCH_UP_INTERVAL_MS) return 0;
    this.lastCatchUp = now;
    const fresh = await this.store.catchUp();
    if (!fresh.length) return 0;
    await this.embedMissing(fresh);
    for (const outcome of fresh) for (const listener of this.listeners) listener(outcome);
    return fresh.length;
  }

  /** Several outcomes in one durable append (all validated before any is written). */
  async recordTaskOutcomes(inputs: readonly OutcomeInput[]): Promise<TaskOutcome[]> {
    const outcomes = await this.store.appendMany(inputs);
    await this.embedMissing(outcomes);
    for (const outcome of outcomes) for (const listener of this.listeners) listener(outcome);
    return outcomes;
  }

  get outcomes(): readonly TaskOutcome[] {
    return this.store.all;
  }

  getLearningStats(): LearningStats {
    const outcomes = this.store.all;
    // A Map while counting: an expert id such as "constructor" or "__proto__" is an ordinary key.
    const performance = new Map<string, LearningStats['agentPerformance'][string]>();
    const keywords = new Map<string, number>();
    for (const o of outcomes) {
      let entry = performance.get(o.agentId);
      if (!entry) performance.set(o.agentId, (entry = { success: 0, fail: 0, rate: 0, lowerBound: 0 }));
      if (o.success) entry.success++;
      else entry.fail++;
      for (const word of new Set(tokenize(o.task))) {
        // A "word" of thousands of letters (a pasted hash or blob) is no keyword; stats printed it whole.
        if (word.length > 2 && word.length <= MAX_KEYWORD_LENGTH && !STOP_WORDS.has(word) && !/^\d+$/.test(word))
          keywords.set(word, (keywords.get(word) ?? 0) + 1);
      }
    }
    for (const entry of performance.values()) {
      entry.rate = round(entry.success / (entry.success + entry.fail));
      entry.lowerBound = round(wilsonLowerBound(entry.success, entry.fail));
    }
    return {
      totalOutcomes: outcomes.length,
      agentsTracked: performance.size,
      topKeywords: [...keywords.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 10)
        .map(([keyword, count]) => ({ keyword, count })),
      // fromEntries defines own properties, so even "__proto__" stays an ordinary key.
      agentPerformance: Object.fromEntries(performance),
    };
  }

  /** Weighted successes and failures per expert on tasks similar to `task`. */
  async evidenceFor(task: string): Promise<TaskEvidence> {
    const [vector] = await this.featurizer.features([task]);
    return gatherEvidence(vector!, this.store.all, this.vectors, this.options.clock.now(), this.evidenceOptions);
  }

  async getRecommendations(task: string): Promise<Recommendation> {
    const evidence = await this.evidenceFor(task);
    let best: { agentId: string; bound: number; successes: number; failures: number; count: number } | undefined;
    for (const e of evidence.byAgent.values()) {
      const bound = wilsonLowerBound(e.successes, e.failures);
      if (!best || bound > best.bound) best = { agentId: e.agentId, bound, successes: e.successes, failures: e.failures, count: e.count };
    }
    const similarTasks = evidence.similar.slice(0, 5);
    if (!best || best.bound <= 0) {
      return {
        recommendedAgent: undefined,
        confidence: 0,
        reason: evidence.similar.length ? 'similar tasks exist but no expert has succeeded on them' : 'no similar task in the history',
        similarTasks,
      };
    }
    return {
      recommendedAgent: best.agentId,
      confidence: round(best.bound),
      reason: `${best.agentId} succeeded on ${best.successes.toFixed(1)} of ${(best.successes + best.failures).toFixed(1)} weighted similar outcomes (${best.count} tasks); 90% lower bound ${best.bound.toFixed(2)}`,
      similarTasks,
    };
  }

  /** The seed's logic: history when confident, else the pool's selector, else history as a fallback. */
  async suggestAgentForTask(task: string, poolSelector: PoolSelector): Promise<AgentSuggestion> {
    const recommendation = await this.getRecommendations(task);
    if (recommendation.recommendedAgent && recommendation.confidence > HISTORY_CONFIDENCE_THRESHOLD) {
      return { agentId: recommendation.recommendedAgent, source: 'history', confidence: recommendation.confidence, reason: recommendation.reason };
    }
    const pooled = poolSelector.selectBestAgent(task);
    if (pooled)
      return {
        agentId: pooled.expertId,
        source: 'selector',
        confidence: recommendation.confidence,
        reason: `selected by definitions (score ${pooled.score}); history not confident enough (${recommendation.confidence} ≤ ${HISTORY_CONFIDENCE_THRESHOLD})`,
      };
    if (recommendation.recommendedAgent)
      return {
        agentId: recommendation.recommendedAgent,
        source: 'history-fallback',
        confidence: recommendation.confidence,
        reason: `no definition matched; ${recommendation.reason}`,
      };
    return { agentId: undefined, source: 'none', confidence: 0, reason: 'no expert matched and no history applies' };
  }

  private async embedMissing(outcomes: readonly TaskOutcome[]): Promise<void> {
    const missing = outcomes.filter((o) => !this.vectors.has(o.id));
    for (let i = 0; i < missing.length; i += 64) {
      const batch = missing.slice(i, i + 64);
      const vectors = await this.featurizer.features(batch.map((o) => o.task));
      batch.forEach((o, k) => this.vectors.set(o.id, vectors[k]!));
    }
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
