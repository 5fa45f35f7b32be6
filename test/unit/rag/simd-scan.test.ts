import * as assert from 'assert';
import * as path from 'path';
import { ExactVectorStore } from '../../../src/orchestrator/rag/vector-store';
import { RecordingLogger } from '../../fakes/recording-logger';

const DIM = 48;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function unit(next: () => number): Float32Array {
  const v = Float32Array.from({ length: DIM }, () => next() - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('exact vector scan with WebAssembly SIMD', () => {
  const stores: ExactVectorStore[] = [];
  after(() => stores.forEach((s) => s.dispose()));

  function pair(workerThreshold: number): [ExactVectorStore, ExactVectorStore] {
    const script = path.join(__dirname, '..', '..', '..', 'src', 'orchestrator', 'rag', 'vector-search-worker.js');
    const simd = new ExactVectorStore(DIM, { initialCapacity: 8, workerThreshold, workerScript: script, logger: new RecordingLogger() });
    const plain = new ExactVectorStore(DIM, { initialCapacity: 8, workerThreshold: Infinity, simd: false });
    stores.push(simd, plain);
    const next = rng(7);
    for (let i = 0; i < 3000; i++) {
      const v = unit(next);
      simd.upsertSync(`v${i}`, v);
      plain.upsertSync(`v${i}`, v);
      if (i % 7 === 3) {
        simd.deleteSync(`v${i - 2}`);
        plain.deleteSync(`v${i - 2}`);
      }
    }
    return [simd, plain];
  }

  it('ranks the same rows as the JavaScript scan, through growth and deletes, on the calling thread and in the worker', async () => {
    for (const threshold of [Infinity, 100]) {
      const [simd, plain] = pair(threshold);
      assert.ok(simd.simdActive, 'SIMD is available on Node 20');
      assert.ok(!plain.simdActive);
      assert.strictEqual(simd.searchesInWorker, threshold === 100);
      const next = rng(99);
      for (let q = 0; q < 20; q++) {
        const query = unit(next);
        const accept = q % 2 ? (id: string) => Number(id.slice(1)) % 3 !== 0 : undefined;
        const a = await simd.query(query, 10, accept);
        const b = await plain.query(query, 10, accept);
        assert.deepStrictEqual(
          a.map((h) => h.id),
          b.map((h) => h.id),
          `query ${q}, worker ${threshold}`,
        );
        a.forEach((h, i) => assert.ok(Math.abs(h.score - b[i]!.score) < 1e-5));
      }
      await simd.clear();
      assert.deepStrictEqual(await simd.query(unit(next), 5), []);
      simd.upsertSync('again', unit(next));
      assert.strictEqual((await simd.query(unit(next), 5)).length, 1);
    }
  });

  it('falls back to the JavaScript scan for a dimension that is not a multiple of 16', () => {
    const store = new ExactVectorStore(24);
    stores.push(store);
    assert.ok(!store.simdActive);
  });
});
