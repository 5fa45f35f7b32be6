// Every line an MCP client sends is answered: a line the SDK cannot read as JSON-RPC (params null,
// "jsonrpc" 1.0, no method, bytes after the JSON, a batch, not JSON at all) gets a JSON-RPC error for
// its id instead of being dropped while the client waits forever; a byte order mark is not part of
// the message (robustness probe, stop 35).
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { INVALID_PARAMS, INVALID_REQUEST, PARSE_ERROR, checkJsonRpcLine, readableParamsError } from '../../../src/cli/mcp/json-rpc-line-check';
import { RequestSizeLimit } from '../../../src/cli/mcp/mcp-request-limit';
import { stopServer } from '../../fakes/mcp-rpc-client';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cliMain = path.join(repoRoot, 'out', 'src', 'cli', 'main.js');

type Reply = { id: unknown; error?: { code: number; message: string } };
const replies = (line: string): Reply[] => checkJsonRpcLine(line).replies.map((r) => JSON.parse(r) as Reply);

describe('MCP input lines that are not JSON-RPC messages', () => {
  it('passes a message on whole, without a byte order mark, and skips blank lines', () => {
    const message = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}';
    assert.deepStrictEqual(checkJsonRpcLine(message), { pass: message, replies: [] });
    assert.deepStrictEqual(checkJsonRpcLine(`\uFEFF${message}`), { pass: message, replies: [] });
    assert.deepStrictEqual(checkJsonRpcLine('{"jsonrpc":"2.0","method":"notifications/initialized"}').replies, []);
    assert.deepStrictEqual(checkJsonRpcLine('   '), { replies: [] });
  });

  it('answers each malformed request for its own id, with the code JSON-RPC gives it', () => {
    const cases: Array<[string, unknown, number, RegExp]> = [
      ['{"jsonrpc":"2.0","id":6,"method":"tools/call","params":null}', 6, INVALID_REQUEST, /"params" must be an object/],
      ['{"jsonrpc":"1.0","id":3,"method":"tools/list"}', 3, INVALID_REQUEST, /"jsonrpc" must be "2.0"/],
      ['{"jsonrpc":"2.0","id":"four"}', 'four', INVALID_REQUEST, /needs a "method"/],
      ['{"jsonrpc":"2.0","id":11,"method":"ping"} trailing', 11, PARSE_ERROR, /not valid JSON/],
      ['{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}', null, INVALID_REQUEST, /"id" must be a string or a number/],
      ['not json', null, PARSE_ERROR, /not valid JSON/],
      ['null', null, INVALID_REQUEST, /JSON object/],
      ['42', null, INVALID_REQUEST, /JSON object/],
    ];
    for (const [line, id, code, message] of cases) {
      const [answer, ...more] = replies(line);
      assert.deepStrictEqual([answer!.id, answer!.error!.code, more.length], [id, code, 0], line);
      assert.match(answer!.error!.message, message, line);
    }
  });

  it('answers every request of a batch, or once when none has an id', () => {
    const ids = replies('[{"jsonrpc":"2.0","id":2,"method":"tools/list"},{"jsonrpc":"2.0","id":"b","method":"ping"},{"jsonrpc":"2.0","method":"n"}]');
    assert.deepStrictEqual(
      ids.map((r) => [r.id, r.error!.code]),
      [
        [2, INVALID_REQUEST],
        ['b', INVALID_REQUEST],
      ],
    );
    assert.match(ids[0]!.error!.message, /batches are not supported/);
    assert.deepStrictEqual(
      replies('[]').map((r) => r.id),
      [null],
    );
  });

  it('turns the SDK’s raw schema dump into an invalid-params sentence and leaves other messages alone', () => {
    const dump = JSON.stringify([
      { expected: 'record', code: 'invalid_type', path: ['params', 'arguments'], message: 'Invalid input: expected record, received string' },
    ]);
    const turned = readableParamsError({ jsonrpc: '2.0', id: 9, error: { code: -32603, message: dump } });
    assert.deepStrictEqual(turned.error, {
      code: INVALID_PARAMS,
      message: 'Invalid params: params.arguments: Invalid input: expected record, received string.',
    });
    const internal = { jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'disk full' } };
    assert.strictEqual(readableParamsError(internal), internal);
    const result = { jsonrpc: '2.0', id: 1, result: {} };
    assert.strictEqual(readableParamsError(result), result);
  });

  it('lets the size limit drop a line its check refuses', async () => {
    const limit = new RequestSizeLimit(
      1024,
      () => undefined,
      (line) => (line.toString().startsWith('keep') ? line : undefined),
    );
    const out: string[] = [];
    limit.on('data', (d: Buffer) => out.push(d.toString()));
    limit.end('drop me\nkeep me\n');
    await new Promise((resolve) => limit.on('end', resolve));
    assert.deepStrictEqual(out.join(''), 'keep me\n');
  });

  it('big-three mcp answers every id of malformed requests and keeps serving', async function () {
    this.timeout(30_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-mcp-lines-'));
    const child = spawn(process.execPath, [cliMain, 'mcp', '--agents', path.join(repoRoot, 'agentpool'), '--data-dir', dataDir, '--workspace', dataDir]);
    try {
      const seen = new Map<unknown, Reply>();
      let buffer = '';
      child.stdout.on('data', (d: Buffer) => {
        buffer += d.toString('utf8');
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines.filter((l) => l.trim())) {
          const message = JSON.parse(line) as Reply;
          seen.set(message.id, message);
        }
      });
      const init = {
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 't', version: '1' } },
      };
      child.stdin.write(
        [
          `\uFEFF${JSON.stringify(init)}`,
          '{"jsonrpc":"2.0","method":"notifications/initialized"}',
          '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":null}',
          '{"jsonrpc":"1.0","id":2,"method":"tools/list"}',
          '{"jsonrpc":"2.0","id":3}',
          '{"jsonrpc":"2.0","id":4,"method":"ping"} trailing',
          '[{"jsonrpc":"2.0","id":5,"method":"tools/list"}]',
          '{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"select_expert","arguments":"text"}}',
          '{"jsonrpc":"2.0","id":7,"method":"ping"}',
          '',
        ].join('\n'),
      );
      const deadline = Date.now() + 20_000;
      while (seen.size < 8 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepStrictEqual(
        [0, 1, 2, 3, 4, 5, 6, 7].map((id) => seen.get(id)?.error?.code ?? (seen.has(id) ? 'ok' : 'no answer')),
        ['ok', INVALID_REQUEST, INVALID_REQUEST, INVALID_REQUEST, PARSE_ERROR, INVALID_REQUEST, INVALID_PARAMS, 'ok'],
      );
    } finally {
      await stopServer(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
