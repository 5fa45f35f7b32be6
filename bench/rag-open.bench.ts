// Opening and searching a saved index, and indexing off the host's thread, on ~10k chunks of real
// third-party code (rxjs, zod, ajv, mocha and hono sources from node_modules, copied together):
//  - index size on disk against the size of the source it indexes;
//  - index open time in a fresh process (RagService.create: read, verify, install), its RSS and heap
//    growth, and the first search after it;
//  - `big-three search --json` wall time end to end (process start included), beside the wall time
//    of `big-three --help` and of `node -e 0` (the process floor), interleaved on the same machine;
//  - indexing the same code as a host would: in a worker thread vs on the host's thread, with a
//    search every 25 ms meanwhile (latency) and the host's longest event-loop block.
//   npm run bench -- rag-open        (node dist/bench/rag-open.bench.js; needs dist/cli.js and dist/rag-index-worker.js)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { monitorEventLoopDelay, performance } from 'perf_hooks';
import { NodeFileSystem } from '../src/adapters/node-file-system';
import { silentLogger, systemClock } from '../src/orchestrator/ports';
import { RagService } from '../src/orchestrator/rag/rag-service';
import { workspaceIndexDir } from '../src/orchestrator/rag/rag-paths';
import { summarize } from './bench-stats';
import { repoRoot, round, tempDir, writeResult } from './rag-bench-support';

const PACKAGES = ['rxjs/src', 'zod/src', 'ajv/lib', 'mocha/lib', 'hono/dist/cjs'];
const CLI = path.join(repoRoot, 'dist', 'cli.js');
const INDEX_WORKER = path.join(repoRoot, 'dist', 'rag-index-worker.js');
const QUERIES = ['how is a schema validated against its type', 'unsubscribe from an observable when it completes', 'parse a regular expression pattern', 'retry the request after a timeout', 'format an error message with its path', 'register a route handler with middleware', 'merge two objects deeply', 'report test failures to the console'];

function corpus(): string {
  const root = tempDir('open-corpus');
  for (const p of PACKAGES) fs.cpSync(path.join(repoRoot, 'node_modules', p), path.join(root, p), { recursive: true });
  return root;
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) total += e.isDirectory() ? dirBytes(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size;
  return total;
}

function cli(args: string[]): { ms: number; status: number | null; stdout: string; stderr: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { ms: performance.now() - t, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Child mode: opens the saved index in a fresh process and prints what it cost. */
async function measureOpen(root: string, dataDir: string): Promise<void> {
  const before = process.memoryUsage();
  const t = performance.now();
  const rag = await RagService.create({ fs: new NodeFileSystem(), clock: systemClock, logger: silentLogger, root, storageDir: workspaceIndexDir(dataDir, root) });
  const openMs = performance.now() - t;
  const opened = process.memoryUsage();
  const s = performance.now();
  const hits = await rag.searchCode(QUERIES[0]!, 10);
  const firstSearchMs = performance.now() - s;
  const later: number[] = [];
  for (const q of QUERIES.slice(1)) {
    const t2 = performance.now();
    await rag.searchCode(q, 10);
    later.push(performance.now() - t2);
  }
  const after = process.memoryUsage();
  process.stdout.write(JSON.stringify({ openMs, firstSearchMs, laterSearchMs: summarize(later), hits: hits.length, chunks: rag.status.chunks, rssMB: (opened.rss - before.rss) / 1e6, heapMB: (opened.heapUsed - before.heapUsed) / 1e6, externalMB: (opened.external + opened.arrayBuffers - before.external - before.arrayBuffers) / 1e6, rssAfterSearchesMB: (after.rss - before.rss) / 1e6 }));
  rag.dispose();
}

/** Indexes `root` from scratch as a host would, searching every 25 ms meanwhile. */
async function hostIndexing(root: string, inWorker: boolean) {
  const storage = tempDir('open-host');
  // A first small index so searches have something to answer from while the full pass runs.
  const rag = await RagService.create({ fs: new NodeFileSystem(), clock: systemClock, logger: silentLogger, root, storageDir: storage, ...(inWorker ? { indexWorker: { script: INDEX_WORKER } } : {}) });
  await rag.indexCode('seed.ts', 'export function seedSchemaValidator() { return true; }\n');
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const ticker = setInterval(() => undefined, 1);
  delay.enable();
  const latencies: number[] = [];
  let done = false;
  const t = performance.now();
  const run = rag.indexCodebase().finally(() => (done = true));
  let q = 0;
  while (!done) {
    const s = performance.now();
    await rag.searchCode(QUERIES[q++ % QUERIES.length]!, 10);
    latencies.push(performance.now() - s);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const report = await run;
  const seconds = (performance.now() - t) / 1000;
  delay.disable();
  clearInterval(ticker);
  const result = { mode: inWorker ? 'worker thread' : 'host thread', files: report.filesIndexed, chunks: rag.status.chunks, seconds: round(seconds, 1), searchesDuring: latencies.length, searchDuringIndexingMs: summarize(latencies), eventLoopDelayMaxMs: round(delay.max / 1e6, 1), eventLoopDelayP99Ms: round(delay.percentile(99) / 1e6, 1) };
  rag.dispose();
  fs.rmSync(storage, { recursive: true, force: true });
  return result;
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI) || !fs.existsSync(INDEX_WORKER)) throw new Error(`build first (node esbuild.js): ${CLI} and ${INDEX_WORKER} are needed`);
  const root = corpus();
  const dataDir = tempDir('open-data');
  const loadBefore = os.loadavg()[0]!;
  const indexed = cli(['index', root, '--data-dir', dataDir, '--json']);
  if (indexed.status !== 0) throw new Error(`big-three index failed: ${indexed.stderr}`);
  const report = JSON.parse(indexed.stdout) as { files: number; chunks: number; durationMs: number };
  const indexDir = workspaceIndexDir(dataDir, root);
  const rag = await RagService.create({ fs: new NodeFileSystem(), clock: systemClock, logger: silentLogger, root, storageDir: indexDir });
  const sourceBytes = [...rag.code.docs.keys()].reduce((n, key) => n + fs.statSync(path.join(root, key)).size, 0);
  rag.dispose();
  const indexBytes = dirBytes(path.join(indexDir, 'code'));

  const opens = [0, 1, 2, 3, 4].map(() => {
    const r = spawnSync(process.execPath, [__filename, '--measure-open', root, dataDir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`open measurement failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as { openMs: number; firstSearchMs: number; laterSearchMs: ReturnType<typeof summarize>; rssMB: number; heapMB: number; externalMB: number; rssAfterSearchesMB: number; chunks: number };
  });
  const median = (xs: number[]) => round(xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!, 1);

  const searchWall: number[] = [];
  const helpWall: number[] = [];
  const nodeWall: number[] = [];
  for (let r = 0; r < 2; r++) {
    for (const q of QUERIES) {
      const s = cli(['search', q, '--workspace', root, '--data-dir', dataDir, '--json']);
      if (s.status !== 0 && s.status !== 3) throw new Error(`big-three search failed: ${s.stderr}`);
      searchWall.push(s.ms);
      helpWall.push(cli(['--help']).ms);
      const t = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      nodeWall.push(performance.now() - t);
    }
  }

  const worker = await hostIndexing(root, true);
  const hostThread = await hostIndexing(root, false);
  writeResult('rag-open', {
    benchmark: 'rag-open',
    node: process.version,
    cpus: os.cpus().length,
    loadAverage1m: { before: round(loadBefore, 1), after: round(os.loadavg()[0]!, 1) },
    corpus: `${PACKAGES.map((p) => `node_modules/${p}`).join(', ')} (copied into one folder)`,
    index: { files: report.files, chunks: report.chunks, cliIndexSeconds: round(report.durationMs / 1000, 1), sourceMB: round(sourceBytes / 1e6, 2), indexMB: round(indexBytes / 1e6, 2), indexToSource: round(indexBytes / sourceBytes, 2) },
    openInFreshProcess: {
      runs: opens.length,
      openMsMedian: median(opens.map((o) => o.openMs)),
      firstSearchMsMedian: median(opens.map((o) => o.firstSearchMs)),
      laterSearchMsP50Median: median(opens.map((o) => o.laterSearchMs.median)),
      rssGrowthMBMedian: median(opens.map((o) => o.rssMB)),
      heapGrowthMBMedian: median(opens.map((o) => o.heapMB)),
      externalGrowthMBMedian: median(opens.map((o) => o.externalMB)),
      rssGrowthAfterSearchesMBMedian: median(opens.map((o) => o.rssAfterSearchesMB)),
    },
    cliSearchWallMs: summarize(searchWall),
    cliHelpWallMs: summarize(helpWall),
    nodeStartWallMs: summarize(nodeWall),
    indexingAsAHost: { worker, hostThread },
  });
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
}

if (process.argv[2] === '--measure-open') {
  measureOpen(process.argv[3]!, process.argv[4]!).catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
