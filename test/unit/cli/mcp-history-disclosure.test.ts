// A task's own history (which experts succeeded or failed on it, recorded by other callers) is shown by
// explain_selection, suggest_agent and select_expert only to a caller the gate lets read what was learned
// (learning.read, as learning_stats and get_recommendations); for any other caller the ranking leaves it out.
// Many selections in a row must not use up learning_stats' reads (learning/mcp-learning.test.ts).
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { OWN_HISTORY_WITHHELD_LINE } from '../../../src/orchestrator/learning/history-disclosure';
import { RpcClient, stopServer } from '../../fakes/mcp-rpc-client';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cliMain = path.join(repoRoot, 'out', 'src', 'cli', 'main.js');
const TASK = 'Fix the flaky Cypress checkout test';

describe("MCP: a task's own history only for callers who may read what was learned", function () {
  this.timeout(40_000);
  let dataDir: string;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-mcp-history-'));
    // Another caller (a developer) recorded how experts did on this very task.
    await withServer('developer', async (client) => {
      for (const [agentId, success] of [
        ['qa-expert', true],
        ['qa-expert', true],
        ['frontend-developer', false],
      ] as const) {
        const recorded = await client.call('record_outcome', { task: TASK, agentId, result: 'done', success });
        assert.ok(!recorded.isError, recorded.content[0]?.text);
      }
    });
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  async function withServer<T>(role: string, body: (client: RpcClient) => Promise<T>): Promise<T> {
    const child = spawn(process.execPath, [cliMain, 'mcp', '--agents', path.join(repoRoot, 'agentpool'), '--data-dir', dataDir, '--workspace', dataDir], {
      env: { ...process.env, BIG_THREE_LOCAL_ROLE: role },
    });
    const client = new RpcClient(child);
    try {
      const init = await client.request('initialize', {
        protocolVersion: LATEST_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'test-client', version: '1.0.0' },
      });
      assert.ok(init.result, `initialize failed: ${client.stderr}`);
      client.notify('notifications/initialized');
      return await body(client);
    } finally {
      await stopServer(child);
    }
  }

  /** What each of the three tools answers about the task, as one caller sees it. */
  const answers = (client: RpcClient) =>
    Promise.all([
      client.call('explain_selection', { expertId: 'qa-expert', task: TASK }),
      client.call('explain_selection', { expertId: 'frontend-developer', task: TASK }),
      client.call('suggest_agent', { task: TASK }),
      client.call('select_expert', { task: TASK, explore: false }),
      client.call('plan_workflow', { goal: 'Stabilise checkout', tasks: [TASK] }),
    ]);

  it('withholds the history from a caller without learning.read, from its ranking too, and audits the refusal', async () => {
    const [reader, outsider] = [await withServer('viewer', answers), await withServer('none', answers)];
    const [qa, , suggestion, selection, plan] = outsider.map((a) => a.structuredContent!);
    const [readerQa, readerFrontend, readerSuggestion, readerSelection, readerPlan] = reader.map((a) => a.structuredContent!);

    // A reader sees the history, as before.
    assert.ok(
      (readerQa.lines as string[]).some((l) => /this task's own history: 2 successes, 0 failures/.test(l)),
      String(readerQa.lines),
    );
    assert.ok((readerFrontend.lines as string[]).some((l) => /0 successes, 1 failures/.test(l)));
    assert.strictEqual(readerSuggestion.source, 'history');
    assert.deepStrictEqual((readerSelection.signals as { own: unknown }).own, { successes: 2, failures: 0, tier: 2 });

    // The outsider's ranking leaves the history out: with it, the order and the probabilities would give it
    // away (ln p - 5 x prior - learned recovers each expert's history logits: a stranger's review of stop 40).
    // qa-expert's two successes on this very task made it near certain for the reader; not for the outsider.
    assert.strictEqual(selection.expertId, readerSelection.expertId, 'the definitions pick qa-expert anyway');
    assert.ok((readerSelection.probability as number) > 0.99, String(readerSelection.probability));
    assert.ok((selection.probability as number) < (readerSelection.probability as number) - 0.01, `${selection.probability} vs ${readerSelection.probability}`);
    assert.strictEqual(suggestion.confidence, selection.probability, 'suggest_agent ranks as select_expert does for the same caller');
    assert.deepStrictEqual([qa.rank, qa.of], [readerQa.rank, readerQa.of]);
    // A plan's filled-in expert comes from the same ranking as the caller's select_expert.
    type Plan = { plan: { stages: Array<{ tasks: Array<{ agentId: string; confidence: number }> }> } };
    const planned = (p: unknown) => (p as Plan).plan.stages[0]!.tasks[0]!;
    assert.deepStrictEqual([planned(plan).agentId, planned(readerPlan).agentId], [selection.expertId, readerSelection.expertId]);
    assert.strictEqual(planned(plan).confidence, selection.probability);
    assert.strictEqual(planned(readerPlan).confidence, readerSelection.probability);
    // ...and nothing of the history: no counts, no combined score (prior + learned + history), no "history" source.
    const text = JSON.stringify(outsider.map((a) => [a.structuredContent, a.content]));
    assert.doesNotMatch(text, /successes|failures|combined score|"own"|preferred/, text);
    assert.ok((qa.lines as string[]).includes(OWN_HISTORY_WITHHELD_LINE));
    assert.notStrictEqual(suggestion.source, 'history');
    assert.strictEqual(suggestion.history, 'withheld');
    assert.strictEqual(readerSuggestion.history, undefined);

    const auditDir = path.join(dataDir, 'security', 'audit');
    const audit = fs
      .readdirSync(auditDir)
      .map((f) => fs.readFileSync(path.join(auditDir, f), 'utf8'))
      .join('');
    // The refusals are audited (naming the tool); an allowed check is not a read of the log and writes nothing.
    const reads = audit.split('\n').filter((line) => line.includes('"operation":"learning.read"'));
    for (const tool of ['explain_selection', 'suggest_agent', 'select_expert']) {
      assert.ok(
        reads.some((l) => l.includes(`"asker":"mcp.${tool}"`) && l.includes('"outcome":"denied"')),
        `${tool}: ${reads.join('\n')}`,
      );
    }
    assert.ok(!reads.some((l) => l.includes('"outcome":"allowed"')), reads.join('\n'));
  });

  it('CLI select --explain: the same for a local role without learning.read', () => {
    const select = (role: string) => {
      const run = spawnSync(
        process.execPath,
        [cliMain, 'select', TASK, '--explain', '--json', '--agents', path.join(repoRoot, 'agentpool'), '--data-dir', dataDir, '--workspace', dataDir],
        { encoding: 'utf8', env: { ...process.env, BIG_THREE_LOCAL_ROLE: role } },
      );
      assert.strictEqual(run.status, 0, run.stderr);
      return (JSON.parse(run.stdout) as { experts: Array<{ id: string; probability: number; signals: { own?: unknown }; explanation: string[] }> }).experts[0]!;
    };
    const [reader, outsider] = [select('viewer'), select('none')];
    assert.ok(reader.explanation.some((l) => /this task's own history: 2 successes, 0 failures/.test(l)));
    assert.deepStrictEqual(reader.signals.own, { successes: 2, failures: 0, tier: 2 });
    assert.strictEqual(outsider.id, reader.id);
    assert.ok(outsider.probability < reader.probability, `${outsider.probability} vs ${reader.probability}`);
    assert.strictEqual(outsider.signals.own, undefined);
    assert.doesNotMatch(JSON.stringify(outsider), /successes|failures|combined score/);
    assert.ok(outsider.explanation.includes(OWN_HISTORY_WITHHELD_LINE));
  });
});
