// Durable appends (NodeFileSystem.appendFile, used by the audit log, the outcome log and the event
// store): a torn last line from an interrupted write is cut back before the next record, so nothing
// acknowledged merges with it; a full disk gives one clear sentence.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import { OutcomeStore } from '../../../src/orchestrator/learning/outcome-store';
import { FakeClock } from '../../fakes/fake-clock';
import { RecordingLogger } from '../../fakes/recording-logger';

describe('durable appends', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-append-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('cuts a torn last line back to the last complete record before appending', async () => {
    const file = path.join(dir, 'log.jsonl');
    fs.writeFileSync(file, '{"a":1}\n{"b":2}\n{"c":');
    await new NodeFileSystem().appendFile(file, '{"d":4}\n');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), '{"a":1}\n{"b":2}\n{"d":4}\n');
  });

  it('keeps the next acknowledged outcome after a torn write', async () => {
    const file = path.join(dir, 'outcomes.jsonl');
    const store = new OutcomeStore(new NodeStoreFileSystem(), new FakeClock(), new RecordingLogger(), file);
    await store.load();
    await store.append({ task: 'first task', agentId: 'qa-expert', result: '', success: true });
    fs.appendFileSync(file, '{"v":1,"id":"torn","task":"half');
    await store.append({ task: 'second task', agentId: 'qa-expert', result: '', success: false });
    const again = new OutcomeStore(new NodeStoreFileSystem(), new FakeClock(), new RecordingLogger(), file);
    const all = await again.load();
    assert.deepStrictEqual(
      all.map((o) => o.task),
      ['first task', 'second task'],
    );
  });

  it('says plainly that the disk is full', async function () {
    if (!fs.existsSync('/dev/full')) this.skip();
    await assert.rejects(
      new NodeFileSystem().appendFile('/dev/full', 'x\n'),
      (e: NodeJS.ErrnoException) => e.code === 'ENOSPC' && /^The disk is full: could not write \/dev\/full \(ENOSPC\)\. Free some space/.test(e.message),
    );
  });
});
