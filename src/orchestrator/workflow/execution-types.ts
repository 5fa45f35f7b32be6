// What an execution of a plan records: one entry per task and the overall outcome.
import type { ExecutionStrategy } from './plan-types';

export type TaskRunStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'not-run' | 'skipped' | 'cancelled';
export type ExecutionStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'not-run';
export type FailurePolicy = 'fail-fast' | 'continue';

export interface TaskRun {
  taskId: string;
  agentId: string;
  description: string;
  dependencies: string[];
  status: TaskRunStatus;
  attempts: number;
  instanceId?: string;
  startedAt?: number;
  finishedAt?: number;
  /** The runner's output (success) or the last error (failure), or why the task was skipped. */
  output?: string;
}

export interface WorkflowExecution {
  executionId: string;
  planId: string;
  goal: string;
  strategy: ExecutionStrategy;
  runner: string;
  status: ExecutionStatus;
  startedAt: number;
  finishedAt?: number;
  concurrency: number;
  failurePolicy: FailurePolicy;
  tasks: TaskRun[];
}

export interface ExecutionProgress {
  execution: Readonly<WorkflowExecution>;
  task: Readonly<TaskRun>;
}

export function countByStatus(execution: WorkflowExecution): Record<TaskRunStatus, number> {
  const counts: Record<TaskRunStatus, number> = { pending: 0, running: 0, succeeded: 0, failed: 0, 'not-run': 0, skipped: 0, cancelled: 0 };
  for (const t of execution.tasks) counts[t.status]++;
  return counts;
}

export function describeExecution(execution: WorkflowExecution): string {
  const c = countByStatus(execution);
  const parts = (['succeeded', 'failed', 'not-run', 'skipped', 'cancelled'] as const).filter((s) => c[s]).map((s) => `${c[s]} ${s}`);
  return `${execution.status.toUpperCase()}: ${parts.join(', ') || 'no tasks'} of ${execution.tasks.length} task${execution.tasks.length === 1 ? '' : 's'}`;
}
