import * as assert from 'assert';
import * as path from 'path';
import { ExactVectorStore } from '../../../src/orchestrator/rag/exact-vector-store';
import { instantiateInt8Dots, quantizeInto } from '../../../src/orchestrator/rag/simd-dot-int8';
import { sharedWasmMemory } from '../../../src/orchestrator/rag/wasm-bytes';
import { RecordingLogger } from '../../fakes/recording-logger';

const DIM = 48;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function unitOf(next: () => number, dim: number): Float32Array {
  const v = Float32Array.from({ length: dim }, () => next() - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function unit(next: () => number): Float32Array {
  const v = Float32Array.from({ length: DIM }, () => next() - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('exact vector scan with WebAssembly SIMD', () => {
  const stores: ExactVectorStore[] = [];
  after(() => stores.forEach((s) => s.dispose()));

  function pair(workerThreshold: number, quantized = true): [ExactVectorStore, ExactVectorStore] {
    const script = path.join(__dirname, '..', '..', '..', 'src', 'orchestrator', 'rag', 'vector-search-worker.js');
    const simd = new ExactVectorStore(DIM, { initialCapacity: 8, workerThreshold, workerScript: script, logger: new RecordingLogger(), quantized });
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
    for (const [threshold, quantized] of [
      [Infinity, true],
      [100, true],
      [Infinity, false],
      [100, false],
    ] as const) {
      const [simd, plain] = pair(threshold, quantized);
      assert.ok(simd.simdActive, 'SIMD is available on Node 20');
      assert.strictEqual(simd.quantizedActive, quantized);
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
        // The two-pass scan re-ranks from the float32 rows in float64, as the JavaScript scan does.
        if (quantized) assert.deepStrictEqual(a, b, `query ${q}, worker ${threshold}: same scores`);
        a.forEach((h, i) => assert.ok(Math.abs(h.score - b[i]!.score) < 1e-5));
      }
      await simd.clear();
      assert.deepStrictEqual(await simd.query(unit(next), 5), []);
      simd.upsertSync('again', unit(next));
      assert.strictEqual((await simd.query(unit(next), 5)).length, 1);
    }
  });

  it('rows added while the worker scans are kept intact: the store grows into a new memory, not over the worker scratch area', async () => {
    for (const quantized of [true, false]) {
      const script = path.join(__dirname, '..', '..', '..', 'src', 'orchestrator', 'rag', 'vector-search-worker.js');
      const dim = 16;
      const vec = (i: number) => unitOf(rng(i + 1), dim);
      const store = new ExactVectorStore(dim, { initialCapacity: 1024, workerThreshold: 100, workerScript: script, quantized });
      stores.push(store);
      for (let i = 0; i < 1000; i++) store.upsertSync(`r${i}`, vec(i));
      await store.query(vec(5), 5); // the worker has the buffers
      const pending = store.query(vec(7), 5); // in flight while the store grows 1024 -> 2048 -> 4096 rows
      for (let i = 1000; i < 4000; i++) store.upsertSync(`r${i}`, vec(i));
      await pending;
      for (let i = 0; i < 4000; i++) assert.deepStrictEqual(store.vectorOf(`r${i}`), vec(i), `row ${i} (quantized ${quantized})`);
      for (const i of [1409, 2100, 3999]) assert.strictEqual((await store.query(vec(i), 1))[0]!.id, `r${i}`);
    }
  });

  it('rows the int8 pass cannot tell apart (same codes, same scale) are all re-ranked by their float32 vectors', async () => {
    const dim = 16;
    const twoPass = new ExactVectorStore(dim, { workerThreshold: Infinity });
    const plain = new ExactVectorStore(dim, { workerThreshold: Infinity, simd: false });
    stores.push(twoPass, plain);
    for (let i = 0; i < 1000; i++) {
      const v = new Float32Array(dim);
      v[0] = 1;
      v[1] = 0.4 + i * 1e-6; // one scale (1/127) and the same int8 codes for every row: 1,000 exact ties in the first pass
      for (const store of [twoPass, plain]) store.upsertSync(`r${i}`, v);
    }
    const query = new Float32Array(dim);
    query[0] = 0.6;
    query[1] = 0.8;
    assert.ok(twoPass.quantizedActive);
    assert.deepStrictEqual(await twoPass.query(query, 3), await plain.query(query, 3));
    assert.deepStrictEqual(
      (await twoPass.query(query, 3)).map((h) => h.id),
      ['r999', 'r998', 'r997'],
    );
  });

  it('the int8 kernel gives each row its integer dot with the query times the row scale', () => {
    const dim = 64;
    const rows = 37;
    const memory = sharedWasmMemory(1 << 16)!;
    const dots8 = instantiateInt8Dots(memory)!;
    assert.ok(dots8, 'WebAssembly SIMD is available on Node 20');
    const next = rng(3);
    const matrix = new Int8Array(memory.buffer, 0, rows * dim);
    const scales = new Float32Array(memory.buffer, rows * dim, rows);
    for (let r = 0; r < rows; r++) {
      const v = Float32Array.from({ length: dim }, () => (next() - 0.5) * (r + 1));
      if (r === 5) v.fill(0);
      if (r === 6) v.fill(-1); // every value at -127: the widest products
      scales[r] = quantizeInto(v, matrix, r * dim);
    }
    const queryAt = 8192;
    const query = new Int8Array(memory.buffer, queryAt, dim);
    query.forEach((_, i) => (query[i] = i % 2 ? -127 : Math.round((next() - 0.5) * 254)));
    const out = new Float32Array(memory.buffer, 16384, rows);
    dots8(0, queryAt, rows, dim, 16384, rows * dim);
    for (let r = 0; r < rows; r++) {
      let dot = 0;
      for (let i = 0; i < dim; i++) dot += matrix[r * dim + i]! * query[i]!;
      assert.strictEqual(out[r], Math.fround(Math.fround(dot) * scales[r]!), `row ${r}`);
    }
    assert.strictEqual(scales[5], 0);
    assert.ok(Array.from(matrix.subarray(6 * dim, 7 * dim)).every((x) => x === -127));
  });

  it('quantizes each value within half a step of its row scale', () => {
    const next = rng(11);
    const v = Float32Array.from({ length: 48 }, () => next() * 2 - 1);
    const out = new Int8Array(48);
    const scale = quantizeInto(v, out, 0);
    v.forEach((x, i) => assert.ok(Math.abs(x - scale * out[i]!) <= scale / 2 + 1e-7, `value ${i}`));
  });

  it('falls back to the JavaScript scan for a dimension that is not a multiple of 16', () => {
    const store = new ExactVectorStore(24);
    stores.push(store);
    assert.ok(!store.simdActive);
  });
});
