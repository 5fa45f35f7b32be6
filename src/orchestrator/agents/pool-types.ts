// Agent instances and their lifecycle: RESERVED -> WORKING -> IDLE -> TERMINATED.

export type InstanceStatus = 'reserved' | 'working' | 'idle' | 'terminated';

export const INSTANCE_STATUSES: readonly InstanceStatus[] = ['reserved', 'working', 'idle', 'terminated'];

/** Every legal move; anything else is an IllegalTransitionError. */
export const LEGAL_TRANSITIONS: Readonly<Record<InstanceStatus, readonly InstanceStatus[]>> = {
  reserved: ['working', 'idle', 'terminated'], // idle: released or expired before it started
  working: ['idle', 'terminated'],
  idle: ['reserved', 'terminated'], // reserved: reused for a new task
  terminated: [],
};

export interface TaskResult {
  success: boolean;
  summary?: string;
  /** false when the task never really ran (no model configured, cancelled before start): nothing to learn. */
  learn?: boolean;
}

export interface StatusChange {
  from: InstanceStatus;
  to: InstanceStatus;
  at: number;
  reason?: string;
}

export interface AgentInstance {
  readonly id: string;
  readonly expertId: string;
  status: InstanceStatus;
  taskDescription: string;
  readonly createdAt: number;
  lastActiveAt: number;
  tasksCompleted: number;
  tasksFailed: number;
  lastResult?: TaskResult;
  history: StatusChange[];
}

export interface AcquireOptions {
  /** Reuse an idle instance of the same expert when one exists (default true). */
  preferReuse?: boolean;
  /** How long to wait for capacity before failing; overrides the pool's default. */
  waitMs?: number;
}

export interface PoolLimits {
  maxInstancesPerExpert: number;
  maxTotalInstances: number;
  reservationTimeoutMs: number;
  /** Default wait for capacity when acquiring; 0 fails at once. */
  acquireWaitMs: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = {
  maxInstancesPerExpert: 3,
  maxTotalInstances: 12,
  reservationTimeoutMs: 120_000,
  acquireWaitMs: 0,
};

export type StatusCounts = Record<InstanceStatus, number>;

export interface PoolStats {
  live: number;
  byStatus: StatusCounts;
  byExpert: Record<string, StatusCounts>;
  limits: PoolLimits;
  waiting: number;
  tasksCompleted: number;
  tasksFailed: number;
}

export interface ExpertTypeSummary {
  id: string;
  displayName: string;
  tier: number;
  category: string;
  description: string;
  live: number;
}

export type PoolChange =
  | { kind: 'created'; instance: Readonly<AgentInstance> }
  | { kind: 'status'; instance: Readonly<AgentInstance>; change: StatusChange }
  | { kind: 'removed'; instanceId: string }
  | { kind: 'catalog' };

export function emptyCounts(): StatusCounts {
  return { reserved: 0, working: 0, idle: 0, terminated: 0 };
}
