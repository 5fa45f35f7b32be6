// Every host is built by createBigThree over one data folder: what VS Code records, the CLI and the MCP
// server see; the audit chain is one; and every way of recording an outcome reaches the same gate.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { nodePorts } from '../../../src/adapters/node-ports';
import type { BigThreePorts } from '../../../src/orchestrator/app/app-ports';
import { createBigThree } from '../../../src/orchestrator/app/create-big-three';
import { resolveDataDirs } from '../../../src/orchestrator/app/data-dirs';
import { DEFAULT_CLAUDE_SETTINGS } from '../../../src/orchestrator/delegates/claude-coder';
import { DEFAULT_GEMINI_SETTINGS } from '../../../src/orchestrator/delegates/gemini-browser';
import { silentLogger, systemClock } from '../../../src/orchestrator/ports';
import type { LocalRole } from '../../../src/orchestrator/security/permissions';
import { openHeadless } from '../../../src/cli/headless-services';
import { runCli } from '../../../src/cli/main';
import { tempDir } from '../memory/helpers';
import { repoRoot } from '../workflow/agent-core-fixture';

const io = { out: () => {}, err: () => {} };

/** The ports VS Code supplies, minus the UI (no approval prompts, secrets in memory). */
async function editorPorts(base: string, workspace: string, localRole: LocalRole): Promise<BigThreePorts> {
  const node = nodePorts();
  const secrets = new Map<string, string>();
  return {
    ...node,
    clock: systemClock,
    logger: silentLogger,
    secrets: { get: async (k) => secrets.get(k), store: async (k, v) => void secrets.set(k, v), delete: async (k) => void secrets.delete(k) },
    dataDirs: await resolveDataDirs(base, workspace, node.realPath),
    builtinAgentsDir: path.join(repoRoot, 'agentpool'),
    workspaceFolders: () => [workspace],
    sessionId: 'editor-test',
    settings: { security: { localRole }, claude: () => DEFAULT_CLAUDE_SETTINGS, gemini: () => DEFAULT_GEMINI_SETTINGS },
    index: { current: () => undefined, ready: async () => undefined, reason: () => 'no index in this test', root: () => workspace },
    browser: async () => ({ reason: 'no browser in this test' }),
  };
}

describe('one application core for every host', () => {
  let dir: string;
  let workspace: string;
  let role: string | undefined;
  beforeEach(() => {
    dir = tempDir('bt-one-core-');
    workspace = path.join(dir, 'ws');
    fs.mkdirSync(workspace);
    role = process.env.BIG_THREE_LOCAL_ROLE;
  });
  afterEach(() => {
    if (role === undefined) delete process.env.BIG_THREE_LOCAL_ROLE;
    else process.env.BIG_THREE_LOCAL_ROLE = role;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an outcome recorded in the editor is seen by the CLI and the MCP host; one audit chain verifies', async () => {
    const base = path.join(dir, 'data');
    const editor = await createBigThree(await editorPorts(base, workspace, 'developer'));
    await editor.outcomes.record(editor.security.localPrincipal, 'Write a Helm chart for the API', 'devops-engineer', 'chart added', true);
    await editor.dispose();

    let out = '';
    const code = await runCli(['learning', 'stats', '--json', '--data-dir', base, '--workspace', workspace, '--agents', path.join(repoRoot, 'agentpool')], {
      out: (t) => (out += t),
      err: () => {},
    });
    assert.strictEqual(code, 0);
    assert.strictEqual(JSON.parse(out).agentPerformance['devops-engineer'].success, 1);

    const mcp = await openHeadless({ io, verbose: false, surface: 'mcp', dataDir: base, workspace, agentsDir: path.join(repoRoot, 'agentpool') });
    try {
      assert.strictEqual(mcp.learning.getLearningStats().totalOutcomes, 1);
      await mcp.recordOutcome('Review the invoice module', 'code-reviewer', '', false);
      const verified = await mcp.security.audit.verify();
      assert.ok(verified.ok, 'one chain over the editor and the headless records');
      const records = await mcp.security.audit.searchEvents({ limit: 1000 });
      assert.deepStrictEqual(
        records.filter((r) => r.operation === 'learning.record').map((r) => r.outcome),
        ['allowed', 'allowed'],
      );
      assert.strictEqual(mcp.dataDirs.workspace, editor.dataDirs.workspace, 'the same workspace folder for both hosts');
    } finally {
      await mcp.close();
    }
  });

  it('every way of recording an outcome is refused by the same gate without permission (and audited)', async () => {
    const base = path.join(dir, 'data');
    process.env.BIG_THREE_LOCAL_ROLE = 'none';
    const editor = await createBigThree(await editorPorts(base, workspace, 'none'));
    const paths: Record<string, () => Promise<unknown>> = {
      'VS Code Record Task Outcome': () => editor.outcomes.record(editor.security.localPrincipal, 'task', 'code-reviewer', '', true),
    };
    for (const [name, record] of Object.entries(paths)) await assert.rejects(record, /permission|not allowed|denied/i, name);
    await editor.dispose();
    for (const surface of ['cli', 'mcp'] as const) {
      const host = await openHeadless({ io, verbose: false, surface, dataDir: base, workspace, agentsDir: path.join(repoRoot, 'agentpool') });
      try {
        await assert.rejects(() => host.recordOutcome('task', 'code-reviewer', '', true), /permission|not allowed|denied/i, surface);
      } finally {
        await host.close();
      }
    }
    const check = await openHeadless({ io, verbose: false, surface: 'cli', dataDir: base, workspace, agentsDir: path.join(repoRoot, 'agentpool') });
    try {
      const denied = (await check.security.audit.searchEvents({ limit: 1000 })).filter((r) => r.operation === 'learning.record' && r.outcome === 'denied');
      assert.strictEqual(denied.length, 3, 'the editor, the CLI and the MCP host each reached the gate');
      assert.strictEqual(check.learning.getLearningStats().totalOutcomes, 0);
    } finally {
      await check.close();
    }
  });
});
