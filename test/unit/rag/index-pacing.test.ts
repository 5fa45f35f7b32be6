// Indexing gives way to the person at the editor: a command pauses it until the command ends (at most
// MAX_GIVE_WAY_MS), a pass waits between files while paused and stops waiting when the pause is lifted
// or the pass is cancelled, and a deadline from another process is kept within bounds.
import * as assert from 'assert';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { systemClock } from '../../../src/orchestrator/ports';
import { acceptedPause, IndexPacing, MAX_GIVE_WAY_MS, waitWhilePaused } from '../../../src/orchestrator/rag/index-pacing';
import { isIndexWorkerRequest } from '../../../src/orchestrator/rag/index-worker-protocol';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import { RecordingLogger, tempDir, writeFiles } from './rag-helpers';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('Index pacing (indexing gives way to commands)', () => {
  it('pauses while a command runs, until the last of overlapping commands ends, and says each change', async () => {
    let now = 1_000;
    const pacing = new IndexPacing({ now: () => now });
    const changes: number[] = [];
    pacing.onDidChange((until) => changes.push(until));
    let endFirst!: () => void;
    const first = pacing.whileUserWaits(() => new Promise<string>((resolve) => (endFirst = () => resolve('first'))));
    assert.strictEqual(pacing.pausedUntil, 1_000 + MAX_GIVE_WAY_MS);
    now = 1_200;
    const second = pacing.whileUserWaits(async () => 'second');
    assert.strictEqual(await second, 'second');
    assert.strictEqual(pacing.pausedUntil, 1_200 + MAX_GIVE_WAY_MS, 'the first command still runs');
    endFirst();
    assert.strictEqual(await first, 'first');
    assert.strictEqual(pacing.pausedUntil, 0);
    assert.deepStrictEqual(changes, [2_000, 2_200, 0]);
  });

  it('a failing command lifts the pause too', async () => {
    const pacing = new IndexPacing(systemClock);
    await assert.rejects(
      pacing.whileUserWaits(async () => {
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.strictEqual(pacing.pausedUntil, 0);
  });

  it('a waiting pass returns at once when not paused, when the pause is lifted, and when cancelled', async () => {
    assert.strictEqual(await waitWhilePaused(undefined, systemClock), 0);
    assert.strictEqual(await waitWhilePaused({ pausedUntil: 0 }, systemClock), 0);
    const pacing = new IndexPacing(systemClock);
    let release!: () => void;
    const command = pacing.whileUserWaits(() => new Promise<void>((resolve) => (release = resolve)));
    const started = Date.now();
    const waiting = waitWhilePaused(pacing, systemClock);
    await sleep(120);
    release();
    await command;
    const waited = await waiting;
    assert.ok(waited >= 100 && Date.now() - started < MAX_GIVE_WAY_MS - 200, `waited ${waited} ms`);

    const cancellation = { isCancellationRequested: false };
    const held = { pausedUntil: Date.now() + 60_000 };
    const cancelled = waitWhilePaused(held, systemClock, cancellation);
    await sleep(60);
    cancellation.isCancellationRequested = true;
    assert.ok((await cancelled) < 1_000);
  });

  it('never waits past MAX_GIVE_WAY_MS from the command start, however long the command runs', async () => {
    const pacing = new IndexPacing(systemClock);
    let release!: () => void;
    const command = pacing.whileUserWaits(() => new Promise<void>((resolve) => (release = resolve)));
    const waited = await waitWhilePaused(pacing, systemClock);
    assert.ok(waited <= MAX_GIVE_WAY_MS + 100, `waited ${waited} ms`);
    assert.ok(pacing.pausedUntil > 0, 'the command is still running');
    release();
    await command;
  });

  it('a deadline from the host is accepted only as a finite number at most MAX_GIVE_WAY_MS ahead', () => {
    assert.strictEqual(acceptedPause(5_000, 1_000), 1_000 + MAX_GIVE_WAY_MS);
    assert.strictEqual(acceptedPause(1_500, 1_000), 1_500);
    assert.strictEqual(acceptedPause(0, 1_000), 0);
    for (const bad of [Number.NaN, Infinity, '9999999999999', null, undefined, {}]) assert.strictEqual(acceptedPause(bad, 1_000), 0, String(bad));
    assert.ok(isIndexWorkerRequest({ type: 'pause', until: 123 }));
    for (const bad of [{ type: 'pause' }, { type: 'pause', until: 'soon' }, { type: 'pause', until: Number.NaN }])
      assert.ok(!isIndexWorkerRequest(bad), JSON.stringify(bad));
  });

  it('an in-process pass waits between files while paused and reports how long', async () => {
    const root = tempDir('pacing-ws');
    const storage = tempDir('pacing-store');
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[path.join('src', `m${i}.ts`)] = `export const value${i} = ${i};\n`;
    writeFiles(root, files);
    const pacing = new IndexPacing(systemClock);
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
