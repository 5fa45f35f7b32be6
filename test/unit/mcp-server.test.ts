// Speaks raw JSON-RPC to `big-three mcp` over stdio, as an MCP client such as Claude Code would.
import * as assert from 'assert';
import { ChildProcessWithoutNullStreams, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CATCH_UP_INTERVAL_MS } from '../../src/orchestrator/learning/learning-manager';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { RpcClient, stopServer } from '../fakes/mcp-rpc-client';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cliMain = path.join(repoRoot, 'out', 'src', 'cli', 'main.js');

describe('big-three mcp (stdio JSON-RPC)', function () {
  this.timeout(20_000);
  let dataDir: string;
  let child: ChildProcessWithoutNullStreams;
  let client: RpcClient;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-mcp-'));
    child = spawn(process.execPath, [cliMain, 'mcp', '--agents', path.join(repoRoot, 'agentpool'), '--data-dir', dataDir, '--workspace', dataDir]);
    client = new RpcClient(child);
    const init = await client.request('initialize', {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'test-client', version: '1.0.0' },
    });
    assert.strictEqual((init.result?.serverInfo as { name: string }).name, 'big-three');
    client.notify('notifications/initialized');
  });

  after(async () => {
    await stopServer(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every request a client sends just before it closes its end (stdin)', async () => {
    const once = spawn(process.execPath, [cliMain, 'mcp', '--agents', path.join(repoRoot, 'agentpool'), '--data-dir', dataDir, '--workspace', dataDir]);
    let out = '';
    once.stdout.on('data', (d) => (out += d));
    const lines = [
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'once', version: '1' } },
      },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'learning_stats', arguments: {} } },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'select_expert', arguments: { task: 'Tune the Postgres indexes' } } },
    ];
    once.stdin.end(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const code = await new Promise((resolve) => once.on('close', resolve));
    const ids = out
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { id?: number }).id);
    assert.deepStrictEqual(ids.sort(), [1, 2, 3], out);
    assert.strictEqual(code, 0);
  });

  it('lists every tool with an input schema', async () => {
    const list = await client.request('tools/list');
    const tools = (list.result?.tools as Array<{ name: string; inputSchema: { type: string } }>) ?? [];
    const names = tools.map((t) => t.name).sort();
    assert.deepStrictEqual(names, [
      'explain_selection',
      'get_recommendations',
      'learning_stats',
      'plan_workflow',
      'pool_status',
      'record_outcome',
      'record_outcomes',
      'search_code',
      'select_expert',
      'select_experts',
      'suggest_agent',
    ]);
    assert.ok(tools.every((t) => t.inputSchema.type === 'object'));
  });

  it('selects an expert and explains it', async () => {
    const selected = await client.call('select_expert', { task: 'Write a Helm chart and deploy the service to Kubernetes' });
    assert.strictEqual(selected.structuredContent?.expertId, 'devops-engineer');
    const explained = await client.call('explain_selection', { expertId: 'devops-engineer', task: 'Write a Helm chart and deploy the service to Kubernetes' });
    assert.strictEqual(explained.structuredContent?.rank, 1);
    const several = await client.call('select_experts', { task: 'An iOS app with a GraphQL API and a CI/CD pipeline', maxAgents: 3 });
    const team = several.structuredContent?.experts as Array<{ team?: { first: boolean; parts: number } }>;
    assert.ok(team.length >= 2);
    assert.deepStrictEqual(
      team.map((e) => e.team?.first),
      [true, ...team.slice(1).map(() => false)],
    );
  });

  it("sees a workspace's agent added and removed while it runs (no file watcher; review of stop 39)", async () => {
    const task = 'bake a margherita pizza with a crispy sourdough crust';
    const agents = path.join(dataDir, '.claude', 'agents');
    const file = path.join(agents, 'pizza-chef.md');
    const settle = () => new Promise((resolve) => setTimeout(resolve, 1100)); // the folders are looked at once a second at most
    assert.notStrictEqual((await client.call('select_expert', { task })).structuredContent?.expertId, 'pizza-chef');
    fs.mkdirSync(agents, { recursive: true });
    fs.writeFileSync(file, '---\nname: pizza-chef\ndescription: Bakes pizza, bread and pastry; doughs, crusts and ovens.\n---\n');
    await settle();
    assert.strictEqual((await client.call('select_expert', { task })).structuredContent?.expertId, 'pizza-chef');
    fs.rmSync(file);
    await settle();
    assert.notStrictEqual((await client.call('select_expert', { task })).structuredContent?.expertId, 'pizza-chef');
  });

  it('records outcomes durably and reports them', async () => {
    for (let i = 0; i < 3; i++) {
      const recorded = await client.call('record_outcome', {
        task: 'Fix the flaky Cypress checkout test',
        agentId: 'qa-expert',
        result: 'quarantined and fixed',
        success: true,
      });
      assert.ok(!recorded.isError, recorded.content[0]?.text);
    }
    const stats = await client.call('learning_stats', {});
    assert.strictEqual(stats.structuredContent?.totalOutcomes, 3);
    const recommendation = await client.call('get_recommendations', { task: 'Fix the flaky Cypress checkout test' });
    assert.strictEqual(recommendation.structuredContent?.recommendedAgent, 'qa-expert');
    const lines = fs
      .readFileSync(path.join(dataDir, 'learning', 'outcomes.jsonl'), 'utf8')
      .trim()
      .split('\n');
    assert.strictEqual(lines.length, 3);
    const suggestion = await client.call('suggest_agent', { task: 'Fix the flaky Cypress checkout test' });
    assert.strictEqual(suggestion.structuredContent?.agentId, 'qa-expert');
    assert.strictEqual(suggestion.structuredContent?.source, 'history', 'it succeeded on this very task');
  });

  it('refuses an oversized plan_workflow at once with the limits, and plans one within them (review: 100 steps of 19,000 characters held it 15 s)', async () => {
    const text = (response: Awaited<ReturnType<RpcClient['request']>>) =>
      response.error?.message ?? ((response.result as { isError?: boolean; content: Array<{ text: string }> }).isError ? response.result!.content : undefined);
    // Ends with no space (a step is trimmed): exactly `chars` characters.
    const step = (i: number, chars: number) =>
      `${`Step ${i}: write the integration tests for the checkout flow. `.repeat(Math.ceil(chars / 40)).slice(0, chars - 1)}.`;
    const oversized = await client.request('tools/call', {
      name: 'plan_workflow',
      arguments: { goal: 'Ship the shop', tasks: Array.from({ length: 100 }, (_, i) => step(i, 19_000)) },
    });
    assert.match(JSON.stringify(text(oversized)), /a step is at most 4000 characters long/);
    assert.match(JSON.stringify(text(oversized)), /the steps hold 1900000 characters in all; one plan takes at most 20000/);
    const tooMuch = await client.request('tools/call', {
      name: 'plan_workflow',
      arguments: { goal: 'g', tasks: Array.from({ length: 6 }, (_, i) => step(i, 4000)) },
    });
    assert.match(JSON.stringify(text(tooMuch)), /the steps hold 24000 characters in all; one plan takes at most 20000/);
    const goalOnly = await client.call('plan_workflow', { goal: step(0, 4001) });
    assert.strictEqual(goalOnly.isError, true);
    assert.match(goalOnly.content[0]!.text, /The task is 4001 characters long; the limit is 4000/);
    const planned = await client.call('plan_workflow', { goal: 'g', tasks: [step(1, 4000), step(2, 4000)] });
    assert.ok(!planned.isError, planned.content[0]?.text);
    assert.strictEqual((planned.structuredContent?.plan as { stages: Array<{ tasks: unknown[] }> }).stages[0]!.tasks.length, 2);
  });

  it('answers bad arguments and unknown experts with tool errors, and keeps serving', async () => {
    const unknown = await client.call('record_outcome', { task: 'x', agentId: 'no-such-expert', success: true });
    assert.strictEqual(unknown.isError, true);
    assert.match(unknown.content[0]!.text, /Unknown expert "no-such-expert"/);
    const invalid = await client.request('tools/call', { name: 'select_expert', arguments: { task: 42 } });
    assert.ok(invalid.error || (invalid.result as { isError?: boolean }).isError, 'a type error is refused');
    const status = await client.call('pool_status', {});
    assert.strictEqual((status.structuredContent?.experts as unknown[]).length, 24);
  });
});

describe('big-three mcp: authentication, the security gate and code search', function () {
  this.timeout(30_000);
  let dataDir: string;
  let workspace: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-mcp-sec-'));
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-mcp-ws-'));
    fs.mkdirSync(path.join(workspace, 'src'));
    fs.writeFileSync(path.join(workspace, 'src', 'invoice.js'), 'export function roundCents(amount) {\n  return Math.round(amount * 100) / 100;\n}\n');
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  /** Every audit file of the data folder, joined. */
  const auditText = () =>
    fs
      .readdirSync(path.join(dataDir, 'security', 'audit'))
      .map((f) => fs.readFileSync(path.join(dataDir, 'security', 'audit', f), 'utf8'))
      .join('');

  const start = async (env: Record<string, string>) => {
    const child = spawn(process.execPath, [cliMain, 'mcp', '--agents', path.join(repoRoot, 'agentpool'), '--data-dir', dataDir, '--workspace', workspace], {
      env: { ...process.env, ...env },
    });
    const client = new RpcClient(child);
    const init = await client.request('initialize', {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'test-client', version: '1.0.0' },
    });
    assert.ok(init.result, `initialize failed: ${client.stderr}`);
    client.notify('notifications/initialized');
    return { child, client };
  };

  it('sees outcomes the CLI records while the server runs (the shared data folder; fuzzer, stop 29)', async () => {
    const { child, client } = await start({});
    try {
      assert.strictEqual((await client.call('learning_stats', {})).structuredContent?.totalOutcomes, 0);
      const task = 'Fix the flaky Cypress checkout test';
      for (let i = 0; i < 2; i++) {
        const cli = spawnSync(
          process.execPath,
          [cliMain, 'learning', 'record', task, '--agent', 'qa-expert', '--success', '--agents', path.join(repoRoot, 'agentpool'), '--data-dir', dataDir],
          { encoding: 'utf8' },
        );
        assert.strictEqual(cli.status, 0, cli.stderr);
      }
      await new Promise((resolve) => setTimeout(resolve, CATCH_UP_INTERVAL_MS + 100));
      assert.strictEqual((await client.call('learning_stats', {})).structuredContent?.totalOutcomes, 2);
      const recorded = await client.call('record_outcome', { task, agentId: 'qa-expert', result: 'ok', success: true });
      assert.ok(!recorded.isError, recorded.content[0]?.text);
      await new Promise((resolve) => setTimeout(resolve, CATCH_UP_INTERVAL_MS + 100));
      assert.strictEqual((await client.call('learning_stats', {})).structuredContent?.totalOutcomes, 3, 'its own outcome counted once');
    } finally {
      await stopServer(child);
    }
  });

  it('refuses a privileged tool the caller has no permission for, and audits the refusal', async () => {
    const { child, client } = await start({ BIG_THREE_LOCAL_ROLE: 'viewer' });
    try {
      const denied = await client.call('record_outcome', { task: 'Fix the flaky test', agentId: 'qa-expert', success: true });
      assert.strictEqual(denied.isError, true);
      assert.match(denied.content[0]!.text, /denied|not allowed|permission/i);
      assert.ok(!fs.existsSync(path.join(dataDir, 'learning', 'outcomes.jsonl')), 'nothing was recorded');
      const stats = await client.call('learning_stats', {});
      assert.strictEqual(stats.structuredContent?.totalOutcomes, 0, 'read-only tools still work');
    } finally {
      await stopServer(child);
    }
    const audit = auditText();
    assert.match(audit, /authorization_denied/);
    assert.match(audit, /learning\.record/);
  });

  it('shows what was learned (stats, similar tasks) only to a caller who may read, and audits each read', async () => {
    const { child, client } = await start({ BIG_THREE_LOCAL_ROLE: 'none' });
    try {
      for (const [tool, args] of [
        ['learning_stats', {}],
        ['get_recommendations', { task: 'migrate the payroll database' }],
      ] as const) {
        const refused = await client.call(tool, args);
        assert.strictEqual(refused.isError, true, tool);
        assert.match(refused.content[0]!.text, /denied|not allowed|permission/i, tool);
      }
    } finally {
      await stopServer(child);
    }
    const viewer = await start({ BIG_THREE_LOCAL_ROLE: 'viewer' });
    try {
      assert.ok(!(await viewer.client.call('learning_stats', {})).isError, 'a viewer may read');
    } finally {
      await stopServer(viewer.child);
    }
    const audit = auditText();
    const reads = audit.split('\n').filter((line) => line.includes('"operation":"learning.read"'));
    assert.ok(reads.some((l) => l.includes('"outcome":"denied"')) && reads.some((l) => l.includes('"outcome":"allowed"')), reads.join('\n'));
  });

  it('redacts a secret in a refused call before cutting the audit message (no piece of it is kept)', async () => {
    const token = 'ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c';
    const { child, client } = await start({});
    try {
      const refused = await client.call(`${'x'.repeat(453)} ${token}`, {});
      assert.strictEqual(refused.isError, true);
    } finally {
      await stopServer(child);
    }
    const audit = auditText();
    assert.match(audit, /refused before it ran/);
    assert.ok(!audit.includes('ghp_Ab3d'), 'no prefix of the token reached the audit log');
  });

  it('will not start with a forged token', async () => {
    const child = spawn(process.execPath, [cliMain, 'mcp', '--agents', path.join(repoRoot, 'agentpool'), '--data-dir', dataDir, '--workspace', workspace], {
      env: { ...process.env, BIG_THREE_TOKEN: 'bt_forged_0123456789abcdef0123456789abcdef' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.strictEqual(code, 1);
    assert.match(stderr, /token/i);
  });

  it('says the workspace is not indexed instead of answering that nothing matched (fuzzer, stop 29)', async () => {
    const { child, client } = await start({});
    try {
      const found = await client.call('search_code', { query: 'round cents amount', limit: 3 });
      assert.ok(found.isError, JSON.stringify(found));
      assert.match(found.content[0]?.text ?? '', /is not indexed yet, or its last index found no file to index.*big-three index/);
    } finally {
      await stopServer(child);
    }
  });

  it('searches the indexed workspace through the gate', async () => {
    const indexed = spawn(process.execPath, [cliMain, 'index', workspace, '--data-dir', dataDir, '--agents', path.join(repoRoot, 'agentpool')]);
    assert.strictEqual(await new Promise<number | null>((resolve) => indexed.on('exit', resolve)), 0);
    const { child, client } = await start({});
    try {
      const found = await client.call('search_code', { query: 'round cents amount', limit: 3 });
      assert.ok(!found.isError, found.content[0]?.text);
      const results = found.structuredContent?.results as Array<{ codePath: string }>;
      assert.ok(results.length >= 1);
      assert.match(results[0]!.codePath, /invoice\.js$/);
      // One search, one authorization: one audit record and one rate-limit token (it was checked twice).
      const audit = fs.readFileSync(path.join(dataDir, 'security', 'audit', 'audit.jsonl'), 'utf8');
      const searches = audit.split('\n').filter((line) => line.includes('"operation":"code.search"'));
      assert.strictEqual(searches.length, 1, searches.join('\n'));
    } finally {
      await stopServer(child);
    }
  });
});
