// Builds the realtime tools' host functions (RealtimeToolDeps) from the core's parts: the ExpertChooser,
// the pool, the workflow planner, workspace search and the delegation service. Every host (VS Code,
// the CLI) wires the same functions; only where the parts come from differs.
import { InvalidArgumentError } from '../errors';
import type { AgentInstance, PoolStats } from '../agents/pool-types';
import type { TaskSpec, WorkflowPlan } from '../workflow/plan-types';
import { RealtimeConfigError } from './errors';
import type { CodeHit, DelegateKind, DelegationRequest, RealtimeToolDeps, TaskState, TaskStatusReport } from './orchestrator-tools';
import { lookupTable } from '../text/lookup-table';

/** What the tools need of a DelegationService. */
export interface DelegationPort {
  start(kind: DelegateKind, request: DelegationRequest): { taskId: string };
  /** Throws for an unknown id. */
  status(taskId: string): {
    taskId: string;
    kind: DelegateKind;
    state: string;
    expertId: string;
    summary?: string;
    error?: string;
    progress: readonly string[];
    result?: { changedFiles?: readonly string[]; mode?: string };
  };
}

export interface SearchPort {
  searchCode(
    query: string,
    limit: number,
  ): Promise<ReadonlyArray<{ codePath: string; content: string; metadata: Readonly<Record<string, unknown>>; similarityScore: number }>>;
}

export interface ToolDepsSources {
  /** The ExpertChooser every surface asks (its ranking: definitions, learning, the task's own history). */
  chooser: { rank(task: string, options?: { explore?: boolean }): Promise<ReadonlyArray<{ expertId: string; displayName: string; probability: number }>> };
  pool: { getStats(): PoolStats; listInstances(): ReadonlyArray<Readonly<AgentInstance>> };
  planner: { createMultiTaskPlan(goal: string, tasks: readonly TaskSpec[], strategy: 'sequential' | 'parallel' | 'dag'): Promise<WorkflowPlan> };
  /** The delegation service, once the delegates are available in this host. */
  delegation: () => DelegationPort | undefined;
  /** The workspace index, when one is built; `why` explains its absence. */
  search: () => { port?: SearchPort; why?: string };
  /** Checks the caller may search (the security gate's code.search); throws a typed refusal. */
  authorizeSearch: (query: string) => Promise<void>;
}

const STATES: Record<string, TaskState> = lookupTable<TaskState>({
  starting: 'queued',
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
});

export function createOrchestratorToolDeps(sources: ToolDepsSources): RealtimeToolDeps {
  const delegation = (): DelegationPort => {
    const service = sources.delegation();
    if (!service) throw new RealtimeConfigError('Delegation is not available: the Claude and Gemini delegates are not set up in this window.');
    return service;
  };
  return {
    delegate: (kind, request) => delegation().start(kind, request),

    taskStatus: (taskId): TaskStatusReport | undefined => {
      let task: ReturnType<DelegationPort['status']>;
      try {
        task = delegation().status(taskId);
      } catch (error) {
        if ((error as { code?: string }).code === 'unknown-delegated-task' || /unknown|no .*task/i.test((error as Error).message)) return undefined;
        throw error;
      }
      const changed = task.result?.changedFiles;
      return {
        taskId: task.taskId,
        kind: task.kind,
        state: STATES[task.state] ?? 'running',
        ...(task.summary ? { summary: task.summary.slice(0, 2_000) } : {}),
        ...(task.error ? { error: task.error } : {}),
        details: {
          expert: task.expertId,
          recentProgress: task.progress.slice(-5),
          ...(changed?.length ? { changedFiles: [...changed] } : {}),
          ...(task.result?.mode ? { mode: task.result.mode } : {}),
        },
      };
    },

    // The chooser's ranking, best first, as MCP select_expert and the CLI show it (no exploration:
    // a voice caller records no outcomes); confidence is the chooser's probability.
    selectExpert: async (task, count) =>
      (await sources.chooser.rank(task, { explore: false })).slice(0, count).map((r) => ({
        expertId: r.expertId,
        name: r.displayName,
        confidence: Math.round(r.probability * 100) / 100,
      })),

    planWorkflow: async (goal, tasks, strategy) => {
      if (!goal.trim()) throw new InvalidArgumentError('A workflow needs a goal.');
      const specs: TaskSpec[] = (tasks.length ? tasks : [goal]).map((description, i) => ({
        id: `task_${i + 1}`,
        description,
        ...(strategy === 'dag' && i > 0 ? { dependencies: [`task_${i}`] } : {}),
      }));
      const plan = await sources.planner.createMultiTaskPlan(goal, specs, strategy);
      return {
        plan_id: plan.id,
        strategy: plan.strategy,
        estimated_minutes: Math.round(plan.estimatedDuration / 60),
        stages: plan.stages.map((s) => ({ name: s.name, tasks: s.tasks.map((t) => ({ id: t.id, description: t.description, expert: t.agentId })) })),
      };
    },

    searchCode: async (query, limit): Promise<CodeHit[]> => {
      const { port, why } = sources.search();
      if (!port) throw new RealtimeConfigError(why ?? 'Workspace search is not available: no index is built.');
      await sources.authorizeSearch(query);
      const results = await port.searchCode(query, limit);
      return results.map((r) => ({
        path: r.codePath,
        ...(typeof r.metadata['startLine'] === 'number' ? { line: r.metadata['startLine'] } : {}),
        snippet: r.content,
        score: Math.round(r.similarityScore * 1000) / 1000,
      }));
    },

    poolStatus: () => {
      const stats = sources.pool.getStats();
      const busy = sources.pool.listInstances().filter((i) => i.status === 'working' || i.status === 'reserved');
      return {
        live: stats.live,
        by_status: stats.byStatus,
        limits: { per_expert: stats.limits.maxInstancesPerExpert, total: stats.limits.maxTotalInstances },
        tasks_completed: stats.tasksCompleted,
        tasks_failed: stats.tasksFailed,
        busy: busy.map((i) => ({ instance: i.id, expert: i.expertId, status: i.status, task: i.taskDescription.slice(0, 200) })),
      };
    },
  };
}
