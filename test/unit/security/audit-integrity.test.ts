// The audit log against a red team: deletions at the head, in the middle and at the tail are all
// found (and every break is reported), verification writes nothing, refusal floods are aggregated,
// critical records survive pruning, and eight processes writing at once keep one chain with every
// acknowledged record.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import { silentLogger } from '../../../src/orchestrator/ports';
import { AuditLogger } from '../../../src/orchestrator/security/audit-logger';
import { FakeClock } from '../../fakes/fake-clock';
import { tempDir } from './security-fixture';

describe('audit log integrity', () => {
  let dir: string;
  let clock: FakeClock;
  const open = (extra: { maxFileBytes?: number; maxFiles?: number } = {}) =>
    AuditLogger.open({ fs: new NodeStoreFileSystem(), clock, logger: silentLogger, dir, ...extra });
  const current = () => path.join(dir, 'audit.jsonl');
  const lines = (file = current()) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const fill = async (log: AuditLogger, n: number, severity?: 'critical') => {
    for (let i = 0; i < n; i++) await log.record({ type: 'agent_created', user: 'local:a', message: `event ${i}`, ...(severity ? { severity } : {}) });
  };

  beforeEach(() => {
    dir = path.join(tempDir('bt-audit-int-'), 'audit');
    clock = new FakeClock(Date.UTC(2025, 0, 1));
  });
  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('finds the first records deleted (head), seen from a fresh process', async () => {
    await fill(await open(), 10);
    fs.writeFileSync(current(), `${lines().slice(3).join('\n')}\n`);
    const result = await (await open()).verify();
    assert.ok(!result.ok && /records 1–3 at the head of the log are missing/.test(result.brokenAt.reason), JSON.stringify(result));
  });

  it('finds the oldest rotated file deleted', async () => {
    const log = await open({ maxFileBytes: 1500 });
    await fill(log, 40);
    const rotated = fs
      .readdirSync(dir)
      .filter((f) => /^audit-\d+\.jsonl$/.test(f))
      .sort();
    assert.ok(rotated.length >= 2, rotated.join());
    fs.rmSync(path.join(dir, rotated[0]!));
    const result = await (await open({ maxFileBytes: 1500 })).verify();
    assert.ok(!result.ok, 'deletion of the oldest file must show');
    assert.ok(
      result.breaks.some((b) => /rotated file .* is missing/.test(b.reason)) && result.breaks.some((b) => /at the head of the log are missing/.test(b.reason)),
      JSON.stringify(result.breaks),
    );
  });

  it('reports every break, not only the first', async () => {
    await fill(await open(), 20);
    const ls = lines();
    ls.splice(14, 1);
    ls.splice(4, 1);
    ls[9] = ls[9]!.replace('event', 'EVENT');
    fs.writeFileSync(current(), `${ls.join('\n')}\n`);
    const result = await (await open()).verify();
    assert.ok(!result.ok);
    assert.strictEqual(result.breaks.length, 3, JSON.stringify(result.breaks));
  });

  it('finds the last records deleted (tail) by another process', async () => {
    await fill(await open(), 10);
    fs.writeFileSync(current(), `${lines().slice(0, 7).join('\n')}\n`);
    const result = await (await open()).verify();
    assert.ok(!result.ok && /records 8–10 at the end of the log are missing/.test(result.brokenAt.reason), JSON.stringify(result));
  });

  it("a host that slept through another host's rotation catches up even when the new file has the size it last saw (fifteenth red team: the chain forked)", async () => {
    const a = await open({ maxFileBytes: 4096 });
    await a.record({ type: 'agent_command', user: 'local:alice', outcome: 'allowed', message: 'A: first record' });
    const size = fs.statSync(current()).size;
    // B rotates on its first record, which alone fills the new file to the very size A last saw.
    const b = await open({ maxFileBytes: size + 10 });
    await b.record({ type: 'agent_command', user: 'local:bobby', outcome: 'allowed', message: 'B: first record' });
    assert.strictEqual(fs.statSync(current()).size, size, 'the new file has the old size');
    const record = await a.record({ type: 'agent_command', user: 'local:alice', outcome: 'allowed', message: 'A: second record' });
    assert.strictEqual(record.seq, 3);
    const result = await (await open()).verify();
    assert.ok(result.ok, JSON.stringify(result));
    a.dispose();
    b.dispose();
  });

  it('finds the last records deleted together with the head checkpoint (fifteenth red team)', async () => {
    await fill(await open(), 5);
    fs.writeFileSync(current(), `${lines().slice(0, 2).join('\n')}\n`);
    fs.rmSync(path.join(path.dirname(dir), 'audit-anchor.jsonl'), { force: true });
    const before = fs.readFileSync(current(), 'utf8');
    const result = await (await open()).verify();
    assert.ok(!result.ok && /head checkpoint is missing/.test(result.brokenAt.reason), JSON.stringify(result));
    assert.strictEqual(fs.readFileSync(current(), 'utf8'), before, 'opening and verifying write nothing (a read-only copy can be checked)');
    // The next command's record would write a new checkpoint: the finding is recorded first, under the
    // lock, and stays in the chain (review of stop 28: the next command of any host had erased it).
    const [one, two] = [await open(), await open()];
    await Promise.all([
      one.record({ type: 'agent_created', user: 'local:a', message: 'a later command' }),
      two.record({ type: 'agent_created', user: 'local:b', message: 'another host, at the same moment' }),
    ]);
    const again = await (await open()).verify();
    assert.ok(!again.ok && again.breaks.some((b) => /was missing with the log at #2/.test(b.reason)), JSON.stringify(again));
    assert.strictEqual(again.breaks.length, 1, 'recorded once, by whichever host appended first');
  });

  it('two hosts starting on a new log never record a missing checkpoint (a record and its checkpoint are written under one lock)', async () => {
    for (let round = 0; round < 20; round++) {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      const [a, b] = [await open(), await open()];
      await Promise.all([
        a.record({ type: 'agent_created', user: 'local:a', message: 'first' }),
        (async () => {
          const c = await open(); // opens while the first record may be on its way
          await c.record({ type: 'agent_created', user: 'local:c', message: 'third host' });
        })(),
        b.record({ type: 'agent_created', user: 'local:b', message: 'second' }),
      ]);
      const result = await (await open()).verify();
      assert.ok(result.ok, `round ${round}: ${JSON.stringify(result)}`);
    }
  });

  it('verify writes nothing, even to a damaged log', async () => {
    await fill(await open(), 5);
    fs.appendFileSync(current(), '{"torn":');
    const snapshot = () =>
      fs
        .readdirSync(path.dirname(dir), { recursive: true })
        .map(String)
        .sort()
        .map((f) => `${f}:${fs.statSync(path.join(path.dirname(dir), f)).isFile() ? fs.readFileSync(path.join(path.dirname(dir), f), 'utf8') : ''}`);
    const before = snapshot();
    const log = await open();
    const result = await log.verify();
    await log.getAuditSummary();
    assert.strictEqual(result.ok, false);
    assert.deepStrictEqual(snapshot(), before);
  });

  it('aggregates a flood of refusals into one record per burst', async () => {
    const log = await open();
    for (let i = 0; i < 500; i++)
      await log.record({ type: 'authorization_denied', user: 'token:attacker', operation: 'agent.acquire', outcome: 'denied', message: `refused ${i}` });
    clock.advance(11_000);
    await log.record({ type: 'agent_created', user: 'local:a', message: 'after the flood' });
    await log.flush();
    const records = lines().map((l) => JSON.parse(l) as { message: string; details?: { aggregated?: number } });
    assert.ok(records.length <= 8, `${records.length} records`);
    const aggregate = records.find((r) => r.details?.aggregated);
    assert.strictEqual(aggregate?.details?.aggregated, 495);
    assert.ok((await log.verify()).ok);
  });

  it('never aggregates critical refusals: each security violation is a record of its own', async () => {
    const log = await open();
    for (let i = 0; i < 12; i++)
      await log.record({ type: 'security_violation', user: 'token:attacker', operation: 'command.run', outcome: 'denied', message: `refused rm -rf ${i}` });
    await log.flush();
    const records = lines().map((l) => JSON.parse(l) as { message: string; details?: { aggregated?: number } });
    assert.strictEqual(records.filter((r) => /^refused rm -rf \d+$/.test(r.message)).length, 12);
    assert.ok(!records.some((r) => r.details?.aggregated));
  });

  it('never prunes a rotated file that holds a critical record', async () => {
    const log = await open({ maxFileBytes: 1200, maxFiles: 1 });
    await fill(log, 2, 'critical');
    await fill(log, 60);
    const kept = fs
      .readdirSync(dir)
      .filter((f) => /^audit-\d+\.jsonl$/.test(f))
      .sort();
    assert.ok(kept[0] === 'audit-000000000001.jsonl', kept.join());
    assert.ok(lines(path.join(dir, kept[0]!)).some((l) => l.includes('"severity":"critical"')));
    const result = await log.verify();
    assert.ok(result.ok, JSON.stringify(!result.ok && result.breaks));
  });

  it('appends after a torn write without losing an acknowledged record', async () => {
    const log = await open();
    await fill(log, 3);
    fs.appendFileSync(current(), '{"v":1,"seq":4,"partial'); // a write that failed half way (disk full)
    const fourth = await log.record({ type: 'agent_created', user: 'local:a', message: 'acknowledged' });
    await log.flush();
    assert.ok(lines().some((l) => l.includes('"message":"acknowledged"')));
    assert.strictEqual(fourth.seq, 4);
    assert.ok((await log.verify()).ok);
  });

  it('eight processes writing at once keep one chain and every acknowledged record', async function () {
    this.timeout(120_000);
    const writer = path.join(__dirname, 'audit-writer.js');
    const run = (tag: string) =>
      new Promise<number[]>((resolve, reject) => {
        const child = spawn(process.execPath, [writer, dir, tag, '30'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('close', (code) =>
          code === 0 && out.includes('done') ? resolve(JSON.parse(out.split('\n')[0]!) as number[]) : reject(new Error(`${tag} exited ${code}: ${err}`)),
        );
      });
    const acknowledged = (await Promise.all(Array.from({ length: 8 }, (_, i) => run(`w${i}`)))).flat();
    assert.strictEqual(acknowledged.length, 240);
    assert.strictEqual(new Set(acknowledged).size, 240, 'no sequence number was handed out twice');
    const log = await AuditLogger.open({ fs: new NodeFileSystem(), clock, logger: silentLogger, dir });
    const result = await log.verify();
    assert.ok(result.ok, JSON.stringify(!result.ok && result.breaks.slice(0, 3)));
    assert.strictEqual(result.records, 240);
    const messages = new Set<string>();
    for await (const r of log.readAll()) messages.add(r.message);
    for (let w = 0; w < 8; w++) for (let i = 0; i < 30; i++) assert.ok(messages.has(`w${w}-${i}`), `w${w}-${i} lost`);
  });
});
