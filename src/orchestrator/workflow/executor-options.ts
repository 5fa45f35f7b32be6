// What the WorkflowExecutor (executor.ts) is built from, the options of one execute() call, and the
// settings they are checked into.
import type { ClockPort, LoggerPort } from '../ports';
import { InvalidArgumentError } from '../errors';
import type { AgentInstance, AcquireOptions, TaskResult } from '../agents/pool-types';
import type { WorkflowMemory } from '../memory/workflow-memory';
import type { EventSink } from '../observability/event-types';
import type { AgentRunner, OutcomeRecorder } from './agent-runner';
import type { ExecutionProgress, FailurePolicy } from './execution-types';

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

export interface Settings {
  concurrency: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  failurePolicy: FailurePolicy;
  acquireWaitMs: number;
}

export function checkOptions(o: ExecuteOptions): Settings {
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
