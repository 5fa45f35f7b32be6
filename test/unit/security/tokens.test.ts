// TokenAuthority: hashes only on disk, expiry, revocation, forged and replayed requests, sessions.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AuthenticationError } from '../../../src/orchestrator/security/errors';
import { Fixture, makeFixture } from './security-fixture';

const reason = (r: AuthenticationError['reason']) => (e: unknown) => e instanceof AuthenticationError && e.reason === r;

describe('TokenAuthority', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await makeFixture();
  });
  afterEach(() => f.cleanup());

  it('issues a token that authenticates and is stored only as a hash', async () => {
    const { token, record } = await f.security.tokens.issue('token:ci', { ttlMs: 3_600_000 });
    const secret = /^bt_[a-f0-9]{16}_([A-Za-z0-9_-]{43})$/.exec(token)?.[1];
    assert.ok(secret, token);
    const onDisk = fs.readFileSync(path.join(f.dataDir, 'tokens.json'), 'utf8');
    // The whole secret (base64url, so it may itself hold "_": splitting the token at "_" took only its
    // first piece, at times empty or a few characters that occur in the file by chance: 1 failure in a
    // fresh-clone run).
    assert.ok(!onDisk.includes(secret), 'the secret is not on disk');
    assert.ok(onDisk.includes(record.hash));
    assert.deepStrictEqual(await f.security.tokens.authenticate(token, 'cli'), { principal: 'token:ci', tokenId: record.id });
    const audit = f.security.audit.getRecentEvents(1)[0]!;
    assert.strictEqual(audit.type, 'auth_success');
    assert.ok(!JSON.stringify(audit).includes(token), 'the token is never audited');
  });

  it('rejects expired, revoked, forged, unknown and malformed tokens and audits each', async () => {
    const { token, record } = await f.security.tokens.issue('token:ci', { ttlMs: 60_000 });
    const forged = `${token.slice(0, -4)}AAAA`;
    await assert.rejects(f.security.tokens.authenticate(forged), reason('forged'));
    await assert.rejects(f.security.tokens.authenticate(`bt_${'0'.repeat(16)}_${'A'.repeat(43)}`), reason('unknown'));
    await assert.rejects(f.security.tokens.authenticate('Bearer something'), reason('malformed'));
    await assert.rejects(f.security.tokens.authenticate(undefined), reason('malformed'));
    f.clock.advance(60_000);
    await assert.rejects(f.security.tokens.authenticate(token), reason('expired'));
    const second = await f.security.tokens.issue('token:ci');
    await f.security.tokens.revoke(second.record.id);
    await assert.rejects(f.security.tokens.authenticate(second.token), reason('revoked'));
    const failures = await f.security.audit.searchEvents({ type: 'auth_failure' });
    assert.strictEqual(failures.length, 6);
    assert.ok(failures.some((r) => r.severity === 'critical' && r.details?.reason === 'forged' && r.details?.tokenId === record.id));
  });

  it('refuses replayed and stale requests', async () => {
    const { token } = await f.security.tokens.issue('token:ci');
    const request = { token, nonce: 'nonce-0001', timestamp: f.clock.now() };
    await f.security.tokens.authenticateRequest(request, 'mcp');
    await assert.rejects(f.security.tokens.authenticateRequest(request, 'mcp'), reason('replayed'));
    await assert.rejects(f.security.tokens.authenticateRequest({ ...request, nonce: 'nonce-0002', timestamp: f.clock.now() - 10 * 60_000 }), reason('stale'));
    await assert.rejects(f.security.tokens.authenticateRequest({ ...request, nonce: 'x' }), reason('malformed'));
    await f.security.tokens.authenticateRequest({ ...request, nonce: 'nonce-0003' });
  });

  it('tracks sessions that end on idle, expiry and revocation', async () => {
    const { token, record } = await f.security.tokens.issue('token:ci', { ttlMs: 3 * 3_600_000 });
    const session = await f.security.tokens.startSession(token, 'mcp');
    assert.strictEqual(f.security.tokens.touchSession(session.id).principal, 'token:ci');
    assert.strictEqual(f.security.tokens.listSessions().length, 1);
    f.clock.advance(61 * 60_000);
    assert.throws(() => f.security.tokens.touchSession(session.id), reason('session'));
    const again = await f.security.tokens.startSession(token, 'mcp');
    await f.security.tokens.revoke(record.id);
    assert.throws(() => f.security.tokens.touchSession(again.id), reason('session'));
    assert.deepStrictEqual(f.security.tokens.listSessions(), []);
  });

  it('only issues to token principals with a bounded lifetime', async () => {
    await assert.rejects(f.security.tokens.issue('local:me'), /token:<name>/);
    await assert.rejects(f.security.tokens.issue('token:x', { ttlMs: 0 }), /lifetime/);
  });
});
