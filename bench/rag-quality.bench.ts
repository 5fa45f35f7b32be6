// Retrieval quality on real third-party code (rxjs sources) with a query set written for it
// (bench/rag-rxjs-queries.json): recall@5 and MRR at file level, lexical-only vs fused (BM25 + vectors, RRF).
// With $BIG_THREE_MODEL_DIR pointing at all-MiniLM-L6-v2 the fused column measures the real model;
// without it the fused column uses the tiny random-weight test model and only shows the plumbing.
//   node dist/bench/rag-quality.bench.js
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../src/adapters/node-file-system';
import { silentLogger, systemClock } from '../src/orchestrator/ports';
import { RagService } from '../src/orchestrator/rag/rag-service';
import { benchEmbedder, corpusDir, repoRoot, round, tempDir, writeResult } from './rag-bench-support';

interface Query {
  q: string;
  relevant: string[];
}

async function evaluate(rag: RagService, queries: readonly Query[], weights: { lexical: number; vector: number }) {
  let hitsAt5 = 0;
  let reciprocal = 0;
  const misses: string[] = [];
  for (const { q, relevant } of queries) {
    const results = await rag.code.search(q, { limit: 30, weights });
    const files: string[] = [];
    for (const r of results) {
      const file = String(r.chunk.metadata.path);
      if (!files.includes(file)) files.push(file);
    }
    const rank = files.findIndex((f) => relevant.includes(f)) + 1;
    if (rank >= 1 && rank <= 5) hitsAt5++;
    else misses.push(q);
    if (rank >= 1) reciprocal += 1 / rank;
  }
  return { recallAt5: round(hitsAt5 / queries.length, 3), mrr: round(reciprocal / queries.length, 3), missedAt5: misses };
}

async function main(): Promise<void> {
  const queries = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'bench', 'rag-rxjs-queries.json'), 'utf8')) as { queries: Query[] }).queries;
  const { embedder, model, real } = await benchEmbedder();
  const storage = tempDir('quality');
  const rag = await RagService.create({ fs: new NodeFileSystem(), clock: systemClock, logger: silentLogger, root: corpusDir, storageDir: storage, embedder });
  await rag.indexCodebase();
  writeResult('rag-quality', {
    benchmark: 'rag-quality',
    corpus: 'node_modules/rxjs/src (rxjs 7.8.2)',
    files: rag.status.files,
    chunks: rag.status.chunks,
    queries: queries.length,
    model,
    realModel: real,
    metric: 'file-level: a query counts as found when a relevant file is among the first 5 distinct files',
    lexicalOnly: await evaluate(rag, queries, { lexical: 1, vector: 0 }),
    vectorOnly: await evaluate(rag, queries, { lexical: 0, vector: 1 }),
    fused: await evaluate(rag, queries, { lexical: 1, vector: 1 }),
  });
  rag.dispose();
  fs.rmSync(storage, { recursive: true, force: true });
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
