// RAG query latency at 10k and 100k chunks: lexical (BM25), vector (exact store, 384-d) and fused
// (both + RRF), p50/p95 over a query set. Chunk texts are real rxjs chunks replicated under distinct
// paths; vectors come from a fast deterministic test embedder (the query's own embedding time is
// reported separately with the benchmark embedder, as it does not depend on the index size).
//   node dist/bench/rag-query.bench.js
import { createHash } from 'crypto';
import * as fs from 'fs';
import { NodeFileSystem } from '../src/adapters/node-file-system';
import { silentLogger, systemClock } from '../src/orchestrator/ports';
import { chunksOf } from '../src/orchestrator/rag/code-indexer';
import { Collection } from '../src/orchestrator/rag/collection';
import type { Embedder } from '../src/orchestrator/rag/embedder';
import type { Chunk } from '../src/orchestrator/rag/types';
import { summarize } from './bench-stats';
import { benchEmbedder, corpusDir, round, tempDir, writeResult } from './rag-bench-support';

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

async function buildCollection(target: number, base: Array<{ rel: string; chunks: Chunk[] }>): Promise<Collection> {
  const collection = await Collection.open({ name: 'bench', fs: new NodeFileSystem(), logger: silentLogger, clock: systemClock, dir: tempDir('q'), embedder: new HashingEmbedder() });
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

async function main(): Promise<void> {
  const base = corpusChunks();
  const result: Record<string, unknown> = { benchmark: 'rag-query', node: process.version, unit: 'ms per query (limit 10)', dimension: 384, queries: QUERIES.length * 3 };
  for (const size of [10_000, 100_000]) {
    const t = performance.now();
    const collection = await buildCollection(size, base);
    const buildSeconds = (performance.now() - t) / 1000;
    result[`chunks${size / 1000}k`] = { chunks: collection.chunkCount, buildSeconds: round(buildSeconds, 1), heapMB: round(process.memoryUsage().heapUsed / 1e6, 0), ...(await latencies(collection)) };
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
