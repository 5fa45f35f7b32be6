// RAG indexing benchmark on real third-party code (rxjs sources from node_modules): full index
// throughput (files/s, chunks/s) lexical-only and with embeddings, and the cost of re-indexing after
// one file changes, on the corpus ×1 and ×4 (it should stay flat, not grow with the repository).
//   node dist/bench/rag-index.bench.js        ($BIG_THREE_MODEL_DIR=<all-MiniLM-L6-v2 folder> for the real model)
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../src/adapters/node-file-system';
import { silentLogger, systemClock } from '../src/orchestrator/ports';
import type { Embedder } from '../src/orchestrator/rag/embedder';
import { RagService } from '../src/orchestrator/rag/rag-service';
import { summarize } from './bench-stats';
import { benchEmbedder, corpusDir, round, tempDir, writeResult } from './rag-bench-support';

const fsPort = new NodeFileSystem();

function copyCorpus(copies: number): string {
  const root = tempDir('corpus');
  for (let i = 0; i < copies; i++) fs.cpSync(corpusDir, copies === 1 ? root : path.join(root, `copy${i}`), { recursive: true });
  return root;
}

async function fullIndex(root: string, embedder: Embedder | undefined) {
  const storage = tempDir('store');
  const rag = await RagService.create({ fs: fsPort, clock: systemClock, logger: silentLogger, root, storageDir: storage, ...(embedder ? { embedder } : {}) });
  const start = performance.now();
  const report = await rag.indexCodebase();
  const seconds = (performance.now() - start) / 1000;
  return { rag, storage, report, seconds };
}

async function incremental(root: string, embedder: Embedder | undefined, rounds: number) {
  const { rag, storage, report } = await fullIndex(root, embedder);
  const target = path.join(root, fs.existsSync(path.join(root, 'copy0')) ? 'copy0' : '', 'internal', 'operators', 'map.ts');
  const original = fs.readFileSync(target, 'utf8');
  const fullPass: number[] = [];
  const watcherUpdate: number[] = [];
  for (let i = 0; i < rounds; i++) {
    fs.writeFileSync(target, `${original}\n// touched ${i}\n`);
    let t = performance.now();
    const r = await rag.indexCodebase();
    fullPass.push(performance.now() - t);
    if (r.filesIndexed !== 1) throw new Error(`expected 1 re-indexed file, got ${r.filesIndexed}`);
    fs.writeFileSync(target, `${original}\n// touched again ${i}\n`);
    t = performance.now();
    rag.notifyFileChanged(target);
    await rag.liveUpdater.flush(); // the watcher path, without waiting for the debounce
    watcherUpdate.push(performance.now() - t);
  }
  fs.writeFileSync(target, original);
  rag.dispose();
  fs.rmSync(storage, { recursive: true, force: true });
  return { files: report.filesScanned, chunks: rag.status.chunks, incrementalFullPassMs: summarize(fullPass), watcherSingleFileUpdateMs: summarize(watcherUpdate) };
}

async function main(): Promise<void> {
  const { embedder, model, real } = await benchEmbedder();
  const corpus = copyCorpus(1);
  const lexical = await fullIndex(corpus, undefined);
  lexical.rag.dispose();
  const embedded = await fullIndex(corpus, embedder);
  embedded.rag.dispose();
  const x1 = await incremental(corpus, embedder, 5);
  const big = copyCorpus(4);
  const x4 = await incremental(big, embedder, 5);
  const throughput = (r: typeof lexical) => ({ files: r.report.filesIndexed, chunks: r.report.chunksIndexed, seconds: round(r.seconds, 2), filesPerSecond: round(r.report.filesIndexed / r.seconds), chunksPerSecond: round(r.report.chunksIndexed / r.seconds) });
  writeResult('rag-index', {
    benchmark: 'rag-index',
    node: process.version,
    cpus: require('os').cpus().length,
    corpus: 'node_modules/rxjs/src (rxjs 7.8.2)',
    model,
    realModel: real,
    fullIndex: { lexicalOnly: throughput(lexical), withEmbeddings: throughput(embedded) },
    reindexAfterTouchingOneFile: { corpusX1: x1, corpusX4: x4 },
  });
  for (const r of [lexical, embedded]) fs.rmSync(r.storage, { recursive: true, force: true });
  fs.rmSync(corpus, { recursive: true, force: true });
  fs.rmSync(big, { recursive: true, force: true });
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
