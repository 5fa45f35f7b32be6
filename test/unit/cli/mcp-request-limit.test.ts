// An MCP request too large to parse is answered for its own top-level id (never one inside "params"),
// and an oversized notification is not answered (thirteenth red team).
import * as assert from 'assert';
import { TopLevelIdScanner } from '../../../src/cli/mcp/json-top-level-id';
import { type OversizedRequest, RequestSizeLimit } from '../../../src/cli/mcp/mcp-request-limit';

function scan(text: string, pieceBytes = 0): TopLevelIdScanner {
  const scanner = new TopLevelIdScanner();
  const bytes = Buffer.from(text, 'utf8');
  if (!pieceBytes) scanner.push(bytes);
  else for (let i = 0; i < bytes.length; i += pieceBytes) scanner.push(bytes.subarray(i, i + pieceBytes));
  return scanner;
}

describe('the top-level id of an oversized MCP request', () => {
  const cases: Array<[string, string | number | null, boolean]> = [
    ['{"jsonrpc":"2.0","method":"tools/call","params":{"name":"x","arguments":{"id":99,"task":"xxx"}},"id":5}\n', 5, true],
    ['{"id":"huge-1","jsonrpc":"2.0","method":"tools/call","params":{"arguments":{"id":"inner"}}}\n', 'huge-1', true],
    ['{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1,"id":3}}\n', null, false],
    ['{"params":{"t":"a\\"}\\"{ \\"id\\": 1"},"id" : 7 }\n', 7, true],
    ['{"method":"m","params":[{"id":2},[3,{"id":4}]],"id":"\\u0041b"}\n', 'Ab', true],
    ['{"method":"m","id":null,"params":{}}\n', null, true],
    ['{"method":"m","id":{"nested":1}}\n', null, true],
  ];

  it('reads the id at the top level only, whole or in pieces of any size', () => {
    for (const [text, id, request] of cases) {
      for (const piece of [0, 1, 3, 17]) {
        const scanner = scan(text, piece);
        assert.deepStrictEqual([scanner.id, scanner.isRequest], [id, request], `${text} in pieces of ${piece}`);
      }
    }
  });

  it('gives the limit the id at the end of a request over the limit, and marks a notification', async () => {
    const seen: OversizedRequest[] = [];
    const limit = new RequestSizeLimit(1024, (r) => seen.push(r));
    const big = 'x'.repeat(4096);
    limit.write(Buffer.from(`{"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{"id":99,"task":"${big}`));
    limit.write(Buffer.from(`"}},"id":5}\n{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"reason":"${big}"}}\n`));
    limit.end();
    await new Promise((resolve) => limit.on('finish', resolve));
    assert.deepStrictEqual(
      seen.map((r) => [r.id, r.notification]),
      [
        [5, false],
        [null, true],
      ],
    );
  });
});
