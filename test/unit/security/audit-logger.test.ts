// AuditLogger: hash chain, verify (edits, deletions, insertions, truncation), rotation, torn tails,
// redaction, search and summary, and a failed write that leaves the chain intact.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { silentLogger } from '../../../src/orchestrator/ports';
import { AuditLogger } from '../../../src/orchestrator/security/audit-logger';
import { encodeAnchorLine } from '../../../src/orchestrator/security/audit-anchor';
import { GENESIS_HASH } from '../../../src/orchestrator/security/audit-types';
import { AuditUnavailableError } from '../../../src/orchestrator/security/errors';
import { FakeClock } from '../../fakes/fake-clock';
import { countingReader, tempDir } from './security-fixture';

describe('AuditLogger', () => {
  let dir: string;
  let clock: FakeClock;
  const open = (extra: { maxFileBytes?: number; maxFiles?: number; fs?: NodeFileSystem } = {}) =>
    AuditLogger.open({ fs: extra.fs ?? new NodeFileSystem(), clock, logger: silentLogger, dir, ...extra });
  const lines = (file = path.join(dir, 'audit.jsonl')) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);

  beforeEach(() => {
    dir = path.join(tempDir('bt-audit-'), 'audit');
    clock = new FakeClock(Date.UTC(2025, 0, 1));
  });
  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  async function fill(log: AuditLogger, n: number): Promise<void> {
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        log.record({ type: i % 2 ? 'agent_created' : 'file_accessed', user: i % 3 ? 'local:a' : 'token:b', message: `event ${i}` }),
      ),
    );
  }

  it('chains every record to the previous one and verifies a clean log', async () => {
    const log = await open();
    await fill(log, 25);
    const records = lines().map((l) => JSON.parse(l) as { seq: number; prev: string; hash: string });
    assert.strictEqual(records.length, 25);
    assert.strictEqual(records[0]!.prev, GENESIS_HASH);
    records.forEach((r, i) => {
      assert.strictEqual(r.seq, i + 1);
      if (i) assert.strictEqual(r.prev, records[i - 1]!.hash);
    });
    const result = await log.verify();
    assert.deepStrictEqual(result, { ok: true, records: 25, files: 1, lastHash: records[24]!.hash, head: { seq: 25, hash: records[24]!.hash } });
  });

  it('continues the chain after reopening', async () => {
    await fill(await open(), 3);
    const again = await open();
    const record = await again.record({ type: 'auth_success', user: 'token:b', message: 'hello' });
    assert.strictEqual(record.seq, 4);
    assert.ok((await again.verify()).ok);
  });

  for (const [caseName, caseTamper, caseReason, caseLine] of [
    ['an edited field', (ls: string[]) => (ls[4] = ls[4]!.replace('event 4', 'event X')), /does not match its hash/, 5],
    ['a deleted record', (ls: string[]) => ls.splice(4, 1), /records 5–5 before this record are missing/, 5],
    ['swapped records', (ls: string[]) => ([ls[3], ls[4]] = [ls[4]!, ls[3]!]), /records 4–4 before this record are missing/, 4],
    [
      'a re-hashed forged record',
      (ls: string[]) => {
        // An attacker who recomputes the record's own hash still breaks the link to the next record.
        const body = JSON.parse(ls[4]!) as Record<string, unknown>;
        delete body.hash;
        body.message = 'forged';
        const json = JSON.stringify(body);
        const { createHash } = require('crypto') as typeof import('crypto');
        ls[4] = `${json.slice(0, -1)},"hash":"${createHash('sha256').update(json).digest('hex')}"}`;
      },
      /does not link to the previous record/,
      6,
    ],
    ['an injected line', (ls: string[]) => ls.splice(2, 0, '{"v":1,"seq":3,"type":"auth_success"}'), /no hash field/, 3],
  ] as const) {
    const [name, tamper, reason, line] = [caseName, caseTamper, caseReason, caseLine];
    it(`verify reports ${name} at the first broken record`, async () => {
      const log = await open();
      await fill(log, 10);
      const ls = lines();
      tamper(ls);
      fs.writeFileSync(path.join(dir, 'audit.jsonl'), `${ls.join('\n')}\n`);
      const result = await log.verify();
      assert.strictEqual(result.ok, false);
      if (result.ok) return;
      assert.match(result.brokenAt.reason, reason);
      assert.strictEqual(result.brokenAt.line, line);
    });
  }

  it('verify notices records cut off the end during the session', async () => {
    const log = await open();
    await fill(log, 6);
    fs.writeFileSync(path.join(dir, 'audit.jsonl'), `${lines().slice(0, 4).join('\n')}\n`);
    const result = await log.verify();
    assert.ok(!result.ok && /records 5–6 at the end of the log are missing/.test(result.brokenAt.reason), JSON.stringify(result));
  });

  it('rotates past the size limit, keeps the chain across files and prunes old files', async () => {
    const log = await open({ maxFileBytes: 2_000, maxFiles: 3 });
    for (let i = 0; i < 40; i++) await log.record({ type: 'tool_executed', user: 'local:a', message: `run ${i} ${'x'.repeat(100)}` });
    const files = await log.files();
    assert.strictEqual(path.basename(files[files.length - 1]!), 'audit.jsonl');
    assert.strictEqual(files.length, 4, files.join(', '));
    assert.ok(files.slice(0, -1).every((f) => /audit-\d{12}\.jsonl$/.test(f)));
    const result = await log.verify();
    assert.ok(result.ok, JSON.stringify(result));
    assert.ok(result.records < 40 && result.records > 10, 'the oldest records were pruned');
    const reopened = await open({ maxFileBytes: 2_000, maxFiles: 3 });
    assert.strictEqual((await reopened.record({ type: 'auth_success', user: 'x:y', message: 'after' })).seq, 41);
  });

  it('a forged "pruned" line in the anchor cannot hide records deleted from the middle', async () => {
    const log = await open();
    await fill(log, 30);
    await log.flush?.();
    const file = path.join(dir, 'audit.jsonl');
    const hashOf = new Map(lines(file).map((l) => [(JSON.parse(l) as { seq: number }).seq, (JSON.parse(l) as { hash: string }).hash]));
    const kept = lines(file).filter((l) => {
      const seq = (JSON.parse(l) as { seq: number }).seq;
      return seq < 20 || seq > 25;
    });
    fs.writeFileSync(file, `${kept.join('\n')}\n`);
    const anchorFile = `${dir}-anchor.jsonl`;
    const anchor = fs.existsSync(anchorFile) ? fs.readFileSync(anchorFile, 'utf8').split('\n').filter(Boolean) : [];
    // The range's last hash is record 25's, so record 26 links to it as if the range had been pruned.
    const forged = encodeAnchorLine(
      { kind: 'pruned', file: 'audit-000000000001.jsonl', firstSeq: 20, lastSeq: 25, lastHash: hashOf.get(25)!, at: 0 },
      anchor[anchor.length - 1],
    );
    fs.writeFileSync(anchorFile, [...anchor, forged].map((l) => `${l}\n`).join(''));
    const result = await (await open()).verify();
    assert.ok(!result.ok, 'the deletion is reported');
    assert.match(JSON.stringify(result), /records 20–25 before this record are missing/);
  });

  it('moves a torn last line aside before the next append, records the incident and stays verifiable', async () => {
    await fill(await open(), 3);
    fs.appendFileSync(path.join(dir, 'audit.jsonl'), '{"v":1,"seq":4,"ty');
    const log = await open();
    const before = await log.verify();
    assert.ok(!before.ok && /incomplete/.test(before.brokenAt.reason), 'verify reports the torn line');
    assert.strictEqual(fs.readdirSync(dir).filter((f) => f.startsWith('audit.jsonl.corrupt-')).length, 0, 'opening and verifying write nothing');
    await fill(log, 1);
    const aside = fs.readdirSync(dir).filter((f) => f.startsWith('audit.jsonl.corrupt-'));
    assert.strictEqual(aside.length, 1);
    assert.strictEqual(fs.readFileSync(path.join(dir, aside[0]!), 'utf8'), '{"v":1,"seq":4,"ty');
    await log.flush();
    const last = log.getRecentEvents(1)[0]!;
    assert.strictEqual(last.type, 'security_violation');
    assert.strictEqual(last.seq, 5);
    assert.ok((await log.verify()).ok);
  });

  it('repairs a torn tail by bytes: earlier lines that are not valid UTF-8 keep their exact bytes', async () => {
    await fill(await open(), 3);
    const file = path.join(dir, 'audit.jsonl');
    // A damaged earlier line (bytes that do not decode) and an interrupted write after it.
    fs.appendFileSync(file, Buffer.concat([Buffer.from('{"damaged":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}\n{"v":1,"se')]));
    const before = fs.readFileSync(file);
    const log = await open();
    await fill(log, 1);
    await log.flush();
    const after = fs.readFileSync(file);
    const kept = before.subarray(0, before.lastIndexOf(0x0a) + 1);
    assert.ok(after.subarray(0, kept.length).equals(kept), 'the complete lines are byte for byte what they were');
    const aside = fs.readdirSync(dir).filter((f) => f.startsWith('audit.jsonl.corrupt-'));
    assert.strictEqual(fs.readFileSync(path.join(dir, aside[0]!), 'utf8'), '{"v":1,"se');
  });

  it('opens a large log by reading its ends: the same head, recent records and first sequence, and the chain goes on', async () => {
    const writer = await open();
    for (let i = 0; i < 3; i++) await fill(writer, 1_000); // a few anchor lines per batch of 1,000 concurrent records
    await writer.flush();
    const size = fs.statSync(path.join(dir, 'audit.jsonl')).size;
    const reads: Array<{ file: string; bytes: number }> = [];
    const base = new NodeFileSystem();
    const counting = Object.assign(Object.create(base) as NodeFileSystem, {
      readFile: async (file: string) => {
        const bytes = await base.readFile(file);
        reads.push({ file: path.basename(file), bytes: bytes.length });
        return bytes;
      },
      openForReading: async (file: string) => countingReader(await base.openForReading(file), (bytes) => reads.push({ file: path.basename(file), bytes })),
    });
    const log = await AuditLogger.open({ fs: counting, clock, logger: silentLogger, dir, recentLimit: 10 });
    const read = reads.reduce((sum, r) => sum + r.bytes, 0);
    assert.ok(size > 200 * 1024 && read < size / 3, `${read} bytes read to open a log of ${size}`);
    assert.deepStrictEqual(log.head, writer.head);
    assert.deepStrictEqual(
      log.getRecentEvents(10).map((r) => r.seq),
      writer.getRecentEvents(10).map((r) => r.seq),
    );
    const next = await log.record({ type: 'auth_success', user: 'token:b', message: 'after reopening' });
    assert.strictEqual(next.seq, 3_001);
    assert.ok((await log.verify()).ok);
    // Another process appended meanwhile: the next append catches up from the ends as well.
    await writer.record({ type: 'auth_success', user: 'token:b', message: 'from the other process' });
    assert.strictEqual((await log.record({ type: 'auth_success', user: 'token:b', message: 'caught up' })).seq, 3_003);
    assert.ok((await log.verify()).ok);
    const recentOnly = await AuditLogger.open({ fs: base, clock, logger: silentLogger, dir, recentLimit: 0 });
    assert.deepStrictEqual(recentOnly.getRecentEvents(5), []);
    assert.strictEqual(recentOnly.head.seq, 3_003);
  });

  it("links a new anchor line to the anchor's last line, also when blank lines fill its last block", async () => {
    await fill(await open(), 3);
    const anchorFile = path.join(path.dirname(dir), 'audit-anchor.jsonl');
    fs.appendFileSync(anchorFile, '\n'.repeat(70_000));
    const log = await open();
    await log.record({ type: 'auth_success', user: 'token:b', message: 'after the blank lines' });
    assert.ok((await log.verify()).ok);
  });

  it('redacts secrets in details, messages and users', async () => {
    const log = await open();
    await log.record({
      type: 'tool_executed',
      user: 'local:a',
      message: 'called with sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345',
      details: {
        apiKey: 'plain-value',
        nested: { Authorization: 'Bearer abc.def.ghi', note: 'key AIzaSyA1234567890abcdefghijklmnopqrstu' },
        tokenId: 'abcd1234abcd1234',
        list: ['ghp_abcdefghijklmnopqrstuvwxyz0123'],
      },
    });
    const text = fs.readFileSync(path.join(dir, 'audit.jsonl'), 'utf8');
    for (const secret of ['plain-value', 'sk-ant-api03', 'Bearer abc', 'AIzaSy', 'ghp_']) assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
    assert.ok(text.includes('abcd1234abcd1234'), 'non-secret ids stay');
    assert.ok((await log.verify()).ok);
  });

  it('searches by type, user, severity and time and summarizes', async () => {
    const log = await open();
    await log.record({ type: 'agent_created', user: 'local:a', message: 'one' });
    clock.advance(60_000);
    await log.record({ type: 'authorization_denied', user: 'token:b', message: 'two' });
    clock.advance(60_000);
    await log.record({ type: 'security_violation', user: 'token:b', message: 'three' });
    assert.deepStrictEqual(
      (await log.searchEvents({ user: 'token:b' })).map((r) => r.message),
      ['three', 'two'],
    );
    assert.deepStrictEqual(
      (await log.searchEvents({ type: 'agent_created' })).map((r) => r.message),
      ['one'],
    );
    assert.deepStrictEqual(
      (await log.searchEvents({ severity: 'critical' })).map((r) => r.message),
      ['three'],
    );
    assert.deepStrictEqual(
      (await log.searchEvents({ since: Date.UTC(2025, 0, 1) + 60_000 })).map((r) => r.message),
      ['three', 'two'],
    );
    assert.deepStrictEqual(
      (await log.searchEvents({ limit: 1 })).map((r) => r.message),
      ['three'],
    );
    const summary = await log.getAuditSummary();
    assert.strictEqual(summary.total, 3);
    assert.deepStrictEqual(summary.bySeverity, { info: 1, warning: 1, critical: 1 });
    assert.strictEqual(summary.deniedLast24h, 1);
    assert.strictEqual(summary.lastSeq, 3);
    assert.deepStrictEqual(
      log.getRecentEvents(2).map((r) => r.message),
      ['three', 'two'],
    );
  });

  it('a failed write rejects with AuditUnavailableError and leaves the chain intact', async () => {
    const failing = new NodeFileSystem();
    let fail = false;
    const append = failing.appendFile.bind(failing);
    failing.appendFile = async (file: string, data: string) => {
      if (fail) throw new Error('ENOSPC: no space left on device');
      return append(file, data);
    };
    const log = await open({ fs: failing });
    await fill(log, 2);
    fail = true;
    await assert.rejects(
      log.record({ type: 'agent_created', user: 'local:a', message: 'lost' }),
      (e: unknown) => e instanceof AuditUnavailableError && /ENOSPC/.test(e.message),
    );
    fail = false;
    assert.strictEqual((await log.record({ type: 'agent_created', user: 'local:a', message: 'next' })).seq, 3);
    assert.ok((await log.verify()).ok);
  });

  it('refuses an unknown event type', async () => {
    const log = await open();
    await assert.rejects(log.record({ type: 'nonsense' as never, user: 'local:a', message: 'x' }), AuditUnavailableError);
  });
});
