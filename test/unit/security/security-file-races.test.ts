// Fifteenth red team: two hosts on one data folder change tokens.json or permissions.json; each change
// is made to the file as it is on disk, under its lock, so neither undoes the other. A role named after
// an Object.prototype member is an unknown role, not a crash.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import { nodeRealPath } from '../../../src/adapters/node-real-path';
import { silentLogger } from '../../../src/orchestrator/ports';
import { createSecurityCore } from '../../../src/orchestrator/security/security-core';
import { FakeClock } from '../../fakes/fake-clock';
import { EXPERT_TOOLS, LOCAL, tempDir } from './security-fixture';

describe('security files changed by two hosts at once', () => {
  const clock = new FakeClock(Date.UTC(2025, 0, 15, 12));
  let tmp: string;
  let dataDir: string;
  /** A host (the extension, the CLI, the MCP server) on the shared data folder, started now, as hosts are: with the store file system. */
  const host = () =>
    createSecurityCore({
      fs: new NodeStoreFileSystem(),
      clock,
      logger: silentLogger,
      realPath: nodeRealPath,
      dataDir,
      localPrincipal: LOCAL,
      workspaceRoots: [tmp],
      expertTools: (id) => EXPERT_TOOLS[id],
      settings: { localRole: 'admin' },
    });
  let f: { security: Awaited<ReturnType<typeof host>>; dataDir: string };
  let secondHost: typeof host;
  beforeEach(async () => {
    tmp = tempDir('bt-races-');
    dataDir = path.join(tmp, 'data');
    f = { security: await host(), dataDir };
    secondHost = host;
  });
  afterEach(async () => {
    await f.security.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps a revocation made by one host when another, started before it, issues a token', async () => {
    const { token, record } = await f.security.tokens.issue('token:ci');
    const other = await secondHost();
    try {
      await f.security.tokens.revoke(record.id);
      await other.tokens.issue('token:bot'); // wrote back its copy from before the revocation
      const onDisk = JSON.parse(fs.readFileSync(path.join(f.dataDir, 'tokens.json'), 'utf8')) as { tokens: Array<{ id: string; revokedAt?: number }> };
      assert.ok(onDisk.tokens.find((t) => t.id === record.id)?.revokedAt, 'still revoked on disk');
      assert.strictEqual(onDisk.tokens.length, 2);
      await other.refresh();
      await assert.rejects(other.tokens.authenticate(token), /revoked/);
      // Issued at the same moment by both hosts: both tokens are kept.
      await Promise.all([f.security.tokens.issue('token:a'), other.tokens.issue('token:b')]);
      await f.security.refresh();
      assert.deepStrictEqual(
        f.security.tokens
          .list()
          .map((t) => t.principal)
          .sort(),
        ['token:a', 'token:b', 'token:bot', 'token:ci'],
      );
    } finally {
      await other.dispose();
    }
  });

  it('keeps both hosts’ grants', async () => {
    const other = await secondHost();
    try {
      await Promise.all([f.security.access.grant('token:a', 'viewer'), other.access.grant('token:b', 'developer')]);
      await f.security.access.grant('token:c', 'viewer');
      await other.access.revoke('token:a', 'viewer');
      const onDisk = JSON.parse(fs.readFileSync(path.join(f.dataDir, 'permissions.json'), 'utf8')) as { grants: Record<string, unknown> };
      assert.deepStrictEqual(Object.keys(onDisk.grants).sort(), ['token:b', 'token:c']);
    } finally {
      await other.dispose();
    }
  });

  it('refuses a role named after an Object.prototype member, and checks keep working', async () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'])
      await assert.rejects(f.security.access.grant(LOCAL, name), /neither a permission .* nor a role/, name);
    // Written into the file by hand: the file is refused as a whole (fail closed), nothing throws later.
    fs.writeFileSync(
      path.join(f.dataDir, 'permissions.json'),
      JSON.stringify({ version: 1, roles: {}, grants: { 'token:x': { roles: ['constructor'], permissions: [] } }, policies: [] }),
    );
    await f.security.refresh();
    assert.deepStrictEqual([...f.security.access.permissionsOf('token:x')], []);
    assert.strictEqual(f.security.access.authorize(LOCAL, 'learning.read').allowed, true, 'the local admin role still applies');
  });
});
