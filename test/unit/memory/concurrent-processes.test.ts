// Two real Node processes write the same stores at the same time; no update may be lost.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import { ContextStore } from '../../../src/orchestrator/memory/context-store';
import { WorkflowMemory } from '../../../src/orchestrator/memory/workflow-memory';
import { JsonlEventStore } from '../../../src/orchestrator/observability/event-store';
import { LoggerPort, systemClock } from '../../../src/orchestrator/ports';

const writer = path.join(__dirname, 'concurrent-writer.js');

function run(kind: string, dir: string, tag: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, kind, dir, tag, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    // "done" proves the writer finished its loop rather than exiting early.
    child.on('close', (code) => (code === 0 && out.includes('done') ? resolve() : reject(new Error(`${tag} exited ${code} (${out.trim()}): ${err}`))));
  });
}

describe('stores shared by two processes', function () {
  this.timeout(60_000);
  let dir: string;
  const warnings: string[] = [];
  const logger: LoggerPort = { debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
  const ports = () => ({ fs: new NodeStoreFileSystem(), clock: systemClock, logger });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-procs-'));
    warnings.length = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every execution stored by either process', async () => {
    await Promise.all([run('executions', dir, 'a', 60), run('executions', dir, 'b', 60)]);
    const memory = new WorkflowMemory(dir, ports());
    assert.strictEqual(await memory.count(), 120);
    const recent = await memory.getRecent(120);
    assert.deepStrictEqual(new Set(recent.map((r) => r.id)).size, 120);
    assert.deepStrictEqual((await memory.getExecution('b-59'))?.data, { tag: 'b', i: 59 });
    assert.deepStrictEqual(warnings, []);
  });

  it('serializes read-modify-write updates of one context across processes (no lost increment)', async () => {
    await Promise.all([run('counter', dir, 'a', 40), run('counter', dir, 'b', 40)]);
    const value = await new ContextStore(dir, ports()).loadContext<{ n: number; by: string[] }>('counter');
    assert.ok(value);
    assert.strictEqual(value.n, 80);
    assert.strictEqual(new Set(value.by).size, 80);
    assert.ok(!fs.existsSync(path.join(dir, '.contexts.lock')), 'the lock file is gone');
  });

  it('keeps every event appended by either process while the log rotates', async () => {
    await Promise.all([run('events', dir, 'a', 300), run('events', dir, 'b', 300)]);
    const store = new JsonlEventStore(dir, ports(), { maxSegmentBytes: 4096, maxSegments: 1000 });
    const all = await store.readAll();
    assert.strictEqual(all.length, 600);
    assert.strictEqual(new Set(all.map((e) => e.id)).size, 600);
    assert.ok(fs.readdirSync(dir).filter((f) => /^events-\d+/.test(f)).length > 5, 'the log rotated several times');
    assert.deepStrictEqual(warnings, []);
  });
});
