import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../../src/cli/main';
import { InvalidArgumentError } from '../../../src/orchestrator/errors';
import { evaluateSearch, normalizeGoldPath, parseSearchQuestions, rankedFiles } from '../../../src/orchestrator/rag/search-eval';
import { tempDir, writeFiles } from './rag-helpers';

describe('search evaluation (eval search)', () => {
  it('parses question lines and names the line of a bad one', () => {
    const qs = parseSearchQuestions('{"query":"a","gold":["./src/a.ts"]}\n\n{"query":"b","gold":["b.ts"],"gold_lines":[["b.ts",3,9]]}\n', 'q.jsonl');
    assert.deepStrictEqual(qs, [
      { query: 'a', gold: ['src/a.ts'] },
      { query: 'b', gold: ['b.ts'], goldLines: [['b.ts', 3, 9]] },
    ]);
    assert.throws(
      () => parseSearchQuestions('{"query":"a","gold":[]}', 'q.jsonl'),
      (e: Error) => e instanceof InvalidArgumentError && /q\.jsonl:1: "gold"/.test(e.message),
    );
    assert.throws(() => parseSearchQuestions('{"query":"a","gold":["x"]}\nnot json', 'q.jsonl'), /q\.jsonl:2: not valid JSON/);
    assert.throws(() => parseSearchQuestions('{"query":"a","gold":["x"],"gold_lines":[["x",9,3]]}', 'q.jsonl'), /gold_lines/);
    assert.throws(() => parseSearchQuestions('{"query":"a","gold":["x"],"gold_lines":[["x",0,0]]}', 'q.jsonl'), /lines count from 1/);
    assert.deepStrictEqual(parseSearchQuestions('{"query":"a","gold":["x"],"gold_lines":[]}', 'q.jsonl'), [{ query: 'a', gold: ['x'] }]);
    assert.deepStrictEqual(['src/a.ts/', 'src//a.ts', '././src/./a.ts', 'src\\a.ts', '/abs/src/a.ts', 're\u0301sume\u0301.py'].map(normalizeGoldPath), [
      'src/a.ts',
      'src/a.ts',
      'src/a.ts',
      'src/a.ts',
      '/abs/src/a.ts',
      'r\u00e9sum\u00e9.py',
    ]);
    // Written on Windows: a byte order mark and CRLF line ends.
    assert.deepStrictEqual(parseSearchQuestions('\uFEFF{"query":"a","gold":["a.ts"]}\r\n\r\n', 'q.jsonl'), [{ query: 'a', gold: ['a.ts'] }]);
    assert.throws(() => parseSearchQuestions('\uFEFF\r\n\r\nnull', 'q.jsonl'), /q\.jsonl:3: "query"/);
  });

  it('ranks distinct files and scores recall@1, recall@5, MRR@10 and function level', async () => {
    const hit = (p: string, s = 1, e = 5) => ({ path: p, startLine: s, endLine: e });
    assert.deepStrictEqual(rankedFiles([hit('a'), hit('a'), hit('b')]), ['a', 'b']);
    const results: Record<string, ReturnType<typeof hit>[]> = {
      first: [hit('g.ts', 10, 20), hit('x.ts')],
      third: [hit('x.ts'), hit('x.ts', 9, 9), hit('y.ts'), hit('g.ts', 1, 5), hit('g.ts', 30, 40)],
      none: [hit('x.ts')],
    };
    const report = await evaluateSearch(
      [
        { query: 'first', gold: ['g.ts'], goldLines: [['g.ts', 15, 16]] },
        { query: 'third', gold: ['g.ts'], goldLines: [['g.ts', 35, 50]] },
        { query: 'none', gold: ['g.ts'] },
      ],
      async (q) => results[q]!,
    );
    assert.strictEqual(report.queries, 3);
    assert.strictEqual(report.recall1, 0.333);
    assert.strictEqual(report.recall5, 0.667);
    assert.strictEqual(report.mrr10, Math.round(((1 + 1 / 3) / 3) * 1000) / 1000);
    assert.deepStrictEqual(report.functions, { recall1: 0.5, recall5: 1, mrr10: 0.6, queries: 2 });
    assert.deepStrictEqual(
      report.misses.map((m) => [m.query, m.rank]),
      [['none', 0]],
    );
  });

  it('big-three eval search prints the figures over the index of --workspace', async () => {
    const ws = tempDir('eval-ws');
    const data = tempDir('eval-data');
    try {
      writeFiles(ws, {
        'src/invoice.ts': 'export function roundInvoiceTotal(total: number): number {\n  return Math.round(total * 100) / 100;\n}\n',
        'src/user.ts': 'export function greetUser(name: string): string {\n  return `hello ${name}`;\n}\n',
      });
      const questions = path.join(data, 'q.jsonl');
      fs.writeFileSync(
        questions,
        `${JSON.stringify({ query: 'round the invoice total', gold: ['src/invoice.ts'], gold_lines: [['src/invoice.ts', 1, 3]] })}\n${JSON.stringify({ query: 'greet a user by name', gold: ['src/user.ts'] })}\n`,
      );
      const io = { out: '', err: '' };
      const run = (...args: string[]) => runCli(args, { out: (t) => (io.out += `${t}\n`), err: (t) => (io.err += `${t}\n`) });
      assert.strictEqual(await run('index', ws, '--data-dir', data, '--json'), 0, io.err);
      io.out = '';
      assert.strictEqual(await run('eval', 'search', questions, '--workspace', ws, '--data-dir', data, '--json'), 0, io.err);
      const report = JSON.parse(io.out) as Record<string, unknown>;
      assert.deepStrictEqual([report.recall1, report.recall5, report.mrr10, report.queries], [1, 1, 1, 2]);
      assert.deepStrictEqual(report.functions, { recall1: 1, recall5: 1, mrr10: 1, queries: 1 });
      io.out = '';
      assert.strictEqual(await run('eval', 'search', questions, '--workspace', ws, '--data-dir', data), 0, io.err);
      assert.match(io.out, /file level: recall@1 1\.000 {2}recall@5 1\.000 {2}MRR@10 1\.000 {2}\(2 questions\)/);
      // Gold paths written another way name the same file; one that is not a file is said, and scored as not found.
      const spellings = ['src/invoice.ts/', 'src//invoice.ts', '././src/./invoice.ts', path.join(ws, 'src', 'invoice.ts'), 'src\\invoice.ts'];
      fs.writeFileSync(
        questions,
        [...spellings, 'src/nowhere.ts'].map((gold) => JSON.stringify({ query: 'round the invoice total', gold: [gold], gold_lines: [] })).join('\n'),
      );
      io.out = '';
      io.err = '';
      assert.strictEqual(await run('eval', 'search', questions, '--workspace', ws, '--data-dir', data, '--json'), 0, io.err);
      const spelled = JSON.parse(io.out) as Record<string, unknown>;
      assert.deepStrictEqual([spelled.recall1, spelled.queries, spelled.functions], [0.833, 6, undefined]);
      assert.match(io.err, /1 gold path is not a file in .* \(scored as not found\): src\/nowhere\.ts/);
      assert.doesNotMatch(io.err, /gold_lines/);
      // A line range in a file the gold does not list is said (scored as written).
      fs.writeFileSync(questions, JSON.stringify({ query: 'round the invoice total', gold: ['src/invoice.ts'], gold_lines: [['README.md', 1, 2]] }));
      io.err = '';
      assert.strictEqual(await run('eval', 'search', questions, '--workspace', ws, '--data-dir', data, '--json'), 0, io.err);
      assert.match(io.err, /1 question has "gold_lines" in a file its "gold" does not list/);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
      fs.rmSync(data, { recursive: true, force: true });
    }
  });
});
