// The one edit path: typed outcomes for every way an edit ends, the preview closed before the write, the
// replacement exact and single, the stale check after approval, and each decision audited by the gate.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { nodeRealPath } from '../../../src/adapters/node-real-path';
import { type EditChange, type EditHostPort, EditStaleError, fileEditHost } from '../../../src/orchestrator/edits/edit-host';
import { EditService } from '../../../src/orchestrator/edits/edit-service';
import { type ApprovalRequest, silentLogger } from '../../../src/orchestrator/ports';
import { createSecurityCore } from '../../../src/orchestrator/security/security-core';
import { autoApprove } from '../delegates/delegate-fixture';
import { Fixture, LOCAL, makeFixture } from '../security/security-fixture';

/** The file host, recording what the service asks of it in order. */
function recordingHost(log: string[], overrides: Partial<EditHostPort> = {}): EditHostPort {
  const files = fileEditHost(new NodeFileSystem());
  return {
    read: (absolute) => files.read(absolute),
    show: async (change: EditChange) => {
      log.push(`show ${change.relative}: ${JSON.stringify(change.before)} -> ${JSON.stringify(change.after)}`);
      return { close: async () => void log.push('close') };
    },
    write: async (change) => {
      log.push(`write ${change.relative}`);
      await files.write(change);
    },
    ...overrides,
  };
}

describe('EditService (the one edit path)', () => {
  let f: Fixture;
  let file: string;
  afterEach(() => f.cleanup());

  async function setUp(settings = autoApprove(['edit']), approve = false): Promise<void> {
    f = await makeFixture(settings, approve);
    file = path.join(f.workspace, 'src', 'a.ts');
  }
  const service = (host: EditHostPort) => new EditService({ gate: f.security.gate, paths: () => f.security.paths(), host });
  const who = { principal: LOCAL, actingExpert: 'backend-architect', reason: 'rename', taskId: 't1' };
  const fileWrites = async () => {
    await f.security.audit.flush();
    return f.security.audit
      .getRecentEvents(100)
      .filter((r) => r.operation === 'file.write')
      .map((r) => r.outcome)
      .reverse(); // oldest first
  };

  it('settles who may write before reading the file: a caller without the permission learns nothing of its text', async () => {
    await setUp();
    fs.writeFileSync(path.join(f.workspace, '.env'), 'DB_PASSWORD=hunter2\n');
    const log: string[] = [];
    const host = recordingHost(log, { read: async (absolute) => (log.push(`read ${path.basename(absolute)}`), fs.readFileSync(absolute, 'utf8')) });
    const nobody = { principal: 'token:nobody' };
    // A wrong guess and a right one end alike (found by the stop-23 red team: "not found" against "denied").
    const wrong = await service(host).apply({ file: '.env', replace: { oldText: 'DB_PASSWORD=x', newText: 'y' } }, nobody);
    const right = await service(host).apply({ file: '.env', replace: { oldText: 'DB_PASSWORD=h', newText: 'y' } }, nobody);
    const exists = await service(host).apply({ file: '.env', newContent: 'x' }, nobody);
    for (const outcome of [wrong, right, exists]) assert.strictEqual(outcome.status, 'denied', JSON.stringify(outcome));
    assert.deepStrictEqual(log, [], 'the file was never read');
    assert.deepStrictEqual(await fileWrites(), ['denied', 'denied', 'denied'], 'each refusal audited');
    // Refused attempts pay rate-limit tokens, as they did when the gate decided first: probing slows down.
    let limited = false;
    for (let i = 0; i < 500 && !limited; i++) {
      const outcome = await service(host).apply({ file: '.env', replace: { oldText: `DB_PASSWORD=${i}`, newText: 'y' } }, nobody);
      limited = outcome.status === 'denied' && /rate|too many|limit/i.test(outcome.reason);
    }
    assert.ok(limited, 'the refused caller was rate-limited');
  });

  it('applies one exact replacement: preview shown while deciding, closed before the write', async () => {
    await setUp();
    const log: string[] = [];
    const outcome = await service(recordingHost(log)).apply({ file: 'src/a.ts', replace: { oldText: 'a = 1', newText: 'a = 2' } }, who);
    assert.deepStrictEqual(outcome, { status: 'applied', file: 'src/a.ts', approvedBy: 'auto-approve', created: false });
    assert.deepStrictEqual(log, ['show src/a.ts: "export const a = 1;\\n" -> "export const a = 2;\\n"', 'close', 'write src/a.ts']);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'export const a = 2;\n');
    assert.deepStrictEqual(await fileWrites(), ['allowed']);
  });

  it('creates a new file, and refuses to create one that exists', async () => {
    await setUp();
    const edits = service(recordingHost([]));
    assert.deepStrictEqual(await edits.apply({ file: 'src/b.ts', newContent: 'export const b = 1;\n', createOnly: true }, who), {
      status: 'applied',
      file: 'src/b.ts',
      approvedBy: 'auto-approve',
      created: true,
    });
    const again = await edits.apply({ file: 'src/b.ts', newContent: 'x', createOnly: true }, who);
    assert.strictEqual(again.status, 'invalid');
    assert.strictEqual(fs.readFileSync(path.join(f.workspace, 'src', 'b.ts'), 'utf8'), 'export const b = 1;\n');
  });

  it('an edit that does not fit the file is invalid, without a preview or approval, and audited as not attempted', async () => {
    await setUp();
    fs.writeFileSync(file, 'x = 1;\nx = 1;\n');
    const log: string[] = [];
    const edits = service(recordingHost(log));
    const cases: Array<[unknown, RegExp]> = [
      [{ file: 'src/a.ts', replace: { oldText: 'y = 2', newText: 'z' } }, /not found in src\/a.ts/],
      [{ file: 'src/a.ts', replace: { oldText: 'x = 1', newText: 'z' } }, /more than once in src\/a.ts/],
      [{ file: 'src/missing.ts', replace: { oldText: 'x', newText: 'z' } }, /does not exist; use create_file/],
      [{ file: 'src', newContent: 'x' }, /folder/],
    ];
    for (const [edit, reason] of cases) {
      const outcome = await edits.apply(edit, who);
      assert.strictEqual(outcome.status, 'invalid', JSON.stringify(edit));
      assert.match(outcome.status === 'invalid' ? outcome.reason : '', reason);
    }
    assert.deepStrictEqual(log, []);
    // Never attempted, yet each is in the audit log: who tried to write what, and why it was turned down.
    assert.deepStrictEqual(await fileWrites(), ['failure', 'failure', 'failure', 'failure']);
    const records = f.security.audit.getRecentEvents(4).reverse();
    cases.forEach(([, reason], i) => {
      assert.match(records[i]!.message, /not attempted/);
      assert.match(records[i]!.message, reason);
      assert.strictEqual(records[i]!.user, LOCAL);
      assert.deepStrictEqual(records[i]!.details?.taskId, 't1');
    });
    await assert.rejects(edits.apply({ file: 'src/a.ts' }, who), /needs .*newContent|either "newContent"/);
  });

  it('edits that never fit pay the rate limit: a loop of them cannot grow the audit log without bound', async () => {
    await setUp();
    fs.writeFileSync(file, 'x = 1;\n');
    const edits = service(recordingHost([]));
    for (let i = 0; i < 200; i++)
      assert.strictEqual((await edits.apply({ file: 'src/a.ts', replace: { oldText: `y${i}`, newText: 'z' } }, who)).status, 'invalid');
    await f.security.audit.flush();
    const records = f.security.audit.getRecentEvents(1000).filter((r) => r.operation === 'file.write');
    const failures = records.filter((r) => r.outcome === 'failure').length;
    assert.ok(failures > 0 && failures < 100, `${failures} not-attempted records for 200 invalid edits`);
    assert.ok(records.length < 110, `${records.length} file.write records in all (the refusals past the limit are aggregated)`);
    assert.strictEqual(
      (await edits.apply({ file: 'src/a.ts', replace: { oldText: 'x = 1', newText: 'x = 2' } }, who)).status,
      'denied',
      'the limit holds for the next edit too',
    );
  });

  it('the gate refusing is denied (audited); the user saying no is rejected-by-user; nobody to ask is denied', async () => {
    await setUp({}, false);
    const log: string[] = [];
    const outside = await service(recordingHost(log)).apply({ file: '../outside.ts', newContent: 'x' }, who);
    assert.strictEqual(outside.status, 'denied');
    await f.security.audit.flush();
    assert.strictEqual(f.security.audit.getRecentEvents(1)[0]!.type, 'security_violation');
    const reviewer = await service(recordingHost(log)).apply({ file: 'src/a.ts', newContent: 'x' }, { principal: LOCAL, actingExpert: 'code-reviewer' });
    assert.strictEqual(reviewer.status, 'denied');
    const refused = await service(recordingHost(log)).apply({ file: 'src/a.ts', replace: { oldText: 'a = 1', newText: 'a = 3' } }, who);
    assert.strictEqual(refused.status, 'rejected-by-user');
    assert.strictEqual(f.approval.requests.length, 1);
    assert.match(f.approval.requests[0]!.detail, /rename\nReplaces 2 lines with 2 lines \(the diff is open in the editor\)/);
    assert.ok(log.includes('close') && !log.some((l) => l.startsWith('write')), log.join('\n'));
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'export const a = 1;\n');
    const unattendedCore = await makeUnattendedGate();
    const unattended = new EditService({ gate: unattendedCore.gate, paths: () => f.security.paths(), host: fileEditHost(new NodeFileSystem()) });
    assert.strictEqual((await unattended.apply({ file: 'src/a.ts', newContent: 'x' }, who)).status, 'denied');
    await unattendedCore.dispose();
  });

  it('a file changed while approval was pending is stale: nothing written, the failure audited', async () => {
    await setUp({}, true);
    f.approval.requestApproval = async (_request: ApprovalRequest) => {
      fs.writeFileSync(file, 'export const a = 10;\n');
      return true;
    };
    const log: string[] = [];
    const outcome = await service(recordingHost(log)).apply({ file: 'src/a.ts', replace: { oldText: 'a = 1', newText: 'a = 2' } }, who);
    assert.strictEqual(outcome.status, 'stale');
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'export const a = 10;\n');
    assert.ok(!log.some((l) => l.startsWith('write')));
    assert.deepStrictEqual(await fileWrites(), ['allowed', 'failure']);
  });

  it('a host that cannot write reports failed (audited); one that finds the text changed reports stale', async () => {
    await setUp();
    const broken = await service(recordingHost([], { write: () => Promise.reject(new Error('disk full')) })).apply({ file: 'src/a.ts', newContent: 'y' }, who);
    assert.deepStrictEqual(broken, { status: 'failed', file: 'src/a.ts', reason: 'Could not write src/a.ts: disk full' });
    const raced = await service(recordingHost([], { write: () => Promise.reject(new EditStaleError('changed')) })).apply(
      { file: 'src/a.ts', newContent: 'y' },
      who,
    );
    assert.strictEqual(raced.status, 'stale');
    assert.deepStrictEqual(await fileWrites(), ['allowed', 'failure', 'allowed', 'failure']);
  });

  async function makeUnattendedGate() {
    return createSecurityCore({
      fs: new NodeFileSystem(),
      clock: f.clock,
      logger: silentLogger,
      realPath: nodeRealPath,
      dataDir: path.join(f.tmp, 'data2'),
      localPrincipal: LOCAL,
      workspaceRoots: [f.workspace],
      expertTools: () => ['edit_file', 'write_file'],
    });
  }
});
