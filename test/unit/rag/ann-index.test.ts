// The approximate (HNSW) index in the search worker: built in the background above its threshold,
// used only once it holds every change, never returning a deleted or cleared vector, and measured for
// recall@10 against the exact scan.
import * as assert from 'assert';
import * as path from 'path';
import { ExactVectorStore } from '../../../src/orchestrator/rag/exact-vector-store';
import { AnnState } from '../../../src/orchestrator/rag/vector-search-protocol';
import { loadUsearch } from '../../../src/orchestrator/rag/ann-graph';
import { RecordingLogger } from '../../fakes/recording-logger';

const DIM = 32;
const script = path.join(__dirname, '..', '..', '..', 'src', 'orchestrator', 'rag', 'vector-search-worker.js');

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Unit vectors around 8 centres (clustered, like embeddings). */
function vectors(count: number, seed: number): Float32Array[] {
  const next = rng(seed);
  const centres = Array.from({ length: 8 }, () => Float32Array.from({ length: DIM }, () => next() - 0.5));
  return Array.from({ length: count }, () => {
    const c = centres[Math.floor(next() * centres.length)]!;
    const v = Float32Array.from({ length: DIM }, (_, i) => c[i]! + 0.4 * (next() - 0.5));
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Queries (answers thrown away) until the worker's index holds every change. */
async function untilCurrent(store: ExactVectorStore, probe: Float32Array): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await store.query(probe, 1);
    if (store.annState === AnnState.Current) return;
    assert.notStrictEqual(store.annState, AnnState.Unavailable, 'usearch loads on this platform');
    assert.ok(Date.now() < deadline, `the approximate index did not catch up (state ${store.annState})`);
    await sleep(20);
  }
}

describe('approximate vector index (HNSW in the search worker)', function () {
  this.timeout(60_000);
  const stores: ExactVectorStore[] = [];
  after(() => stores.forEach((s) => s.dispose()));

  function store(annThreshold: number): ExactVectorStore {
    const s = new ExactVectorStore(DIM, { workerThreshold: 100, annThreshold, workerScript: script, logger: new RecordingLogger() });
    stores.push(s);
    return s;
  }

  before(function () {
    if (typeof loadUsearch() === 'string') this.skip(); // platforms without a prebuilt binding stay exact (tested below)
  });

  it('answers from the graph once built, with recall@10 >= 0.95 against the exact scan', async () => {
    const s = store(500);
    const data = vectors(3000, 1);
    data.forEach((v, i) => s.upsertSync(`v${i}`, v));
    await untilCurrent(s, data[0]!);
    let found = 0;
    for (const q of vectors(40, 2)) {
      const approx = await s.query(q, 10);
      assert.ok(s.lastQueryApproximate, 'answered by the graph');
      const exact = new Set(s.querySync(q, 10).map((h) => h.id));
      found += approx.filter((h) => exact.has(h.id)).length;
      for (let i = 1; i < approx.length; i++) assert.ok(approx[i - 1]!.score >= approx[i]!.score, 'best first');
    }
    assert.ok(found / 400 >= 0.95, `recall@10 ${found / 400}`);
  });

  it('goes exact while changes are pending, then follows deletes and replaced vectors', async () => {
    const s = store(500);
    const data = vectors(2000, 3);
    data.forEach((v, i) => s.upsertSync(`v${i}`, v));
    await untilCurrent(s, data[0]!);
    // Delete the exact top hits of a query and reuse their rows for new vectors far from it.
    const q = data[10]!;
    const top = s.querySync(q, 20).map((h) => h.id);
    top.forEach((id) => s.deleteSync(id));
    const away = q.map((x) => -x);
    for (let i = 0; i < 20; i++) s.upsertSync(`new${i}`, away);
    const during = await s.query(q, 10);
    assert.strictEqual(s.lastQueryApproximate, false, 'a graph behind the store is not used');
    assert.ok(during.every((h) => !top.includes(h.id)));
    await untilCurrent(s, q);
    const after = await s.query(q, 10);
    assert.ok(s.lastQueryApproximate);
    assert.ok(
      after.every((h) => !top.includes(h.id) && !h.id.startsWith('new')),
      after.map((h) => h.id).join(','),
    );
  });

  it('takes in rows added after the last query (no new buffers): the graph is never current without them', async () => {
    const s = new ExactVectorStore(DIM, {
      initialCapacity: 4096,
      workerThreshold: 100,
      annThreshold: 500,
      workerScript: script,
      logger: new RecordingLogger(),
    });
    stores.push(s);
    const data = vectors(3000, 11);
    data.forEach((v, i) => s.upsertSync(`v${i}`, v));
    await s.query(data[0]!, 1); // the worker starts building over 3,000 rows
    const late = vectors(50, 12);
    late.forEach((v, i) => s.upsertSync(`late${i}`, v)); // rows 3000-3049, same buffers
    // No query meanwhile: the worker builds in the background until it calls the graph current.
    const deadline = Date.now() + 20_000;
    while (s.annState !== AnnState.Current) {
      assert.ok(Date.now() < deadline, `the approximate index did not catch up (state ${s.annState})`);
      await sleep(20);
    }
    for (let i = 0; i < 50; i += 7) {
      const hits = await s.query(late[i]!, 3);
      assert.ok(s.lastQueryApproximate);
      assert.strictEqual(hits[0]?.id, `late${i}`);
    }
  });

  it('a filtered search through the graph still returns as many hits as asked when enough rows pass the filter', async () => {
    const s = store(500);
    const data = vectors(3000, 13);
    data.forEach((v, i) => s.upsertSync(`v${i}`, v));
    await untilCurrent(s, data[0]!);
    const rare = (id: string) => id.endsWith('37'); // 30 of 3,000 rows
    const hits = await s.query(data[5]!, 20, rare);
    assert.ok(s.lastQueryApproximate);
    assert.strictEqual(hits.length, 20);
    assert.ok(hits.every((h) => rare(h.id)));
  });

  it('starts again after clear(): vectors of the old generation never come back', async () => {
    const s = store(500);
    vectors(1500, 5).forEach((v, i) => s.upsertSync(`old${i}`, v));
    const probe = vectors(1, 6)[0]!;
    await untilCurrent(s, probe);
    await s.clear();
    vectors(1500, 7).forEach((v, i) => s.upsertSync(`fresh${i}`, v));
    await untilCurrent(s, probe);
    const hits = await s.query(probe, 50);
    assert.ok(s.lastQueryApproximate);
    assert.ok(hits.length > 0 && hits.every((h) => h.id.startsWith('fresh')));
  });

  it('stays exact below the threshold and when disabled', async () => {
    for (const s of [store(5000), store(Infinity)]) {
      const data = vectors(1200, 8);
      data.forEach((v, i) => s.upsertSync(`v${i}`, v));
      for (let i = 0; i < 5; i++) {
        await s.query(data[i]!, 10);
        assert.strictEqual(s.lastQueryApproximate, false);
        await sleep(20);
      }
      assert.strictEqual(s.annState, AnnState.Off);
    }
  });
});
