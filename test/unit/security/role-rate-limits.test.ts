// Rate limits by role, from the permissions file: an agent client that records many outcomes
// (learning.record) can be given room without raising everyone's limits.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parsePermissionState } from '../../../src/orchestrator/security/permission-store';
import { SecurityAdmin } from '../../../src/orchestrator/security/security-admin';
import { Fixture, LOCAL, makeFixture } from './security-fixture';

const BOT = 'token:recorder';

describe('rate limits per role (permissions file)', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await makeFixture({ rateLimits: { default: { perMinute: 60, burst: 3 } } });
    await f.security.access.defineRole('agent-client', ['command_agent']);
    await f.security.access.grant(BOT, 'agent-client');
  });
  afterEach(() => f.cleanup());

  const record = (principal: string) => f.security.gate.enforce({ principal, operation: 'learning.record', resource: 'debugger' });
  const burstOf = async (principal: string, limit = 500): Promise<number> => {
    for (let n = 0; n < limit; n++) {
      try {
        await record(principal);
      } catch (error) {
        assert.match((error as Error).message, /Rate limit/);
        return n;
      }
    }
    return limit;
  };

  it('gives the role its own limit for learning.record, persisted in permissions.json, and others keep theirs', async () => {
    await f.security.access.setRateLimit('agent-client', 'learning.record', { perMinute: 600, burst: 40 });
    const saved = JSON.parse(fs.readFileSync(path.join(f.dataDir, 'permissions.json'), 'utf8'));
    assert.deepStrictEqual(saved.rateLimits, { 'agent-client': { 'learning.record': { perMinute: 600, burst: 40 } } });
    assert.strictEqual(await burstOf(BOT), 40);
    await assert.rejects(record(BOT), /at most 600 times a minute \(bursts of 40\)/);
    f.clock.advance(100); // 600 a minute: one more every 100 ms
    await record(BOT);
    assert.strictEqual(await burstOf(LOCAL), 3, 'the local developer keeps the configured limit');
    // Other operations of the role keep the configured limits.
    const acquire = () => f.security.gate.enforce({ principal: BOT, operation: 'agent.command', resource: 'debugger' });
    await acquire();
    await acquire();
    await acquire();
    await assert.rejects(acquire(), /bursts of 3/);
  });

  it('"*" covers every operation of the role; an operation\'s own entry wins; several roles: the most generous', async () => {
    await f.security.access.setRateLimit('agent-client', '*', { perMinute: 120, burst: 8 });
    assert.deepStrictEqual(f.security.access.rateLimitFor(BOT, 'agent.command'), { perMinute: 120, burst: 8 });
    await f.security.access.setRateLimit('agent-client', 'learning.record', { perMinute: 300, burst: 20 });
    assert.deepStrictEqual(f.security.access.rateLimitFor(BOT, 'learning.record'), { perMinute: 300, burst: 20 });
    await f.security.access.setRateLimit('developer', 'learning.record', { perMinute: 900, burst: 5 });
    await f.security.access.grant(BOT, 'developer');
    assert.deepStrictEqual(f.security.access.rateLimitFor(BOT, 'learning.record'), { perMinute: 900, burst: 5 });
    assert.deepStrictEqual(f.security.access.rateLimitFor(LOCAL, 'learning.record'), { perMinute: 900, burst: 5 }, 'the local role counts too');
    await f.security.access.setRateLimit('developer', 'learning.record', undefined);
    await f.security.access.setRateLimit('agent-client', '*', undefined);
    await f.security.access.setRateLimit('agent-client', 'learning.record', undefined);
    assert.strictEqual(f.security.access.rateLimitFor(BOT, 'learning.record'), undefined);
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(f.dataDir, 'permissions.json'), 'utf8')).rateLimits, undefined);
  });

  it('refuses to set a limit for an unknown role or operation, prototype names included, rather than report an empty change (fuzzer, stop 29)', async () => {
    for (const [role, operation] of [
      ['developer', '__proto__'],
      ['developer', 'constructor'],
      ['__proto__', 'learning.record'],
      ['toString', '*'],
      ['no-such-role', 'learning.record'],
    ]) {
      await assert.rejects(f.security.access.setRateLimit(role!, operation!, { perMinute: 5, burst: 5 }), /unknown (role|operation)/, `${role} ${operation}`);
    }
    assert.strictEqual(f.security.access.state.rateLimits, undefined);
  });

  it('is changed by admins only, through the gate', async () => {
    const admin = new SecurityAdmin(f.security.gate, f.security.access, f.security.tokens);
    await assert.rejects(admin.setRateLimit(BOT, 'agent-client', 'learning.record', { perMinute: 1e6, burst: 1e6 }), /lacks the "admin" permission/);
    await f.security.access.grant('token:boss', 'admin');
    await admin.setRateLimit('token:boss', 'agent-client', 'learning.record', { perMinute: 600, burst: 50 });
    assert.deepStrictEqual(f.security.access.rateLimitFor(BOT, 'learning.record'), { perMinute: 600, burst: 50 });
  });

  it('refuses a file with an unknown role or operation, a bad limit, or prototype names', () => {
    const file = (rateLimits: unknown) => ({ version: 1, roles: { 'agent-client': ['command_agent'] }, grants: {}, policies: [], rateLimits });
    assert.deepStrictEqual(parsePermissionState(file({ 'agent-client': { 'learning.record': { perMinute: 10, burst: 2 } } }), 'p').rateLimits, {
      'agent-client': { 'learning.record': { perMinute: 10, burst: 2 } },
    });
    const bad: Array<[unknown, RegExp]> = [
      [{ robots: { '*': { perMinute: 1, burst: 1 } } }, /unknown role "robots"/],
      [{ 'agent-client': { 'learning.forget': { perMinute: 1, burst: 1 } } }, /unknown operation "learning.forget"/],
      [{ 'agent-client': { 'learning.record': { perMinute: 0, burst: 1 } } }, /perMinute > 0 and burst ≥ 1/],
      [{ 'agent-client': { 'learning.record': { perMinute: '9', burst: 1 } } }, /perMinute > 0 and burst ≥ 1/],
      [{ 'agent-client': [] }, /must map operation ids/],
      [[], /must map roles/],
      [JSON.parse('{"__proto__": {"*": {"perMinute": 1, "burst": 1}}}'), /unknown role "__proto__"/],
      [JSON.parse('{"toString": {"*": {"perMinute": 1, "burst": 1}}}'), /unknown role "toString"/],
      [JSON.parse('{"agent-client": {"__proto__": {"perMinute": 1, "burst": 1}}}'), /unknown operation "__proto__"/],
      [JSON.parse('{"agent-client": {"constructor": {"perMinute": 1, "burst": 1}}}'), /unknown operation "constructor"/],
    ];
    for (const [limits, message] of bad) assert.throws(() => parsePermissionState(file(limits), 'p'), message);
  });
});
