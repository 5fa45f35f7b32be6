// The index file format: schema 2 round trip, schema 1 files still load, loading and saving yield to
// the event loop (time slices), and damaged operation lines are detected.
import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { systemClock } from '../../../src/orchestrator/ports';
import { Collection } from '../../../src/orchestrator/rag/collection';
import { CorruptIndexFileError } from '../../../src/orchestrator/rag/errors';
import { decodeJournalFile, encodeJournalFile, JOURNAL_SCHEMA_VERSION, type JournalOp } from '../../../src/orchestrator/rag/journal';
import { isIndexFile } from '../../../src/orchestrator/rag/index-file';
import { TimeSlicer } from '../../../src/orchestrator/time-slice';
import { CountingEmbedder, RecordingLogger, tempDir } from './rag-helpers';

const vec = (...xs: number[]) => Float32Array.from(xs);

const ops: JournalOp[] = [
  {
    op: 'put',
    doc: {
      key: 'a.ts',
      hash: 'h1',
      embedderId: 'e',
      stamp: '10:20',
      chunks: [
        { id: 'a1', text: 'line one\nline "two"', metadata: { path: 'a.ts', startLine: 1, exported: true } },
        { id: 'a2', text: 'ünïcode ✓', metadata: { path: 'a.ts' } },
      ],
      vectors: [vec(1, 0, 0), vec(0, 1, 0)],
    },
  },
  { op: 'remove', key: 'gone.ts' },
  { op: 'put', doc: { key: 'b.md', hash: 'h2', embedderId: '', chunks: [{ id: 'b1', text: 'lexical only', metadata: {} }] } },
];

/** A schema 1 file as the previous version wrote it: every operation inside the header JSON. */
function schema1File(input: readonly JournalOp[]): Buffer {
  const vectors: Float32Array[] = [];
  const headerOps = input.map((op) => {
    if (op.op === 'remove') return op;
    const { vectors: docVectors, ...doc } = op.doc;
    return {
      op: 'put',
      ...doc,
      chunks: doc.chunks.map((c, i) => (docVectors?.[i] ? (vectors.push(docVectors[i]!), { ...c, v: vectors.length - 1 }) : { ...c, v: -1 })),
    };
  });
  const json = Buffer.from(JSON.stringify({ schema: 1, kind: 'base', seq: 4, dimension: 3, ops: headerOps }));
  const body = Buffer.concat([Buffer.alloc(4), json, ...vectors.map((v) => Buffer.from(v.buffer))]);
  body.writeUInt32LE(json.length, 0);
  return Buffer.concat([Buffer.from('BT3RAG01'), createHash('sha256').update(body).digest(), body]);
}

describe('RAG index files', () => {
  it('schema 2 round trip keeps documents, removals, metadata types, text and vectors', async () => {
    const bytes = await encodeJournalFile('segment', 7, ops);
    const { header, ops: back } = await decodeJournalFile('seg', bytes);
    assert.deepStrictEqual([header.schema, header.kind, header.seq, header.dimension], [JOURNAL_SCHEMA_VERSION, 'segment', 7, 3]);
    assert.strictEqual(JOURNAL_SCHEMA_VERSION, 2);
    assert.deepStrictEqual(
      back.map((o) => (o.op === 'put' ? { ...o.doc, vectors: o.doc.vectors?.map((v) => v && Array.from(v)) } : o)),
      ops.map((o) => (o.op === 'put' ? { ...o.doc, vectors: o.doc.vectors?.map((v) => v && Array.from(v)) } : o)),
    );
  });

  it('schema 1 files written by the previous version still load', async () => {
    const { header, ops: back } = await decodeJournalFile('old-base', schema1File(ops));
    assert.strictEqual(header.schema, 1);
    assert.strictEqual(back.length, 3);
    const first = back[0]!;
    assert.ok(first.op === 'put');
    assert.strictEqual(first.doc.chunks[0]!.text, 'line one\nline "two"');
    assert.deepStrictEqual(Array.from(first.doc.vectors![1]!), [0, 1, 0]);
  });

  it('a collection saved in schema 1 opens and is rewritten in the compact format, with a notice', async () => {
    const dir = tempDir('journal-v1');
    fs.writeFileSync(path.join(dir, 'base.bt3'), schema1File(ops));
    const open = () =>
      Collection.open({
        name: 'c',
        fs: new NodeFileSystem(),
        logger: new RecordingLogger(),
        clock: systemClock,
        dir,
        embedder: new CountingEmbedder('e'),
      });
    const collection = await open();
    assert.deepStrictEqual([...collection.docs.keys()].sort(), ['a.ts', 'b.md']);
    assert.ok(
      collection.notices.some((n) => /older format; it was rewritten in the compact format/.test(n)),
      collection.notices.join('\n'),
    );
    const bytes = fs.readFileSync(path.join(dir, 'base.bt3'));
    assert.ok(isIndexFile(bytes), 'the base is now a compact index file');
    const again = await open();
    assert.deepStrictEqual(again.notices, []);
    assert.strictEqual(again.chunk('a1')!.chunk.text, 'line one\nline "two"');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('encoding and decoding a large file give way to the event loop', async () => {
    const big: JournalOp[] = Array.from({ length: 3000 }, (_, d) => ({
      op: 'put',
      doc: {
        key: `f${d}.ts`,
        hash: `${d}`,
        embedderId: 'e',
        chunks: [{ id: `c${d}`, text: `function f${d}() {}`, metadata: { path: `f${d}.ts` } }],
        vectors: [vec(d, 1, 2)],
      },
    }));
    let ran = 0;
    const ticker = setInterval(() => ran++, 0);
    try {
      const writing = new TimeSlicer(0);
      const bytes = await encodeJournalFile('base', 1, big, writing);
      const reading = new TimeSlicer(0);
      const { ops: back } = await decodeJournalFile('big', bytes, reading);
      assert.strictEqual(back.length, 3000);
      assert.ok(writing.yields >= 3000 && reading.yields >= 3000, `${writing.yields} / ${reading.yields} yields`);
      await new Promise((resolve) => setTimeout(resolve, 1));
      assert.ok(ran > 0, 'timers ran while the file was processed');
    } finally {
      clearInterval(ticker);
    }
  });

  it('a damaged operation line is reported as a corrupt file', async () => {
    const bytes = Buffer.from(await encodeJournalFile('segment', 1, ops));
    const at = bytes.indexOf('"remove"');
    bytes.write('#', at); // break the JSON of the second line…
    const body = bytes.subarray(40);
    createHash('sha256').update(body).digest().copy(bytes, 8); // …and make the checksum match again
    await assert.rejects(
      decodeJournalFile('seg', bytes),
      (error: unknown) => error instanceof CorruptIndexFileError && /operation 2 is not valid JSON/.test(error.message),
    );
  });
});
