// Indexing gives way to the person at the editor: each piece of work holds it back until it ends (at most
// MAX_GIVE_WAY_MS from its own start, on a monotonic clock), a pass waits between files while held and stops
// waiting when the hold is lifted or the pass is cancelled, and a hold from another process is a bounded
// number of milliseconds.
import * as assert from 'assert';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { systemClock } from '../../../src/orchestrator/ports';
import { acceptedPause, IndexPacing, MAX_GIVE_WAY_MS, ReceivedPause, waitWhilePaused } from '../../../src/orchestrator/rag/index-pacing';
import { isIndexWorkerRequest } from '../../../src/orchestrator/rag/index-worker-protocol';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import { RecordingLogger, tempDir, writeFiles } from './rag-helpers';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** A piece of work that ends when told. */
function openWork(pacing: IndexPacing): { end(): void; done: Promise<void> } {
  let end!: () => void;
  const done = pacing.whileUserWaits(() => new Promise<void>((resolve) => (end = resolve)));
  return { end: () => end(), done };
}

describe('Index pacing (indexing gives way to commands)', () => {
  it('holds indexing back while work runs; work that ends lifts its own hold at once, whatever else still runs', async () => {
    let now = 1_000;
    const pacing = new IndexPacing({ now: () => now });
    const changes: number[] = [];
    pacing.onDidChange((ms) => changes.push(ms));
    const long = openWork(pacing); // a list left open
    assert.strictEqual(pacing.remainingMs(), MAX_GIVE_WAY_MS);
    now = 1_900;
    assert.strictEqual(pacing.remainingMs(), 100);
    const short = openWork(pacing);
    assert.strictEqual(pacing.remainingMs(), MAX_GIVE_WAY_MS, 'the new work holds for its own second');
    now = 1_920;
    short.end();
    await short.done;
    assert.strictEqual(pacing.remainingMs(), 80, "the short work ended: only the long one's hold is left");
    now = 2_100;
    assert.strictEqual(pacing.remainingMs(), 0, 'a second after its start, the long one no longer holds indexing back');
    long.end();
    await long.done;
    assert.strictEqual(pacing.remainingMs(), 0);
    assert.deepStrictEqual(changes, [1000, 1000, 80, 0]);
  });

  it('failing work lifts its hold too', async () => {
    const pacing = new IndexPacing();
    await assert.rejects(
      pacing.whileUserWaits(async () => {
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.strictEqual(pacing.remainingMs(), 0);
  });

  it('a waiting pass returns at once when not held, when the hold is lifted, and when cancelled', async () => {
    assert.strictEqual(await waitWhilePaused(undefined, systemClock), 0);
    assert.ok((await waitWhilePaused({ remainingMs: () => 0 }, systemClock)) < 5);
    const pacing = new IndexPacing();
    const work = openWork(pacing);
    const waiting = waitWhilePaused(pacing, systemClock);
    await sleep(120);
    work.end();
    await work.done;
    const waited = await waiting;
    assert.ok(waited >= 100 && waited < MAX_GIVE_WAY_MS - 200, `waited ${waited} ms`);

    const cancellation = { isCancellationRequested: false };
    const cancelled = waitWhilePaused({ remainingMs: () => 60_000 }, systemClock, cancellation);
    await sleep(60);
    cancellation.isCancellationRequested = true;
    assert.ok((await cancelled) < 500);
  });

  it('waits MAX_GIVE_WAY_MS and no longer, however long the work runs or the source says', async () => {
    const pacing = new IndexPacing();
    const work = openWork(pacing);
    const waited = await waitWhilePaused(pacing, systemClock);
    assert.ok(waited >= MAX_GIVE_WAY_MS - 50 && waited <= MAX_GIVE_WAY_MS + 500, `waited ${waited} ms`);
    work.end();
    await work.done;
    const forever = await waitWhilePaused({ remainingMs: () => 3_600_000 }, systemClock);
    assert.ok(forever >= MAX_GIVE_WAY_MS - 50 && forever <= MAX_GIVE_WAY_MS + 500, `a source that never lets go: waited ${forever} ms`);
  });

  it("a hold from the host is a number of milliseconds within [0, MAX_GIVE_WAY_MS], kept on the receiving side's own clock", () => {
    assert.strictEqual(acceptedPause(5_000), MAX_GIVE_WAY_MS);
    assert.strictEqual(acceptedPause(500), 500);
    assert.strictEqual(acceptedPause(-20), 0);
    for (const bad of [Number.NaN, Infinity, '900', null, undefined, {}]) assert.strictEqual(acceptedPause(bad), 0, String(bad));
    let now = 50;
    const received = new ReceivedPause({ now: () => now });
    received.set(400);
    now = 250;
    assert.strictEqual(received.remainingMs(), 200);
    received.set(0);
    assert.strictEqual(received.remainingMs(), 0, 'lifted');
    received.set(Number.MAX_VALUE);
    assert.strictEqual(received.remainingMs(), MAX_GIVE_WAY_MS);
    assert.ok(isIndexWorkerRequest({ type: 'pause', ms: 123 }));
    for (const bad of [{ type: 'pause' }, { type: 'pause', ms: 'soon' }, { type: 'pause', ms: Number.NaN }, { type: 'pause', until: 5 }])
      assert.ok(!isIndexWorkerRequest(bad), JSON.stringify(bad));
  });

  it('an in-process pass waits between files while paused and reports how long', async () => {
    const root = tempDir('pacing-ws');
    const storage = tempDir('pacing-store');
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[path.join('src', `m${i}.ts`)] = `export const value${i} = ${i};\n`;
    writeFiles(root, files);
    const pacing = new IndexPacing();
    const rag = await RagService.create({ fs: new NodeFileSystem(), clock: systemClock, logger: new RecordingLogger(), root, storageDir: storage, pacing });
    let command: Promise<void> | undefined;
    const report = await rag.indexCodebase(undefined, (p) => {
      if (p.phase === 'indexing' && !command) command = pacing.whileUserWaits(() => sleep(250));
    });
    await command;
    assert.strictEqual(report.filesIndexed, 30);
    assert.ok((report.pausedMs ?? 0) >= 200, `paused ${report.pausedMs} ms`);
    const quiet = await rag.indexCodebase();
    assert.strictEqual(quiet.pausedMs, undefined, 'a pass that never waited says nothing of it');
    rag.dispose();
  });
});
