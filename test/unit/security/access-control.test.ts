// AccessControl and the gate: deny by default, roles, grants that persist, policies whose blocks win,
// expert tool rights, the local role, approval rules and fail-closed auditing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AccessDeniedError, ApprovalDeniedError, AuditUnavailableError } from '../../../src/orchestrator/security/errors';
import { PermissionStore } from '../../../src/orchestrator/security/permission-store';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { silentLogger } from '../../../src/orchestrator/ports';
import { Fixture, LOCAL, makeFixture } from './security-fixture';

describe('AccessControl', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await makeFixture();
  });
  afterEach(() => f.cleanup());

  it('denies everything to a principal without grants, including unknown operations', () => {
    for (const op of ['agent.acquire', 'file.read', 'security.grant', 'no.such.op']) {
      const d = f.security.access.authorize('token:stranger', op);
      assert.strictEqual(d.allowed, false, op);
    }
    assert.match(f.security.access.authorize('token:stranger', 'agent.acquire').reason, /lacks the "create_agent" permission/);
    assert.strictEqual(f.security.access.authorize('not a principal', 'agent.acquire').allowed, false);
  });

  it('gives the local user the configured local role and nothing more', () => {
    assert.strictEqual(f.security.access.authorize(LOCAL, 'agent.acquire').allowed, true);
    assert.strictEqual(f.security.access.authorize(LOCAL, 'security.grant').allowed, false, 'developer is not admin');
    f.security.updateSettings({ localRole: 'viewer' });
    assert.strictEqual(f.security.access.authorize(LOCAL, 'agent.acquire').allowed, false);
    assert.strictEqual(f.security.access.authorize(LOCAL, 'file.read').allowed, true);
    f.security.updateSettings({ localRole: 'none' });
    assert.strictEqual(f.security.access.authorize(LOCAL, 'file.read').allowed, false);
    f.security.updateSettings({ localRole: 'admin' });
    assert.strictEqual(f.security.access.authorize(LOCAL, 'security.grant').allowed, true);
    assert.strictEqual(f.security.access.authorize('local:someone-else', 'file.read').allowed, false, 'only the exact local principal gets the role');
  });

  it('grants and revokes roles and permissions, persisted atomically', async () => {
    await f.security.access.grant('token:ci', 'viewer');
    await f.security.access.grant('token:ci', 'create_agent');
    assert.strictEqual(f.security.access.authorize('token:ci', 'file.read').allowed, true);
    assert.strictEqual(f.security.access.authorize('token:ci', 'agent.acquire').allowed, true);
    assert.strictEqual(f.security.access.authorize('token:ci', 'agent.terminate').allowed, false);
    const saved = JSON.parse(fs.readFileSync(path.join(f.dataDir, 'permissions.json'), 'utf8'));
    assert.deepStrictEqual(saved.grants['token:ci'], { roles: ['viewer'], permissions: ['create_agent'] });
    assert.strictEqual(await f.security.access.revoke('token:ci', 'create_agent'), true);
    assert.strictEqual(await f.security.access.revoke('token:ci', 'create_agent'), false);
    assert.strictEqual(f.security.access.authorize('token:ci', 'agent.acquire').allowed, false);
    await assert.rejects(f.security.access.grant('token:ci', 'superuser'), /neither a permission .* nor a role/);
    await assert.rejects(f.security.access.grant('ci', 'viewer'), /not a principal/);
  });

  it('lets a policy block what a role allows (blocks win) and allow what no role gives', async () => {
    await f.security.access.grant('token:bot', 'developer');
    await f.security.access.setPolicy({ id: 'bots-no-delete', subjects: ['token:*'], allow: ['agent.*'], block: ['agent.terminate'] });
    assert.strictEqual(f.security.access.authorize('token:bot', 'agent.acquire').allowed, true);
    const blocked = f.security.access.authorize('token:bot', 'agent.terminate');
    assert.strictEqual(blocked.allowed, false);
    assert.strictEqual(blocked.policy, 'bots-no-delete');
    const viaPolicy = f.security.access.authorize('token:other', 'agent.command');
    assert.strictEqual(viaPolicy.allowed, true);
    assert.strictEqual(viaPolicy.policy, 'bots-no-delete');
    assert.strictEqual(f.security.access.authorize('token:other', 'file.write').allowed, false);
    await f.security.access.setPolicy({ id: 'freeze', subjects: ['*'], block: ['*'] });
    f.security.updateSettings({ localRole: 'admin' });
    assert.strictEqual(f.security.access.authorize(LOCAL, 'file.read').allowed, false, 'even admin is blocked');
    assert.strictEqual(await f.security.access.removePolicy('freeze'), true);
  });

  it("takes an acting expert's rights only from its definition's tools", () => {
    assert.strictEqual(f.security.access.authorize(LOCAL, 'file.write', { actingExpert: 'backend-architect' }).allowed, true);
    const reviewer = f.security.access.authorize(LOCAL, 'file.write', { actingExpert: 'code-reviewer' });
    assert.strictEqual(reviewer.allowed, false);
    assert.match(reviewer.reason, /none of the tools write_file, edit_file/);
    assert.strictEqual(f.security.access.authorize(LOCAL, 'browser.action', { actingExpert: 'backend-architect' }).allowed, false);
    assert.strictEqual(f.security.access.authorize(LOCAL, 'browser.action', { actingExpert: 'qa-expert' }).allowed, true);
    assert.strictEqual(f.security.access.authorize(LOCAL, 'file.read', { actingExpert: 'ghost' }).allowed, false);
  });

  it('moves a corrupt permissions file aside and starts with no grants', async () => {
    const file = path.join(f.dataDir, 'permissions.json');
    fs.writeFileSync(file, '{"version":1,"grants":{"token:x":{"roles":["root"]}}}');
    const warnings: string[] = [];
    const store = await PermissionStore.load(new NodeFileSystem(), file, f.clock, { ...silentLogger, warn: (m) => warnings.push(m) });
    assert.deepStrictEqual(store.snapshot.grants, {});
    assert.ok(fs.readdirSync(f.dataDir).some((n) => n.startsWith('permissions.json.corrupt-')));
    assert.match(warnings[0]!, /unknown role/);
  });
});

describe('SecurityGate', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await makeFixture();
  });
  afterEach(() => f.cleanup());

  it('audits both outcomes', async () => {
    const allowed = await f.security.gate.enforce({ principal: LOCAL, operation: 'agent.acquire', resource: 'qa-expert' });
    assert.strictEqual(allowed.audit.type, 'agent_created');
    assert.strictEqual(allowed.audit.outcome, 'allowed');
    await assert.rejects(f.security.gate.enforce({ principal: 'token:nobody', operation: 'agent.acquire', resource: 'qa-expert' }), AccessDeniedError);
    const [denied] = f.security.audit.getRecentEvents(1);
    assert.strictEqual(denied!.type, 'authorization_denied');
    assert.strictEqual(denied!.user, 'token:nobody');
    assert.strictEqual(denied!.severity, 'warning');
  });

  it('asks before an agent edits unless edits are auto-approved; protected files always ask', async () => {
    const edit = { principal: LOCAL, operation: 'file.write', actingExpert: 'backend-architect', path: 'src/a.ts', payload: 'x' };
    await assert.rejects(f.security.gate.enforce(edit), ApprovalDeniedError);
    assert.strictEqual(f.approval.requests.length, 1);
    assert.match(f.approval.requests[0]!.detail, /edit actions are not auto-approved for backend-architect/);
    f.approval.answer = true;
    assert.strictEqual((await f.security.gate.enforce(edit)).approvedBy, 'user');
    f.security.updateSettings({ autoApprove: { global: {}, perExpert: { 'backend-architect': { edit: true } } } });
    assert.strictEqual((await f.security.gate.enforce(edit)).approvedBy, 'auto-approve');
    f.approval.answer = false;
    await assert.rejects(f.security.gate.enforce({ ...edit, path: '.vscode/settings.json' }), /protected file \(\.vscode\/\*\*\)/);
    f.security.updateSettings({ autoApprove: { global: { edit: true }, perExpert: { 'backend-architect': { edit: false } } } });
    await assert.rejects(f.security.gate.enforce(edit), ApprovalDeniedError, 'a per-expert "false" overrides the global setting');
  });

  it('lets a token caller index, search and read statistics on its role alone, but asks before its other reads (review of stop 39)', async () => {
    await f.security.access.grant('token:reader', 'viewer');
    for (const operation of ['code.index', 'code.search', 'learning.read'])
      assert.strictEqual((await f.security.gate.enforce({ principal: 'token:reader', operation, resource: 'ws' })).approvedBy, 'not-needed', operation);
    await assert.rejects(f.security.gate.enforce({ principal: 'token:reader', operation: 'file.read', path: 'src/a.ts' }), ApprovalDeniedError);
    assert.match(f.approval.requests.at(-1)!.detail, /read actions are not auto-approved/);
    await assert.rejects(
      f.security.gate.enforce({ principal: 'token:reader', operation: 'code.search', resource: 'ws', actingExpert: 'code-reviewer' }),
      ApprovalDeniedError,
      'an expert acting for it asks',
    );
  });

  it('runs allow-listed commands, asks for others and refuses denied ones', async () => {
    f.security.updateSettings({ autoApprove: { global: { command: true }, perExpert: {} } });
    const run = (command: string) => f.security.gate.enforce({ principal: LOCAL, operation: 'command.run', actingExpert: 'code-reviewer', command });
    assert.strictEqual((await run('npm test -- --grep parser')).approvedBy, 'auto-approve');
    await assert.rejects(run('make deploy'), /not on the allow list/);
    await assert.rejects(run('rm -rf build'), /deny rule "rm -rf"/);
    assert.strictEqual(f.security.audit.getRecentEvents(1)[0]!.type, 'security_violation');
  });

  it('refuses when the audit record cannot be written (fails closed)', async () => {
    fs.rmSync(path.join(f.dataDir, 'audit'), { recursive: true });
    fs.writeFileSync(path.join(f.dataDir, 'audit'), 'not a folder');
    await assert.rejects(f.security.gate.enforce({ principal: LOCAL, operation: 'agent.acquire', resource: 'qa-expert' }), AuditUnavailableError);
  });

  it('rate-limits per principal and operation with a clear error', async () => {
    f.security.updateSettings({ rateLimits: { default: { perMinute: 60, burst: 2 } } });
    const go = (principal: string, operation = 'agent.acquire') => f.security.gate.enforce({ principal, operation, resource: 'qa-expert' });
    await go(LOCAL);
    await go(LOCAL);
    await assert.rejects(go(LOCAL), /at most 60 times a minute \(bursts of 2\); try again in 1\.0 s/);
    await go(LOCAL, 'agent.command');
    f.clock.advance(1_000);
    await go(LOCAL);
  });
});
