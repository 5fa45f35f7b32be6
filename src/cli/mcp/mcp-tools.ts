// The tools `big-three mcp` offers to MCP clients (Claude Code and others), over the same core.
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { BigThreeError } from '../../orchestrator/errors';
import type { ToolDefinition } from '../../orchestrator/tools/tool-definition';
import { PLAN_WORKFLOW, POOL_STATUS, SEARCH_CODE, SELECT_EXPERT, fields } from '../../orchestrator/tools/tool-definitions';
import { TOOL_LIMITS } from '../../orchestrator/tools/tool-limits';
import { decidingSignal, disclosedSignals, rankingOptions } from '../../orchestrator/learning/history-disclosure';
import type { HeadlessServices } from '../headless-services';
import { auditToolError } from './mcp-audit';

type ToolResult = { content: Array<{ type: 'text'; text: string }>; structuredContent?: Record<string, unknown>; isError?: boolean };

function ok(value: unknown): ToolResult {
  const structured = (value && typeof value === 'object' && !Array.isArray(value) ? value : { result: value }) as Record<string, unknown>;
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: structured };
}

function fail(message: string): ToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Runs a handler; a known error becomes a tool error with its message instead of a protocol error. */
async function guard(run: () => Promise<ToolResult> | ToolResult, onRefused?: (error: unknown) => void): Promise<ToolResult> {
  try {
    return await run();
  } catch (error) {
    onRefused?.(error);
    if (error instanceof BigThreeError) return fail(error.message);
    return fail(`unexpected error: ${(error as Error).message}`);
  }
}

/** Privileged tools never run without the security gate. */
class BigThreeSecurityUnavailable extends BigThreeError {
  override readonly name: string = 'BigThreeSecurityUnavailable';
  constructor() {
    super('This tool needs the security layer, which this server was started without.', 'security-unavailable');
  }
}

// Tools shared with the voice model and the coder come from src/orchestrator/tools (one schema, one set of limits).
const task = fields.task;
/** How often the workspace's agent folders are looked at, at most. */
const DEFINITIONS_CHECK_MS = 1000;

export function registerMcpTools(server: McpServer, services: HeadlessServices): string[] {
  const { core, learning, learned } = services;
  const authorize = async (request: Parameters<NonNullable<HeadlessServices['authorize']>>[0]) => {
    if (!services.authorize) throw new BigThreeSecurityUnavailable();
    await services.authorize(request);
  };
  // No file watcher here: the workspace's agent folders are looked at before a tool runs (at most once a
  // second), so a definition added, edited or removed reaches a long-running server (review of stop 39).
  let definitionsCheckedAt = -Infinity;
  const freshDefinitions = async () => {
    if (Date.now() - definitionsCheckedAt < DEFINITIONS_CHECK_MS) return;
    definitionsCheckedAt = Date.now();
    // A reload that fails (a folder gone unreadable) keeps the experts loaded before: the tools still answer.
    await core.catalog.reloadIfChanged().catch((error: unknown) => services.logger.warn(`could not reload the agent definitions: ${(error as Error).message}`));
  };
  const names: string[] = [];
  const tool = <S extends z.ZodRawShape>(
    name: string,
    description: string,
    shape: S,
    handler: (args: z.infer<z.ZodObject<S>>) => Promise<ToolResult> | ToolResult,
  ) => {
    names.push(name);
    server.registerTool(name, { description, inputSchema: shape }, ((args: z.infer<z.ZodObject<S>>) =>
      guard(
        async () => {
          // A revoked token or an ended session stops every tool, not only the privileged ones.
          await services.liveCaller(`mcp.${name}`);
          await freshDefinitions();
          return handler(args);
        },
        (error) => auditToolError(services, name, error),
      )) as never);
  };
  /** A shared tool: its definition's name, description (plus what this surface returns) and schema. */
  const shared = <S extends z.ZodRawShape>(
    definition: ToolDefinition<z.ZodObject<S>>,
    returns: string,
    handler: (args: z.infer<z.ZodObject<S>>) => Promise<ToolResult> | ToolResult,
  ) => tool(definition.name, `${definition.description}${returns ? ` ${returns}` : ''}`, definition.schema.shape, handler);

  /** Whether this caller sees a task's own history: the core's learning.read decision (SecuredLearning.ownHistoryFor). */
  const ownHistory = (tool: string) => services.ownHistory(`mcp.${tool}`);

  /** The ranking's options for this caller: without learning.read, without the task's own history (which its order would give away). */
  const rankingFor = async (tool: string) => rankingOptions(await ownHistory(tool));

  // Selection and learning all go through the one ExpertChooser (the ranking every surface shows).
  const chooser = learned.chooser;
  let recordsOutcomes = false; // exploration is on by default once this client records outcomes
  const outcomeShape = {
    task,
    agentId: fields.expertId,
    result: fields.resultText.default(''),
    success: z.boolean(),
    preferredAgentId: fields.expertId.optional().describe('the expert that should have done it (a correction), when the chosen one was wrong'),
  };
  const recordAll = async (items: Array<{ task: string; agentId: string; result: string; success: boolean; preferredAgentId?: string | undefined }>) => {
    for (const item of items) {
      core.catalog.get(item.agentId); // refuses unknown experts with the list of known ones
      if (item.preferredAgentId) core.catalog.get(item.preferredAgentId);
    }
    const agents = [...new Set(items.map((i) => i.agentId))];
    await authorize({
      operation: 'learning.record',
      resource: agents.join(','),
      payload: items.map((i) => ({ task: i.task, result: i.result })),
      detail: `record ${items.length} outcome${items.length > 1 ? 's' : ''} (${items.filter((i) => i.success).length} successes, ${items.filter((i) => i.preferredAgentId).length} corrections)`,
    });
    recordsOutcomes = true;
    return chooser.recordMany(
      items.map((i) => ({
        task: i.task,
        agentId: i.agentId,
        result: i.result,
        success: i.success,
        ...(i.preferredAgentId ? { preferredAgentId: i.preferredAgentId } : {}),
      })),
    );
  };

  shared(
    SELECT_EXPERT,
    "Returns the best expert and count - 1 alternatives. explore defaults to on once this client has recorded an outcome. The task's own history (which experts succeeded or failed on this very task) counts in the ranking, and shows in the signals (own), only for a caller with the learning.read permission.",
    async ({ task, count, explore }) => {
      const history = await ownHistory('select_expert');
      const ranked = await chooser.rank(task, { explore: explore ?? recordsOutcomes, ...rankingOptions(history) });
      const best = ranked[0];
      if (!best && !chooser.expertCount) return fail('No experts are loaded: the expert folders hold no readable definition.');
      if (!best) return fail('No expert matched this task; name concrete technologies or artefacts.');
      return ok({
        expertId: best.expertId,
        probability: best.probability,
        explored: best.signals.explored !== 0,
        signals: disclosedSignals(best.signals, history),
        alternatives: ranked.slice(1, count ?? 4).map((c) => ({ expertId: c.expertId, probability: c.probability })),
      });
    },
  );

  tool(
    'select_experts',
    "Pick several experts for a task that spans areas: select_expert's choice first, then the experts the whole task, its parts and the definitions vote for (each member's votes in `team`).",
    {
      task,
      maxAgents: z.number().int().min(1).max(TOOL_LIMITS.experts).optional(),
      minScore: z.number().min(0).max(1).optional(),
    },
    async ({ task, maxAgents, minScore }) => {
      const results = await chooser.selectMultiple(task, maxAgents ?? 3, minScore ?? 0.15, await rankingFor('select_experts'));
      return ok({
        experts: results.map((r) => ({
          expertId: r.expertId,
          probability: r.probability,
          prior: r.signals.prior,
          normalizedScore: r.signals.keyword.normalized,
          ...(r.team ? { team: r.team } : {}),
        })),
      });
    },
  );

  tool(
    'explain_selection',
    "Explain how an expert ranks for a task: every signal (definition fields, phrases, similarity, learned model, and the task's own history for a caller with the learning.read permission).",
    { expertId: fields.expertId, task },
    async ({ expertId, task }) => {
      const explained = await chooser.explain(expertId, task, { ownHistory: await ownHistory('explain_selection') });
      return ok({ expertId, rank: explained.rank ?? null, of: explained.of, lines: explained.lines });
    },
  );

  tool(
    'suggest_agent',
    "Suggest an expert for a task (the same choice as select_expert without exploration), with the reason and what decided it (history, learned, similarity or definitions). Without the learning.read permission the task's own history is withheld (history: 'withheld'): source then names the strongest of the other signals.",
    { task },
    async ({ task }) => {
      const history = await ownHistory('suggest_agent');
      const withheld = history === 'withheld' ? { history } : {};
      const best = await chooser.select(task, rankingOptions(history));
      if (!best) return ok({ agentId: null, source: 'none', confidence: 0, reason: 'no expert matched and no history applies', ...withheld });
      const source = decidingSignal(best.signals, chooser.options.priorTemperature, history);
      const reason = (await chooser.explain(best.expertId, task, { ownHistory: history })).lines.join('; ');
      return ok({ agentId: best.expertId, source, confidence: best.probability, reason, ...withheld });
    },
  );

  tool(
    'record_outcome',
    'Record how a task went with an expert, so future selections learn from it. Name preferredAgentId when another expert should have done it.',
    outcomeShape,
    async (item) => {
      const [outcome] = await recordAll([item]);
      return ok({ recorded: outcome!.id, totalOutcomes: learning.outcomes.length });
    },
  );

  tool(
    'record_outcomes',
    'Record several outcomes at once (one authorization, one durable append); same fields as record_outcome.',
    {
      outcomes: z.array(z.object(outcomeShape)).min(1).max(TOOL_LIMITS.outcomesPerCall),
    },
    async ({ outcomes }) => {
      const recorded = await recordAll(outcomes);
      return ok({ recorded: recorded.map((o) => o.id), totalOutcomes: learning.outcomes.length });
    },
  );

  // Both show what callers recorded (task texts, their words): read permission, audited (thirteenth red team).
  tool('learning_stats', 'Outcomes recorded so far, per-expert success rates and frequent task keywords.', {}, async () => {
    await authorize({ operation: 'learning.read', detail: 'learning_stats' });
    await learning.catchUp(); // what the extension, the CLI or another server recorded meanwhile
    return ok(learning.getLearningStats());
  });

  tool(
    'get_recommendations',
    'What history says about a task: the expert that did best on similar tasks, with a confidence bound.',
    { task },
    async ({ task }) => {
      await authorize({ operation: 'learning.read', detail: 'get_recommendations' });
      await learning.catchUp();
      return ok(await learning.getRecommendations(task));
    },
  );

  shared(
    SEARCH_CODE,
    'Each result has its path, line range and symbol, a preview of the lines around the best match (matched words listed), and the signals behind its score (lexical, vector, file coverage, path prior). "incomplete": true says that an indexing pass is still writing the index or did not finish: the results come from the files indexed so far ("big-three index DIR" finishes it).',
    async ({ query, limit = TOOL_LIMITS.defaultSearchResults }) => {
      if (!services.searchCode) return fail('Code search is not available: index a folder first with "big-three index DIR" (same --data-dir).');
      // Authorized (and audited once) by the index itself, as every host's search is.
      const { results, incomplete } = await services.searchCode(query, limit);
      return ok({ results, ...(incomplete ? { incomplete } : {}) });
    },
  );

  shared(PLAN_WORKFLOW, '', async ({ goal, tasks, strategy }) => {
    if (!services.planWorkflow) return fail('Workflow planning is not available in this build.');
    return ok(
      await services.planWorkflow(
        goal,
        tasks?.map((t) => (typeof t === 'string' ? { description: t } : t)),
        strategy,
        await rankingFor('plan_workflow'),
      ),
    );
  });

  shared(POOL_STATUS, '', () =>
    ok({ stats: core.pool.getStats(), experts: core.pool.listExpertTypes().map(({ id, tier, category, live }) => ({ id, tier, category, live })) }),
  );
  return names;
}
