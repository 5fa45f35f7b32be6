// One definition per tool: MCP, the realtime voice model and the Claude coder offer the same schema for
// the same tool and refuse the same input (one set of limits).
import * as assert from 'assert';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { HeadlessServices } from '../../../src/cli/headless-services';
import { registerMcpTools } from '../../../src/cli/mcp/mcp-tools';
import { parseToolInput as parseCoderInput, toolsForExpert } from '../../../src/orchestrator/delegates/coder-tools';
import { registerOrchestratorTools, RealtimeToolDeps } from '../../../src/orchestrator/realtime/orchestrator-tools';
import { ToolRegistry } from '../../../src/orchestrator/realtime/tool-registry';
import { ToolInputError, parseToolInput, toolJsonSchema } from '../../../src/orchestrator/tools/tool-definition';
import { PLAN_WORKFLOW, POOL_STATUS, SEARCH_CODE, SELECT_EXPERT } from '../../../src/orchestrator/tools/tool-definitions';
import { TOOL_LIMITS } from '../../../src/orchestrator/tools/tool-limits';
import { MAX_TASK_LENGTH } from '../../../src/orchestrator/learning/outcome-store';

const ctx = { callId: 'c1', signal: new AbortController().signal };

function realtime(): { registry: ToolRegistry; calls: string[] } {
  const calls: string[] = [];
  const deps: RealtimeToolDeps = {
    delegate: (kind, request) => (calls.push(`${kind}:${request.task.length}`), { taskId: 't1' }),
    taskStatus: () => undefined,
    selectExpert: () => [],
    planWorkflow: (goal, tasks) => (calls.push(`plan:${tasks.join('|')}`), { goal }),
    searchCode: (_query, limit) => (calls.push(`search:${limit}`), []),
    poolStatus: () => ({}),
  };
  const registry = new ToolRegistry();
  registerOrchestratorTools(registry, deps);
  return { registry, calls };
}

function mcpShapes(): Map<string, { description: string; inputSchema: z.ZodRawShape }> {
  const shapes = new Map<string, { description: string; inputSchema: z.ZodRawShape }>();
  const server = {
    registerTool: (name: string, config: { description: string; inputSchema: z.ZodRawShape }) => shapes.set(name, config),
  } as unknown as McpServer;
  registerMcpTools(server, { core: {}, learning: {}, learned: { chooser: {} } } as unknown as HeadlessServices);
  return shapes;
}

describe('tool definitions (src/orchestrator/tools)', () => {
  it('search_code has one JSON Schema on the voice model, the coder and MCP', () => {
    const expected = toolJsonSchema(SEARCH_CODE);
    assert.deepStrictEqual(
      realtime()
        .registry.definitions()
        .find((d) => d.name === 'search_code')?.parameters,
      expected,
    );
    assert.deepStrictEqual(toolsForExpert({ tools: ['search_code'] }).find((t) => t.name === 'search_code')?.input_schema, expected);
    const mcp = mcpShapes().get('search_code')!;
    assert.deepStrictEqual(z.toJSONSchema(z.object(mcp.inputSchema), { io: 'input' }), z.toJSONSchema(SEARCH_CODE.schema, { io: 'input' }));
    assert.ok(mcp.description.startsWith(SEARCH_CODE.description));
  });

  it('MCP registers plan_workflow, pool_status and select_expert from the shared definitions', () => {
    const shapes = mcpShapes();
    for (const definition of [PLAN_WORKFLOW, POOL_STATUS, SELECT_EXPERT]) {
      assert.strictEqual(shapes.get(definition.name)?.inputSchema, definition.schema.shape, definition.name);
    }
  });

  it('the voice model gets plain JSON Schemas (no $schema), with the limits of TOOL_LIMITS', () => {
    const params = realtime()
      .registry.definitions()
      .find((d) => d.name === 'delegate_to_claude')!.parameters as unknown as { properties: { task: { maxLength: number } }; required: string[] } & Record<
      string,
      unknown
    >;
    assert.strictEqual(params['$schema'], undefined);
    assert.strictEqual(params.properties.task.maxLength, TOOL_LIMITS.taskChars);
    assert.deepStrictEqual(params.required, ['task']);
  });

  it('a task of the limit is taken and one character more is refused, on every surface', async () => {
    const { registry, calls } = realtime();
    const atLimit = 'x'.repeat(TOOL_LIMITS.taskChars);
    const over = `${atLimit}x`;
    assert.strictEqual((await registry.execute('delegate_to_claude', JSON.stringify({ task: atLimit }), ctx)).ok, true);
    const refused = await registry.execute('delegate_to_claude', JSON.stringify({ task: over }), ctx);
    assert.strictEqual(refused.ok, false);
    assert.match(JSON.parse(refused.output).error, /"task" .*20000/);
    assert.deepStrictEqual(calls, [`claude:${TOOL_LIMITS.taskChars}`]);
    const mcpTask = z.object(mcpShapes().get('select_expert')!.inputSchema);
    assert.strictEqual(mcpTask.safeParse({ task: atLimit }).success, true);
    assert.strictEqual(mcpTask.safeParse({ task: over }).success, false);
  });

  it('the search limit is the same everywhere: at most TOOL_LIMITS.searchResults, default TOOL_LIMITS.defaultSearchResults', async () => {
    const { registry, calls } = realtime();
    assert.strictEqual((await registry.execute('search_code', JSON.stringify({ query: 'q', limit: TOOL_LIMITS.searchResults }), ctx)).ok, true);
    assert.strictEqual((await registry.execute('search_code', JSON.stringify({ query: 'q' }), ctx)).ok, true);
    assert.strictEqual((await registry.execute('search_code', JSON.stringify({ query: 'q', limit: TOOL_LIMITS.searchResults + 1 }), ctx)).ok, false);
    assert.deepStrictEqual(calls, [`search:${TOOL_LIMITS.searchResults}`, `search:${TOOL_LIMITS.defaultSearchResults}`]);
    assert.deepStrictEqual(parseCoderInput('search_code', { query: 'q' }), { name: 'search_code', query: 'q', limit: TOOL_LIMITS.defaultSearchResults });
    assert.throws(() => parseCoderInput('search_code', { query: 'q', limit: TOOL_LIMITS.searchResults + 1 }), ToolInputError);
  });

  it('plan_workflow takes steps as text or as tasks with experts and dependencies', async () => {
    const { registry, calls } = realtime();
    const plan = await registry.execute(
      'plan_workflow',
      JSON.stringify({ goal: 'ship', tasks: ['build', { description: 'test', agentId: 'qa-expert', dependsOn: ['task_1'] }] }),
      ctx,
    );
    assert.strictEqual(plan.ok, true, plan.output);
    assert.deepStrictEqual(calls, ['plan:build|test']);
  });

  it('plan_workflow takes at most plannedTaskChars per step and planTextChars in all, on the voice model and MCP alike', async () => {
    assert.strictEqual(TOOL_LIMITS.plannedTaskChars, MAX_TASK_LENGTH, 'a step: what the outcome log keeps of a task');
    const steps = (count: number, chars: number) => Array.from({ length: count }, (_, i) => `${i} ${'x'.repeat(chars - `${i} `.length)}`);
    const mcp = z.object(mcpShapes().get('plan_workflow')!.inputSchema);
    const cases: Array<[unknown[], RegExp | undefined]> = [
      [steps(100, 19_000), /a step is at most 4000 characters long[\s\S]*the steps hold 1900000 characters in all; one plan takes at most 20000/],
      [[...steps(1, TOOL_LIMITS.plannedTaskChars + 1)], /"tasks.0" a step is at most 4000 characters long/],
      [[{ description: 'x'.repeat(TOOL_LIMITS.plannedTaskChars + 1) }], /"tasks.0.description" a step is at most 4000/],
      [steps(6, TOOL_LIMITS.plannedTaskChars), /the steps hold 24000 characters in all; one plan takes at most 20000/],
      [steps(5, TOOL_LIMITS.plannedTaskChars), undefined],
      [steps(TOOL_LIMITS.plannedTasks, TOOL_LIMITS.planTextChars / TOOL_LIMITS.plannedTasks), undefined],
    ];
    for (const [tasks, refused] of cases) {
      const { registry, calls } = realtime();
      const voice = await registry.execute('plan_workflow', JSON.stringify({ goal: 'ship', tasks }), ctx);
      assert.strictEqual(voice.ok, !refused, voice.output.slice(0, 300));
      if (refused) assert.match(JSON.parse(voice.output).error, refused);
      assert.strictEqual(calls.length, refused ? 0 : 1, 'a refused plan reaches no planner');
      assert.strictEqual(mcp.safeParse({ goal: 'ship', tasks }).success, !refused);
    }
    const params = toolJsonSchema(PLAN_WORKFLOW) as unknown as { properties: { tasks: { items: { anyOf: Array<{ maxLength?: number }> } } } };
    assert.strictEqual(params.properties.tasks.items.anyOf[0]!.maxLength, TOOL_LIMITS.plannedTaskChars, 'clients see the step limit');
  });

  it('bad input gets a message naming each problem', () => {
    assert.throws(() => parseCoderInput('edit_file', { path: 'a.ts', new_text: 'x' }), /Invalid input for edit_file: "old_text" is required/);
    assert.throws(() => parseCoderInput('read_file', ['a.ts']), /must be a JSON object/);
    assert.throws(() => parseToolInput(SEARCH_CODE, { query: 3 }), /"query" expected string, received number/);
    assert.deepStrictEqual(parseCoderInput('list_files', {}), { name: 'list_files', path: '' });
  });
});
