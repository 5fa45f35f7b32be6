// tokens.json and permissions.json as every host reads them again (LockedJsonFile): a rewrite another
// process made is seen even when it keeps the size and the modification time, and a file that turns
// invalid after start leaves nothing granted until it is fixed (fail closed).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import { silentLogger } from '../../../src/orchestrator/ports';
import { PermissionStore } from '../../../src/orchestrator/security/permission-store';
import { BUILTIN_ROLES } from '../../../src/orchestrator/security/permissions';
import { TokenStore } from '../../../src/orchestrator/security/token-store';
import { FakeClock } from '../../fakes/fake-clock';
import { tempDir } from './security-fixture';

const clock = new FakeClock(Date.UTC(2025, 0, 15, 12));
const permission = BUILTIN_ROLES.viewer![0]!;
const grantOf = (role: string) =>
  `${JSON.stringify({ version: 1, roles: { reader: [permission], writer: [permission] }, grants: { 'token:bob': { roles: [role], permissions: [] } }, policies: [] })}\n`;

describe('security files read again by every host', () => {
  let tmp: string;
  beforeEach(() => (tmp = tempDir('bt-locked-json-')));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('sees a rewrite of the same size and modification time (review of stop 29)', async () => {
    const file = path.join(tmp, 'permissions.json');
    // Whole seconds, so the time set again after the rewrite is exactly the one the store saw.
    const when = new Date(Date.UTC(2025, 0, 15, 12));
    fs.writeFileSync(file, grantOf('reader'));
    fs.utimesSync(file, when, when);
    const store = await PermissionStore.load(new NodeStoreFileSystem(), file, clock, silentLogger);
    assert.deepStrictEqual(store.snapshot.grants['token:bob']?.roles, ['reader']);
    const before = fs.statSync(file);
    fs.writeFileSync(file, grantOf('writer')); // in place: the same inode
    fs.utimesSync(file, when, when);
    const after = fs.statSync(file);
    assert.deepStrictEqual([after.size, after.mtimeMs, after.ino], [before.size, before.mtimeMs, before.ino]);
    await store.refresh();
    assert.deepStrictEqual(store.snapshot.grants['token:bob']?.roles, ['writer']);
  });

  it('grants nothing while the permissions file is invalid, and again once it is fixed', async () => {
    const file = path.join(tmp, 'permissions.json');
    fs.writeFileSync(file, grantOf('reader'));
    const store = await PermissionStore.load(new NodeStoreFileSystem(), file, clock, silentLogger);
    fs.writeFileSync(file, '{"version": 1, "grants": ');
    await store.refresh();
    assert.deepStrictEqual(store.snapshot.grants, {});
    await store.refresh();
    assert.deepStrictEqual(store.snapshot.grants, {}, 'still nothing while it stays invalid');
    fs.writeFileSync(file, grantOf('writer'));
    await store.refresh();
    assert.deepStrictEqual(store.snapshot.grants['token:bob']?.roles, ['writer']);
  });

  it('accepts no token while the token file is invalid', async () => {
    const file = path.join(tmp, 'tokens.json');
    const record = { id: 'a'.repeat(16), principal: 'token:ci', hash: 'b'.repeat(64), createdAt: 1, expiresAt: Date.UTC(2030, 0, 1) };
    fs.writeFileSync(file, JSON.stringify({ version: 1, tokens: [record] }));
    const store = await TokenStore.load(new NodeStoreFileSystem(), file, clock, silentLogger);
    assert.strictEqual(store.find(record.id)?.principal, 'token:ci');
    fs.writeFileSync(file, 'not json');
    await store.refresh();
    assert.deepStrictEqual(store.all, []);
  });
});
