import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import { ContextStore } from '../../../src/orchestrator/memory/context-store';
import { InvalidStoreNameError } from '../../../src/orchestrator/memory/store-errors';
import { systemClock } from '../../../src/orchestrator/ports';
import { RecordingLogger, recordingLogger, tempDir } from './helpers';

describe('ContextStore', () => {
  let dir: string;
  let logger: RecordingLogger;
  let store: ContextStore;

  beforeEach(() => {
    dir = tempDir('bt-ctx-');
    logger = recordingLogger();
    store = new ContextStore(dir, { fs: new NodeStoreFileSystem(), clock: systemClock, logger });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('saves, loads, lists and deletes named contexts', async () => {
    await store.saveContext('project-notes', { stack: ['ts', 'node'] });
    await store.saveContext('decisions', ['use RRF']);
    assert.deepStrictEqual(await store.loadContext('project-notes'), { stack: ['ts', 'node'] });
    assert.deepStrictEqual(await store.listContexts(), ['decisions', 'project-notes']);
    assert.strictEqual(await store.loadContext('nothing'), undefined);
    assert.strictEqual(await store.deleteContext('decisions'), true);
    assert.strictEqual(await store.deleteContext('decisions'), false);
    assert.deepStrictEqual(await store.listContexts(), ['project-notes']);
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'project-notes.json'), 'utf8'));
    assert.strictEqual(onDisk.schemaVersion, 1);
    assert.strictEqual(onDisk.key, 'project-notes');
  });

  it('runs concurrent updates one after another, so none is lost', async () => {
    await Promise.all(Array.from({ length: 25 }, () => store.updateContext<number>('count', (n) => (n ?? 0) + 1)));
    assert.strictEqual(await store.loadContext('count'), 25);
  });

  it('quarantines a corrupt context with a warning; the others still load', async () => {
    await store.saveContext('good', 1);
    await store.saveContext('bad', 2);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"schema": "big-three/context", "schemaVer');
    assert.strictEqual(await store.loadContext('bad'), undefined);
    assert.strictEqual(await store.loadContext('good'), 1);
    assert.deepStrictEqual(await store.listContexts(), ['good']);
    assert.ok(fs.readdirSync(dir).some((f) => f.startsWith('bad.json.corrupt-')));
    assert.match(logger.warnings().join('\n'), /bad\.json is unreadable/);
    // updateContext starts afresh after a quarantine instead of failing
    assert.strictEqual(await store.updateContext<number>('bad', (n) => (n ?? 10) + 1), 11);
  });

  it('rejects traversal and unsafe names in every operation', async () => {
    for (const bad of ['../outside', '..', 'a/b', '/etc/passwd', 'C:\\x', '', '.lock']) {
      await assert.rejects(store.saveContext(bad, 1), InvalidStoreNameError, bad);
      await assert.rejects(store.loadContext(bad), InvalidStoreNameError, bad);
      await assert.rejects(
        store.updateContext(bad, () => 1),
        InvalidStoreNameError,
        bad,
      );
      await assert.rejects(store.deleteContext(bad), InvalidStoreNameError, bad);
    }
    assert.ok(!fs.existsSync(path.join(path.dirname(dir), 'outside.json')));
  });
});
