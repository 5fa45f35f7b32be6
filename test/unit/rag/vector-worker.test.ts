// The exact store's worker-thread search: same results as the in-thread scan, shared memory kept in
// sync, terminated on dispose, and a broken worker falls back to the main thread with a warning.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Worker } from 'worker_threads';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { systemClock } from '../../../src/orchestrator/ports';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import { defaultWorkerScript, ExactVectorStore } from '../../../src/orchestrator/rag/exact-vector-store';
import type { VectorHit } from '../../../src/orchestrator/rag/vector-store';
import { seededRandom as random } from '../../../src/orchestrator/seeded-random';
import { CountingEmbedder, RecordingLogger, tempDir, writeFiles } from './rag-helpers';

function unitVector(next: () => number, dim: number): Float32Array {
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = next() * 2 - 1;
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

const DIM = 24;

function filled(count: number, options: ConstructorParameters<typeof ExactVectorStore>[1], seed = 7): ExactVectorStore {
  const next = random(seed);
  const store = new ExactVectorStore(DIM, options);
  const kept: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    // Every 10th vector repeats an earlier one, so equal scores (ties) occur and must order the same.
    const v = i % 10 === 9 && kept.length ? kept[Math.floor(next() * kept.length)]! : unitVector(next, DIM);
    kept.push(v);
    store.upsertSync(`id-${i}`, v);
  }
  return store;
}

const exited = (worker: Worker) => new Promise<number>((resolve) => worker.once('exit', resolve));

describe('exact vector store: search in a worker thread above the threshold', () => {
  let logger: RecordingLogger;
  const stores: ExactVectorStore[] = [];
  const track = (store: ExactVectorStore) => (stores.push(store), store);
  beforeEach(() => {
    logger = new RecordingLogger();
  });
  afterEach(() => {
    for (const store of stores.splice(0)) store.dispose();
  });

  it('the worker script is where the store looks for it (beside the compiled module)', () => {
    assert.ok(fs.existsSync(defaultWorkerScript()), defaultWorkerScript());
  });

  it('gives exactly the in-thread results on random data, with ties, limits and filters', async () => {
    const store = track(filled(3000, { workerThreshold: 1000, logger }));
    assert.strictEqual(store.searchesInWorker, true);
    const next = random(99);
    const filters: Array<[string, ((id: string) => boolean) | undefined]> = [
      ['none', undefined],
      ['even ids', (id) => Number(id.slice(3)) % 2 === 0],
      ['1 in 97 ids (selective: the worker is asked again for more)', (id) => Number(id.slice(3)) % 97 === 5],
      ['nothing', () => false],
    ];
    let compared = 0;
    for (let q = 0; q < 25; q++) {
      const query = q % 5 === 0 ? store.vectorOf(`id-${q * 11}`)!.slice() : unitVector(next, DIM);
      for (const limit of [1, 10, 40]) {
        for (const [name, accept] of filters) {
          const inWorker: VectorHit[] = await store.query(query, limit, accept);
          const inThread = store.querySync(query, limit, accept);
          assert.deepStrictEqual(inWorker, inThread, `query ${q}, limit ${limit}, filter ${name}`);
          compared += inWorker.length;
        }
      }
    }
    assert.ok(compared > 1000, `${compared} hits compared`);
    assert.ok(store.worker?.threadId, 'the queries went to a worker thread');
    assert.deepStrictEqual(logger.warnings(), []);
  });

  it('sees changes made after it started: updates, deletes and growth of the shared buffers', async () => {
    const store = track(filled(1500, { workerThreshold: 1000, initialCapacity: 1500, logger }));
    const next = random(5);
    const query = unitVector(next, DIM);
    assert.deepStrictEqual(await store.query(query, 10), store.querySync(query, 10));
    const best = (await store.query(query, 1))[0]!.id;
    store.deleteSync(best);
    for (let i = 0; i < 800; i++) store.upsertSync(`more-${i}`, unitVector(next, DIM)); // grows past the capacity
    store.upsertSync('exact-match', query);
    const after = await store.query(query, 10);
    assert.deepStrictEqual(after, store.querySync(query, 10));
    assert.strictEqual(after[0]!.id, 'exact-match');
    assert.ok(!after.some((h) => h.id === best), 'a deleted vector is never returned');
  });

  it('answers from the main thread when the store changes while the worker scans', async () => {
    const store = track(filled(2000, { workerThreshold: 1000, logger }));
    const query = unitVector(random(8), DIM);
    const pending = store.query(query, 5);
    store.upsertSync('late', query); // while the worker works
    const hits = await pending;
    assert.strictEqual(hits[0]!.id, 'late', 'the answer includes the change');
    assert.deepStrictEqual(hits, store.querySync(query, 5));
  });

  it('starts no worker at or below the threshold', async () => {
    const store = track(filled(1000, { workerThreshold: 1000, logger }));
    assert.strictEqual(store.searchesInWorker, false);
    await store.query(unitVector(random(1), DIM), 5);
    assert.strictEqual(store.worker, undefined);
  });

  it('stops the worker on dispose: the thread returns by itself (exit code 0), even while it builds the approximate index', async () => {
    for (const annThreshold of [Infinity, 0]) {
      const store = filled(1200, { workerThreshold: 1000, annThreshold, logger });
      await store.query(unitVector(random(2), DIM), 3);
      const thread = store.worker!.thread!;
      const exit = exited(thread);
      store.dispose();
      // terminate() would end it with code 1 (and, inside a native call, could abort the process at exit).
      assert.strictEqual(await exit, 0, `annThreshold ${annThreshold}`);
      assert.strictEqual(store.worker, undefined);
    }
  });

  it('a store queried after dispose scans on the calling thread and starts no new worker', async () => {
    const store = filled(1200, { workerThreshold: 1000, logger });
    const query = unitVector(random(4), DIM);
    const expected = store.querySync(query, 5);
    assert.deepStrictEqual(await store.query(query, 5), expected);
    store.dispose();
    assert.deepStrictEqual(await store.query(query, 5), expected);
    assert.strictEqual(store.worker, undefined);
  });

  it('terminates the worker on dispose', async () => {
    const store = filled(1200, { workerThreshold: 1000, logger });
    await store.query(unitVector(random(2), DIM), 3);
    const thread = store.worker!.thread!;
    const exit = exited(thread);
    store.dispose();
    assert.strictEqual(typeof (await exit), 'number');
    assert.strictEqual(store.worker, undefined);
    assert.deepStrictEqual(logger.warnings(), [], 'a requested stop is not a crash');
  });

  it('a worker that dies falls back to the in-thread scan, with one warning', async () => {
    const store = track(filled(1200, { workerThreshold: 1000, logger }));
    const query = unitVector(random(3), DIM);
    const expected = store.querySync(query, 7);
    assert.deepStrictEqual(await store.query(query, 7), expected);
    const thread = store.worker!.thread!;
    await thread.terminate(); // as if it had crashed
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual(store.searchesInWorker, false);
    assert.deepStrictEqual(await store.query(query, 7), expected);
    assert.deepStrictEqual(await store.query(query, 7), expected);
    const warnings = logger.warnings();
    assert.strictEqual(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /Vector search moved back to the main thread: the vector search worker exited unexpectedly/);
  });

  it('a worker that throws on a query: the pending query is answered in-thread', async () => {
    const dir = tempDir('bad-worker');
    const script = path.join(dir, 'throwing-worker.js');
    // Sleeps until the first query is signalled through the shared control block, then throws.
    fs.writeFileSync(
      script,
      "const { workerData } = require('worker_threads'); Atomics.wait(new Int32Array(workerData.control), 0, 0); throw new Error('simulated crash in the worker');\n",
    );
    const store = track(filled(1200, { workerThreshold: 1000, workerScript: script, logger }));
    const query = unitVector(random(4), DIM);
    assert.deepStrictEqual(await store.query(query, 5), store.querySync(query, 5));
    assert.match(logger.warnings().join('\n'), /worker crashed: simulated crash in the worker/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a missing worker script falls back with a warning naming it', async () => {
    const dir = tempDir('no-worker');
    const store = track(filled(1200, { workerThreshold: 1000, workerScript: path.join(dir, 'not-there.js'), logger }));
    const query = unitVector(random(6), DIM);
    assert.deepStrictEqual(await store.query(query, 5), store.querySync(query, 5));
    assert.match(logger.warnings().join('\n'), /Vector search moved back to the main thread: .*not-there\.js/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('RagService passes the threshold down and stops the workers on dispose', async () => {
    const root = tempDir('worker-ws');
    const storage = tempDir('worker-store');
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`src/m${i}.ts`] = `export function handler${i}(x: number) {\n  return x * ${i}; // topic${i % 7} gadget${i}\n}\n`;
    writeFiles(root, files);
    const open = (threshold: number, dir: string) =>
      RagService.create({
        fs: new NodeFileSystem(),
        clock: systemClock,
        logger,
        root,
        storageDir: dir,
        embedder: new CountingEmbedder(),
        workerThreshold: threshold,
      });
    const inWorker = await open(10, storage);
    const storageB = tempDir('worker-store-b');
    const inThread = await open(Infinity, storageB);
    await inWorker.indexCodebase();
    await inThread.indexCodebase();
    const store = inWorker.code.vectorStore as ExactVectorStore;
    assert.strictEqual(store.searchesInWorker, true);
    for (const q of ['handler7 gadget', 'topic3', 'return x times'])
      assert.deepStrictEqual(await inWorker.searchCode(q, 8), await inThread.searchCode(q, 8), q);
    const exit = exited(store.worker!.thread!);
    inWorker.dispose();
    await exit;
    inThread.dispose();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
    fs.rmSync(storageB, { recursive: true, force: true });
  });
});
