// Refusals the audit log holds back as a flood (counted, written later as one record) are not lost when
// the MCP server is stopped by a signal, as the SDK's client stops a server that does not exit at once
// (found by the stop-23 red team: 20 of 25 refusals were never written).
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { RpcClient } from '../../fakes/mcp-rpc-client';
import { runCliAs } from './security-fixture';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cliMain = path.join(repoRoot, 'out', 'src', 'cli', 'main.js');

const cli = (dataDir: string, ...args: string[]) => runCliAs('admin', dataDir, args);

describe('MCP server stopped by a signal', function () {
  this.timeout(60_000);

  it('writes every refusal it held back, then exits with 128 + the signal', async () => {
    const dataDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bt-mcp-signal-')));
    try {
      const issued = await cli(dataDir, 'token', 'issue', 'reader', '--role', 'viewer', '--json');
      assert.strictEqual(issued.code, 0, issued.err);
      const { token } = JSON.parse(issued.out) as { token: string };
      const child = spawn(process.execPath, [cliMain, 'mcp', '--agents', path.join(repoRoot, 'agentpool'), '--data-dir', dataDir, '--workspace', dataDir], {
        env: { ...process.env, BIG_THREE_TOKEN: token },
      });
      const client = new RpcClient(child);
      await client.request('initialize', { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'stopper', version: '1.0.0' } });
      client.notify('notifications/initialized');
      const REFUSALS = 25;
      for (let i = 0; i < REFUSALS; i++) {
        const answer = await client.call('record_outcome', { task: `task ${i}`, agentId: 'qa-expert', success: true });
        assert.ok(answer.isError, 'a viewer may not record outcomes');
      }
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.strictEqual(await exited, 128 + 15);
      const list = await cli(dataDir, 'audit', 'list', '--type', 'authorization_denied', '--json');
      const records = list.out
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { operation?: string; details?: { aggregated?: number } });
      const refusals = records.filter((r) => r.operation === 'learning.record' || r.operation === 'mcp.record_outcome');
      const counted = refusals.reduce((n, r) => n + (r.details?.aggregated ?? 1), 0);
      assert.strictEqual(counted, REFUSALS, JSON.stringify(refusals.map((r) => [r.operation, r.details?.aggregated])));
      const verify = await cli(dataDir, 'audit', 'verify');
      assert.strictEqual(verify.code, 0, verify.out + verify.err);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
