// The seven tools the voice orchestrator offers the realtime model (defined once in ../tools/). Their work
// is done by functions the host injects (RealtimeToolDeps); delegations return a task id at once and run
// in the background, and check_task_result reports how they are going.
import { CHECK_TASK_RESULT, DELEGATE_TO_CLAUDE, DELEGATE_TO_GEMINI, PLAN_WORKFLOW, POOL_STATUS, SEARCH_CODE, SELECT_EXPERT } from '../tools/tool-definitions';
import { TOOL_LIMITS } from '../tools/tool-limits';
import type { ToolRegistry } from './tool-registry';

export type DelegateKind = 'claude' | 'gemini';

export interface DelegationRequest {
  task: string;
  expertId?: string;
  files?: string[];
  /** Gemini: a page to start from. */
  url?: string;
}

export type TaskState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface TaskStatusReport {
  taskId: string;
  kind?: DelegateKind;
  state: TaskState;
  /** What the delegate reported last (a summary when finished). */
  summary?: string;
  error?: string;
  /** Files changed, pages visited, … as the delegate reports them. */
  details?: Record<string, unknown>;
}

export interface ExpertChoice {
  expertId: string;
  name?: string;
  confidence: number;
  reasons?: string[];
}

export interface CodeHit {
  path: string;
  line?: number;
  snippet: string;
  score?: number;
}

export interface RealtimeToolDeps {
  /** Starts a delegation in the background and returns its id at once. */
  delegate(kind: DelegateKind, request: DelegationRequest): Promise<{ taskId: string }> | { taskId: string };
  /** Undefined when the id is unknown. */
  taskStatus(taskId: string): Promise<TaskStatusReport | undefined> | TaskStatusReport | undefined;
  selectExpert(task: string, count: number): Promise<ExpertChoice[]> | ExpertChoice[];
  planWorkflow(goal: string, tasks: string[], strategy: 'sequential' | 'parallel' | 'dag'): Promise<unknown> | unknown;
  searchCode(query: string, limit: number): Promise<CodeHit[]> | CodeHit[];
  poolStatus(): Promise<unknown> | unknown;
}

export const ORCHESTRATOR_TOOL_NAMES = [
  'delegate_to_claude',
  'delegate_to_gemini',
  'select_expert',
  'plan_workflow',
  'search_code',
  'pool_status',
  'check_task_result',
] as const;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && !!x.trim()).map((x) => x.trim()) : []);

function delegationRequest(args: Record<string, unknown>): DelegationRequest {
  const files = strings(args.files);
  const expertId = str(args.expert_id);
  const url = str(args.url);
  return { task: String(args.task).trim(), ...(expertId ? { expertId } : {}), ...(files.length ? { files } : {}), ...(url ? { url } : {}) };
}

/** Voice offers select_expert without exploration (the voice selector has none). */
const VOICE_SELECT_EXPERT = { ...SELECT_EXPERT, schema: SELECT_EXPERT.schema.omit({ explore: true }) };

export function registerOrchestratorTools(registry: ToolRegistry, deps: RealtimeToolDeps): void {
  /** delegate_to_*: starts the task in the background and answers at once with its id. */
  const startDelegation = (kind: DelegateKind) => async (args: Record<string, unknown>) => {
    const { taskId } = await deps.delegate(kind, delegationRequest(args));
    return { task_id: taskId, status: 'started', note: 'Use check_task_result with this task_id to learn the outcome.' };
  };
  registry.register(DELEGATE_TO_CLAUDE, startDelegation('claude'));
  registry.register(DELEGATE_TO_GEMINI, startDelegation('gemini'));

  registry.register(CHECK_TASK_RESULT, async ({ task_id: taskId }) => {
    const status = await deps.taskStatus(taskId);
    if (!status) return { task_id: taskId, error: `No task with id "${taskId}" is known in this session.` };
    return {
      task_id: status.taskId,
      state: status.state,
      ...(status.kind ? { delegate: status.kind } : {}),
      ...(status.summary ? { summary: status.summary } : {}),
      ...(status.error ? { error: status.error } : {}),
      ...(status.details ? { details: status.details } : {}),
    };
  });

  registry.register(VOICE_SELECT_EXPERT, async ({ task, count }) => {
    const experts = await deps.selectExpert(task, count ?? 3);
    return experts.length ? { experts } : { experts: [], note: 'No expert matched this task.' };
  });

  registry.register(PLAN_WORKFLOW, async ({ goal, tasks, strategy }) =>
    deps.planWorkflow(
      goal,
      (tasks ?? []).map((t) => (typeof t === 'string' ? t : t.description)),
      strategy ?? 'sequential',
    ),
  );

  registry.register(SEARCH_CODE, async ({ query, limit }) => {
    const hits = await deps.searchCode(query, limit ?? TOOL_LIMITS.defaultSearchResults);
    return { results: hits.map((h) => ({ ...h, snippet: h.snippet.slice(0, 600) })) };
  });

  registry.register(POOL_STATUS, async () => deps.poolStatus());
}
