import * as assert from 'assert';
import { createHash } from 'crypto';
import { chunksOf, contentHash, outlineOf } from '../../../src/orchestrator/rag/code-indexer';
import { chunkText, type ChunkerOptions } from '../../../src/orchestrator/rag/chunker';

const SMALL: ChunkerOptions = { maxTokens: 60, overlapTokens: 8, minTokens: 4 };
const body = (n: number) => Array.from({ length: n }, (_, i) => `    const value${i} = compute(${i}, options.retryAfter, headers)`).join('\n');

describe('chunking at declarations found by the parser (tree-sitter)', () => {
  it('labels #private, computed [kSymbol] methods, static members, arrow exports and prototype assignments in JavaScript', async () => {
    const text = [
      "'use strict'",
      'class RetryHandler {',
      '  #attempts = 0',
      '  #backoff (attempt) {',
      body(6),
      '  }',
      '  static [kDefaultRetry] (err, state) {',
      body(6),
      '  }',
      '  onRequestUpgrade (controller) {',
      body(6),
      '  }',
      '}',
      'export const parseRetryAfter = (value) => {',
      body(6),
      '}',
      'RetryHandler.prototype.describe = function () {',
      body(6),
      '}',
    ].join('\n');
    const outline = await outlineOf('lib/retry.js', text);
    assert.ok(outline, 'the JavaScript grammar loads from the package');
    const chunks = chunkText(text, 'javascript', SMALL, outline);
    const symbolAt = (line: number) => chunks.find((c) => c.startLine <= line && c.endLine >= line)?.symbol;
    assert.strictEqual(symbolAt(6), 'RetryHandler.#backoff');
    assert.strictEqual(symbolAt(15), 'RetryHandler.[kDefaultRetry]');
    assert.strictEqual(symbolAt(23), 'RetryHandler.onRequestUpgrade');
    assert.strictEqual(symbolAt(32), 'parseRetryAfter');
    assert.strictEqual(symbolAt(40), 'RetryHandler.prototype.describe');
    // Every line of the file is in some chunk.
    for (let line = 1; line <= text.split('\n').length; line++)
      assert.ok(
        chunks.some((c) => c.startLine <= line && c.endLine >= line),
        `line ${line} is covered`,
      );
  });

  it('labels the members of object literals passed to a call (extension and component definitions)', async () => {
    const text = [
      "const Any = require('./any')",
      'module.exports = Any.extend({',
      "  type: 'binary',",
      '  coerce: {',
      "    from: 'string',",
      '    method (value, { schema }) {',
      body(6),
      '    }',
      '  },',
      '  rules: {',
      '    length: {',
      '      method (limit) {',
      body(6),
      '      },',
      '      validate (value, helpers) {',
      body(6),
      '      }',
      '    }',
      '  }',
      '})',
      "Vue.component('date-picker', {",
      '  methods: {',
      '    keepValue () {',
      body(6),
      '    }',
      '  }',
      '})',
      'const Panel = defineComponent({',
      '  setup (props) {',
      body(6),
      '  }',
      '})',
    ].join('\n');
    const chunks = chunkText(text, 'javascript', SMALL, await outlineOf('lib/types/binary.js', text));
    const symbolAt = (line: number) => chunks.find((c) => c.startLine <= line && c.endLine >= line)?.symbol;
    assert.strictEqual(symbolAt(8), 'module.exports.coerce.method');
    assert.strictEqual(symbolAt(19), 'module.exports.rules.length.method');
    assert.strictEqual(symbolAt(28), 'module.exports.rules.length.validate');
    assert.strictEqual(symbolAt(41), 'Vue.component.methods.keepValue');
    assert.strictEqual(symbolAt(52), 'Panel.setup');
  });

  it('labels TypeScript decorated members, Python decorated methods and Go methods', async () => {
    const ts = ['@Injectable()', 'export class Store {', '  @Memo()', '  private load(key: string): number {', body(8), '  }', '}'].join('\n');
    const tsChunks = chunksOf('src/store.ts', ts, SMALL, {}, await outlineOf('src/store.ts', ts));
    assert.ok(
      tsChunks.some((c) => c.metadata.symbol === 'Store.load' && Number(c.metadata.startLine) === 3),
      JSON.stringify(tsChunks.map((c) => [c.metadata.symbol, c.metadata.startLine])),
    );

    const py = ['class Cache:', '    @property', '    def size(self):', body(8).replace(/const /g, ''), '', 'def evict(cache):', '    return cache.pop()'].join(
      '\n',
    );
    const pyChunks = chunksOf('cache.py', py, SMALL, {}, await outlineOf('cache.py', py));
    assert.ok(
      pyChunks.some((c) => c.metadata.symbol === 'Cache.size'),
      JSON.stringify(pyChunks.map((c) => c.metadata.symbol)),
    );
    assert.ok(pyChunks.some((c) => c.metadata.symbol === 'evict'));

    const go = [
      'package cache',
      '',
      'type Cache struct {',
      '  items map[string]int',
      '}',
      '',
      'func (c *Cache) Evict(key string) {',
      '  delete(c.items, key)',
      '}',
    ].join('\n');
    const goChunks = chunksOf('cache.go', go, { maxTokens: 16, overlapTokens: 2, minTokens: 1 }, {}, await outlineOf('cache.go', go));
    assert.ok(
      goChunks.some((c) => c.metadata.symbol === 'Evict'),
      JSON.stringify(goChunks.map((c) => c.metadata.symbol)),
    );
    assert.ok(goChunks.some((c) => c.metadata.symbol === 'Cache'));
  });

  it('labels the same lines in a file with lone CR line ends (old Mac) as with LF or CRLF', async () => {
    const lines = [...Array.from({ length: 40 }, (_, i) => `v${i} = ${i}`), 'def tapir_total(rows):', body(6).replace(/const /g, ''), '    return rows'];
    const chunked = async (eol: string) => {
      const text = lines.join(eol);
      return chunksOf('m.py', text, SMALL, {}, await outlineOf('m.py', text)).map((c) => [c.metadata.symbol, c.metadata.startLine, c.metadata.endLine]);
    };
    const lf = await chunked('\n');
    assert.ok(
      lf.some(([symbol]) => symbol === 'tapir_total'),
      JSON.stringify(lf),
    );
    assert.deepStrictEqual(await chunked('\r\n'), lf);
    assert.deepStrictEqual(await chunked('\r'), lf);
    // Indexed before the fix: such a file's hash changed, so the next run cuts it again; others keep theirs.
    assert.notStrictEqual(contentHash('a\rb'), createHash('sha1').update('chunking 2\0').update('a\rb').digest('hex'));
    assert.strictEqual(contentHash('a\r\nb'), createHash('sha1').update('chunking 2\0').update('a\r\nb').digest('hex'));
  });

  it('has no outline for languages without a grammar (line patterns apply)', async () => {
    assert.strictEqual(await outlineOf('notes.md', '# Title\ntext'), undefined);
  });
});
