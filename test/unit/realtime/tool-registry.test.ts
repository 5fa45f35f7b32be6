// ToolRegistry: registration rules, argument checks against the schema, failures and timeouts that
// still produce an output for the model; the seven orchestrator tools over injected host functions.
import * as assert from 'assert';
import { ToolCallError, ToolRegistrationError } from '../../../src/orchestrator/realtime/errors';
import { ORCHESTRATOR_TOOL_NAMES, RealtimeToolDeps, TaskStatusReport, registerOrchestratorTools } from '../../../src/orchestrator/realtime/orchestrator-tools';
import { ToolRegistry } from '../../../src/orchestrator/realtime/tool-registry';
import { FakeClock } from '../../fakes/fake-clock';

const ctx = (callId = 'call_1') => ({ callId, signal: new AbortController().signal });

describe('ToolRegistry', () => {
  it('refuses bad names, duplicates, empty descriptions and required keys missing from the schema', () => {
    const r = new ToolRegistry();
    const schema = { type: 'object' as const, properties: { a: { type: 'string' as const } } };
    assert.throws(() => r.registerTool('has space', 'x', schema, () => 1), ToolRegistrationError);
    assert.throws(() => r.registerTool('t', '  ', schema, () => 1), ToolRegistrationError);
    assert.throws(() => r.registerTool('t', 'x', { ...schema, required: ['b'] }, () => 1), /required parameter "b"/);
    r.registerTool('t', 'x', schema, () => 1);
    assert.throws(() => r.registerTool('t', 'x', schema, () => 1), /already registered/);
    assert.deepStrictEqual(r.definitions(), [{ name: 't', description: 'x', parameters: schema }]);
  });

  it('checks arguments: JSON, required, types, ranges, enums, nested items', async () => {
    const r = new ToolRegistry();
    let calls = 0;
    r.registerTool(
      'plan',
      'Plan',
      {
        type: 'object',
        properties: {
          goal: { type: 'string', maxLength: 10 },
          n: { type: 'integer', minimum: 1, maximum: 5 },
          mode: { type: 'string', enum: ['a', 'b'] },
          files: { type: 'array', items: { type: 'string' } },
        },
        required: ['goal'],
      },
      () => ++calls,
    );
    const run = (args: string) => r.execute('plan', args, ctx());
    const cases: Array<[string, RegExp]> = [
      ['{bad', /not valid JSON/],
      ['[1]', /must be a JSON object/],
      ['{}', /"goal" is required/],
      ['{"goal": 3}', /"goal" must be a string/],
      ['{"goal": "0123456789x"}', /at most 10 characters/],
      ['{"goal": "g", "n": 1.5}', /whole number/],
      ['{"goal": "g", "n": 9}', /at most 5/],
      ['{"goal": "g", "mode": "c"}', /one of a, b/],
      ['{"goal": "g", "files": ["x", 2]}', /"files\[1\]" must be a string/],
    ];
    for (const [args, message] of cases) {
      const ex = await run(args);
      assert.strictEqual(ex.ok, false, args);
      assert.ok(ex.error instanceof ToolCallError && ex.error.reason === 'invalid-arguments');
      assert.match(JSON.parse(ex.output).error, message, args);
    }
    assert.strictEqual(calls, 0, 'the handler never saw invalid arguments');
    const ok = await run('{"goal": "g", "n": 2, "mode": "a", "files": ["x"]}');
    assert.deepStrictEqual([ok.ok, ok.output], [true, '1']);
  });

  it('turns a thrown error, an unknown tool and a timeout into error outputs', async () => {
    const clock = new FakeClock();
    const r = new ToolRegistry({ clock });
    r.registerTool('boom', 'Fails', { type: 'object', properties: {} }, () => Promise.reject(new Error('no disk')));
    r.registerTool('hang', 'Never ends', { type: 'object', properties: {} }, () => new Promise(() => {}), { timeoutMs: 5_000 });
    const boom = await r.execute('boom', '{}', ctx());
    assert.deepStrictEqual([boom.ok, boom.error?.reason, JSON.parse(boom.output)], [false, 'failed', { error: 'boom failed: no disk' }]);
    const unknown = await r.execute('ghost', '{}', ctx());
    assert.match(JSON.parse(unknown.output).error, /no tool named "ghost". Available tools: boom, hang/);
    const pending = r.execute('hang', '{}', ctx());
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(5_000);
    const hang = await pending;
    assert.deepStrictEqual([hang.ok, hang.error?.reason, hang.durationMs], [false, 'timeout', 5_000]);
    assert.strictEqual(clock.pendingTimers(), 0);
  });

  it('wraps text results and caps huge outputs', async () => {
    const r = new ToolRegistry();
    r.registerTool('text', 'Text', { type: 'object', properties: {} }, () => 'plain words');
    r.registerTool('big', 'Big', { type: 'object', properties: {} }, () => ({ blob: 'x'.repeat(100_000) }));
    assert.strictEqual((await r.execute('text', '', ctx())).output, '{"result":"plain words"}');
    const big = JSON.parse((await r.execute('big', '', ctx())).output);
    assert.strictEqual(big.truncated, true);
    assert.ok(big.partial.length < 60_000);
  });
});

describe('the orchestrator tools', () => {
  function deps(overrides: Partial<RealtimeToolDeps> = {}): RealtimeToolDeps & { log: string[] } {
    const log: string[] = [];
    const tasks = new Map<string, TaskStatusReport>();
    return {
      log,
      delegate: (kind, request) => {
        const taskId = `t${tasks.size + 1}`;
        tasks.set(taskId, { taskId, kind, state: 'running' });
        log.push(`${kind}:${request.task}:${request.expertId ?? '-'}:${(request.files ?? []).join(',')}`);
        return { taskId };
      },
      taskStatus: (id) => tasks.get(id),
      selectExpert: (task, count) => [{ expertId: 'debugger', confidence: 0.8, reasons: [`${task}/${count}`] }],
      planWorkflow: (goal, t, strategy) => ({ goal, tasks: t, strategy }),
      searchCode: (query, limit) => [{ path: 'src/a.ts', line: 3, snippet: `${query}:${limit}`.repeat(400) }],
      poolStatus: () => ({ live: 2 }),
      ...overrides,
    };
  }

  it('registers exactly the seven tools', () => {
    const r = new ToolRegistry();
    registerOrchestratorTools(r, deps());
    assert.deepStrictEqual(
      r
        .definitions()
        .map((d) => d.name)
        .sort(),
      [...ORCHESTRATOR_TOOL_NAMES].sort(),
    );
  });

  it('delegations return a task id at once while the work runs; check_task_result reports it', async () => {
    const r = new ToolRegistry();
    const d = deps();
    registerOrchestratorTools(r, d);
    const started = JSON.parse(
      (await r.execute('delegate_to_claude', JSON.stringify({ task: ' Fix the bug ', expert_id: 'debugger', files: ['a.js', ''] }), ctx())).output,
    );
    assert.strictEqual(started.task_id, 't1');
    assert.strictEqual(started.status, 'started');
    assert.deepStrictEqual(d.log, ['claude:Fix the bug:debugger:a.js']);
    const gemini = JSON.parse((await r.execute('delegate_to_gemini', '{"task":"Find the changelog","url":"https://example.org"}', ctx())).output);
    assert.strictEqual(gemini.task_id, 't2');
    assert.deepStrictEqual(JSON.parse((await r.execute('check_task_result', '{"task_id":"t1"}', ctx())).output), {
      task_id: 't1',
      state: 'running',
      delegate: 'claude',
    });
    assert.match(JSON.parse((await r.execute('check_task_result', '{"task_id":"zzz"}', ctx())).output).error, /No task with id "zzz"/);
  });

  it('a delegation that cannot start reports why to the model', async () => {
    const r = new ToolRegistry();
    registerOrchestratorTools(r, deps({ delegate: () => Promise.reject(new Error('No Anthropic API key is stored')) }));
    const out = await r.execute('delegate_to_claude', '{"task":"x"}', ctx());
    assert.strictEqual(out.ok, false);
    assert.match(JSON.parse(out.output).error, /No Anthropic API key/);
  });

  it('select_expert, plan_workflow, search_code and pool_status pass arguments through with defaults', async () => {
    const r = new ToolRegistry();
    registerOrchestratorTools(r, deps());
    const run = async (name: string, args: unknown) => JSON.parse((await r.execute(name, JSON.stringify(args), ctx())).output);
    assert.deepStrictEqual((await run('select_expert', { task: 'fix' })).experts[0].reasons, ['fix/3']);
    assert.deepStrictEqual(await run('plan_workflow', { goal: 'ship', tasks: ['a', 'b'] }), { goal: 'ship', tasks: ['a', 'b'], strategy: 'sequential' });
    const search = await run('search_code', { query: 'q', limit: 2 });
    assert.strictEqual(search.results[0].snippet.length, 600);
    assert.deepStrictEqual(await run('pool_status', {}), { live: 2 });
  });
});
