// The MCP server against hostile clients: an oversized request is answered with a JSON-RPC error and
// the server stays up; refusals before the gate (schema, unknown expert, unknown tool) are audited; a
// token revoked by another process stops working in the running server.
import * as assert from 'assert';
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { RpcClient, stopServer } from '../../fakes/mcp-rpc-client';
import { runCliAs } from './security-fixture';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cliMain = path.join(repoRoot, 'out', 'src', 'cli', 'main.js');

const cli = (dataDir: string, role: string, ...args: string[]) => runCliAs(role, dataDir, args);

describe('MCP server against hostile clients', function () {
  this.timeout(60_000);
  let dataDir: string;
  let child: ChildProcessWithoutNullStreams;
  let client: RpcClient;
  let token: string;
  let tokenId: string;

  before(async () => {
    dataDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bt-mcp-hostile-')));
    const issued = await cli(dataDir, 'admin', 'token', 'issue', 'agent', '--role', 'developer', '--json');
    assert.strictEqual(issued.code, 0, issued.err);
    ({ token, id: tokenId } = JSON.parse(issued.out) as { token: string; id: string });
    child = spawn(process.execPath, [cliMain, 'mcp', '--agents', path.join(repoRoot, 'agentpool'), '--data-dir', dataDir, '--workspace', dataDir], {
      env: { ...process.env, BIG_THREE_TOKEN: token },
    });
    client = new RpcClient(child);
    await client.request('initialize', { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'red-team', version: '1.0.0' } });
    client.notify('notifications/initialized');
  });

  after(async () => {
    await stopServer(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a 10 MB request with a JSON-RPC error and keeps serving', async () => {
    const answer = new Promise<{ id: unknown; error?: { code: number; message: string } }>((resolve) => {
      let buffer = '';
      const onData = (d: Buffer) => {
        buffer += d.toString('utf8');
        for (const line of buffer.split('\n').slice(0, -1)) {
          const message = JSON.parse(line) as { id: unknown; error?: { code: number; message: string } };
          if (message.id === 'huge-1') {
            child.stdout.off('data', onData);
            resolve(message);
          }
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      };
      child.stdout.on('data', onData);
    });
    child.stdin.write(
      `{"jsonrpc":"2.0","id":"huge-1","method":"tools/call","params":{"name":"select_expert","arguments":{"task":"${'x'.repeat(10 * 1024 * 1024)}"}}}\n`,
    );
    const response = await answer;
    assert.strictEqual(response.error?.code, -32600);
    assert.match(response.error!.message, /over the \d+-byte limit/);
    const after = await client.call('pool_status', {});
    assert.ok(!after.isError, 'the server is still up');
  });

  it('audits refusals that happen before the gate', async () => {
    const badSchema = await client.call('record_outcome', { task: 'x', agentId: 'qa-expert', success: 'yes' });
    assert.ok(badSchema.isError);
    const unknownExpert = await client.call('record_outcome', { task: 'x', agentId: 'no-such-expert', success: true });
    assert.ok(unknownExpert.isError);
    const list = await cli(dataDir, 'admin', 'audit', 'list', '--type', 'authorization_denied', '--json');
    const records = list.out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { operation?: string; user: string; message: string });
    assert.ok(
      records.some((r) => r.operation === 'mcp.tool' && /Input validation|Invalid arguments/i.test(r.message)),
      list.out,
    );
    assert.ok(
      records.some((r) => r.operation === 'mcp.record_outcome' && r.user === 'token:agent'),
      list.out,
    );
    assert.ok(
      records.some((r) => r.operation === 'mcp.request'),
      'the oversized request was audited',
    );
  });

  it("answers a tool named after Object.prototype's members as unknown (red team of stop 37)", async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const answer = await client.call(name, {});
      assert.ok(answer.isError, name);
      assert.match(JSON.stringify(answer.content), new RegExp(`Tool ${name} not found`), name);
    }
    assert.ok(!(await client.call('pool_status', {})).isError, 'the server is still up');
  });

  it('stops honouring a token revoked by another process, without a restart', async () => {
    const before = await client.call('record_outcome', { task: 'Fix the flaky checkout test', agentId: 'qa-expert', result: 'ok', success: true });
    assert.ok(!before.isError, before.content[0]?.text);
    const revoked = await cli(dataDir, 'admin', 'token', 'revoke', tokenId);
    assert.strictEqual(revoked.code, 0, revoked.err);
    const afterRevoke = await client.call('record_outcome', { task: 'Fix the flaky checkout test', agentId: 'qa-expert', result: 'ok', success: true });
    assert.ok(afterRevoke.isError);
    assert.match(afterRevoke.content[0]!.text, /revoked|authenticate again/i);
    // Every tool stops, not only the privileged ones (they read the learning history and the catalog).
    for (const [name, args] of [
      ['select_expert', { task: 'Fix the flaky checkout test' }],
      ['learning_stats', {}],
      ['get_recommendations', { task: 'Fix the flaky checkout test' }],
    ] as const) {
      const answer = await client.call(name, args);
      assert.ok(answer.isError, `${name} answered after the revocation: ${answer.content[0]?.text}`);
      assert.match(answer.content[0]!.text, /revoked|authenticate again/i, name);
    }
  });
});
