// Owns agent instances: creates or reuses them for tasks within capacity limits, moves them only
// through legal lifecycle transitions, expires stale reservations and reaps idle instances.
import type { ClockPort, Disposable, LoggerPort } from '../ports';
import { EventEmitter } from '../events';
import { IllegalTransitionError, InvalidArgumentError, PoolCapacityError, UnknownInstanceError } from '../errors';
import type { ExpertCatalog } from './expert-catalog';
import {
  AcquireOptions,
  AgentInstance,
  DEFAULT_POOL_LIMITS,
  ExpertTypeSummary,
  InstanceStatus,
  LEGAL_TRANSITIONS,
  PoolChange,
  PoolLimits,
  PoolStats,
  TaskResult,
  emptyCounts,
} from './pool-types';

interface Waiter {
  expertId: string;
  wake: () => void;
}

const MAX_TERMINATED_KEPT = 50;

export class AgentPoolManager {
  private readonly instances = new Map<string, AgentInstance>();
  private readonly reservationTimers = new Map<string, Disposable>();
  private readonly waiters: Waiter[] = [];
  private readonly changed = new EventEmitter<PoolChange>();
  private limits: PoolLimits;
  private sequence = 0;
  private totals = { completed: 0, failed: 0 };
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly catalog: ExpertCatalog,
    private readonly clock: ClockPort,
    private readonly logger: LoggerPort,
    limits: Partial<PoolLimits> = {},
  ) {
    this.limits = validateLimits({ ...DEFAULT_POOL_LIMITS, ...limits });
    catalog.onDidChange(() => this.emit({ kind: 'catalog' }));
  }

  setLimits(limits: Partial<PoolLimits>): void {
    this.limits = validateLimits({ ...this.limits, ...limits });
    this.wakeWaiters();
  }

  getLimits(): PoolLimits {
    return { ...this.limits };
  }

  async acquireExpert(expertId: string, taskDescription: string, options: AcquireOptions = {}): Promise<Readonly<AgentInstance>> {
    this.catalog.get(expertId); // throws UnknownExpertError with the known ids
    if (typeof taskDescription !== 'string') throw new InvalidArgumentError('taskDescription must be a string');
    const preferReuse = options.preferReuse ?? true;
    const deadline = this.clock.now() + Math.max(0, options.waitMs ?? this.limits.acquireWaitMs);
    for (;;) {
      const instance = this.tryAcquire(expertId, taskDescription, preferReuse);
      if (instance) return instance;
      const remaining = deadline - this.clock.now();
      if (remaining <= 0) throw new PoolCapacityError(this.capacityMessage(expertId));
      await this.waitForCapacity(expertId, remaining);
    }
  }

  markWorking(instanceId: string, taskDescription?: string): Readonly<AgentInstance> {
    const instance = this.require(instanceId);
    if (taskDescription !== undefined) instance.taskDescription = taskDescription;
    this.transition(instance, 'working');
    return instance;
  }

  releaseInstance(instanceId: string, taskResult?: TaskResult): Readonly<AgentInstance> {
    const instance = this.require(instanceId);
    if (!LEGAL_TRANSITIONS[instance.status].includes('idle')) throw new IllegalTransitionError(instance.id, instance.status, 'idle');
    // The result is in place before listeners hear of the WORKING -> IDLE change (learning records it).
    if (instance.status === 'working' && taskResult) {
      instance.lastResult = { ...taskResult };
      if (taskResult.success) {
        instance.tasksCompleted++;
        this.totals.completed++;
      } else {
        instance.tasksFailed++;
        this.totals.failed++;
      }
    } else if (instance.status === 'working') {
      delete instance.lastResult; // released without a result: nothing to learn from this task
    }
    this.transition(instance, 'idle', taskResult ? (taskResult.success ? 'task succeeded' : 'task failed') : 'released');
    this.wakeWaiters();
    return instance;
  }

  terminateInstance(instanceId: string, reason = 'terminated'): Readonly<AgentInstance> {
    const instance = this.require(instanceId);
    this.transition(instance, 'terminated', reason);
    this.pruneTerminated();
    this.wakeWaiters();
    return instance;
  }

  /** Terminates instances idle for longer than `maxIdleSeconds`; returns how many. */
  cleanupIdleInstances(maxIdleSeconds: number): number {
    if (!(maxIdleSeconds >= 0)) throw new InvalidArgumentError('maxIdleSeconds must be a number ≥ 0');
    const cutoff = this.clock.now() - maxIdleSeconds * 1000;
    let count = 0;
    for (const instance of [...this.instances.values()]) {
      if (instance.status === 'idle' && instance.lastActiveAt < cutoff) {
        this.transition(instance, 'terminated', `idle for more than ${maxIdleSeconds}s`);
        count++;
      }
    }
    if (count) {
      this.pruneTerminated();
      this.wakeWaiters();
    }
    return count;
  }

  getInstance(instanceId: string): Readonly<AgentInstance> | undefined {
    return this.instances.get(instanceId);
  }

  listInstances(filter: { expertId?: string; status?: InstanceStatus } = {}): Readonly<AgentInstance>[] {
    return [...this.instances.values()].filter((i) => (!filter.expertId || i.expertId === filter.expertId) && (!filter.status || i.status === filter.status));
  }

  getStats(): PoolStats {
    const byStatus = emptyCounts();
    const byExpert: PoolStats['byExpert'] = {};
    for (const instance of this.instances.values()) {
      byStatus[instance.status]++;
      (byExpert[instance.expertId] ??= emptyCounts())[instance.status]++;
    }
    return {
      live: byStatus.reserved + byStatus.working + byStatus.idle,
      byStatus,
      byExpert,
      limits: this.getLimits(),
      waiting: this.waiters.length,
      tasksCompleted: this.totals.completed,
      tasksFailed: this.totals.failed,
    };
  }

  listExpertTypes(): ExpertTypeSummary[] {
    return this.catalog.experts.map((e) => ({
      id: e.id,
      displayName: e.displayName,
      tier: e.tier,
      category: e.category,
      description: e.description,
      live: this.liveCount(e.id),
    }));
  }

  dispose(): void {
    for (const timer of this.reservationTimers.values()) timer.dispose();
    this.reservationTimers.clear();
    this.changed.dispose();
  }

  private tryAcquire(expertId: string, taskDescription: string, preferReuse: boolean): AgentInstance | undefined {
    if (preferReuse) {
      const idle = this.oldestIdle((i) => i.expertId === expertId);
      if (idle) {
        idle.taskDescription = taskDescription;
        this.transition(idle, 'reserved', 'reused for a new task');
        return idle;
      }
    }
    if (this.liveCount(expertId) >= this.limits.maxInstancesPerExpert) {
      // At the per-expert limit, an idle instance of this expert can still make room.
      const idle = this.oldestIdle((i) => i.expertId === expertId);
      if (!idle) return undefined;
      this.transition(idle, 'terminated', 'replaced by a fresh instance');
    }
    if (this.liveCount() >= this.limits.maxTotalInstances) {
      const victim = this.oldestIdle(() => true);
      if (!victim) return undefined;
      this.transition(victim, 'terminated', `evicted to make room for ${expertId}`);
    }
    this.pruneTerminated();
    return this.create(expertId, taskDescription);
  }

  private create(expertId: string, taskDescription: string): AgentInstance {
    const now = this.clock.now();
    const instance: AgentInstance = {
      id: `${expertId}#${++this.sequence}`,
      expertId,
      status: 'reserved',
      taskDescription,
      createdAt: now,
      lastActiveAt: now,
      tasksCompleted: 0,
      tasksFailed: 0,
      history: [],
    };
    this.instances.set(instance.id, instance);
    this.armReservationTimer(instance);
    this.emit({ kind: 'created', instance });
    return instance;
  }

  private transition(instance: AgentInstance, to: InstanceStatus, reason?: string): void {
    const from = instance.status;
    if (!LEGAL_TRANSITIONS[from].includes(to)) throw new IllegalTransitionError(instance.id, from, to);
    const change = { from, to, at: this.clock.now(), ...(reason ? { reason } : {}) };
    instance.status = to;
    instance.lastActiveAt = change.at;
    instance.history.push(change);
    if (instance.history.length > 100) instance.history.splice(0, instance.history.length - 100);
    this.reservationTimers.get(instance.id)?.dispose();
    this.reservationTimers.delete(instance.id);
    if (to === 'reserved') this.armReservationTimer(instance);
    this.logger.debug(`instance ${instance.id}: ${from} -> ${to}${reason ? ` (${reason})` : ''}`);
    this.emit({ kind: 'status', instance, change });
  }

  private armReservationTimer(instance: AgentInstance): void {
    const timer = this.clock.setTimer(this.limits.reservationTimeoutMs, () => {
      this.reservationTimers.delete(instance.id);
      if (instance.status !== 'reserved') return;
      this.logger.warn(`Reservation of ${instance.id} expired after ${Math.round(this.limits.reservationTimeoutMs / 1000)}s without work; released.`);
      this.transition(instance, 'idle', 'reservation expired');
      this.wakeWaiters();
    });
    this.reservationTimers.set(instance.id, timer);
  }

  private waitForCapacity(expertId: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        expertId,
        wake: () => {
          timer.dispose();
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          resolve();
        },
      };
      const timer = this.clock.setTimer(timeoutMs, waiter.wake);
      this.waiters.push(waiter);
    });
  }

  /** Lets every waiter retry; the ones that still find no room wait again until their deadline. */
  private wakeWaiters(): void {
    for (const waiter of [...this.waiters]) waiter.wake();
  }

  private oldestIdle(match: (i: AgentInstance) => boolean): AgentInstance | undefined {
    let oldest: AgentInstance | undefined;
    for (const instance of this.instances.values()) {
      if (instance.status === 'idle' && match(instance) && (!oldest || instance.lastActiveAt < oldest.lastActiveAt)) oldest = instance;
    }
    return oldest;
  }

  private liveCount(expertId?: string): number {
    let count = 0;
    for (const instance of this.instances.values()) {
      if (instance.status !== 'terminated' && (!expertId || instance.expertId === expertId)) count++;
    }
    return count;
  }

  private pruneTerminated(): void {
    const terminated = [...this.instances.values()].filter((i) => i.status === 'terminated');
    for (const instance of terminated.slice(0, Math.max(0, terminated.length - MAX_TERMINATED_KEPT))) {
      this.instances.delete(instance.id);
      this.emit({ kind: 'removed', instanceId: instance.id });
    }
  }

  private require(instanceId: string): AgentInstance {
    const instance = this.instances.get(instanceId);
    if (!instance) throw new UnknownInstanceError(instanceId);
    return instance;
  }

  private capacityMessage(expertId: string): string {
    const perExpert = this.liveCount(expertId);
    if (perExpert >= this.limits.maxInstancesPerExpert) {
      return `Expert "${expertId}" already has ${perExpert} of ${this.limits.maxInstancesPerExpert} allowed instances busy (setting bigThree.pool.maxInstancesPerExpert); release one or wait.`;
    }
    return `The pool is full: ${this.liveCount()} of ${this.limits.maxTotalInstances} instances are busy (setting bigThree.pool.maxTotalInstances); release one or wait.`;
  }

  private emit(change: PoolChange): void {
    this.changed.fire(change, (error) => this.logger.error('pool listener failed', error));
  }
}

function validateLimits(limits: PoolLimits): PoolLimits {
  for (const key of ['maxInstancesPerExpert', 'maxTotalInstances', 'reservationTimeoutMs'] as const) {
    if (!Number.isFinite(limits[key]) || limits[key] < 1) throw new InvalidArgumentError(`pool limit ${key} must be a number ≥ 1, got ${limits[key]}`);
  }
  if (!Number.isFinite(limits.acquireWaitMs) || limits.acquireWaitMs < 0) throw new InvalidArgumentError(`pool limit acquireWaitMs must be ≥ 0`);
  return limits;
}
