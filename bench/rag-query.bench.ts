// RAG query latency at 10k and 100k chunks: lexical (BM25), vector (exact store, 384-d) and fused
// (both + RRF), p50/p95 over a query set. Chunk texts are real rxjs chunks replicated under distinct
// paths; vectors come from a fast deterministic test embedder (the query's own embedding time is
// reported separately with the benchmark embedder, as it does not depend on the index size).
// At 100k (above the 50k worker threshold) it also compares the exact scan in-thread and in the worker
// thread: latency, and how long the main thread is blocked per query (event-loop utilization: busy ms
// per query; event-loop delay seen by a 1 ms timer: max and p99), then loads the saved 100k index and
// reports how long that took and the longest event-loop block during the load.
//   node dist/bench/rag-query.bench.js
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { monitorEventLoopDelay, performance } from 'perf_hooks';
import { NodeFileSystem } from '../src/adapters/node-file-system';
import { silentLogger, systemClock } from '../src/orchestrator/ports';
import { chunksOf } from '../src/orchestrator/rag/code-indexer';
import { Collection } from '../src/orchestrator/rag/collection';
import type { Embedder } from '../src/orchestrator/rag/embedder';
import type { Chunk } from '../src/orchestrator/rag/types';
import { summarize } from './bench-stats';
import { ExactVectorStore } from '../src/orchestrator/rag/exact-vector-store';
import { benchEmbedder, corpusDir, repoRoot, round, tempDir, writeResult } from './rag-bench-support';

/** The bundled worker (esbuild.js builds it beside the extension); benches run from dist/bench/. */
const workerScript = path.join(repoRoot, 'dist', 'vector-search-worker.js');

/** Random-projection vectors from hashed words: cheap, deterministic, normalized, 384-d. */
class HashingEmbedder implements Embedder {
  readonly id = 'bench-hashing-384';
  readonly dimension = 384;
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((text) => {
      const v = new Float32Array(this.dimension);
      for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
        const h = createHash('md5').update(word).digest();
        for (let k = 0; k < 4; k++) v[h.readUInt16LE(k * 2) % this.dimension]! += h[8 + k]! & 1 ? 1 : -1;
      }
      let norm = 0;
      for (const x of v) norm += x * x;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
      return v;
    });
  }
}

function corpusChunks(): Array<{ rel: string; chunks: Chunk[] }> {
  const out: Array<{ rel: string; chunks: Chunk[] }> = [];
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(`${dir}/${e.name}`, r);
      else if (e.name.endsWith('.ts')) out.push({ rel: r, chunks: chunksOf(r, fs.readFileSync(`${dir}/${e.name}`, 'utf8')) });
    }
  };
  walk(corpusDir, '');
  return out;
}

const openCollection = (dir: string) => Collection.open({ name: 'bench', fs: new NodeFileSystem(), logger: silentLogger, clock: systemClock, dir, embedder: new HashingEmbedder(), exactStore: { workerScript } });

async function buildCollection(target: number, base: Array<{ rel: string; chunks: Chunk[] }>, dir: string): Promise<Collection> {
  const collection = await openCollection(dir);
  let copy = 0;
  while (collection.chunkCount < target) {
    const batch = [];
    for (const file of base) {
      if (collection.chunkCount + batch.reduce((n, b) => n + b.chunks.length, 0) >= target) break;
      const rel = `copy${copy}/${file.rel}`;
      batch.push({ key: rel, hash: `${copy}`, chunks: file.chunks.map((c) => ({ ...c, id: `${copy}-${c.id}`, metadata: { ...c.metadata, path: rel } })) });
    }
    await collection.put(batch);
    copy++;
  }
  return collection;
}

const QUERIES = JSON.parse(fs.readFileSync(require('path').join(__dirname, '..', '..', 'bench', 'rag-rxjs-queries.json'), 'utf8')).queries.map((q: { q: string }) => q.q) as string[];

async function latencies(collection: Collection) {
  const modes = { lexical: { lexical: 1, vector: 0 }, vector: { lexical: 0, vector: 1 }, fused: { lexical: 1, vector: 1 } };
  const out: Record<string, ReturnType<typeof summarize>> = {};
  for (const [name, weights] of Object.entries(modes)) {
    for (const q of QUERIES.slice(0, 5)) await collection.search(q, { limit: 10, weights }); // warm-up
    const samples: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const q of QUERIES) {
        const t = performance.now();
        await collection.search(q, { limit: 10, weights });
        samples.push(performance.now() - t);
      }
    }
    out[name] = summarize(samples);
  }
  return out;
}

/** Runs `work` and reports how much of the main thread it took: ELU busy ms, and event-loop delay (1 ms timer). */
async function onMainThread(work: () => Promise<void>): Promise<{ busyMs: number; delayMaxMs: number; delayP99Ms: number }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  // A 1 ms timer keeps the loop turning, so a block shows up as delay even when nothing else is queued.
  const ticker = setInterval(() => undefined, 1);
  delay.enable();
  const before = performance.eventLoopUtilization();
  await work();
  const used = performance.eventLoopUtilization(before);
  delay.disable();
  clearInterval(ticker);
  return { busyMs: used.active, delayMaxMs: round(delay.max / 1e6, 1), delayP99Ms: round(delay.percentile(99) / 1e6, 1) };
}

/** The exact scan at 100k, in-thread (querySync) and in the worker (query), over the same random queries. */
async function workerComparison(store: ExactVectorStore) {
  const queries = await new HashingEmbedder().embed(QUERIES.map((q) => `${q} ${q.split(' ').reverse().join(' ')}`));
  const accept = () => true; // as Collection.search passes an id filter
  const run = async (mode: 'inThread' | 'worker') => {
    const search = (q: Float32Array) => (mode === 'worker' ? store.query(q, 40, accept) : Promise.resolve(store.querySync(q, 40, accept)));
    for (const q of queries.slice(0, 5)) await search(q); // warm-up (starts the worker)
    const samples: number[] = [];
    const main = await onMainThread(async () => {
      for (let r = 0; r < 3; r++) {
        for (const q of queries) {
          const t = performance.now();
          await search(q);
          samples.push(performance.now() - t);
          await new Promise((resolve) => setImmediate(resolve)); // let the ticker run between queries
        }
      }
    });
    return { latency: summarize(samples), mainThreadBusyMsPerQuery: round(main.busyMs / samples.length, 2), eventLoopDelayMaxMs: main.delayMaxMs, eventLoopDelayP99Ms: main.delayP99Ms };
  };
  const inThread = await run('inThread');
  const worker = await run('worker');
  if (!store.worker?.threadId) throw new Error('the worker did not run (is dist/vector-search-worker.js built?)');
  return { limit: 40, threshold: 50_000, inThread, worker };
}

/** Saves the collection as one base file and loads it again, measuring how long the load blocks the loop. */
async function loadComparison(collection: Collection, dir: string) {
  await collection.commit();
  await collection.compact();
  const bytes = fs.readdirSync(dir).filter((f) => f.endsWith('.bt3')).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  let loaded: Collection | undefined;
  const t = performance.now();
  const main = await onMainThread(async () => {
    loaded = await openCollection(dir);
    await new Promise((resolve) => setTimeout(resolve, 5)); // let the monitor see the last slice
  });
  const seconds = (performance.now() - t) / 1000;
  const chunks = loaded!.chunkCount;
  loaded!.dispose();
  return { fileMB: round(bytes / 1e6, 0), chunks, loadSeconds: round(seconds, 1), longestBlockMs: main.delayMaxMs, blockP99Ms: main.delayP99Ms };
}

async function main(): Promise<void> {
  const base = corpusChunks();
  const result: Record<string, unknown> = { benchmark: 'rag-query', node: process.version, unit: 'ms per query (limit 10)', dimension: 384, queries: QUERIES.length * 3 };
  for (const size of [10_000, 100_000]) {
    const t = performance.now();
    const dir = tempDir('q');
    const collection = await buildCollection(size, base, dir);
    const buildSeconds = (performance.now() - t) / 1000;
    const entry: Record<string, unknown> = { chunks: collection.chunkCount, buildSeconds: round(buildSeconds, 1), heapMB: round(process.memoryUsage().heapUsed / 1e6, 0), ...(await latencies(collection)) };
    if (size === 100_000) {
      entry.exactScan = await workerComparison(collection.vectorStore as ExactVectorStore);
      entry.load = await loadComparison(collection, dir);
    }
    result[`chunks${size / 1000}k`] = entry;
    collection.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const { embedder, model } = await benchEmbedder();
  await embedder.embed(['warm up']);
  const embedTimes: number[] = [];
  for (const q of QUERIES) {
    const t = performance.now();
    await embedder.embed([q]);
    embedTimes.push(performance.now() - t);
  }
  result.queryEmbeddingMs = { model, ...summarize(embedTimes) };
  writeResult('rag-query', result);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
