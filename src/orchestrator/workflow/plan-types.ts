// The shape of a workflow plan: tasks for experts, grouped into stages, with an estimate.

export const EXECUTION_STRATEGIES = ['sequential', 'parallel', 'dag'] as const;
export type ExecutionStrategy = (typeof EXECUTION_STRATEGIES)[number];

/** Named constants in the seed's style: ExecutionStrategy.SEQUENTIAL etc. */
export const ExecutionStrategy = { SEQUENTIAL: 'sequential', PARALLEL: 'parallel', DAG: 'dag' } as const satisfies Record<string, ExecutionStrategy>;

export function isExecutionStrategy(value: unknown): value is ExecutionStrategy {
  return typeof value === 'string' && (EXECUTION_STRATEGIES as readonly string[]).includes(value);
}

/** A task as a caller describes it; the planner fills in the rest. */
export interface TaskSpec {
  /** Defaults to task_<position>, counting from 1. */
  id?: string;
  description: string;
  /** The expert; chosen by the selector when missing. */
  agentId?: string;
  /** Estimated seconds; a default when missing. */
  duration?: number;
  /** Ids of tasks that must succeed first. */
  dependencies?: string[];
}

export interface PlannedTask {
  id: string;
  description: string;
  agentId: string;
  estimatedDuration: number;
  dependencies: string[];
  /** How the expert was chosen. */
  assignment: 'given' | 'selected';
  /** The chooser's probability for the expert when it chose it. */
  confidence?: number;
}

export interface PlanStage {
  index: number;
  name: string;
  strategy: ExecutionStrategy;
  tasks: PlannedTask[];
}

export interface WorkflowPlan {
  id: string;
  goal: string;
  strategy: ExecutionStrategy;
  stages: PlanStage[];
  /** Seconds: the sum for sequential plans, the critical path otherwise. */
  estimatedDuration: number;
  successCriteria: string;
  createdAt: number;
}

export function planTasks(plan: WorkflowPlan): PlannedTask[] {
  return plan.stages.flatMap((s) => s.tasks);
}
