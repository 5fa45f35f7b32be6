// ChromaVectorStore through the real `chromadb` client against a loopback fake of the Chroma v2 HTTP API.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { systemClock } from '../../../src/orchestrator/ports';
import { ChromaVectorStore, type ChromaSettings } from '../../../src/orchestrator/rag/chroma-vector-store';
import { ChromaStoreError, VectorStoreError } from '../../../src/orchestrator/rag/errors';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import { startChromaFake, type ChromaFake } from '../../fakes/chroma-fake';
import { FakeClock } from '../../fakes/fake-clock';
import { CountingEmbedder, RecordingLogger, tempDir, writeFiles } from './rag-helpers';

const unit = (...xs: number[]) => {
  const v = Float32Array.from(xs);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

const isChroma = (failure: string, pattern?: RegExp) => (error: unknown) => {
  assert.ok(error instanceof ChromaStoreError, `a ChromaStoreError, got ${String(error)}`);
  assert.ok(error instanceof VectorStoreError);
  assert.strictEqual(error.failure, failure, error.message);
  if (pattern) assert.match(error.message, pattern);
  return true;
};

describe('Chroma vector store (real chromadb client, loopback fake server)', () => {
  let fake: ChromaFake;
  let logger: RecordingLogger;
  const settings = (extra: Partial<ChromaSettings> = {}): ChromaSettings => ({ host: fake.host, port: fake.port, ssl: false, ...extra });

  beforeEach(async () => {
    fake = await startChromaFake();
    logger = new RecordingLogger();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('creates the collection in cosine space without an embedding function (get or create)', async () => {
    await ChromaVectorStore.connect(settings(), 'bigthree-code-test', logger);
    const create = fake.log.find((r) => r.method === 'POST' && r.path.endsWith('/collections'));
    assert.ok(create, fake.log.map((r) => `${r.method} ${r.path}`).join('\n'));
    assert.strictEqual(create.path, '/api/v2/tenants/default_tenant/databases/default_database/collections');
    assert.strictEqual(create.body.name, 'bigthree-code-test');
    assert.strictEqual(create.body.get_or_create, true);
    assert.strictEqual(create.body.configuration.hnsw.space, 'cosine');
    assert.ok(!create.body.configuration.embedding_function, 'no embedding function is configured');
    assert.strictEqual(fake.collection('bigthree-code-test')?.space, 'cosine');
    // Connecting again reuses it.
    await ChromaVectorStore.connect(settings(), 'bigthree-code-test', logger);
    assert.strictEqual(fake.tenants.get('default_tenant')!.get('default_database')!.size, 1);
  });

  it('round trip: upsert, query best first with cosine scores, count, replace, delete', async () => {
    const store = await ChromaVectorStore.connect(settings(), 'round-trip', logger);
    await store.upsert([
      { id: 'a', vector: unit(1, 0, 0, 0), metadata: { path: 'a.ts' }, document: 'alpha' },
      { id: 'b', vector: unit(1, 1, 0, 0), metadata: { path: 'b.ts' }, document: 'beta' },
      { id: 'c', vector: unit(0, 0, 1, 0), metadata: { path: 'c.ts' }, document: 'gamma' },
    ]);
    assert.strictEqual(await store.count(), 3);
    const hits = await store.query(unit(1, 0.1, 0, 0), 2);
    assert.deepStrictEqual(
      hits.map((h) => h.id),
      ['a', 'b'],
    );
    assert.ok(Math.abs(hits[0]!.score - 0.995) < 0.01, `cosine of a: ${hits[0]!.score}`);
    assert.ok(hits[0]!.score > hits[1]!.score);

    await store.upsert([{ id: 'c', vector: unit(1, 0.1, 0, 0), metadata: { path: 'c.ts' }, document: 'gamma moved' }]);
    assert.strictEqual(await store.count(), 3, 'upsert replaces, it does not add');
    assert.strictEqual((await store.query(unit(1, 0.1, 0, 0), 1))[0]?.id, 'c');
    assert.strictEqual(fake.collection('round-trip')!.records.get('c')!.document, 'gamma moved');

    await store.delete(['a', 'c', 'never-there']);
    assert.strictEqual(await store.count(), 1);
    assert.deepStrictEqual(
      (await store.query(unit(1, 0, 0, 0), 5)).map((h) => h.id),
      ['b'],
      'fewer than limit when the collection is small',
    );
    assert.deepStrictEqual(await store.query(unit(1, 0, 0, 0), 0), []);
  });

  it('keeps metadata as scalars; a record without metadata is sent without any', async () => {
    const store = await ChromaVectorStore.connect(settings(), 'metadata', logger);
    await store.upsert([
      { id: 'm1', vector: unit(1, 2, 3), metadata: { path: 'src/x.ts', startLine: 3, endLine: 9.5, exported: true, language: 'typescript' }, document: 'x' },
      { id: 'm2', vector: unit(3, 2, 1), metadata: {}, document: 'y' },
      { id: 'm3', vector: unit(2, 2, 1) },
    ]);
    const records = fake.collection('metadata')!.records;
    assert.deepStrictEqual(records.get('m1')!.metadata, { path: 'src/x.ts', startLine: 3, endLine: 9.5, exported: true, language: 'typescript' });
    for (const value of Object.values(records.get('m1')!.metadata!)) assert.ok(['string', 'number', 'boolean'].includes(typeof value));
    assert.strictEqual(records.get('m2')!.metadata, null, 'an empty metadata object is sent as null (the client refuses {})');
    assert.strictEqual(records.get('m3')!.metadata, null);
    const upsert = fake.log.find((r) => r.path.endsWith('/upsert'))!;
    assert.ok(!('documents' in upsert.body) || upsert.body.documents === undefined, 'documents are sent only when every record has one');
  });

  it('sends the configured headers, tenant and database with every request', async () => {
    await fake.close();
    fake = await startChromaFake({ tenants: { acme: ['search'] }, requireHeaders: { 'x-chroma-token': 's3cret' } });
    const store = await ChromaVectorStore.connect(
      settings({ headers: { 'x-chroma-token': 's3cret', 'x-team': 'blue' }, tenant: 'acme', database: 'search' }),
      'team-index',
      logger,
    );
    await store.upsert([{ id: 'one', vector: unit(1, 0), metadata: { k: 'v' }, document: 'd' }]);
    await store.query(unit(1, 0), 1);
    await store.count();
    await store.delete(['one']);
    assert.ok(fake.log.length >= 6, `${fake.log.length} requests`);
    for (const request of fake.log) {
      assert.strictEqual(request.headers['x-chroma-token'], 's3cret', `${request.method} ${request.path}`);
      assert.strictEqual(request.headers['x-team'], 'blue');
    }
    const dataCalls = fake.log.filter((r) => r.path.includes('/collections'));
    assert.ok(dataCalls.length >= 5);
    for (const request of dataCalls) assert.ok(request.path.startsWith('/api/v2/tenants/acme/databases/search/collections'), request.path);
    assert.ok(fake.collection('team-index', 'acme', 'search'));
    assert.ok(!fake.collection('team-index'), 'nothing was written to the default database');
  });

  it('a wrong token is reported as unauthorized, naming the setting to fix', async () => {
    await fake.close();
    fake = await startChromaFake({ requireHeaders: { 'x-chroma-token': 'right' } });
    await assert.rejects(
      ChromaVectorStore.connect(settings({ headers: { 'x-chroma-token': 'wrong' } }), 'c1', logger),
      isChroma('unauthorized', /refused the credentials.*bigThree\.rag\.chroma\.headers/),
    );
  });

  it('an unknown tenant or database is named in the error', async () => {
    await assert.rejects(
      ChromaVectorStore.connect(settings({ tenant: 'nobody', database: 'nothing' }), 'c1', logger),
      isChroma('not-found', /Tenant "nobody" or database "nothing" does not exist.*bigThree\.rag\.chroma\.tenant/),
    );
  });

  it('a server without the v2 API is reported as incompatible', async () => {
    fake.fail({ route: /^GET \/api\/v2\/heartbeat$/, status: 404 });
    await assert.rejects(ChromaVectorStore.connect(settings(), 'c1', logger), isChroma('incompatible', /Chroma server 1\.0 or later/));
  });

  it('a server error becomes a typed error with the server message; the next call works again', async () => {
    const store = await ChromaVectorStore.connect(settings(), 'errors', logger);
    fake.fail({ route: /\/upsert$/, status: 500, message: 'disk full' });
    await assert.rejects(store.upsert([{ id: 'x', vector: unit(1, 1), metadata: { a: 1 } }]), isChroma('server', /failed to upsert of 1 vectors: disk full/));
    fake.fail({ route: /\/query$/, status: 400, message: 'bad query' });
    await assert.rejects(store.query(unit(1, 1), 3), isChroma('rejected', /bad query/));
    await store.upsert([{ id: 'x', vector: unit(1, 1), metadata: { a: 1 } }]);
    assert.strictEqual(await store.count(), 1);
  });

  it('an unreachable server fails at once with a clear message', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(
      ChromaVectorStore.connect({ host: '127.0.0.1', port, ssl: false }, 'c1', logger),
      isChroma('unreachable', new RegExp(`Cannot reach the Chroma server at http://127\\.0\\.0\\.1:${port}.*is it running.*bigThree\\.rag\\.vectorStore`)),
    );
  });

  it('a server that accepts requests and never answers hits the deadline instead of hanging', async () => {
    const clock = new FakeClock();
    const store = await ChromaVectorStore.connect(settings({ timeoutMs: 5000 }), 'slow', logger, clock);
    fake.hold(/\/query$/);
    const pending = store.query(unit(1, 0), 3);
    let settled = false;
    pending.catch(() => undefined).finally(() => (settled = true));
    while (!fake.log.some((r) => r.path.endsWith('/query'))) await new Promise((resolve) => setImmediate(resolve));
    clock.advance(4999);
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual(settled, false, 'still waiting before the deadline');
    clock.advance(1);
    await assert.rejects(pending, isChroma('timeout', /did not answer query within 5000 ms/));
    fake.hold(undefined);
    assert.strictEqual(await store.count(), 0, 'the store still works afterwards');
  });

  it('writes in batches no larger than the server allows', async () => {
    await fake.close();
    fake = await startChromaFake({ maxBatchSize: 50 });
    const store = await ChromaVectorStore.connect(settings(), 'batches', logger);
    assert.strictEqual(store.batchSize, 50);
    const records = Array.from({ length: 120 }, (_, i) => ({ id: `r${i}`, vector: unit(1, i + 1, 2), metadata: { i }, document: `doc ${i}` }));
    await store.upsert(records);
    const upserts = fake.log.filter((r) => r.path.endsWith('/upsert'));
    assert.deepStrictEqual(
      upserts.map((r) => r.body.ids.length),
      [50, 50, 20],
    );
    assert.strictEqual(await store.count(), 120);
    await store.clear();
    assert.strictEqual(await store.count(), 0);
    assert.ok(fake.log.filter((r) => r.path.endsWith('/delete')).every((r) => r.body.ids.length <= 50));
  });

  it('sends embeddings as base64 float32 when the server supports it, as number arrays otherwise; both store the same vectors', async () => {
    const vector = unit(0.3, -0.2, 0.9, 0.1);
    const stored: number[][] = [];
    for (const base64 of [true, false]) {
      await fake.close();
      fake = await startChromaFake({ base64 });
      const store = await ChromaVectorStore.connect(settings(), 'encoding', logger);
      await store.upsert([{ id: 'v', vector, metadata: { a: 1 } }]);
      const body = fake.log.find((r) => r.path.endsWith('/upsert'))!.body;
      assert.strictEqual(typeof body.embeddings[0], base64 ? 'string' : 'object');
      stored.push(fake.collection('encoding')!.records.get('v')!.embedding);
    }
    assert.deepStrictEqual(stored[0], stored[1]);
    assert.deepStrictEqual(stored[0], Array.from(vector));
  });

  it('a filtered query asks for more until it has enough accepted hits', async () => {
    const store = await ChromaVectorStore.connect(settings(), 'filtered', logger);
    // 40 vectors; the 30 closest to the query are rejected by the filter.
    await store.upsert(Array.from({ length: 40 }, (_, i) => ({ id: `v${i}`, vector: unit(1, i / 10, 0), metadata: { i } })));
    const hits = await store.query(unit(1, 0, 0), 5, (id) => Number(id.slice(1)) >= 30);
    assert.deepStrictEqual(
      hits.map((h) => h.id),
      ['v30', 'v31', 'v32', 'v33', 'v34'],
    );
    const asked = fake.log.filter((r) => r.path.endsWith('/query')).map((r) => r.body.n_results);
    assert.deepStrictEqual(asked, [10, 40]);
  });

  describe('RagService on the chroma backend', () => {
    let root: string;
    let storage: string;
    const nodeFs = new NodeFileSystem();
    beforeEach(() => {
      root = tempDir('chroma-ws');
      storage = tempDir('chroma-store');
      writeFiles(root, {
        'src/invoice.ts': 'export function invoiceTotal(lines: number[]): number {\n  return lines.reduce((a, b) => a + b, 0);\n}\n',
        'src/refund.ts': 'export function refundKangaroo(amount: number): number {\n  return -amount;\n}\n',
        'docs/guide.md': '# Guide\nRound cents half up when computing taxes.\n',
      });
    });
    afterEach(() => {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(storage, { recursive: true, force: true });
    });
    const open = (embedder = new CountingEmbedder()) =>
      RagService.create({
        fs: nodeFs,
        clock: systemClock,
        logger,
        root,
        storageDir: storage,
        embedder,
        vectorStore: { kind: 'chroma', settings: settings({ headers: { 'x-chroma-token': 't' } }) },
      });

    it('indexes a folder into Chroma, searches it, keeps it across restarts and removes deleted files', async () => {
      const rag = await open();
      assert.strictEqual(rag.status.vectorStore, 'chroma');
      const report = await rag.indexCodebase();
      assert.strictEqual(report.filesIndexed, 3);
      const db = fake.tenants.get('default_tenant')!.get('default_database')!;
      const names = [...db.keys()].sort();
      assert.strictEqual(names.length, 2);
      assert.ok(
        names.every((n) => /^bigthree-(code|experiences)-[0-9a-f]{10}$/.test(n)),
        names.join(),
      );
      const code = [...db.values()].find((c) => c.name.startsWith('bigthree-code-'))!;
      assert.strictEqual(code.records.size, rag.status.chunks);
      const anyRecord = [...code.records.values()][0]!;
      assert.strictEqual(typeof anyRecord.metadata!.path, 'string');
      assert.strictEqual(typeof anyRecord.metadata!.startLine, 'number');

      const vectorOnly = await rag.code.search('refundKangaroo amount', { limit: 1, weights: { lexical: 0, vector: 1 } });
      assert.strictEqual(vectorOnly[0]?.chunk.metadata.path, 'src/refund.ts', 'the vector ranking comes from Chroma');
      assert.ok(fake.log.some((r) => r.path.endsWith('/query')));
      assert.strictEqual((await rag.searchCode('invoice total lines', 1))[0]?.codePath, 'src/invoice.ts');
      await rag.indexExperience({ task: 'Round taxes', approach: 'half up per line', outcome: 'success', expertType: 'backend' });
      assert.strictEqual([...db.values()].find((c) => c.name.startsWith('bigthree-experiences-'))!.records.size, 1);
      rag.dispose();

      const embedder = new CountingEmbedder();
      const again = await open(embedder);
      assert.strictEqual((await again.indexCodebase()).filesIndexed, 0, 'Chroma already holds every vector: nothing is embedded again');
      assert.strictEqual(embedder.embedded.length, 0);
      fs.rmSync(path.join(root, 'src/refund.ts'));
      await again.indexCodebase();
      assert.ok(![...code.records.values()].some((r) => r.metadata?.path === 'src/refund.ts'), 'vectors of the deleted file left the server');
      again.dispose();
    });

    it('re-embeds what the server lost (an emptied collection)', async () => {
      const rag = await open();
      await rag.indexCodebase();
      rag.dispose();
      for (const c of fake.tenants.get('default_tenant')!.get('default_database')!.values()) c.records.clear();
      const embedder = new CountingEmbedder();
      const again = await open(embedder);
      assert.ok(
        logger.warnings().some((w) => /chroma store holds 0 vectors/.test(w)),
        logger.warnings().join('\n'),
      );
      assert.strictEqual((await again.indexCodebase()).filesIndexed, 3);
      again.dispose();
    });

    it('an unreachable server makes create() fail with the typed error', async () => {
      await fake.close();
      await assert.rejects(open(), isChroma('unreachable'));
      fake = await startChromaFake(); // for afterEach
    });
  });
});
