// The code ranker stops scoring once no remaining candidate can enter the results (code-ranker.ts): at
// every limit it must return exactly the first results of scoring every candidate. Random code bases with
// files of several chunks, path kinds, file names made of query words, and vector scores with ties (some
// chunks found by the vector ranking only) make the order of the bound differ from the lexical order.
import * as assert from 'assert';
import { CodeRanker, type RankedCodeChunk } from '../../../src/orchestrator/rag/code-ranker';
import { Bm25Index } from '../../../src/orchestrator/rag/lexical';
import type { Chunk } from '../../../src/orchestrator/rag/types';

const WORDS = ['retry', 'request', 'timeout', 'cache', 'parse', 'schema', 'error', 'route', 'token', 'merge', 'stream', 'buffer'];

function randomRanker(seed: number): { ranker: CodeRanker; word: () => string; next: () => number } {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const word = () => WORDS[Math.floor(next() * WORDS.length)]!;
  const lexical = new Bm25Index();
  const chunks = new Map<string, { chunk: Chunk; key: string }>();
  // Files claim up to 60 chunks (more than they hold), so the size damping of their coverage varies too.
  const claimed = new Map<string, number>();
  for (let f = 0; f < 40; f++) {
    const key = `${['src', 'lib', 'test', 'docs'][f % 4]}/${next() < 0.4 ? `${word()}-${word()}` : `file${f}`}${f}.ts`;
    claimed.set(key, 1 + Math.floor(next() * 60));
    for (let c = 0; c < 1 + Math.floor(next() * 5); c++) {
      const id = `${f}-${c}`;
      const text = Array.from({ length: 2 + Math.floor(next() * 8) }, word).join(' ');
      chunks.set(id, { chunk: { id, text, metadata: { path: key } }, key });
      lexical.add(id, `${key}\n${text}`);
    }
  }
  const ids = [...chunks.keys()];
  // Vector scores on a coarse grid (ties), some negative, for a random half of the chunks.
  const vectors = new Map(ids.filter(() => next() < 0.5).map((id) => [id, Math.round(next() * 8 - 1) / 8]));
  const ranker = new CodeRanker({
    lexical,
    chunk: (id) => chunks.get(id),
    keyOf: (id) => chunks.get(id)?.key,
    chunksIn: (key) => claimed.get(key) ?? 1,
    vectorHits: async (_query, limit, accept) =>
      [...vectors]
        .filter(([id]) => accept(id))
        .map(([id, score]) => ({ id, score }))
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .slice(0, limit),
  });
  return { ranker, word, next };
}

const summary = (hits: readonly RankedCodeChunk[]) => hits.map((h) => `${h.chunk.id} ${h.relevance} ${JSON.stringify(h.signals)} ${h.matchedTerms.join(',')}`);

describe('code ranker limits', () => {
  it('returns the first results of the full ranking at every limit, over random code bases', async () => {
    let compared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { ranker, word, next } = randomRanker(seed);
      for (let q = 0; q < 5; q++) {
        const query = `${word()} ${word()}${next() < 0.3 ? ' tests' : ''}`;
        const all = summary(await ranker.rank(query, { limit: 1_000_000 }));
        for (const limit of [1, 2, 3, 5, 10, 25]) {
          assert.deepStrictEqual(summary(await ranker.rank(query, { limit })), all.slice(0, limit), `seed ${seed}, "${query}", limit ${limit}`);
          compared++;
        }
      }
    }
    assert.strictEqual(compared, 40 * 5 * 6);
  });
});
