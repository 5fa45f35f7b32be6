// Runs a plan through the agent pool: for each task, acquire an instance of its expert, mark it
// working, run the task through the AgentRunner port and release the instance with the result.
// Dependencies are honoured (a task starts only when all of its dependencies succeeded), at most
// `concurrency` tasks run at once (one for sequential plans), failures are retried with exponential
// backoff, and the workflow stops at the first failure (fail-fast) or lets independent tasks go on
// (continue). Cancellation aborts running tasks. Every execution is stored in WorkflowMemory, every
// task outcome goes to the OutcomeRecorder, and progress is reported as observability events.
import { randomBytes } from 'crypto';
import { setMaxListeners } from 'events';
import type { ClockPort, LoggerPort } from '../ports';
import { InvalidArgumentError, PoolCapacityError } from '../errors';
import type { AgentInstance, AcquireOptions, TaskResult } from '../agents/pool-types';
import type { WorkflowMemory } from '../memory/workflow-memory';
import type { EventSink } from '../observability/event-types';
import type { AgentRunResult, AgentRunner, OutcomeRecorder } from './agent-runner';
import { ExecutionProgress, ExecutionStatus, FailurePolicy, TaskRun, WorkflowExecution, countByStatus, describeExecution } from './execution-types';
import { PlannedTask, WorkflowPlan, planTasks } from './plan-types';

/** What the executor needs from the pool (an AgentPoolManager fits; so does a gate in front of one). */
export interface ExecutorPool {
  acquireExpert(expertId: string, taskDescription: string, options?: AcquireOptions): Promise<Readonly<AgentInstance>>;
  markWorking(instanceId: string, taskDescription?: string): unknown | Promise<unknown>;
  releaseInstance(instanceId: string, taskResult?: TaskResult): unknown | Promise<unknown>;
}

export interface ExecutorDeps {
  pool: ExecutorPool;
  runner: AgentRunner;
  clock: ClockPort;
  logger: LoggerPort;
  memory?: WorkflowMemory;
  outcomes?: OutcomeRecorder;
  events?: EventSink;
}

export interface ExecuteOptions {
  /** Most tasks running at once (default 3; sequential plans always run one at a time). */
  concurrency?: number;
  /** Tries per task, including the first (default 3). */
  maxAttempts?: number;
  /** Delay before the first retry; doubles on each further retry (default 1000 ms). */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  failurePolicy?: FailurePolicy;
  /** How long to wait for pool capacity per attempt (default 30 s). */
  acquireWaitMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ExecutionProgress) => void;
  /** Defaults to exec_<time>_<random>. */
  executionId?: string;
}

const MAX_OUTPUT = 20_000;
const FINAL: ReadonlySet<TaskRun['status']> = new Set(['succeeded', 'failed', 'not-run', 'skipped', 'cancelled']);

export class WorkflowExecutor {
  constructor(private readonly deps: ExecutorDeps) {}

  async execute(plan: WorkflowPlan, options: ExecuteOptions = {}): Promise<WorkflowExecution> {
    const settings = checkOptions(options);
    const concurrency = plan.strategy === 'sequential' ? 1 : settings.concurrency;
    const execution: WorkflowExecution = {
      executionId: options.executionId ?? `exec_${this.deps.clock.now().toString(36)}_${randomBytes(3).toString('hex')}`,
      planId: plan.id,
      goal: plan.goal,
      strategy: plan.strategy,
      runner: this.deps.runner.name,
      status: 'running',
      startedAt: this.deps.clock.now(),
      concurrency,
      failurePolicy: settings.failurePolicy,
      tasks: planTasks(plan).map((t) => ({
        taskId: t.id,
        agentId: t.agentId,
        description: t.description,
        dependencies: [...t.dependencies],
        status: 'pending',
        attempts: 0,
      })),
    };
    const run = new ExecutionRun(this.deps, plan, execution, { ...settings, concurrency }, options);
    emitEvent(
      this.deps,
      execution,
      'workflow',
      'message_sent',
      { event: 'workflow_started', planId: plan.id, goal: plan.goal, tasks: execution.tasks.length, runner: execution.runner, concurrency },
      `Workflow started: ${plan.goal} (${execution.tasks.length} tasks, runner: ${execution.runner})`,
    );
    await this.store(execution);
    await run.start();
    execution.status = overallStatus(execution, run.cancelled);
    execution.finishedAt = this.deps.clock.now();
    const summary = describeExecution(execution);
    this.deps.logger.info(`Workflow ${execution.executionId} (${plan.goal}): ${summary}`);
    emitEvent(
      this.deps,
      execution,
      'workflow',
      'message_sent',
      { event: 'workflow_finished', status: execution.status, counts: countByStatus(execution), durationMs: execution.finishedAt - execution.startedAt },
      `Workflow ${summary}: ${plan.goal}`,
    );
    await this.store(execution);
    return execution;
  }

  private async store(execution: WorkflowExecution): Promise<void> {
    if (!this.deps.memory) return;
    try {
      await this.deps.memory.storeExecution(execution.executionId, execution);
    } catch (error) {
      this.deps.logger.error(`Could not store workflow execution ${execution.executionId}: ${(error as Error).message}`);
    }
  }
}

interface Settings {
  concurrency: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  failurePolicy: FailurePolicy;
  acquireWaitMs: number;
}

/** The state of one execute() call. */
class ExecutionRun {
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

function emitEvent(
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

function overallStatus(execution: WorkflowExecution, cancelled: boolean): ExecutionStatus {
  const c = countByStatus(execution);
  if (cancelled) return 'cancelled';
  if (c.failed) return 'failed';
  return c.succeeded === execution.tasks.length ? 'succeeded' : 'not-run';
}

function checkResult(value: unknown): AgentRunResult {
  const r = value as AgentRunResult | null;
  if (!r || typeof r !== 'object' || !['succeeded', 'failed', 'not-run'].includes(r.status) || typeof r.output !== 'string') {
    return { status: 'failed', output: `the runner returned an invalid result: ${JSON.stringify(value)?.slice(0, 200)}` };
  }
  return r;
}

function checkOptions(o: ExecuteOptions): Settings {
  const int = (name: string, value: number | undefined, fallback: number, min: number) => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < min) throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}, got ${value}`);
    return v;
  };
  const policy = o.failurePolicy ?? 'fail-fast';
  if (policy !== 'fail-fast' && policy !== 'continue')
    throw new InvalidArgumentError(`failurePolicy must be "fail-fast" or "continue", got ${JSON.stringify(policy)}`);
  return {
    concurrency: int('concurrency', o.concurrency, 3, 1),
    maxAttempts: int('maxAttempts', o.maxAttempts, 3, 1),
    retryBaseDelayMs: int('retryBaseDelayMs', o.retryBaseDelayMs, 1000, 0),
    retryMaxDelayMs: int('retryMaxDelayMs', o.retryMaxDelayMs, 30_000, 0),
    failurePolicy: policy,
    acquireWaitMs: int('acquireWaitMs', o.acquireWaitMs, 30_000, 0),
  };
}
