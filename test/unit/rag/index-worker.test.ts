// Indexing in a child process: the host receives progress and the report, keeps answering searches from
// the index it has while the worker runs, then searches the saved index; a cancel keeps the work done;
// a missing worker script fails the run with a message naming it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { systemClock } from '../../../src/orchestrator/ports';
import { IndexCancelledError } from '../../../src/orchestrator/rag/errors';
import { IndexPacing } from '../../../src/orchestrator/rag/index-pacing';
import { INDEX_PROCESS_NICENESS, IndexWorkerError } from '../../../src/orchestrator/rag/index-worker-client';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import type { Progress } from '../../../src/orchestrator/rag/types';
import { RecordingLogger, tempDir, writeFiles } from './rag-helpers';

const SCRIPT = path.resolve(__dirname, '..', '..', '..', 'src', 'adapters', 'rag-index-worker.js');

function workspace(root: string, files: number): void {
  const content: Record<string, string> = {};
  for (let i = 0; i < files; i++)
    content[`src/part${i % 10}/module${i}.ts`] =
      `export function handler${i}(input: string): string {\n  // topic${i} alpha${i}\n  return input.trim() + 'value${i}';\n}\n\nexport class Widget${i} {\n  render(): string { return 'widget ${i}'; }\n}\n`;
  content['docs/guide.md'] = '# Guide\nHow invoices are computed.\n\n## Rounding\nAlways round cents half up.\n';
  writeFiles(root, content);
}

describe('RAG indexing in a child process', () => {
  let root: string;
  let storage: string;
  let logger: RecordingLogger;
  const open = (script = SCRIPT, pacing?: IndexPacing) =>
    RagService.create({
      fs: new NodeFileSystem(),
      clock: systemClock,
      logger,
      root,
      storageDir: storage,
      indexWorker: { script },
      ...(pacing ? { pacing } : {}),
    });

  beforeEach(() => {
    root = tempDir('worker-ws');
    storage = tempDir('worker-store');
    logger = new RecordingLogger();
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('indexes in the worker with progress; searches answer from the current index meanwhile, then from the saved one', async () => {
    workspace(root, 40);
    const rag = await open();
    assert.ok(rag.usesIndexWorker);
    await rag.indexCodebase();
    assert.strictEqual(rag.status.files, 41);
    assert.strictEqual((await rag.searchCode('round cents half up', 1))[0]?.codePath, 'docs/guide.md');

    workspace(root, 400); // 360 new files
    const phases = new Set<Progress['phase']>();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const searchedDuring: number[] = [];
    const run = rag.indexCodebase(undefined, (p) => phases.add(p.phase));
    let finished = false;
    void run.finally(() => (finished = true));
    while (!finished) {
      const hits = await rag.searchCode('handler7 topic7', 3);
      if (!finished) searchedDuring.push(hits.length);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    clearInterval(ticker);
    const report = await run;
    assert.strictEqual(report.filesIndexed, 360);
    assert.ok(searchedDuring.length > 0 && searchedDuring.every((n) => n > 0), `searches during the run: ${searchedDuring.join(',')}`);
    assert.ok(ticks > 0, 'the host event loop ran');
    assert.ok(phases.has('scanning') && phases.has('done'), [...phases].join());
    assert.strictEqual(rag.status.files, 401);
    assert.strictEqual(rag.status.state, 'idle');
    assert.strictEqual((await rag.searchCode('handler399 topic399 alpha399', 1))[0]?.codePath, 'src/part9/module399.ts');
    const onDisk = fs.readdirSync(path.join(storage, 'code'));
    assert.ok(onDisk.includes('base.bt3'), onDisk.join());
    rag.dispose();
  });

  it('a run that changes nothing keeps the index in memory instead of loading a second copy; one that changes loads it', async () => {
    workspace(root, 30);
    const rag = await open();
    await rag.indexCodebase();
    const inMemory = (service: RagService) => service.code;
    const first = inMemory(rag);
    const unchanged = await rag.indexCodebase();
    assert.deepStrictEqual([unchanged.filesIndexed, unchanged.filesRemoved, unchanged.filesUnchanged], [0, 0, 31]);
    assert.strictEqual(inMemory(rag), first, 'nothing changed: the same index stays in memory');
    assert.strictEqual((await rag.searchCode('handler7 topic7', 1))[0]?.codePath, 'src/part7/module7.ts');
    fs.writeFileSync(path.join(root, 'src/part1/module1.ts'), 'export const renamedHandler = "kiwi";\n');
    const changed = await rag.indexCodebase();
    assert.strictEqual(changed.filesIndexed, 1);
    assert.notStrictEqual(inMemory(rag), first, 'a change: the saved index is loaded');
    assert.strictEqual((await rag.searchCode('renamed handler kiwi', 1))[0]?.codePath, 'src/part1/module1.ts');
    rag.dispose();
  });

  it('a live update after a worker run goes to the reloaded index', async () => {
    workspace(root, 20);
    const rag = await open();
    await rag.indexCodebase();
    const content = 'export const zebraStripes = "quagga";\n';
    fs.writeFileSync(path.join(root, 'src/zebra.ts'), content);
    assert.strictEqual(await rag.indexCode('src/zebra.ts', content), 1);
    assert.strictEqual((await rag.searchCode('zebra stripes quagga', 1))[0]?.codePath, 'src/zebra.ts');
    rag.dispose();
    const reopened = await open();
    assert.strictEqual(reopened.status.files, 22, "the update was saved over the worker's base");
    reopened.dispose();
  });

  it('cancel stops the worker between files and keeps the work done', async () => {
    workspace(root, 300);
    const rag = await open();
    const token = { isCancellationRequested: false };
    let seen = 0;
    await assert.rejects(
      rag.indexCodebase(
        undefined,
        (p) => {
          if (p.phase === 'indexing' && ++seen >= 1) token.isCancellationRequested = true;
        },
        token,
      ),
      (e: unknown) => e instanceof IndexCancelledError,
    );
    const kept = rag.status.files;
    assert.ok(kept < 301, `kept ${kept}`);
    const report = await rag.indexCodebase();
    assert.strictEqual(report.filesIndexed + report.filesUnchanged, 301);
    assert.strictEqual(rag.status.files, 301);
    rag.dispose();
  });

  it('gives way while a command of the person at the editor runs: the process waits between files, then finishes', async () => {
    workspace(root, 600);
    const pacing = new IndexPacing();
    const rag = await open(SCRIPT, pacing);
    let command: Promise<void> | undefined;
    let progressDuring = 0;
    const report = await rag.indexCodebase(undefined, (p) => {
      if (p.phase !== 'indexing') return;
      if (!command) command = pacing.whileUserWaits(() => new Promise<void>((resolve) => setTimeout(resolve, 900)));
      else if (pacing.remainingMs() > 0) progressDuring++;
    });
    await command;
    assert.ok(command, 'the run reached its indexing phase');
    assert.strictEqual(report.filesIndexed, 601);
    assert.ok((report.pausedMs ?? 0) >= 300, `the process waited ${report.pausedMs} ms`);
    // Progress goes out at most every 250 ms; at most the one in flight when the pause began arrives during it.
    assert.ok(progressDuring <= 2, `${progressDuring} progress messages while paused`);
    assert.strictEqual(pacing.remainingMs(), 0, 'the command ended: indexing is no longer held back');
    rag.dispose();
  });

  it('a live update that needs a full pass (a new folder, or a burst of files) runs it in the worker too', async () => {
    workspace(root, 5);
    // A stand-in worker that answers with a report no in-process pass could give.
    const fake = path.join(storage, 'fake-worker.js');
    fs.writeFileSync(
      fake,
      "process.on('message', () => process.send({ type: 'done', report: { filesScanned: 4242, filesIndexed: 0, filesUnchanged: 0, filesRemoved: 0, chunksIndexed: 0, skipped: {}, durationMs: 1 } }, () => process.disconnect()));\n",
    );
    const rag = await open(fake);
    writeFiles(root, { 'fresh/a.ts': 'export const a = 1;\n' });
    rag.notifyFileChanged(path.join(root, 'fresh'));
    await rag.liveUpdater.flush();
    assert.strictEqual(rag.status.lastRun?.filesScanned, 4242, 'the folder event became a worker pass');
    const first = rag.status.lastRun;
    for (let i = 0; i < 300; i++) rag.notifyFileChanged(path.join(root, `burst/f${i}.ts`));
    await rag.liveUpdater.flush();
    assert.notStrictEqual(rag.status.lastRun, first);
    assert.strictEqual(rag.status.lastRun?.filesScanned, 4242, 'the burst became a worker pass (in-process it would scan 0 of these missing files)');
    rag.dispose();
  });

  it('the indexing process runs at a lower priority than the host', async () => {
    workspace(root, 3);
    // A stand-in indexer that reports its own niceness (set by the host before it sends the job).
    const fake = path.join(storage, 'nice-worker.js');
    fs.writeFileSync(
      fake,
      "process.on('message', () => process.send({ type: 'done', report: { filesScanned: require('os').getPriority(), filesIndexed: 0, filesUnchanged: 0, filesRemoved: 0, chunksIndexed: 0, skipped: {}, durationMs: 1 } }, () => process.disconnect()));\n",
    );
    const rag = await open(fake);
    const report = await rag.indexCodebase();
    assert.strictEqual(report.filesScanned, Math.min(19, os.getPriority() + INDEX_PROCESS_NICENESS));
    rag.dispose();
  });

  it('a crashed indexing process fails the run with its reason; the host keeps the index it had', async () => {
    workspace(root, 10);
    const good = await open();
    await good.indexCodebase();
    good.dispose();
    const fake = path.join(storage, 'crash-worker.js');
    fs.writeFileSync(fake, "process.on('message', () => { process.stderr.write('out of memory in the parser\\n'); process.exit(7); });\n");
    const rag = await open(fake);
    await assert.rejects(
      rag.indexCodebase(),
      (e: unknown) => e instanceof IndexWorkerError && /crash-worker\.js stopped before finishing \(code 7\): out of memory in the parser/.test(e.message),
    );
    assert.strictEqual(rag.status.state, 'idle');
    assert.match(rag.status.lastError ?? '', /code 7/);
    assert.strictEqual(rag.status.files, 11);
    assert.strictEqual((await rag.searchCode('round cents half up', 1))[0]?.codePath, 'docs/guide.md');
    rag.dispose();
  });

  it('a missing worker script fails the run with a message naming it; the index stays usable', async () => {
    workspace(root, 5);
    const rag = await open(path.join(storage, 'no-such-worker.js'));
    await assert.rejects(rag.indexCodebase(), (e: unknown) => e instanceof IndexWorkerError && /no-such-worker\.js|indexing worker/.test(e.message));
    assert.strictEqual(rag.status.state, 'idle');
    assert.ok(rag.status.lastError);
    assert.deepStrictEqual(await rag.searchCode('anything', 3), []);
    rag.dispose();
  });
});
