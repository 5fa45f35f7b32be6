import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { InvalidStoreNameError, StoreDataError } from '../../../src/orchestrator/memory/store-errors';
import { WorkflowMemory } from '../../../src/orchestrator/memory/workflow-memory';
import { FakeClock } from '../../fakes/fake-clock';
import { RecordingLogger, recordingLogger, tempDir } from './helpers';

describe('WorkflowMemory', () => {
  let dir: string;
  let clock: FakeClock;
  let logger: RecordingLogger;
  let memory: WorkflowMemory;

  beforeEach(() => {
    dir = tempDir('bt-wfmem-');
    clock = new FakeClock(1_700_000_000_000);
    logger = recordingLogger();
    memory = new WorkflowMemory(dir, { fs: new NodeFileSystem(), clock, logger });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const files = () => fs.readdirSync(dir).filter((f) => !f.startsWith('.'));

  it('stores executions durably with a schema version and reads them back', async () => {
    await memory.storeExecution('exec_1', { goal: 'ship', status: 'succeeded' });
    const stored = await memory.getExecution('exec_1');
    assert.deepStrictEqual(stored, { id: 'exec_1', storedAt: 1_700_000_000_000, data: { goal: 'ship', status: 'succeeded' } });
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, files()[0]!), 'utf8'));
    assert.strictEqual(onDisk.schema, 'big-three/workflow-execution');
    assert.strictEqual(onDisk.schemaVersion, 1);
    assert.strictEqual(await memory.getExecution('missing'), undefined);
    // A fresh instance (another window) sees the same data.
    const other = new WorkflowMemory(dir, { fs: new NodeFileSystem(), clock, logger });
    assert.deepStrictEqual((await other.getExecution('exec_1'))?.data, { goal: 'ship', status: 'succeeded' });
  });

  it('lists the most recent first, counts distinct executions and replaces an updated one', async () => {
    for (const id of ['a', 'b', 'c']) {
      await memory.storeExecution(id, { id, status: 'running' });
      clock.advance(1000);
    }
    await memory.storeExecution('a', { id: 'a', status: 'succeeded' });
    assert.deepStrictEqual(
      (await memory.getRecent(10)).map((r) => r.id),
      ['a', 'c', 'b'],
    );
    assert.deepStrictEqual(
      (await memory.getRecent(2)).map((r) => r.id),
      ['a', 'c'],
    );
    assert.deepStrictEqual((await memory.getExecution('a'))?.data, { id: 'a', status: 'succeeded' });
    assert.strictEqual(await memory.count(), 3);
    assert.strictEqual(files().length, 3, 'the older version of "a" is gone');
  });

  it('keeps order between stores in the same millisecond', async () => {
    for (let i = 0; i < 20; i++) await memory.storeExecution(`e${i}`, i);
    assert.deepStrictEqual(
      (await memory.getRecent(3)).map((r) => r.id),
      ['e19', 'e18', 'e17'],
    );
  });

  it('drops the oldest executions beyond maxExecutions', async () => {
    const small = new WorkflowMemory(dir, { fs: new NodeFileSystem(), clock, logger }, { maxExecutions: 3 });
    for (let i = 0; i < 5; i++) {
      await small.storeExecution(`e${i}`, i);
      clock.advance(10);
    }
    assert.strictEqual(await small.count(), 3);
    assert.deepStrictEqual(
      (await small.getRecent(10)).map((r) => r.id),
      ['e4', 'e3', 'e2'],
    );
    assert.strictEqual(await small.getExecution('e0'), undefined);
  });

  it('quarantines a truncated file with a warning and keeps working with the rest', async () => {
    await memory.storeExecution('good', { ok: true });
    clock.advance(1);
    await memory.storeExecution('broken', { ok: 'soon not' });
    const brokenFile = files().find((f) => f.endsWith('-broken.json'))!;
    const text = fs.readFileSync(path.join(dir, brokenFile), 'utf8');
    fs.writeFileSync(path.join(dir, brokenFile), text.slice(0, text.length / 2));
    assert.deepStrictEqual(
      (await memory.getRecent(10)).map((r) => r.id),
      ['good'],
    );
    assert.strictEqual(await memory.getExecution('broken'), undefined);
    const quarantined = fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'));
    assert.strictEqual(quarantined.length, 1);
    assert.ok(quarantined[0]!.startsWith(brokenFile));
    assert.match(logger.warnings().join('\n'), /-broken\.json is unreadable \(not valid JSON.*moved it to/);
    assert.strictEqual(await memory.count(), 1);
    await memory.storeExecution('after', 1);
    assert.strictEqual(await memory.count(), 2);
  });

  it('falls back to the previous version when the newest is corrupt', async () => {
    await memory.storeExecution('x', { v: 1 });
    const first = files()[0]!;
    fs.copyFileSync(path.join(dir, first), path.join(dir, 'keep'));
    clock.advance(5);
    await memory.storeExecution('x', { v: 2 });
    fs.renameSync(path.join(dir, 'keep'), path.join(dir, first)); // simulate a crash before the old version was deleted
    const newest = files()
      .filter((f) => f.endsWith('-x.json'))
      .sort()
      .pop()!;
    fs.writeFileSync(path.join(dir, newest), '{"schema":"something-else","schemaVersion":1}');
    assert.deepStrictEqual((await memory.getExecution('x'))?.data, { v: 1 });
    assert.match(logger.warnings().join('\n'), /schema is "something-else"/);
  });

  it('leaves a file written by a newer version alone', async () => {
    await memory.storeExecution('future', 1);
    const file = path.join(dir, files()[0]!);
    const record = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...record, schemaVersion: 99 }));
    assert.strictEqual(await memory.getExecution('future'), undefined);
    assert.ok(fs.existsSync(file), 'not quarantined');
    assert.match(logger.warnings().join('\n'), /newer than this version/);
  });

  it('rejects ids that could escape the folder or are not file-safe', async () => {
    for (const bad of ['../evil', '..', 'a/b', 'a\\b', '', '.hidden', 'x'.repeat(200), 'CON', 'trailing.', 'sp ace', 'nul\0']) {
      await assert.rejects(memory.storeExecution(bad, 1), InvalidStoreNameError, JSON.stringify(bad));
      await assert.rejects(memory.getExecution(bad), InvalidStoreNameError, JSON.stringify(bad));
    }
    assert.deepStrictEqual(
      fs.readdirSync(path.dirname(dir)).filter((f) => f === 'evil'),
      [],
    );
    assert.deepStrictEqual(files(), []);
  });

  it('refuses data that cannot be stored as JSON, naming the execution', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await assert.rejects(
      memory.storeExecution('cyclic', cyclic),
      (e: Error) => e instanceof StoreDataError && /"cyclic".*not JSON-serializable/.test(e.message),
    );
    await assert.rejects(memory.storeExecution('undef', undefined), StoreDataError);
  });

  it('validates limits', async () => {
    await assert.rejects(memory.getRecent(0), /limit must be/);
    assert.throws(() => new WorkflowMemory(dir, { fs: new NodeFileSystem(), clock, logger }, { maxExecutions: 0 }), /maxExecutions/);
  });
});
