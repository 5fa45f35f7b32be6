import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { systemClock } from '../../../src/orchestrator/ports';
import { IndexCancelledError } from '../../../src/orchestrator/rag/errors';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import { FakeClock } from '../../fakes/fake-clock';
import { CountingEmbedder, RecordingLogger, tempDir, writeFiles } from './rag-helpers';

const nodeFs = new NodeFileSystem();

function workspace(root: string, files = 30): void {
  const content: Record<string, string> = {};
  for (let i = 0; i < files; i++)
    content[`src/module${i}.ts`] = `export function handler${i}(input: string): string {\n  return input + 'topic${i} alpha${i}';\n}\n`;
  content['docs/guide.md'] = '# Guide\nHow invoices are computed.\n\n## Rounding\nAlways round cents half up.\n';
  writeFiles(root, content);
}

describe('RAG incremental indexing', () => {
  let root: string;
  let storage: string;
  let logger: RecordingLogger;
  const open = (embedder = new CountingEmbedder(), clock = systemClock as import('../../../src/orchestrator/ports').ClockPort) =>
    RagService.create({ fs: nodeFs, clock, logger, root, storageDir: storage, embedder, batchFiles: 4, checkpointFiles: 8 });

  beforeEach(() => {
    root = tempDir('ws');
    storage = tempDir('store');
    logger = new RecordingLogger();
    workspace(root);
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('indexes everything once, then only what changed; deleted files leave the index', async () => {
    const embedder = new CountingEmbedder();
    let rag = await open(embedder);
    const first = await rag.indexCodebase();
    assert.strictEqual(first.filesIndexed, 31);
    const embeddedFirst = embedder.embedded.length;
    assert.ok(embeddedFirst >= 31);

    rag.dispose();
    const again = new CountingEmbedder();
    rag = await open(again); // from disk
    assert.strictEqual(rag.status.files, 31);
    const second = await rag.indexCodebase();
    assert.deepStrictEqual([second.filesIndexed, second.filesUnchanged, again.embedded.length], [0, 31, 0]);

    fs.writeFileSync(path.join(root, 'src/module3.ts'), 'export function renamedThing() { return "zebra"; }\n');
    fs.rmSync(path.join(root, 'src/module4.ts'));
    const third = await rag.indexCodebase();
    assert.deepStrictEqual([third.filesIndexed, third.filesRemoved], [1, 1]);
    assert.strictEqual(again.embedded.filter((t) => !t.startsWith('src/module3.ts')).length, 0, 'only the changed file was embedded');
    assert.strictEqual((await rag.searchCode('zebra renamedThing', 1))[0]?.codePath, 'src/module3.ts');
    assert.ok(!(await rag.searchCode('handler4 topic4 alpha4', 5)).some((r) => r.codePath === 'src/module4.ts'));
    assert.ok(!(await rag.searchCode('handler3 topic3', 5)).some((r) => r.content.includes('topic3')), 'old content of module3 is gone');
    rag.dispose();
  });

  it('a touched file with the same content is not re-embedded', async () => {
    const embedder = new CountingEmbedder();
    const rag = await open(embedder);
    await rag.indexCodebase();
    const before = embedder.embedded.length;
    const file = path.join(root, 'src/module7.ts');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const report = await rag.indexCodebase();
    assert.deepStrictEqual([report.filesIndexed, embedder.embedded.length - before], [0, 0]);
    rag.dispose();
  });

  it('an error mid-index keeps the finished work and the next run resumes from there', async () => {
    const crashing = new CountingEmbedder();
    crashing.failAfterCalls = 3; // batches of 4 files: the 4th embed call throws
    const rag = await open(crashing);
    await assert.rejects(rag.indexCodebase(), /simulated crash/);
    rag.dispose();

    const resumed = new CountingEmbedder();
    const next = await open(resumed);
    assert.strictEqual(next.status.files, 12, 'the three batches embedded before the error are saved');
    const report = await next.indexCodebase();
    assert.deepStrictEqual([report.filesUnchanged, report.filesIndexed], [12, 19], 'only the rest is indexed');
    assert.strictEqual(resumed.embedded.filter((t) => /^src\/module(0|1|10|11|12|13|14|15|16|17)\.ts/.test(t)).length, 0);
    next.dispose();
  });

  it('a hard kill mid-index (disk as a killed process leaves it) resumes from the last checkpoint', async () => {
    const snapshot = tempDir('killed');
    const rag = await open();
    let copied = false;
    await rag.indexCodebase(undefined, (p) => {
      if (!copied && p.phase === 'indexing' && p.filesDone === 21) {
        fs.cpSync(storage, snapshot, { recursive: true }); // what is on disk at this instant
        copied = true;
      }
    });
    rag.dispose();
    assert.ok(copied);
    const embedder = new CountingEmbedder();
    const next = await RagService.create({ fs: nodeFs, clock: systemClock, logger, root, storageDir: snapshot, embedder, batchFiles: 4, checkpointFiles: 8 });
    assert.strictEqual(next.status.files, 16, 'two checkpoints of 8 files were complete');
    const report = await next.indexCodebase();
    assert.deepStrictEqual([report.filesUnchanged, report.filesIndexed], [16, 15]);
    assert.strictEqual(next.status.files, 31);
    next.dispose();
    fs.rmSync(snapshot, { recursive: true, force: true });
  });

  it('cancel stops between files, keeps the work done and says so', async () => {
    const rag = await open();
    let seen = 0;
    const token = {
      get isCancellationRequested() {
        return seen >= 20;
      },
    };
    await assert.rejects(
      rag.indexCodebase(
        undefined,
        (p) => {
          if (p.phase === 'indexing') seen = p.filesDone;
        },
        token,
      ),
      (error: unknown) => error instanceof IndexCancelledError && /resumes/.test(error.message),
    );
    rag.dispose();
    const next = await open();
    assert.ok(next.status.files >= 16, `kept ${next.status.files}`);
    // Review of stop 39: an index left by an unfinished pass says so when it is opened (search shows it).
    assert.strictEqual(await next.unfinishedPass(), true);
    const report = await next.indexCodebase();
    assert.strictEqual(report.filesIndexed + report.filesUnchanged, 31);
    next.dispose();
    const finished = await open();
    assert.strictEqual(await finished.unfinishedPass(), false, 'a finished pass leaves no mark');
    finished.dispose();
  });

  it('a corrupt index file is quarantined with a message and the index is rebuilt', async () => {
    const rag = await open();
    await rag.indexCodebase();
    await rag.code.compact(); // one base file holding everything
    rag.dispose();
    const base = path.join(storage, 'code', 'base.bt3');
    const bytes = fs.readFileSync(base);
    bytes[bytes.length - 10] ^= 0xff; // flip bits in the vector block
    fs.writeFileSync(base, bytes);

    const next = await open();
    assert.strictEqual(next.status.files, 0, 'nothing is trusted from the corrupt file');
    assert.ok(
      next.notices.some((n) => /corrupt: its checksum does not match.*moved to base\.bt3\.corrupt-\d+.*indexed again/.test(n)),
      next.notices.join('\n'),
    );
    assert.ok(logger.warnings().some((w) => /base\.bt3 is corrupt/.test(w)));
    assert.ok(
      fs.readdirSync(path.join(storage, 'code')).some((f) => /^base\.bt3\.corrupt-\d+$/.test(f)),
      'the corrupt file is kept for inspection',
    );
    const report = await next.indexCodebase();
    assert.strictEqual(report.filesIndexed, 31);
    assert.strictEqual((await next.searchCode('round cents half up', 1))[0]?.codePath, 'docs/guide.md');
    next.dispose();
  });

  it('a garbage segment is quarantined too; the other segments still load', async () => {
    const rag = await open();
    // A pass interrupted after some files leaves checkpoints (a complete pass folds them into the base).
    let seen = 0;
    await assert.rejects(
      rag.indexCodebase(undefined, () => seen++, {
        get isCancellationRequested() {
          return seen > 24;
        },
      }),
      IndexCancelledError,
    );
    rag.dispose();
    const segments = path.join(storage, 'code', 'segments');
    const names = fs.readdirSync(segments).sort();
    assert.ok(names.length >= 2, names.join());
    fs.writeFileSync(path.join(segments, names[0]!), 'not an index file');
    const next = await open();
    assert.ok(next.status.files > 0 && next.status.files < 31, `${next.status.files}`);
    assert.ok(next.notices.some((n) => /bad signature/.test(n)));
    const before = next.status.files;
    assert.strictEqual((await next.indexCodebase()).filesIndexed, 31 - before);
    assert.strictEqual(next.status.files, 31);
    next.dispose();
  });

  it('flushes experience checkpoints (they exist nowhere else) but not those of the code index (rebuilt from the files)', async () => {
    const writes: Array<{ file: string; sync: boolean }> = [];
    const recording: typeof nodeFs = Object.create(nodeFs) as typeof nodeFs;
    recording.writeFileAtomic = (file, data, options) => {
      writes.push({ file: path.relative(storage, file), sync: options?.sync !== false });
      return nodeFs.writeFileAtomic(file, data, options);
    };
    workspace(root, 70);
    const rag = await RagService.create({
      fs: recording,
      clock: systemClock,
      logger,
      root,
      storageDir: storage,
      embedder: new CountingEmbedder(),
      batchFiles: 4,
      checkpointFiles: 8,
    });
    await rag.indexCodebase();
    fs.writeFileSync(path.join(root, 'src/module3.ts'), 'export const changed = 1;\n');
    await rag.indexCodebase();
    await rag.indexExperience({ task: 'Add Helm chart', outcome: 'success', expertType: 'devops-engineer' });
    rag.dispose();
    const segments = (name: string) => writes.filter((w) => w.file.startsWith(path.join(name, 'segments')));
    assert.ok(segments('code').length > 0 && segments('code').every((w) => !w.sync), JSON.stringify(segments('code')));
    assert.ok(segments('experiences').length === 1 && segments('experiences')[0]!.sync, JSON.stringify(segments('experiences')));
    assert.ok(
      writes.some((w) => w.file === path.join('code', 'base.bt3') && w.sync),
      'the code base is flushed',
    );
  });

  // Checkpoint segments are written without a flush (journal.ts): what a power cut can leave of them
  // (nothing, or empty files) must cost only indexing again what they held.
  for (const [what, cut] of [
    ['lost', (file: string) => fs.rmSync(file)],
    ['left empty', (file: string) => fs.truncateSync(file, 0)],
  ] as const) {
    it(`checkpoint segments ${what} by a power cut: their changes are indexed again on the next pass`, async () => {
      workspace(root, 70); // large enough that a pass changing 3 files keeps a segment (no compaction)
      const rag = await open();
      await rag.indexCodebase();
      fs.writeFileSync(path.join(root, 'src/module3.ts'), 'export function renamedThing() { return "zebra"; }\n');
      fs.writeFileSync(path.join(root, 'src/added.ts'), 'export const quokka = "marsupial";\n');
      fs.rmSync(path.join(root, 'src/module4.ts'));
      const pass = await rag.indexCodebase();
      assert.deepStrictEqual([pass.filesIndexed, pass.filesRemoved], [2, 1]);
      rag.dispose();
      const segments = path.join(storage, 'code', 'segments');
      const names = fs.readdirSync(segments);
      assert.ok(names.length >= 1, 'the incremental pass wrote checkpoint segments (the full pass before it was compacted)');
      for (const name of names) cut(path.join(segments, name));

      const next = await open();
      const again = await next.indexCodebase();
      assert.deepStrictEqual([again.filesIndexed, again.filesRemoved], [2, 1], 'the changed, added and deleted files are seen again');
      assert.strictEqual(next.status.files, 71);
      assert.strictEqual((await next.searchCode('zebra renamedThing', 1))[0]?.codePath, 'src/module3.ts');
      assert.strictEqual((await next.searchCode('quokka marsupial', 1))[0]?.codePath, 'src/added.ts');
      assert.ok(!(await next.searchCode('topic4 alpha4', 5)).some((r) => r.codePath === 'src/module4.ts'), 'the deleted file is gone');
      next.dispose();
    });
  }

  it('vectors from another model are not mixed in: those documents are re-embedded', async () => {
    const rag = await open(new CountingEmbedder('model-a'));
    await rag.indexCodebase();
    rag.dispose();
    const b = new CountingEmbedder('model-b');
    const next = await open(b);
    assert.ok(next.notices.some((n) => /another model/.test(n)));
    const report = await next.indexCodebase();
    assert.strictEqual(report.filesIndexed, 31);
    assert.ok(b.embedded.length >= 31);
    next.dispose();
  });

  it('live updates: a burst of watcher events becomes one update after the debounce', async () => {
    const clock = new FakeClock();
    const embedder = new CountingEmbedder();
    const rag = await RagService.create({ fs: nodeFs, clock, logger, root, storageDir: storage, embedder, debounceMs: 500, batchFiles: 40 });
    await rag.indexCodebase();
    const calls = embedder.calls;
    fs.writeFileSync(path.join(root, 'src/new-feature.ts'), 'export const quokka = "marsupial";\n');
    fs.writeFileSync(path.join(root, 'src/module1.ts'), 'export const wombat = 1;\n');
    fs.rmSync(path.join(root, 'src/module2.ts'));
    fs.writeFileSync(path.join(root, '.env.local'), 'SECRET=1\n');
    for (const f of ['src/new-feature.ts', 'src/module1.ts', 'src/module2.ts', path.join(root, '.env.local'), 'src/module1.ts']) rag.notifyFileChanged(f);
    assert.strictEqual(rag.liveUpdater.pending, 4);
    clock.advance(499);
    assert.strictEqual(embedder.calls, calls, 'nothing before the debounce');
    clock.advance(1);
    await rag.liveUpdater.flush();
    assert.strictEqual(embedder.calls, calls + 1, 'one embedding call for the whole burst');
    assert.strictEqual((await rag.searchCode('quokka', 1))[0]?.codePath, 'src/new-feature.ts');
    assert.ok(!rag.code.docs.has('src/module2.ts'));
    assert.ok(!rag.code.docs.has('.env.local'));
    assert.strictEqual(rag.status.files, 31);
    rag.dispose();
  });
});
