import * as assert from 'assert';
import { Bm25Index } from '../../../src/orchestrator/rag/lexical';
import { lexicalTerms } from '../../../src/orchestrator/rag/lexical-terms';
import { maxFusedScore, reciprocalRankFusion } from '../../../src/orchestrator/rag/rrf';

describe('Reciprocal Rank Fusion', () => {
  it('scores Σ weight / (k + rank) with k = 60 by default', () => {
    const fused = reciprocalRankFusion([
      { name: 'lexical', weight: 1, ids: ['a', 'b', 'c'] },
      { name: 'vector', weight: 1, ids: ['c', 'a', 'd'] },
    ]);
    const score = Object.fromEntries(fused.map((f) => [f.id, f.score]));
    assert.ok(Math.abs(score.a! - (1 / 61 + 1 / 62)) < 1e-12);
    assert.ok(Math.abs(score.c! - (1 / 63 + 1 / 61)) < 1e-12);
    assert.ok(Math.abs(score.b! - 1 / 62) < 1e-12);
    assert.ok(Math.abs(score.d! - 1 / 63) < 1e-12);
    assert.deepStrictEqual(
      fused.map((f) => f.id),
      ['a', 'c', 'b', 'd'],
    );
    assert.deepStrictEqual(fused[0]!.ranks, { lexical: 1, vector: 2 });
  });

  it('applies weights and k, ignores repeated ids and rejects nonsense', () => {
    const fused = reciprocalRankFusion(
      [
        { name: 'local', weight: 0.4, ids: ['x', 'y'] },
        { name: 'google', weight: 0.6, ids: ['y', 'y', 'z'] },
      ],
      10,
    );
    const score = Object.fromEntries(fused.map((f) => [f.id, f.score]));
    assert.ok(Math.abs(score.y! - (0.4 / 12 + 0.6 / 11)) < 1e-12);
    assert.ok(Math.abs(score.z! - 0.6 / 12) < 1e-12, 'z is second in google once duplicates are dropped');
    assert.ok(Math.abs(maxFusedScore([0.4, 0.6], 10) - 1 / 11) < 1e-12);
    assert.throws(() => reciprocalRankFusion([{ name: 'a', weight: -1, ids: [] }]), /weight/);
    assert.throws(() => reciprocalRankFusion([], -5), /k must be/);
  });
});

describe('BM25 lexical index', () => {
  it('splits identifiers and keeps them whole', () => {
    const terms = lexicalTerms('parseInvoiceTotal(user_id, HTTPServer)');
    for (const t of ['parseinvoicetotal', 'pars', 'invoic', 'total', 'userid', 'user', 'id', 'httpserver', 'http', 'server'])
      assert.ok(terms.includes(t), `${t} in ${terms.join(',')}`);
  });

  it('ranks by BM25 and forgets removed documents', () => {
    const index = new Bm25Index();
    index.add('1', 'function parseInvoice(text) { return text.split(",") }');
    index.add('2', 'the invoice total is the sum of invoice lines; invoice invoice');
    index.add('3', 'kubernetes helm chart for deployment');
    const hits = index.search('invoice', 10);
    assert.deepStrictEqual(
      hits.map((h) => h.id),
      ['2', '1'],
    );
    assert.ok(hits[0]!.score > hits[1]!.score);
    index.remove('2');
    assert.deepStrictEqual(
      index.search('invoice', 10).map((h) => h.id),
      ['1'],
    );
    assert.deepStrictEqual(
      index.search('helm deployment', 10, (id) => id !== '3'),
      [],
    );
    index.add('1', 'now about helm');
    assert.deepStrictEqual(index.search('invoice', 10), []);
    assert.strictEqual(index.size, 2);
  });

  it('stays correct through compaction of many removals', () => {
    const index = new Bm25Index();
    const colours = ['red', 'green', 'blue', 'cyan', 'black', 'white', 'pink', 'gold', 'grey', 'teal'];
    for (let i = 0; i < 3000; i++) index.add(`d${i}`, `${colours[i % 10]} common text ${i}`);
    for (let i = 0; i < 2500; i++) index.remove(`d${i}`);
    const hits = index.search('cyan', 1000);
    assert.strictEqual(hits.length, 50);
    assert.ok(hits.every((h) => Number(h.id.slice(1)) >= 2500 && Number(h.id.slice(1)) % 10 === 3));
  });
});
