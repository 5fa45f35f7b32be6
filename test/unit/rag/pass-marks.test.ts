// The "unfinished index pass" mark is one mark per pass (pass-marks.ts): a pass that finishes clears its
// own and those of passes that are over (abandoned, or their process gone), never the mark of a pass still
// running, in this process or another; live updates neither leave a mark nor clear one.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import { systemClock } from '../../../src/orchestrator/ports';
import { PASSES_FOLDER, PassMarks } from '../../../src/orchestrator/rag/pass-marks';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import type { Embedder } from '../../../src/orchestrator/rag/embedder';
import { type HeldPass, holdPass } from './pass-holder';
import { CountingEmbedder, RecordingLogger, tempDir, writeFiles } from './rag-helpers';

const storeFs = new NodeStoreFileSystem();
const WORKER_SCRIPT = path.resolve(__dirname, '..', '..', '..', 'src', 'adapters', 'rag-index-worker.js');

function workspace(root: string): void {
  const content: Record<string, string> = {};
  for (let i = 0; i < 12; i++) content[`src/module${i}.ts`] = `export function handler${i}(input: string): string {\n  return input + 'topic${i}';\n}\n`;
  writeFiles(root, content);
}

/** An embedder whose first call waits until released: holds a pass in the middle of its writing. */
class HeldEmbedder extends CountingEmbedder {
  private release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));
  started!: Promise<void>;
  private start!: () => void;

  constructor() {
    super();
    this.started = new Promise<void>((resolve) => (this.start = resolve));
  }

  override async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.start();
    await this.released;
    return super.embed(texts);
  }

  finish(): void {
    this.release();
  }
}

describe('unfinished index passes: one mark per pass', function () {
  this.timeout(60_000);
  let root: string;
  let storage: string;
  let logger: RecordingLogger;
  const held: HeldPass[] = [];
  const codeDir = () => path.join(storage, 'code');
  const marks = () =>
    fs.existsSync(path.join(codeDir(), PASSES_FOLDER)) ? fs.readdirSync(path.join(codeDir(), PASSES_FOLDER)).filter((n) => n.endsWith('.json')) : [];
  const open = (embedder: Embedder = new CountingEmbedder(), worker = false) =>
    RagService.create({
      fs: storeFs,
      clock: systemClock,
      logger,
      root,
      storageDir: storage,
      embedder,
      ...(worker ? { indexWorker: { script: WORKER_SCRIPT } } : {}),
    });
  const elsewhere = async () => {
    const pass = await holdPass(codeDir());
    held.push(pass);
    return pass;
  };

  beforeEach(() => {
    root = tempDir('marks-ws');
    storage = tempDir('marks-store');
    logger = new RecordingLogger();
    workspace(root);
  });
  afterEach(async () => {
    for (const pass of held.splice(0)) await pass.kill();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('two overlapping passes in one process: the first to finish leaves the other marked until it finishes', async () => {
    const slow = new HeldEmbedder();
    const first = await open(slow);
    const second = await open();
    const running = first.indexCodebase();
    await slow.started; // the first pass has begun (its mark is written) and waits in its first batch
    await second.indexCodebase();
    assert.strictEqual(await second.unfinishedPass(), true, 'the first pass is still writing');
    assert.strictEqual(marks().length, 1);
    slow.finish();
    await running;
    assert.strictEqual(await first.unfinishedPass(), false);
    assert.strictEqual(await second.unfinishedPass(), false);
    first.dispose();
    second.dispose();
  });

  it('a pass in another process: kept while it runs, unfinished once it was killed, cleared by the next finished pass', async () => {
    const rag = await open();
    await rag.indexCodebase();
    assert.strictEqual(await rag.unfinishedPass(), false);
    const other = await elsewhere();
    assert.strictEqual(await rag.unfinishedPass(), true, 'a pass is writing the index elsewhere');
    await rag.indexCodebase();
    assert.strictEqual(await rag.unfinishedPass(), true, "this pass finished; the other one's mark stays");
    assert.strictEqual(marks().length, 1);
    await other.kill();
    assert.strictEqual(await rag.unfinishedPass(), true, 'killed mid-pass: the index is incomplete');
    await rag.indexCodebase();
    assert.strictEqual(await rag.unfinishedPass(), false, 'a finished pass supersedes the dead one');
    assert.deepStrictEqual(marks(), []);
    rag.dispose();
  });

  it('a cancelled pass stays unfinished in a live process, and any later finished pass clears it', async () => {
    const cancelled = await open();
    let done = 0;
    const cancel = {
      get isCancellationRequested() {
        return done >= 3;
      },
    };
    await assert.rejects(
      cancelled.indexCodebase(undefined, (p) => p.phase === 'indexing' && (done = p.filesDone), cancel),
      /cancel/i,
    );
    assert.strictEqual(await cancelled.unfinishedPass(), true);
    const other = await open(); // another service, as another process's would be
    await other.indexCodebase();
    assert.strictEqual(await cancelled.unfinishedPass(), false);
    cancelled.dispose();
    other.dispose();
  });

  it('the mark of an earlier version (pass-unfinished) counts until a pass finishes', async () => {
    const rag = await open();
    fs.mkdirSync(codeDir(), { recursive: true });
    fs.writeFileSync(path.join(codeDir(), 'pass-unfinished'), '2026-01-01T00:00:00.000Z');
    assert.strictEqual(await rag.unfinishedPass(), true);
    await rag.indexCodebase();
    assert.strictEqual(await rag.unfinishedPass(), false);
    rag.dispose();
  });

  it('a mark of another host counts until a day old; one of an unknown owner that cannot be read, too', async () => {
    const passes = new PassMarks(storeFs, codeDir(), systemClock, logger);
    fs.mkdirSync(path.join(codeDir(), PASSES_FOLDER), { recursive: true });
    const write = (name: string, content: string) => fs.writeFileSync(path.join(codeDir(), PASSES_FOLDER, name), content);
    write('1-1-a.json', JSON.stringify({ state: 'running', startedAt: Date.now(), pid: 1, host: 'another-host' }));
    write('2-1-b.json', JSON.stringify({ state: 'running', startedAt: Date.now() - 25 * 3600 * 1000, pid: 2, host: 'another-host' }));
    write('3-1-c.json', '{ torn');
    const own = await passes.begin();
    await passes.end(own);
    assert.deepStrictEqual(marks().sort(), ['1-1-a.json', '3-1-c.json']);
    assert.strictEqual(await passes.unfinished(), true);
  });

  it('a running mark of this host whose process id is taken again (a reboot, pid 1 in a container) is cleared once a day old', async () => {
    // Every process id reads as alive: the owner's id has been reused by another process.
    const reused = Object.assign(Object.create(storeFs) as typeof storeFs, { isProcessAlive: () => true });
    const passes = new PassMarks(reused, codeDir(), systemClock, logger);
    fs.mkdirSync(path.join(codeDir(), PASSES_FOLDER), { recursive: true });
    const write = (name: string, startedAt: number) =>
      fs.writeFileSync(path.join(codeDir(), PASSES_FOLDER, name), JSON.stringify({ state: 'running', startedAt, pid: 4242, host: storeFs.hostName }));
    write('4242-1-a.json', Date.now() - 25 * 3600 * 1000);
    write('4242-2-b.json', Date.now());
    const own = await passes.begin();
    await passes.end(own);
    assert.deepStrictEqual(marks(), ['4242-2-b.json'], 'the recent one may be a pass under way');
  });

  for (const worker of [false, true]) {
    it(`live updates${worker ? ' (full passes in the index worker, as in VS Code)' : ''} neither leave a mark nor clear another pass's`, async () => {
      const rag = await open(new CountingEmbedder(), worker);
      await rag.indexCodebase();
      // Alone: an update of one file, and one that needs a full pass (ignore rules changed), leave nothing.
      writeFiles(root, { 'src/module1.ts': 'export const changed = "zebra";\n' });
      rag.notifyFileChanged('src/module1.ts');
      await rag.liveUpdater.flush();
      writeFiles(root, { '.gitignore': 'src/module2.ts\n' });
      rag.notifyFileChanged('.gitignore');
      await rag.liveUpdater.flush();
      assert.strictEqual(rag.status.lastRun?.filesRemoved, 1, 'the ignore rules changed: a full pass ran');
      assert.strictEqual(await rag.unfinishedPass(), false);
      assert.deepStrictEqual(marks(), []);
      // With a pass running elsewhere: both kinds of update leave its mark, and only its mark.
      const other = await elsewhere();
      const before = marks();
      writeFiles(root, { 'src/module3.ts': 'export const changed = "quokka";\n' });
      rag.notifyFileChanged('src/module3.ts');
      await rag.liveUpdater.flush();
      assert.deepStrictEqual(marks(), before);
      writeFiles(root, { '.gitignore': 'src/module4.ts\n' });
      rag.notifyFileChanged('.gitignore');
      await rag.liveUpdater.flush();
      assert.ok(rag.status.lastRun?.filesRemoved, 'a full pass ran');
      assert.deepStrictEqual(marks(), before);
      assert.strictEqual(await rag.unfinishedPass(), true);
      await other.kill();
      rag.dispose();
    });
  }
});
