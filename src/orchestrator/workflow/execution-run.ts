// One execute() call of the WorkflowExecutor (executor.ts): starts each task once its dependencies
// succeeded, at most `concurrency` at a time, retries failures with backoff, stops on cancellation or
// fail-fast, and reports every task's progress, outcome and events.
import { setMaxListeners } from 'events';
import { PoolCapacityError } from '../errors';
import type { AgentInstance, TaskResult } from '../agents/pool-types';
import type { AgentRunResult } from './agent-runner';
import type { TaskRun, WorkflowExecution } from './execution-types';
import type { ExecuteOptions, ExecutorDeps, Settings } from './executor-options';
import { type PlannedTask, type WorkflowPlan, planTasks } from './plan-types';

const MAX_OUTPUT = 20_000;
const FINAL: ReadonlySet<TaskRun['status']> = new Set(['succeeded', 'failed', 'not-run', 'skipped', 'cancelled']);

/** The state of one execute() call. */
export class ExecutionRun {
  private readonly controller = new AbortController();
  /** The controller's signal, read once (its getter checks the receiver at every read, several per task). */
  private readonly signal = this.controller.signal;
  /** What settles each running task's wait, and each sleep before a retry, when the run stops. */
  private readonly onStop = new Set<() => void>();
  private readonly byId: Map<string, TaskRun>;
  private readonly planned: Map<string, PlannedTask>;
  private readonly outputs = new Map<string, string>();
  private running = 0;
  private stopReason: string | undefined;
  private wake: (() => void) | undefined;
  cancelled = false;

  constructor(
    private readonly deps: ExecutorDeps,
    private readonly plan: WorkflowPlan,
    private readonly execution: WorkflowExecution,
    private readonly settings: Settings,
    private readonly options: ExecuteOptions,
  ) {
    this.byId = new Map(execution.tasks.map((t) => [t.taskId, t]));
    this.planned = new Map(planTasks(plan).map((t) => [t.id, t]));
    // Each runner listens to the shared signal (the executor's own waits are in onStop).
    setMaxListeners(settings.concurrency * 3 + 10, this.signal);
  }

  async start(): Promise<void> {
    const onAbort = () => this.stop('cancelled by the user', true);
    if (this.options.signal?.aborted) onAbort();
    this.options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        this.settleBlocked();
        if (!this.stopReason) {
          for (const task of this.execution.tasks) {
            if (this.running >= this.settings.concurrency) break;
            if (task.status === 'pending' && task.dependencies.every((d) => this.byId.get(d)!.status === 'succeeded')) this.launch(task);
          }
        }
        if (this.running === 0) break;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      this.options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Ends pending tasks that can no longer run: a dependency did not succeed, or the run stopped. */
  private settleBlocked(): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const task of this.execution.tasks) {
        if (task.status !== 'pending') continue;
        if (this.stopReason) {
          this.finish(task, this.cancelled ? 'cancelled' : 'skipped', `Not started: ${this.stopReason}.`);
          changed = true;
          continue;
        }
        const blocker = task.dependencies.map((d) => this.byId.get(d)!).find((d) => FINAL.has(d.status) && d.status !== 'succeeded');
        if (blocker) {
          this.finish(task, 'skipped', `Skipped: dependency ${blocker.taskId} ended ${blocker.status}.`);
          changed = true;
        }
      }
    }
  }

  private launch(task: TaskRun): void {
    this.running++;
    task.status = 'running';
    task.startedAt = this.deps.clock.now();
    this.progress(task);
    void this.runTask(task)
      .catch((error) => this.finish(task, 'failed', `Internal error: ${(error as Error).message}`))
      .finally(() => {
        this.running--;
        this.wake?.();
      });
  }

  private async runTask(task: TaskRun): Promise<void> {
    const planned = this.planned.get(task.taskId)!;
    for (let attempt = 1; ; attempt++) {
      if (this.signal.aborted) return this.finish(task, 'cancelled', `Stopped before attempt ${attempt}: ${this.stopReason}.`);
      task.attempts = attempt;
      const result = await this.attempt(task, planned, attempt);
      if (this.signal.aborted && result.status !== 'succeeded') {
        return this.finish(task, 'cancelled', `Stopped while running: ${this.stopReason}.`);
      }
      if (result.status === 'succeeded' || result.status === 'not-run') {
        this.outputs.set(task.taskId, result.output);
        await this.record(task, result);
        return this.finish(task, result.status, result.output);
      }
      const willRetry = result.retryable !== false && attempt < this.settings.maxAttempts;
      emitEvent(
        this.deps,
        this.execution,
        task.agentId,
        'error_occurred',
        { taskId: task.taskId, attempt, error: result.output.slice(0, 2000), willRetry },
        `${task.taskId} attempt ${attempt} failed${willRetry ? ', retrying' : ''}: ${result.output.slice(0, 120)}`,
      );
      if (!willRetry) {
        await this.record(task, result);
        this.finish(task, 'failed', result.output);
        if (this.settings.failurePolicy === 'fail-fast') this.stop(`fail-fast after ${task.taskId} failed`, false);
        return;
      }
      const delay = Math.min(this.settings.retryMaxDelayMs, this.settings.retryBaseDelayMs * 2 ** (attempt - 1));
      this.deps.logger.info(`${task.taskId} (${task.agentId}) failed on attempt ${attempt}; retrying in ${delay} ms: ${result.output.slice(0, 200)}`);
      await this.sleep(delay);
    }
  }

  private async attempt(task: TaskRun, planned: PlannedTask, attempt: number): Promise<AgentRunResult> {
    let instance: Readonly<AgentInstance>;
    const acquiring = this.deps.pool.acquireExpert(task.agentId, task.description, { waitMs: this.settings.acquireWaitMs });
    const stop = this.abortedResult();
    try {
      const first = await Promise.race([acquiring, stop.promise]);
      if (!('expertId' in first)) {
        // Cancelled while waiting for capacity: give the instance back whenever it arrives.
        acquiring.then(
          (late) => this.deps.pool.releaseInstance(late.id),
          () => undefined,
        );
        return first;
      }
      instance = first;
    } catch (error) {
      return {
        status: 'failed',
        output: `Could not get an instance of ${task.agentId}: ${(error as Error).message}`,
        retryable: error instanceof PoolCapacityError,
      };
    } finally {
      stop.dispose();
    }
    task.instanceId = instance.id;
    let result: AgentRunResult | undefined;
    try {
      await this.deps.pool.markWorking(instance.id, task.description);
      const dependencyOutputs: Record<string, string> = {};
      for (const d of task.dependencies) dependencyOutputs[d] = this.outputs.get(d) ?? '';
      const running = this.deps.runner.run({
        executionId: this.execution.executionId,
        planId: this.plan.id,
        goal: this.plan.goal,
        task: planned,
        instanceId: instance.id,
        attempt,
        dependencyOutputs,
        signal: this.signal,
      });
      const stop = this.abortedResult();
      try {
        result = checkResult(await Promise.race([running, stop.promise]));
      } finally {
        stop.dispose();
      }
    } catch (error) {
      result = { status: 'failed', output: `${this.deps.runner.name} failed: ${(error as Error).message}` };
    } finally {
      const outcome: TaskResult = {
        success: result?.status === 'succeeded',
        summary: (result?.output ?? 'stopped').slice(0, 500),
        learn: result !== undefined && result.status !== 'not-run',
      };
      try {
        await this.deps.pool.releaseInstance(instance.id, outcome);
      } catch (error) {
        this.deps.logger.warn(`Could not release ${instance.id}: ${(error as Error).message}`);
      }
    }
    return result;
  }

  /** Settles as a failure when the run is aborted, so a runner that ignores its signal cannot hold it up. */
  private abortedResult(): { promise: Promise<AgentRunResult>; dispose(): void } {
    let done: () => void = () => undefined;
    const promise = new Promise<AgentRunResult>((resolve) => {
      done = () => resolve({ status: 'failed', output: `stopped: ${this.stopReason}`, retryable: false });
      if (this.signal.aborted) done();
      else this.onStop.add(done); // a set, not a listener on the signal per task: stop() calls them
    });
    return { promise, dispose: () => this.onStop.delete(done) };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.deps.clock.setTimer(ms, () => {
        this.onStop.delete(onStop);
        resolve();
      });
      const onStop = () => {
        timer.dispose();
        resolve();
      };
      this.onStop.add(onStop);
    });
  }

  private stop(reason: string, cancelled: boolean): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.cancelled = cancelled;
    // The waits settle first, so a stopped task is reported as stopped whatever its runner answers once
    // told to stop (a runner may answer at once from its abort listener).
    for (const settle of [...this.onStop]) settle();
    this.onStop.clear();
    this.controller.abort();
    this.wake?.();
  }

  private finish(task: TaskRun, status: TaskRun['status'], output: string): void {
    if (FINAL.has(task.status)) return;
    task.status = status;
    task.output = output.length > MAX_OUTPUT ? `${output.slice(0, MAX_OUTPUT)}… (${output.length - MAX_OUTPUT} more characters)` : output;
    task.finishedAt = this.deps.clock.now();
    if (status !== 'failed') {
      emitEvent(
        this.deps,
        this.execution,
        task.agentId,
        'message_sent',
        { taskId: task.taskId, status, attempts: task.attempts, output: task.output.slice(0, 2000) },
        `${task.taskId} ${status}: ${task.description.slice(0, 100)}`,
      );
    }
    this.progress(task);
  }

  private async record(task: TaskRun, result: AgentRunResult): Promise<void> {
    if (!this.deps.outcomes || result.status === 'not-run') return;
    try {
      await this.deps.outcomes.recordTaskOutcome(task.description, task.agentId, result.output, result.status === 'succeeded');
    } catch (error) {
      this.deps.logger.warn(`Could not record the outcome of ${task.taskId} for learning: ${(error as Error).message}`);
    }
  }

  private progress(task: TaskRun): void {
    try {
      this.options.onProgress?.({ execution: this.execution, task });
    } catch (error) {
      this.deps.logger.warn(`A workflow progress listener failed: ${(error as Error).message}`);
    }
  }
}

export function emitEvent(
  deps: ExecutorDeps,
  execution: WorkflowExecution,
  agentName: string,
  hookType: 'message_sent' | 'error_occurred',
  payload: Record<string, unknown>,
  summary: string,
): void {
  try {
    deps.events?.sendEvent({ agentName, hookType, sessionId: execution.executionId, payload: { executionId: execution.executionId, ...payload }, summary });
  } catch (error) {
    deps.logger.warn(`Could not emit a workflow event: ${(error as Error).message}`);
  }
}

function checkResult(value: unknown): AgentRunResult {
  const r = value as AgentRunResult | null;
  if (!r || typeof r !== 'object' || !['succeeded', 'failed', 'not-run'].includes(r.status) || typeof r.output !== 'string') {
    return { status: 'failed', output: `the runner returned an invalid result: ${JSON.stringify(value)?.slice(0, 200)}` };
  }
  return r;
}
