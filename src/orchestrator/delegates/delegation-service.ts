// Runs delegated tasks in the background: picks the expert (given, or the selector's choice), acquires
// an instance from the pool, marks it working, runs the Claude coder or the Gemini browser, releases
// the instance with the outcome (learning records it on release), emits observability events, and
// keeps each task's status for status/list/cancel. Used by the voice orchestrator's tools, the VS Code
// commands and the CLI alike.
import type { ExpertDefinition } from '../agents/expert-definition';
import type { TaskResult } from '../agents/pool-types';
import { InvalidArgumentError } from '../errors';
import { EventEmitter } from '../events';
import type { EventSink, HookType } from '../observability/event-types';
import type { ClockPort, Disposable, LoggerPort } from '../ports';
import type { BrowserRequest } from './gemini-browser';
import type { CoderRequest } from './claude-coder';
import type { DelegateEvent, DelegateKind, DelegateResult } from './delegate-types';
import { DelegateCancelledError, DelegateConfigError, UnknownDelegatedTaskError, errorMessage } from './errors';
import { MAX_TASK_CHARS } from '../task-limits';

export interface DelegationRequest {
  task: string;
  expertId?: string;
  files?: string[];
}

export type DelegatedTaskState = 'starting' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface DelegatedTask {
  taskId: string;
  kind: DelegateKind;
  task: string;
  files: string[];
  expertId: string;
  /** How the expert was chosen. */
  expertChoice: 'given' | 'selected' | 'learned' | 'fallback';
  instanceId?: string;
  state: DelegatedTaskState;
  createdAt: number;
  endedAt?: number;
  /** The delegate's final answer or why it stopped. */
  summary?: string;
  /** Set when the task failed or was cancelled. */
  error?: string;
  result?: DelegateResult & { mode?: 'browser' | 'research' };
  /** The most recent progress lines (bounded). */
  progress: string[];
}

/** How the service reaches the pool (the plain pool, or the gate-checked SecuredPool). */
export interface DelegatePool {
  acquire(expertId: string, task: string): Promise<{ id: string }>;
  markWorking(instanceId: string, task: string): Promise<unknown>;
  /** Without a result the release teaches learning nothing (used for cancellations). */
  release(instanceId: string, result?: TaskResult): Promise<unknown>;
}

export interface ExpertLookup {
  readonly experts: readonly ExpertDefinition[];
  get(id: string): ExpertDefinition;
}

export interface ExpertRanker {
  rank(task: string): ReadonlyArray<{ expertId: string }>;
}

/** The upgraded (learned) ranking; asynchronous, so it refines the keyword pick just before the work starts. */
export interface AsyncExpertRanker {
  /** Best first; `signals` say whether history (own outcomes, the learned model) moved an expert. */
  rank(task: string): Promise<ReadonlyArray<{ expertId: string; signals?: { own: { successes: number; failures: number }; learned: number } }>>;
}

export interface DelegationServiceOptions {
  catalog: ExpertLookup;
  selector: ExpertRanker;
  learned?: () => AsyncExpertRanker | undefined;
  pool: DelegatePool;
  claude?: { run(request: CoderRequest): Promise<DelegateResult> };
  gemini?: { run(request: BrowserRequest): Promise<DelegateResult & { mode?: 'browser' | 'research' }> };
  /** Observability (optional: without it no events are sent). */
  events?: () => EventSink | undefined;
  clock: ClockPort;
  logger: LoggerPort;
  /** The principal delegated tasks act for (the person at the keyboard in VS Code). */
  principal: () => string;
  sessionId: () => string;
  /** Finished tasks kept for status/list (default 100). */
  maxKept?: number;
}

export interface DelegationChange {
  task: Readonly<DelegatedTask>;
  event?: DelegateEvent;
}

const MAX_PROGRESS = 60;
const FALLBACK_CODER = 'fullstack-developer';

export class DelegationService implements Disposable {
  private readonly tasks = new Map<string, DelegatedTask>();
  private readonly running = new Map<string, { controller: AbortController; done: Promise<DelegatedTask> }>();
  private readonly changed = new EventEmitter<DelegationChange>();
  private sequence = 0;
  readonly onDidChange = this.changed.event;

  constructor(private readonly options: DelegationServiceOptions) {}

  /** Validates the request, then runs it in the background; the id is for status/wait/cancel. */
  start(kind: DelegateKind, request: DelegationRequest): { taskId: string } {
    if (kind !== 'claude' && kind !== 'gemini') throw new InvalidArgumentError(`Unknown delegate "${String(kind)}"; use claude or gemini.`);
    const task = typeof request?.task === 'string' ? request.task.trim() : '';
    if (!task) throw new InvalidArgumentError('A delegated task needs a description.');
    if (task.length > MAX_TASK_CHARS) throw new InvalidArgumentError(`A delegated task is at most ${MAX_TASK_CHARS} characters long.`);
    const files = Array.isArray(request.files) ? request.files.filter((f): f is string => typeof f === 'string' && !!f.trim()).slice(0, 50) : [];
    if (!(kind === 'claude' ? this.options.claude : this.options.gemini)) {
      throw new DelegateConfigError(
        kind === 'claude' ? 'The Claude coder is not available in this host.' : 'The Gemini browser is not available in this host.',
      );
    }
    const { expert, choice } = this.chooseExpert(kind, task, request.expertId);
    const record: DelegatedTask = {
      taskId: `${kind}-${this.options.clock.now().toString(36)}-${++this.sequence}`,
      kind,
      task,
      files,
      expertId: expert.id,
      expertChoice: choice,
      state: 'starting',
      createdAt: this.options.clock.now(),
      progress: [],
    };
    this.tasks.set(record.taskId, record);
    this.prune();
    const controller = new AbortController();
    const done = this.execute(record, expert, controller.signal).finally(() => this.running.delete(record.taskId));
    this.running.set(record.taskId, { controller, done });
    this.fire(record);
    return { taskId: record.taskId };
  }

  status(taskId: string): DelegatedTask {
    const task = this.tasks.get(taskId);
    if (!task) throw new UnknownDelegatedTaskError(taskId);
    return snapshot(task);
  }

  /** Newest first. */
  list(): DelegatedTask[] {
    return [...this.tasks.values()].sort((a, b) => b.createdAt - a.createdAt || b.taskId.localeCompare(a.taskId)).map(snapshot);
  }

  /** Resolves when the task has ended (at once for a finished one). */
  async wait(taskId: string): Promise<DelegatedTask> {
    const running = this.running.get(taskId);
    if (running) await running.done;
    return this.status(taskId);
  }

  /** Asks a running task to stop; false when it had already ended. */
  cancel(taskId: string): boolean {
    const task = this.tasks.get(taskId);
    if (!task) throw new UnknownDelegatedTaskError(taskId);
    const running = this.running.get(taskId);
    if (!running || running.controller.signal.aborted) return false;
    running.controller.abort();
    this.note(task, { type: 'status', message: 'Cancelling…' });
    return true;
  }

  dispose(): void {
    for (const { controller } of this.running.values()) controller.abort();
    this.changed.dispose();
  }

  private chooseExpert(kind: DelegateKind, task: string, expertId: string | undefined): { expert: ExpertDefinition; choice: DelegatedTask['expertChoice'] } {
    const { catalog } = this.options;
    if (expertId !== undefined && expertId !== '') return { expert: catalog.get(expertId), choice: 'given' };
    const suits = (e: ExpertDefinition) => (kind === 'gemini' ? e.tools.includes('browser') : true);
    for (const ranked of this.options.selector.rank(task)) {
      const expert = catalog.experts.find((e) => e.id === ranked.expertId);
      if (expert && suits(expert)) return { expert, choice: 'selected' };
    }
    const fallback = (kind === 'claude' ? catalog.experts.find((e) => e.id === FALLBACK_CODER) : undefined) ?? catalog.experts.find(suits);
    if (!fallback)
      throw new DelegateConfigError(
        kind === 'gemini' ? 'No loaded expert has the "browser" tool, so no one can browse.' : 'No experts are loaded, so the task cannot be delegated.',
      );
    return { expert: fallback, choice: 'fallback' };
  }

  private async execute(record: DelegatedTask, chosen: ExpertDefinition, signal: AbortSignal): Promise<DelegatedTask> {
    await Promise.resolve(); // let start() return the id before anything happens
    const expert = await this.refineChoice(record, chosen);
    const { pool } = this.options;
    const actor = { principal: this.options.principal(), expertId: expert.id, taskId: record.taskId };
    const onEvent = (event: DelegateEvent) => this.note(record, event);
    let instanceId: string | undefined;
    let working = false;
    this.send(record, 'message_sent', `Delegated to ${record.kind === 'claude' ? 'Claude' : 'Gemini'} as ${expert.id}: ${record.task.slice(0, 120)}`, {
      task: record.task.slice(0, 500),
      expertChoice: record.expertChoice,
    });
    try {
      instanceId = (await pool.acquire(expert.id, record.task)).id;
      record.instanceId = instanceId;
      if (signal.aborted) throw new DelegateCancelledError('The delegated task');
      await pool.markWorking(instanceId, record.task);
      working = true;
      record.state = 'running';
      this.fire(record);
      const result =
        record.kind === 'claude'
          ? await this.options.claude!.run({ task: record.task, expert, actor, files: record.files, signal, onEvent })
          : await this.options.gemini!.run({ task: record.task, actor, signal, onEvent });
      record.result = result;
      record.summary = result.summary;
      record.state = result.success ? 'succeeded' : 'failed';
      if (!result.success) record.error = result.summary.split('\n')[0];
      await this.release(instanceId, { success: result.success, summary: result.summary.slice(0, 500) });
      this.send(
        record,
        'message_sent',
        `${record.kind === 'claude' ? 'Claude' : 'Gemini'} (${expert.id}) ${result.success ? 'finished' : 'ended without success'}: ${result.summary.slice(0, 150)}`,
        {
          success: result.success,
          summary: result.summary.slice(0, 2_000),
          turns: result.turns,
          toolCalls: result.toolCalls.length,
          denied: result.denied,
          changedFiles: result.changedFiles,
          inputTokens: result.usage.inputTokens,
          outputTokens: result.usage.outputTokens,
          cacheReadTokens: result.usage.cacheReadTokens ?? 0,
        },
      );
    } catch (error) {
      const cancelled = error instanceof DelegateCancelledError || signal.aborted;
      record.state = cancelled ? 'cancelled' : 'failed';
      record.error = cancelled ? 'Cancelled.' : errorMessage(error);
      record.summary = record.error;
      this.options.logger.warn(`Delegated task ${record.taskId} (${expert.id}) ${cancelled ? 'was cancelled' : `failed: ${record.error}`}`);
      if (instanceId) await this.release(instanceId, working && !cancelled ? { success: false, summary: record.error.slice(0, 500) } : undefined);
      this.send(record, 'error_occurred', `${cancelled ? 'Cancelled' : 'Failed'}: ${record.error.slice(0, 150)}`, {
        error: record.error,
        cancelled,
        code: (error as { code?: string })?.code ?? 'error',
      });
    }
    record.endedAt = this.options.clock.now();
    this.fire(record);
    return snapshot(record);
  }

  private async release(instanceId: string, result: TaskResult | undefined): Promise<void> {
    try {
      await this.options.pool.release(instanceId, result);
    } catch (error) {
      this.options.logger.error(`Could not release agent instance ${instanceId}: ${errorMessage(error)}`);
    }
  }

  /**
   * When the expert was not given, the one ranking every surface shows decides: learned history, or the
   * similarity in meaning to a definition, may overrule the definitions' first match (or the fallback).
   */
  private async refineChoice(record: DelegatedTask, chosen: ExpertDefinition): Promise<ExpertDefinition> {
    const learned = record.expertChoice !== 'given' ? this.options.learned?.() : undefined;
    if (!learned) return chosen;
    try {
      const suits = (e: ExpertDefinition) => (record.kind === 'gemini' ? e.tools.includes('browser') : true);
      for (const ranked of await learned.rank(record.task)) {
        const expert = this.options.catalog.experts.find((e) => e.id === ranked.expertId);
        if (!expert || !suits(expert)) continue;
        if (expert.id !== chosen.id) {
          const signals = ranked.signals;
          const fromHistory = !signals || signals.own.successes + signals.own.failures > 0 || signals.learned !== 0;
          const instead = record.expertChoice === 'fallback' ? `the fallback ${chosen.id}` : chosen.id;
          record.progress.push(
            fromHistory
              ? `Learned history prefers ${expert.id} to ${instead} for this kind of task.`
              : `The expert ranking prefers ${expert.id} to ${instead}: its definition is closer in meaning to the task.`,
          );
          record.expertId = expert.id;
          record.expertChoice = fromHistory ? 'learned' : 'selected';
          this.fire(record);
        }
        return expert;
      }
    } catch (error) {
      this.options.logger.warn(`Learned ranking failed; keeping ${chosen.id}: ${errorMessage(error)}`);
    }
    return chosen;
  }

  private note(record: DelegatedTask, event: DelegateEvent): void {
    const line = progressLine(event);
    if (line) {
      record.progress.push(line);
      if (record.progress.length > MAX_PROGRESS) record.progress.splice(0, record.progress.length - MAX_PROGRESS);
    }
    if (event.type === 'tool_call') this.send(record, 'tool_call', undefined, { tool: event.name, input: clipInput(event.input) });
    if (event.type === 'tool_result')
      this.send(record, 'tool_result', undefined, { tool: event.name, ok: event.ok, denied: event.denied, output: event.output.slice(0, 500) });
    if (event.type === 'safety')
      this.send(
        record,
        event.approved ? 'tool_call' : 'error_occurred',
        `Safety confirmation for ${event.action}: ${event.approved ? 'approved' : 'declined'} by the user`,
        { tool: event.action, explanation: event.explanation, approved: event.approved },
      );
    this.fire(record, event);
  }

  private send(record: DelegatedTask, hookType: HookType, summary: string | undefined, payload: Record<string, unknown>): void {
    const sink = this.options.events?.();
    if (!sink) return;
    try {
      sink.sendEvent({
        agentName: record.expertId,
        hookType,
        sessionId: this.options.sessionId(),
        payload: { delegate: record.kind, taskId: record.taskId, ...(record.instanceId ? { instanceId: record.instanceId } : {}), ...payload },
        ...(summary ? { summary } : {}),
      });
    } catch (error) {
      this.options.logger.warn(`Could not send an observability event for ${record.taskId}: ${errorMessage(error)}`);
    }
  }

  private fire(record: DelegatedTask, event?: DelegateEvent): void {
    this.changed.fire({ task: snapshot(record), ...(event ? { event } : {}) }, (error) => this.options.logger.error('a delegation listener failed', error));
  }

  private prune(): void {
    const max = this.options.maxKept ?? 100;
    const finished = [...this.tasks.values()].filter((t) => !this.running.has(t.taskId) && t.endedAt !== undefined).sort((a, b) => a.createdAt - b.createdAt);
    while (this.tasks.size > max && finished.length) this.tasks.delete(finished.shift()!.taskId);
  }
}

function snapshot(task: DelegatedTask): DelegatedTask {
  return { ...task, files: [...task.files], progress: [...task.progress] };
}

function clipInput(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === 'string' && v.length > 300 ? `${v.slice(0, 300)}…` : v]));
}

export function progressLine(event: DelegateEvent): string | undefined {
  switch (event.type) {
    case 'status':
      return event.message;
    case 'turn':
      return `Turn ${event.turn} of at most ${event.maxTurns}`;
    case 'tool_call': {
      const target = event.input.path ?? event.input.command ?? event.input.query ?? event.input.url ?? '';
      return `→ ${event.name}${target ? ` ${String(target).slice(0, 120)}` : ''}`;
    }
    case 'tool_result':
      return `${event.ok ? '✓' : event.denied ? '⛔' : '✗'} ${event.name}${event.ok ? '' : `: ${event.output.split('\n')[0]!.slice(0, 160)}`}`;
    case 'safety':
      return `${event.approved ? 'Confirmed' : 'Declined'}: ${event.action} (${event.explanation.slice(0, 120)})`;
    case 'error':
      return `Error: ${event.message}`;
    case 'text':
      return undefined;
  }
}
