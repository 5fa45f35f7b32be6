import * as assert from 'assert';
import { chunkText, estimateTokens } from '../../../src/orchestrator/rag/chunker';
import { chunksOf } from '../../../src/orchestrator/rag/code-indexer';

const TS = `import { a } from './a';
import { b } from './b';

/** Adds tax. */
export function addTax(cents: number): number {
  return Math.round(cents * 1.2);
}

export class InvoiceService {
  private readonly items: number[] = [];

  add(cents: number): void {
    this.items.push(cents);
  }

  total(): number {
    return this.items.reduce((s, c) => s + c, 0);
  }
}

export const VERSION = 3;
`;

function linesOf(text: string, start: number, end: number): string {
  return text
    .split('\n')
    .slice(start - 1, end)
    .join('\n');
}

describe('estimateTokens', () => {
  // The definition: runs of ASCII letters cost a token per 4, runs of digits a token per 3, every other
  // code unit but whitespace (JavaScript's \s) one. The counter walks the code units instead of matching.
  const byPieces = (text: string) =>
    (text.match(/[A-Za-z]+|\d+|[^\sA-Za-z\d]/g) ?? []).reduce((sum, piece) => {
      const c = piece.charCodeAt(0);
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return sum + Math.ceil(piece.length / 4);
      if (c >= 48 && c <= 57) return sum + Math.ceil(piece.length / 3);
      return sum + 1;
    }, 0);

  it('counts as the definition does, for every code unit and for mixed text', () => {
    for (let c = 0; c < 0x10000; c++) {
      const text = `ab${String.fromCharCode(c)}12${String.fromCharCode(c)}`;
      assert.strictEqual(estimateTokens(text), byPieces(text), `code unit ${c.toString(16)}`);
    }
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let k = 0; k < 2_000; k++) {
      let text = '';
      for (let i = Math.floor(next() * 60); i > 0; i--) text += String.fromCharCode(next() < 0.6 ? Math.floor(next() * 128) : Math.floor(next() * 0x10000));
      assert.strictEqual(estimateTokens(text), byPieces(text), JSON.stringify(text));
    }
    assert.strictEqual(estimateTokens('parseInvoiceTotal(12345) \u3000 => 😀'), byPieces('parseInvoiceTotal(12345) \u3000 => 😀'));
  });
});

describe('RAG chunker', () => {
  it('cuts TypeScript at top-level declarations and keeps exact line ranges', () => {
    const chunks = chunkText(TS, 'typescript', { maxTokens: 256, overlapTokens: 16, minTokens: 1 });
    const symbols = chunks.map((c) => c.symbol ?? c.kind);
    assert.deepStrictEqual(symbols, ['block', 'addTax', 'InvoiceService', 'VERSION']);
    const fn = chunks[1]!;
    assert.strictEqual(fn.kind, 'function');
    assert.deepStrictEqual([fn.startLine, fn.endLine], [4, 7], 'the blank line after it is not part of it');
    assert.match(fn.text, /^\/\*\* Adds tax\. \*\/\nexport function addTax/);
    for (const c of chunks) assert.strictEqual(c.text, linesOf(TS, c.startLine, c.endLine));
  });

  it('splits a class that is too big at its methods, naming them Class.method', () => {
    const chunks = chunkText(TS, 'typescript', { maxTokens: 30, overlapTokens: 4, minTokens: 1 });
    const names = chunks.map((c) => c.symbol);
    assert.ok(names.includes('InvoiceService.add'), JSON.stringify(names));
    assert.ok(names.includes('InvoiceService.total'), JSON.stringify(names));
    for (const c of chunks) assert.ok(estimateTokens(c.text) <= 30, `${c.symbol} has ${estimateTokens(c.text)} tokens`);
  });

  it('merges tiny neighbours but never beyond the budget', () => {
    const merged = chunkText(TS, 'typescript', { maxTokens: 256, overlapTokens: 16, minTokens: 48 });
    assert.ok(merged.length < 4, `expected merging, got ${merged.length} chunks`);
    const content = (text: string) => text.split('\n').filter((l) => l.trim());
    assert.deepStrictEqual(
      merged.flatMap((c) => content(c.text)),
      content(TS),
      'nothing lost but blank lines',
    );
  });

  it('cuts text without structure into overlapping windows of at most maxTokens', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} with some words in it`).join('\n');
    const chunks = chunkText(text, 'text', { maxTokens: 64, overlapTokens: 16, minTokens: 1 });
    assert.ok(chunks.length > 5);
    for (const c of chunks) assert.ok(estimateTokens(c.text) + (c.endLine - c.startLine + 1) <= 64 + 1);
    for (let i = 1; i < chunks.length; i++) assert.ok(chunks[i]!.startLine <= chunks[i - 1]!.endLine, 'consecutive windows overlap');
    assert.strictEqual(chunks[0]!.startLine, 1);
    assert.strictEqual(chunks[chunks.length - 1]!.endLine, 200);
  });

  it('cuts one enormous line (minified code) into pieces within the budget', () => {
    const line = Array.from({ length: 2000 }, (_, i) => `v${i}=f(${i});`).join('');
    const chunks = chunkText(line, 'javascript', { maxTokens: 256, overlapTokens: 32, minTokens: 1 });
    assert.ok(chunks.length > 10);
    for (const c of chunks) assert.ok(estimateTokens(c.text) <= 256);
    assert.strictEqual(chunks.map((c) => c.text).join(''), line);
  });

  it('follows Python defs and Markdown headings', () => {
    const py = 'import os\n\n\ndef load(path):\n    return open(path).read()\n\n\nclass Store:\n    def get(self, k):\n        return k\n';
    assert.deepStrictEqual(
      chunkText(py, 'python', { maxTokens: 256, overlapTokens: 8, minTokens: 1 }).map((c) => c.symbol ?? c.kind),
      ['block', 'load', 'Store'],
    );
    const md = '# Title\nintro\n\n## Install\nnpm i\n\n## Usage\nrun it\n';
    assert.deepStrictEqual(
      chunkText(md, 'markdown', { maxTokens: 256, overlapTokens: 8, minTokens: 1 }).map((c) => c.symbol),
      ['Title', 'Install', 'Usage'],
    );
  });

  it('gives chunks stable ids and metadata with language, path and line range', () => {
    const a = chunksOf('src/invoice.ts', TS);
    const b = chunksOf('src/invoice.ts', TS);
    assert.deepStrictEqual(
      a.map((c) => c.id),
      b.map((c) => c.id),
    );
    assert.strictEqual(new Set(a.map((c) => c.id)).size, a.length);
    assert.deepStrictEqual(Object.keys(a[0]!.metadata).sort().slice(0, 5), ['endLine', 'kind', 'language', 'path', 'startLine']);
    assert.strictEqual(a[0]!.metadata.language, 'typescript');
    assert.strictEqual(a[0]!.metadata.path, 'src/invoice.ts');
    assert.notDeepStrictEqual(
      chunksOf('src/other.ts', TS).map((c) => c.id),
      a.map((c) => c.id),
    );
  });
});
