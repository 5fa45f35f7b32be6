// The compact base file: a collection saved and opened again answers exactly as the one that built it
// (same hits, scores, chunk text, metadata and vectors), checkpoints apply over the base (a base document
// replaced or removed), and a damaged base file is quarantined with a message.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { systemClock } from '../../../src/orchestrator/ports';
import { Collection } from '../../../src/orchestrator/rag/collection';
import { CorruptIndexFileError } from '../../../src/orchestrator/rag/errors';
import { decodeIndexFile, isIndexFile } from '../../../src/orchestrator/rag/index-file';
import { Bm25Index } from '../../../src/orchestrator/rag/lexical';
import type { Chunk } from '../../../src/orchestrator/rag/types';
import { ExactVectorStore } from '../../../src/orchestrator/rag/exact-vector-store';
import { CountingEmbedder, RecordingLogger, tempDir } from './rag-helpers';

const WORDS =
  'parse invoice total round cents half up request config retry backoff socket stream buffer encode decode schema validate error message locale english cache timeout header cookie'.split(
    ' ',
  );

/** A deterministic pseudo-random corpus of code-like documents. */
function corpus(docs: number, seed = 7): Array<{ key: string; hash: string; chunks: Chunk[] }> {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const word = () => WORDS[Math.floor(next() * WORDS.length)]!;
  return Array.from({ length: docs }, (_, d) => {
    const key = `src/area${d % 7}/file${d}.ts`;
    const chunks = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, c) => {
      const lines = Array.from(
        { length: 2 + Math.floor(next() * 6) },
        () => `  const ${word()}${word()[0]!.toUpperCase()}${word().slice(1)} = ${word()}(${word()}_${word()}); // ${word()} ${word()} ✓`,
      );
      return {
        id: `${d}-${c}`,
        text: `function ${word()}${d}() {\n${lines.join('\n')}\n}`,
        metadata: {
          path: key,
          language: 'typescript',
          startLine: c * 10 + 1,
          endLine: c * 10 + 9,
          kind: c % 2 ? 'function' : 'window',
          ...(c % 3 ? { symbol: `sym${d}_${c}` } : {}),
        },
      };
    });
    return { key, hash: `h${d}`, chunks };
  });
}

const QUERIES = [
  'parse invoice',
  'round cents half up',
  'retry backoff timeout',
  'encode buffer stream',
  'schema validate error message',
  'english locale',
  'parseInvoice',
  'cookie header cache',
];

describe('RAG compact index file', () => {
  const nodeFs = new NodeFileSystem();
  let dir: string;
  beforeEach(() => {
    dir = tempDir('index-file');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const open = (embedder?: CountingEmbedder) =>
    Collection.open({ name: 'code', fs: nodeFs, logger: new RecordingLogger(), clock: systemClock, dir, ...(embedder ? { embedder } : {}) });
  const answers = async (c: Collection) =>
    Promise.all(QUERIES.map(async (q) => (await c.search(q, { limit: 15 })).map((h) => [h.chunk.id, h.score, h.chunk.text, h.chunk.metadata])));
  const lexicalAnswers = (c: Collection) => QUERIES.map((q) => c.lexical.search(q, 30));

  it('opens from the base with the same hits, scores, texts, metadata and vectors as the collection that wrote it', async () => {
    const built = await open(new CountingEmbedder());
    await built.put(corpus(120));
    await built.commit();
    await built.compact();
    const before = await answers(built);
    const lexBefore = lexicalAnswers(built);
    const file = fs.readFileSync(path.join(dir, 'base.bt3'));
    assert.ok(isIndexFile(file));
    assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'segments')), [], 'checkpoints were folded into the base');

    const reopened = await open(new CountingEmbedder());
    assert.deepStrictEqual(reopened.notices, []);
    assert.strictEqual(reopened.chunkCount, built.chunkCount);
    assert.deepStrictEqual(await answers(reopened), before);
    assert.deepStrictEqual(lexicalAnswers(reopened), lexBefore);
    assert.deepStrictEqual(
      [...reopened.lexical.vocabulary()].filter((t) => reopened.lexical.documentFrequency(t)).sort(),
      [...built.lexical.vocabulary()].filter((t) => built.lexical.documentFrequency(t)).sort(),
    );
    const a = built.vectorStore as ExactVectorStore;
    const b = reopened.vectorStore as ExactVectorStore;
    assert.deepStrictEqual(Array.from(b.vectorOf('17-0')!), Array.from(a.vectorOf('17-0')!));
    const chunk = reopened.chunk('17-0')!;
    assert.strictEqual(chunk.key, 'src/area3/file17.ts');
    assert.deepStrictEqual(
      JSON.parse(JSON.stringify(chunk.chunk)),
      JSON.parse(JSON.stringify(built.chunk('17-0')!.chunk)),
      'a lazily read chunk serializes whole',
    );
    built.dispose();
    reopened.dispose();
  });

  it('checkpoints apply over the base: a base document replaced or removed, a new one added, then saved again', async () => {
    const docs = corpus(60);
    const built = await open();
    await built.put(docs);
    await built.commit();
    await built.compact();
    built.dispose();

    const c = await open();
    const replaced = corpus(1, 99)[0]!;
    await c.put([
      { ...replaced, key: docs[3]!.key, chunks: replaced.chunks.map((ch, i) => ({ ...ch, id: `new-${i}`, metadata: { ...ch.metadata, path: docs[3]!.key } })) },
    ]);
    await c.remove([docs[5]!.key]);
    await c.put([
      {
        key: 'src/zebra.ts',
        hash: 'z',
        chunks: [{ id: 'zebra', text: 'function zebraStripes() { return quaggaPattern; }', metadata: { path: 'src/zebra.ts' } }],
      },
    ]);
    await c.commit();
    const expected = await answers(c);
    const lexExpected = lexicalAnswers(c);
    assert.strictEqual(c.lexical.documentFrequency('quagga'), 1);
    assert.ok(!c.chunk(docs[5]!.chunks[0]!.id), 'the removed document is gone');

    const fresh = await open(); // base + checkpoint
    assert.deepStrictEqual(await answers(fresh), expected);
    assert.deepStrictEqual(lexicalAnswers(fresh), lexExpected);
    await fresh.compact();
    const compacted = await open(); // one base again
    assert.deepStrictEqual(await answers(compacted), expected);
    assert.deepStrictEqual(lexicalAnswers(compacted), lexExpected);
    assert.strictEqual(compacted.lexical.documentFrequency('quagga'), 1);
    for (const x of [c, fresh, compacted]) x.dispose();
  });

  it('a BM25 index rebuilt from its snapshot scores exactly like the original, also after removals', async () => {
    const original = new Bm25Index();
    const docs = corpus(200, 3).flatMap((d) => d.chunks);
    for (const ch of docs) original.add(ch.id, ch.text);
    for (const ch of docs.filter((_, i) => i % 9 === 0)) original.remove(ch.id);
    const live = docs.filter((_, i) => i % 9 !== 0);
    const order = live.map((ch) => ch.id).reverse();
    const base = await original.snapshot(order);
    const texts = new Map(live.map((ch) => [ch.id, ch.text]));
    const restored = Bm25Index.fromBase(base, { baseText: (id) => texts.get(id) });
    for (const q of QUERIES) assert.deepStrictEqual(restored.search(q, 50), original.search(q, 50), q);
    // Removing base documents (their terms read back from the text) keeps the two in step.
    for (const ch of live.filter((_, i) => i % 5 === 0)) {
      original.remove(ch.id);
      restored.remove(ch.id);
    }
    for (const q of QUERIES) assert.deepStrictEqual(restored.search(q, 50), original.search(q, 50), q);
    for (const t of ['pars', 'invoic', 'cooki']) assert.strictEqual(restored.documentFrequency(t), original.documentFrequency(t));
  });

  it('a damaged base is quarantined with a message; bad signatures and bad sections are named', async () => {
    const built = await open();
    await built.put(corpus(20));
    await built.commit();
    await built.compact();
    built.dispose();
    const base = path.join(dir, 'base.bt3');
    const bytes = fs.readFileSync(base);
    await assert.rejects(
      decodeIndexFile('x', bytes.subarray(0, bytes.length - 100)),
      (e: unknown) => e instanceof CorruptIndexFileError && /checksum/.test(e.message),
    );
    bytes[bytes.length - 3] ^= 0x55;
    fs.writeFileSync(base, bytes);
    const reopened = await open();
    assert.strictEqual(reopened.docs.size, 0);
    assert.ok(
      reopened.notices.some((n) => /base\.bt3 is corrupt: its checksum does not match.*moved to base\.bt3\.corrupt-\d+.*indexed again/.test(n)),
      reopened.notices.join('\n'),
    );
    assert.ok(fs.readdirSync(dir).some((f) => /^base\.bt3\.corrupt-\d+$/.test(f)));
    reopened.dispose();
  });
});
