// MCP search_code says what the CLI's search says when a full indexing pass is writing the index or left
// it unfinished: "incomplete": true, read at each search (the server outlives the passes other processes run).
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { workspaceIndexDir } from '../../../src/orchestrator/rag/rag-paths';
import { RpcClient, stopServer } from '../../fakes/mcp-rpc-client';
import { holdPass } from '../rag/pass-holder';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cliMain = path.join(repoRoot, 'out', 'src', 'cli', 'main.js');

describe('MCP search_code: an unfinished index pass', function () {
  this.timeout(60_000);
  let dataDir: string;
  let workspace: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-mcp-incomplete-'));
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bt-mcp-incomplete-ws-')));
    fs.mkdirSync(path.join(workspace, 'src'));
    fs.writeFileSync(path.join(workspace, 'src', 'invoice.js'), 'export function roundCents(amount) {\n  return Math.round(amount * 100) / 100;\n}\n');
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [cliMain, ...args, '--data-dir', dataDir, '--workspace', workspace, '--agents', path.join(repoRoot, 'agentpool')], {
      encoding: 'utf8',
    });

  it('carries "incomplete": true while a pass runs elsewhere and after it was killed, until a pass finishes', async () => {
    assert.strictEqual(cli('index', workspace).status, 0);
    const child = spawn(process.execPath, [cliMain, 'mcp', '--agents', path.join(repoRoot, 'agentpool'), '--data-dir', dataDir, '--workspace', workspace]);
    const client = new RpcClient(child);
    const search = async () => {
      const found = await client.call('search_code', { query: 'round cents amount', limit: 3 });
      assert.ok(!found.isError, found.content[0]?.text);
      assert.match((found.structuredContent?.results as Array<{ codePath: string }>)[0]!.codePath, /invoice\.js$/);
      return found.structuredContent?.incomplete;
    };
    try {
      const init = await client.request('initialize', { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 't', version: '1' } });
      assert.ok(init.result, client.stderr);
      client.notify('notifications/initialized');
      assert.strictEqual(await search(), undefined, 'the last pass finished');

      const other = await holdPass(path.join(workspaceIndexDir(dataDir, workspace), 'code'));
      try {
        assert.strictEqual(await search(), true, 'a pass is writing the index in another process');
        const cliSearch = cli('search', 'round cents amount', '--json');
        assert.strictEqual(JSON.parse(cliSearch.stdout).incomplete, true, 'the CLI says the same');
      } finally {
        await other.kill();
      }
      assert.strictEqual(await search(), true, 'the pass was killed: the index is incomplete');
      assert.strictEqual(cli('index', workspace).status, 0);
      assert.strictEqual(await search(), undefined, 'a finished pass cleared it');
    } finally {
      await stopServer(child);
    }
  });
});
