// Every privileged operation in the registry is refused without a grant, through its real entry
// point, and the refusal is audited. A new registry entry without an entry point here fails the test.
import * as assert from 'assert';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { ExpertCatalog } from '../../../src/orchestrator/agents/expert-catalog';
import { AgentPoolManager } from '../../../src/orchestrator/agents/pool-manager';
import { silentLogger } from '../../../src/orchestrator/ports';
import { AccessDeniedError } from '../../../src/orchestrator/security/errors';
import { listPrivilegedOperations } from '../../../src/orchestrator/security/privileged-operations';
import { SecuredLearning } from '../../../src/orchestrator/app/secured-learning';
import { LearningManager } from '../../../src/orchestrator/learning/learning-manager';
import { SecuredFiles } from '../../../src/orchestrator/security/secured-files';
import { SecuredPool } from '../../../src/orchestrator/security/secured-pool';
import { SecurityAdmin } from '../../../src/orchestrator/security/security-admin';
import { Fixture, LOCAL, makeFixture } from './security-fixture';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

type EntryPoint = (principal: string) => Promise<unknown>;

describe('privileged entry points', () => {
  let f: Fixture;
  let pool: AgentPoolManager;
  let entryPoints: Record<string, EntryPoint>;
  let instanceId: string;

  before(async () => {
    f = await makeFixture({ localRole: 'admin' });
    const catalog = new ExpertCatalog(new NodeFileSystem(), silentLogger, [{ root: path.join(repoRoot, 'agentpool'), origin: 'builtin' }]);
    await catalog.reload();
    pool = new AgentPoolManager(catalog, f.clock, silentLogger);
    const securedPool = new SecuredPool(f.security.gate, pool);
    const admin = new SecurityAdmin(f.security.gate, f.security.access, f.security.tokens);
    const files = new SecuredFiles(f.security.gate, new NodeFileSystem());
    const learningManager = new LearningManager({ fs: new NodeFileSystem(), clock: f.clock, logger: silentLogger, dataDir: path.join(f.dataDir, 'learning') });
    await learningManager.initialize();
    const learning = new SecuredLearning(f.security.gate, learningManager, catalog);
    instanceId = (await securedPool.acquire(LOCAL, 'qa-expert', 'setup')).id;
    const { record } = await admin.issueToken(LOCAL, 'token:victim');
    entryPoints = {
      'agent.acquire': (p) => securedPool.acquire(p, 'qa-expert', 'write tests'),
      'agent.command': (p) => securedPool.markWorking(p, instanceId),
      'agent.release': (p) => securedPool.release(p, instanceId),
      'agent.terminate': (p) => securedPool.terminate(p, instanceId),
      'file.read': (p) => files.readText({ principal: p }, 'src/a.ts'),
      'file.write': (p) => files.writeText({ principal: p }, 'src/a.ts', 'pwned'),
      'security.grant': (p) => admin.grant(p, p, 'admin'),
      'security.revoke': (p) => admin.revoke(p, LOCAL, 'admin'),
      'security.policy': (p) => admin.setPolicy(p, { id: 'open', subjects: ['*'], allow: ['*'] }),
      'token.issue': (p) => admin.issueToken(p, 'token:evil', { role: 'admin' }),
      'token.revoke': (p) => admin.revokeToken(p, record.id),
      // No host executes these yet (the delegates come later); their entry point is the gate itself.
      'command.run': (p) => f.security.gate.enforce({ principal: p, operation: 'command.run', command: 'npm test' }),
      'file.list': (p) => f.security.gate.enforce({ principal: p, operation: 'file.list', path: '.' }),
      'code.index': (p) => f.security.gate.enforce({ principal: p, operation: 'code.index', detail: 'Index the workspace folders' }),
      'code.search': (p) => f.security.gate.enforce({ principal: p, operation: 'code.search', detail: 'search_code: invoices' }),
      'learning.record': (p) => f.security.gate.enforce({ principal: p, operation: 'learning.record', resource: 'qa-expert' }),
      'learning.read': (p) => learning.read(p),
      'security.view': (p) => f.security.gate.enforce({ principal: p, operation: 'security.view', resource: 'token list' }),
      'workflow.run': (p) => f.security.gate.enforce({ principal: p, operation: 'workflow.run', resource: 'ship it' }),
      'browser.action': (p) => f.security.gate.enforce({ principal: p, operation: 'browser.action', resource: 'https://example.com' }),
    };
  });
  after(async () => {
    pool.dispose();
    await f.cleanup();
  });

  it('every registered operation has an entry point in this test', () => {
    const missing = listPrivilegedOperations()
      .map((op) => op.id)
      .filter((id) => !entryPoints[id]);
    assert.deepStrictEqual(missing, [], "add the new operation's entry point to this table");
  });

  for (const principal of ['token:nobody', 'expert:qa-expert', 'local:impostor']) {
    it(`each entry point refuses ${principal} (no grant) and audits the refusal`, async () => {
      for (const op of listPrivilegedOperations()) {
        const before = f.security.audit.head.seq;
        await assert.rejects(entryPoints[op.id]!(principal), (e: unknown) => e instanceof AccessDeniedError && e.operation === op.id, op.id);
        const record = f.security.audit.getRecentEvents(1)[0]!;
        assert.strictEqual(record.seq, before + 1, `${op.id}: one audit record`);
        assert.strictEqual(record.type, 'authorization_denied', op.id);
        assert.strictEqual(record.operation, op.id);
        assert.strictEqual(record.user, principal);
      }
      assert.strictEqual(pool.getInstance(instanceId)?.status, 'reserved', 'nothing changed');
    });
  }

  it('issues no token and grants nothing when the name or the role is wrong (review of stop 39)', async () => {
    const admin = new SecurityAdmin(f.security.gate, f.security.access, f.security.tokens);
    await assert.rejects(admin.issueToken(LOCAL, 'local:bob', { role: 'admin' }));
    assert.strictEqual(f.security.access.authorize('local:bob', 'token.issue').allowed, false, 'the role went with the refused token');
    await assert.rejects(admin.issueToken(LOCAL, 'token:typo', { role: 'superuser' }), /neither a permission/);
    assert.ok(
      f.security.tokens
        .list()
        .filter((t) => t.principal === 'token:typo')
        .every((t) => t.revokedAt !== undefined),
      'no live token',
    );
  });

  it('the same entry points work once granted', async () => {
    await f.security.access.grant('token:worker', 'developer');
    const inst = (await entryPoints['agent.acquire']!('token:worker')) as { id: string };
    assert.ok(inst.id);
    assert.strictEqual(f.security.audit.getRecentEvents(1)[0]!.type, 'agent_created');
  });
});
