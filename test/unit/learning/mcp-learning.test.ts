// Learning as an external MCP client sees it: `big-three mcp` over stdio, choosing with select_expert
// (exploring once it records), recording with record_outcome / record_outcomes (with corrections),
// and measuring with frozen select_expert calls (explore: false) — the protocol of `eval learning`.
import * as assert from 'assert';
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { parseLabelledTasks } from '../../../src/orchestrator/agents/selection/selection-eval';
import { RpcClient, stopServer } from '../../fakes/mcp-rpc-client';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cliMain = path.join(repoRoot, 'out', 'src', 'cli', 'main.js');

describe('learning through the MCP server', function () {
  this.timeout(60_000);
  let dataDir: string;
  let child: ChildProcessWithoutNullStreams;
  let client: RpcClient;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-mcp-learn-'));
    child = spawn(process.execPath, [cliMain, 'mcp', '--agents', path.join(repoRoot, 'agentpool'), '--data-dir', dataDir, '--workspace', dataDir]);
    client = new RpcClient(child);
    const init = await client.request('initialize', {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'learning-client', version: '1.0.0' },
    });
    assert.ok(init.result, client.stderr);
    client.notify('notifications/initialized');
  });

  after(async () => {
    await stopServer(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const choose = async (task: string, explore?: boolean) => {
    const answer = await client.call('select_expert', { task, ...(explore === undefined ? {} : { explore }) });
    return answer.isError ? undefined : (answer.structuredContent?.expertId as string);
  };

  it('learns every train task from corrections within two passes, without losing held-out tasks', async () => {
    const all = parseLabelledTasks(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'selection-heldout-2.jsonl'), 'utf8'));
    const train = all.filter((_, i) => i % 2 === 0);
    const heldout = all.filter((_, i) => i % 2 === 1);
    const right = (t: (typeof all)[number], id: string | undefined) => id === t.expert || t.acceptable.includes(id ?? '');
    const frozen = async (tasks: typeof all) => {
      let n = 0;
      for (const t of tasks) if (right(t, await choose(t.task, false))) n++;
      return n / tasks.length;
    };
    const baseline = { train: await frozen(train), heldout: await frozen(heldout) };
    assert.ok(baseline.train < 1, 'something to learn');
    let singles = 0;
    for (let epoch = 1; epoch <= 2; epoch++) {
      const batch: Array<Record<string, unknown>> = [];
      for (const t of train) {
        const chosen = await choose(t.task); // exploration is on by default once this client records
        if (!chosen) continue;
        const outcome = {
          task: t.task,
          agentId: chosen,
          result: 'simulated',
          success: right(t, chosen),
          ...(right(t, chosen) ? {} : { preferredAgentId: t.expert }),
        };
        // A few one by one (record_outcome), the rest in one batch (record_outcomes: one authorization,
        // so an agent client stays within the learning.record rate limit).
        if (epoch === 1 && batch.length === 0 && singles++ < 10) {
          const recorded = await client.call('record_outcome', outcome);
          assert.ok(!recorded.isError, recorded.content[0]?.text);
        } else batch.push(outcome);
      }
      if (batch.length) {
        const recorded = await client.call('record_outcomes', { outcomes: batch });
        assert.ok(!recorded.isError, recorded.content[0]?.text);
      }
    }
    const after = { train: await frozen(train), heldout: await frozen(heldout) };
    assert.ok(after.train >= 0.98, `train ${baseline.train} -> ${after.train}`);
    assert.ok(after.heldout >= baseline.heldout - 0.02, `held-out ${baseline.heldout} -> ${after.heldout}`);
    const lines = fs
      .readFileSync(path.join(dataDir, 'learning', 'outcomes.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { preferredAgentId?: string });
    assert.ok(lines.length >= train.length * 2 - 2);
    assert.ok(
      lines.some((l) => l.preferredAgentId),
      'corrections are kept in the outcome log',
    );
    assert.ok(fs.existsSync(path.join(dataDir, 'learning', 'selection-model.json')), 'the learned model is kept beside the log');
  });

  it('refuses a batch naming an unknown expert, recording none of it', async () => {
    const before = ((await client.call('learning_stats', {})).structuredContent?.totalOutcomes as number) ?? 0;
    const refused = await client.call('record_outcomes', {
      outcomes: [
        { task: 'write the README', agentId: 'technical-writer', success: true },
        { task: 'write the README', agentId: 'technical-writer', success: false, preferredAgentId: 'nobody-at-all' },
      ],
    });
    assert.strictEqual(refused.isError, true);
    assert.match(refused.content[0]!.text, /nobody-at-all/);
    assert.strictEqual((await client.call('learning_stats', {})).structuredContent?.totalOutcomes, before);
  });
});
