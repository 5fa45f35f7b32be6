// The tools offered on more than one surface, defined once: MCP (src/cli/mcp/mcp-tools.ts), the realtime
// voice model (src/orchestrator/realtime/orchestrator-tools.ts) and the Claude coder (../delegates/coder-tools.ts).
import { z } from 'zod';
import { defineTool } from './tool-definition';
import { TOOL_LIMITS } from './tool-limits';

/** Shared fields, so a task is the same task everywhere. */
export const fields = {
  task: z.string().trim().min(1).max(TOOL_LIMITS.taskChars).describe('the task, in plain words'),
  expertId: z.string().trim().min(1).max(TOOL_LIMITS.idChars),
  query: z.string().trim().min(1).max(TOOL_LIMITS.queryChars),
  searchLimit: z.number().int().min(1).max(TOOL_LIMITS.searchResults),
  resultText: z.string().max(TOOL_LIMITS.resultChars),
  path: z.string().max(TOOL_LIMITS.pathChars),
  fileText: z.string().max(TOOL_LIMITS.fileTextChars),
};

export const SEARCH_CODE = defineTool(
  'search_code',
  'Search the indexed workspace code for a query (names, words, or a description of the code sought; lexical and vector search, fused). Results are ranked and give the path, the lines and a preview of the best match.',
  z.object({
    query: fields.query.describe('What to look for'),
    limit: fields.searchLimit.optional().describe(`Most results (default ${TOOL_LIMITS.defaultSearchResults}, at most ${TOOL_LIMITS.searchResults})`),
  }),
);

export const SELECT_EXPERT = defineTool(
  'select_expert',
  "Pick the best expert of the agent pool for a task: definitions (BM25), similarity, the learned model and the task's own history.",
  z.object({
    task: fields.task,
    count: z.number().int().min(1).max(5).optional().describe('How many experts to propose (default 3 on voice, 4 on MCP: the best and its alternatives)'),
    explore: z.boolean().optional().describe('Let runners-up get a try, so recorded outcomes teach more'),
  }),
);

/** A step of a planned workflow (TOOL_LIMITS.plannedTaskChars: what the outcome log keeps of a task). */
const plannedStep = z
  .string()
  .trim()
  .min(1)
  .max(TOOL_LIMITS.plannedTaskChars, `a step is at most ${TOOL_LIMITS.plannedTaskChars} characters long (what the outcome log keeps of a task)`)
  .describe('a step, in plain words');

const plannedTask = z.object({
  description: plannedStep,
  agentId: fields.expertId.optional(),
  dependsOn: z.array(z.string().min(1).max(TOOL_LIMITS.idChars)).max(TOOL_LIMITS.plannedTasks).optional(),
});

/** The steps' text together, checked before any of them is ranked (TOOL_LIMITS.planTextChars). */
function planTextWithinLimit(steps: ReadonlyArray<string | { description: string }>, ctx: z.RefinementCtx): void {
  const total = steps.reduce((n, step) => n + (typeof step === 'string' ? step : step.description).length, 0);
  if (total > TOOL_LIMITS.planTextChars)
    ctx.addIssue({
      code: 'custom',
      message: `the steps hold ${total} characters in all; one plan takes at most ${TOOL_LIMITS.planTextChars} (each step is matched to an expert)`,
    });
}

export const PLAN_WORKFLOW = defineTool(
  'plan_workflow',
  'Break a goal into tasks assigned to experts, with an order (stages) and an estimated duration. Give the steps if they are known.',
  z.object({
    goal: fields.task.describe(`What the workflow achieves (without steps it is the one step: then at most ${TOOL_LIMITS.plannedTaskChars} characters)`),
    tasks: z
      .array(z.union([plannedStep, plannedTask]))
      .max(TOOL_LIMITS.plannedTasks)
      .superRefine(planTextWithinLimit)
      .optional()
      .describe(
        `The steps, if known (text, or {description, agentId, dependsOn}; at most ${TOOL_LIMITS.plannedTasks} steps of ${TOOL_LIMITS.plannedTaskChars} characters, ${TOOL_LIMITS.planTextChars} in all); otherwise the goal becomes one task`,
      ),
    strategy: z.enum(['sequential', 'parallel', 'dag']).optional().describe('How the tasks run (default sequential)'),
  }),
);

export type PlannedTaskInput = z.output<typeof plannedTask> | string;

export const POOL_STATUS = defineTool(
  'pool_status',
  'Report the agent pool: experts, live instances per status, capacity and which experts are busy.',
  z.object({}),
);

const delegation = {
  task: fields.task.describe('What to do, in full sentences, with names of files, functions and the expected result'),
  expert_id: fields.expertId.optional().describe("An expert id from select_expert, to give the delegate that expert's instructions"),
};

export const DELEGATE_TO_CLAUDE = defineTool(
  'delegate_to_claude',
  'Hand a coding task (write, edit, refactor, fix, test code in this workspace) to Claude. Returns a task_id at once; the work runs in the background. Tell the user it started.',
  z.object({ ...delegation, files: z.array(fields.path).max(100).optional().describe('Workspace-relative files the task is about') }),
);

export const DELEGATE_TO_GEMINI = defineTool(
  'delegate_to_gemini',
  'Hand a web task (look something up, read documentation, test a page in a browser) to Gemini. Returns a task_id at once; the work runs in the background.',
  z.object({ ...delegation, url: z.string().max(TOOL_LIMITS.pathChars).optional().describe('A page to start from, if known') }),
);

export const CHECK_TASK_RESULT = defineTool(
  'check_task_result',
  'Report the status of a delegated task (queued, running, succeeded, failed, cancelled) and its result when finished.',
  z.object({ task_id: z.string().trim().min(1).max(TOOL_LIMITS.idChars).describe('The task_id a delegate_to_* call returned') }),
);
