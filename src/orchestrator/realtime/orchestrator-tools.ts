// The seven tools the voice orchestrator offers the realtime model. Their work is done by functions
// the host injects (RealtimeToolDeps); delegations return a task id at once and run in the
// background, and check_task_result reports how they are going.
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

export const ORCHESTRATOR_TOOL_NAMES = ['delegate_to_claude', 'delegate_to_gemini', 'select_expert', 'plan_workflow', 'search_code', 'pool_status', 'check_task_result'] as const;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && !!x.trim()).map((x) => x.trim()) : []);

function delegationRequest(args: Record<string, unknown>): DelegationRequest {
  const files = strings(args.files);
  const expertId = str(args.expert_id);
  const url = str(args.url);
  return { task: String(args.task).trim(), ...(expertId ? { expertId } : {}), ...(files.length ? { files } : {}), ...(url ? { url } : {}) };
}

export function registerOrchestratorTools(registry: ToolRegistry, deps: RealtimeToolDeps): void {
  /** delegate_to_*: starts the task in the background and answers at once with its id. */
  const startDelegation = (kind: 'claude' | 'gemini') => async (args: Record<string, unknown>) => {
    const { taskId } = await deps.delegate(kind, delegationRequest(args));
    return { task_id: taskId, status: 'started', note: 'Use check_task_result with this task_id to learn the outcome.' };
  };
  registry.registerTool(
    'delegate_to_claude',
    'Hand a coding task (write, edit, refactor, fix, test code in this workspace) to Claude. Returns a task_id at once; the work runs in the background. Tell the user it started.',
    {
      type: 'object',
      properties: {
        task: { type: 'string', description: 'What to do, in full sentences, with names of files, functions and the expected result.', maxLength: 8000 },
        expert_id: { type: 'string', description: 'An expert id from select_expert, to give Claude that expert\'s instructions.' },
        files: { type: 'array', items: { type: 'string' }, description: 'Workspace-relative files the task is about.' },
      },
      required: ['task'],
    },
    startDelegation('claude'),
  );

  registry.registerTool(
    'delegate_to_gemini',
    'Hand a web task (look something up, read documentation, test a page in a browser) to Gemini. Returns a task_id at once; the work runs in the background.',
    {
      type: 'object',
      properties: {
        task: { type: 'string', description: 'What to find out or do on the web.', maxLength: 8000 },
        url: { type: 'string', description: 'A page to start from, if known.' },
        expert_id: { type: 'string', description: 'An expert id from select_expert.' },
      },
      required: ['task'],
    },
    startDelegation('gemini'),
  );

  registry.registerTool(
    'check_task_result',
    'Report the status of a delegated task (queued, running, succeeded, failed, cancelled) and its result when finished.',
    { type: 'object', properties: { task_id: { type: 'string', description: 'The task_id a delegate_to_* call returned.' } }, required: ['task_id'] },
    async (args) => {
      const taskId = String(args.task_id).trim();
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
    },
  );

  registry.registerTool(
    'select_expert',
    'Find the best experts of the agent pool for a task (ranked, with confidence and reasons).',
    {
      type: 'object',
      properties: { task: { type: 'string', maxLength: 4000 }, count: { type: 'integer', minimum: 1, maximum: 5, description: 'How many experts to propose (default 3).' } },
      required: ['task'],
    },
    async (args) => {
      const experts = await deps.selectExpert(String(args.task), typeof args.count === 'number' ? args.count : 3);
      return experts.length ? { experts } : { experts: [], note: 'No expert matched this task.' };
    },
  );

  registry.registerTool(
    'plan_workflow',
    'Break a goal into tasks assigned to experts, with an order and an estimated duration. Give the steps if the user named them.',
    {
      type: 'object',
      properties: {
        goal: { type: 'string', maxLength: 4000 },
        tasks: { type: 'array', items: { type: 'string' }, description: 'The steps, if known; otherwise the goal becomes one task.' },
        strategy: { type: 'string', enum: ['sequential', 'parallel', 'dag'], description: 'How the tasks run (default sequential).' },
      },
      required: ['goal'],
    },
    async (args) => deps.planWorkflow(String(args.goal), strings(args.tasks), (str(args.strategy) as 'sequential' | 'parallel' | 'dag' | undefined) ?? 'sequential'),
  );

  registry.registerTool(
    'search_code',
    'Search the workspace code for a query; returns file paths, lines and snippets.',
    {
      type: 'object',
      properties: { query: { type: 'string', maxLength: 1000 }, limit: { type: 'integer', minimum: 1, maximum: 20, description: 'Most results (default 5).' } },
      required: ['query'],
    },
    async (args) => {
      const hits = await deps.searchCode(String(args.query), typeof args.limit === 'number' ? args.limit : 5);
      return { results: hits.map((h) => ({ ...h, snippet: h.snippet.slice(0, 600) })) };
    },
  );

  registry.registerTool('pool_status', 'Report the agent pool: live instances per status, capacity and which experts are busy.', { type: 'object', properties: {} }, async () => deps.poolStatus());
}
