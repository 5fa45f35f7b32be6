// The tools `big-three mcp` offers to MCP clients (Claude Code and others), over the same core.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { BigThreeError } from '../../orchestrator/errors';
import type { HeadlessServices } from '../headless-services';

type ToolResult = { content: Array<{ type: 'text'; text: string }>; structuredContent?: Record<string, unknown>; isError?: boolean };

function ok(value: unknown): ToolResult {
  const structured = (value && typeof value === 'object' && !Array.isArray(value) ? value : { result: value }) as Record<string, unknown>;
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: structured };
}

function fail(message: string): ToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Runs a handler; a known error becomes a tool error with its message instead of a protocol error. */
async function guard(run: () => Promise<ToolResult> | ToolResult): Promise<ToolResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BigThreeError) return fail(error.message);
    return fail(`unexpected error: ${(error as Error).message}`);
  }
}

/** Privileged tools never run without the security gate. */
class BigThreeSecurityUnavailable extends BigThreeError {
  constructor() {
    super('This tool needs the security layer, which this server was started without.', 'security-unavailable');
  }
}

const task = z.string().min(1).max(20_000).describe('the task, in plain words');

export function registerMcpTools(server: McpServer, services: HeadlessServices): string[] {
  const { core, learning, learned } = services;
  const authorize = async (request: Parameters<NonNullable<HeadlessServices['authorize']>>[0]) => {
    if (!services.authorize) throw new BigThreeSecurityUnavailable();
    await services.authorize(request);
  };
  const names: string[] = [];
  const tool = <S extends z.ZodRawShape>(name: string, description: string, shape: S, handler: (args: z.infer<z.ZodObject<S>>) => Promise<ToolResult> | ToolResult) => {
    names.push(name);
    server.registerTool(name, { description, inputSchema: shape }, ((args: z.infer<z.ZodObject<S>>) => guard(() => handler(args))) as never);
  };

  tool('select_expert', 'Pick the best expert for a task (definitions, similarity and learned history).', { task }, async ({ task }) => {
    const best = await learned.select(task);
    const keyword = core.selector.selectBestAgent(task);
    if (!best || (!keyword && best.history.tasks === 0 && best.prior.score === 0)) return fail('No expert matched this task; name concrete technologies or artefacts.');
    return ok({ expertId: best.expertId, expectedSuccess: best.posteriorMean, prior: best.prior, history: best.history, share: best.share, keywordBest: keyword?.expertId ?? null });
  });

  tool('select_experts', 'Pick several experts for a task that spans areas; scores are normalized to the best (1.0).', {
    task,
    maxAgents: z.number().int().min(1).max(24).optional(),
    minScore: z.number().min(0).max(1).optional(),
  }, ({ task, maxAgents, minScore }) => {
    const results = core.selector.selectMultipleAgents(task, { ...(maxAgents ? { maxAgents } : {}), ...(minScore !== undefined ? { minScore } : {}) });
    return ok({ experts: results.map((r) => ({ expertId: r.expertId, score: r.score, normalizedScore: r.normalizedScore, confidence: r.confidence })) });
  });

  tool('explain_selection', 'Explain how an expert scores for a task: keyword components and the learned share.', { expertId: z.string().min(1), task }, async ({ expertId, task }) => {
    const keyword = core.selector.explainSelection(expertId, task);
    const learnedExplanation = await learned.explainSelection(expertId, task);
    return ok({ expertId, keywordRank: keyword.rank ?? null, keyword: keyword.lines, learned: learnedExplanation.lines });
  });

  tool('suggest_agent', "Suggest an expert the seed's way: learned history when confident (> 0.7), else the definitions.", { task }, async ({ task }) =>
    ok(await learning.suggestAgentForTask(task, core.selector)),
  );

  tool('record_outcome', 'Record how a task went with an expert, so future selections learn from it.', {
    task,
    agentId: z.string().min(1),
    result: z.string().max(4000).default(''),
    success: z.boolean(),
  }, async ({ task, agentId, result, success }) => {
    core.catalog.get(agentId); // refuses unknown experts with the list of known ones
    const outcome = await services.recordOutcome(task, agentId, result, success); // through the gate (learning.record)
    return ok({ recorded: outcome.id, totalOutcomes: learning.outcomes.length });
  });

  tool('learning_stats', 'Outcomes recorded so far, per-expert success rates and frequent task keywords.', {}, () => ok(learning.getLearningStats()));

  tool('get_recommendations', 'What history says about a task: the expert that did best on similar tasks, with a confidence bound.', { task }, async ({ task }) =>
    ok(await learning.getRecommendations(task)),
  );

  tool('search_code', 'Search the indexed workspace (lexical + vector, fused). Each result has its path, line range and symbol, a preview of the lines around the best match (matched words listed), and the signals behind its score (lexical, vector, file coverage, path prior).', { query: z.string().min(1).max(2000), limit: z.number().int().min(1).max(50).default(8) }, async ({ query, limit }) => {
    if (!services.searchCode) return fail('Code search is not available: index a folder first with "big-three index DIR" (same --data-dir).');
    await authorize({ operation: 'code.search', resource: services.workspace ?? '', detail: `search_code: ${query.slice(0, 200)}` });
    return ok({ results: await services.searchCode(query, limit) });
  });

  tool('plan_workflow', 'Plan a workflow for a goal: tasks with experts, stages and estimated duration.', {
    goal: z.string().min(1).max(4000),
    tasks: z.array(z.object({ description: z.string().min(1), agentId: z.string().optional(), dependsOn: z.array(z.string()).optional() })).optional(),
    strategy: z.enum(['sequential', 'parallel', 'dag']).optional(),
  }, async ({ goal, tasks, strategy }) => {
    if (!services.planWorkflow) return fail('Workflow planning is not available in this build.');
    return ok(await services.planWorkflow(goal, tasks, strategy));
  });

  tool('pool_status', 'Experts available and agent instances in this server, by status.', {}, () =>
    ok({ stats: core.pool.getStats(), experts: core.pool.listExpertTypes().map(({ id, tier, category, live }) => ({ id, tier, category, live })) }),
  );
  return names;
}
