// `big-three audit|token|permissions`: admin-only changes through the gate, token authentication,
// audit verification with exit code 4 on tampering.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../../src/cli/main';
import { tempDir } from './security-fixture';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

describe('big-three security commands', () => {
  let tmp: string;
  const savedRole = process.env.BIG_THREE_LOCAL_ROLE;
  const savedToken = process.env.BIG_THREE_TOKEN;

  async function cli(env: { role?: string; token?: string }, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    if (env.role) process.env.BIG_THREE_LOCAL_ROLE = env.role;
    else delete process.env.BIG_THREE_LOCAL_ROLE;
    if (env.token) process.env.BIG_THREE_TOKEN = env.token;
    else delete process.env.BIG_THREE_TOKEN;
    const code = await runCli([...args, '--agents', path.join(repoRoot, 'agentpool'), '--workspace', tmp, '--data-dir', path.join(tmp, 'data')], {
      out: (t) => (out += `${t}\n`),
      err: (t) => (err += `${t}\n`),
    });
    return { code, out, err };
  }

  before(() => {
    tmp = tempDir('bt-sec-cli-');
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (savedRole === undefined) delete process.env.BIG_THREE_LOCAL_ROLE;
    else process.env.BIG_THREE_LOCAL_ROLE = savedRole;
    if (savedToken === undefined) delete process.env.BIG_THREE_TOKEN;
    else process.env.BIG_THREE_TOKEN = savedToken;
  });

  it('refuses admin commands to a developer, with the reason', async () => {
    const r = await cli({}, 'token', 'issue', 'ci');
    assert.strictEqual(r.code, 1);
    assert.match(r.err, /lacks the "admin" permission needed to issue an api token \(your local role is "developer"/);
  });

  it('issues a token as admin; the token then authenticates and carries its role only', async () => {
    const issued = await cli({ role: 'admin' }, 'token', 'issue', 'ci', '--role', 'viewer', '--json');
    assert.strictEqual(issued.code, 0, issued.err);
    const { token, principal } = JSON.parse(issued.out) as { token: string; principal: string };
    assert.strictEqual(principal, 'token:ci');
    const show = await cli({ token }, 'permissions', 'show', '--json');
    assert.strictEqual(show.code, 1, 'a viewer token may not read the grants');
    assert.match(show.err, /token:ci lacks the "admin" permission needed to view issued tokens/);
    for (const args of [
      ['token', 'list'],
      ['audit', 'list'],
      ['audit', 'summary'],
    ]) {
      const none = await cli({ role: 'none' }, ...args);
      assert.strictEqual(none.code, 1, `${args.join(' ')} with role none`);
    }
    const adminShow = await cli({ role: 'admin' }, 'permissions', 'show', '--json');
    assert.strictEqual(adminShow.code, 0, adminShow.err);
    const grant = await cli({ token }, 'permissions', 'grant', 'token:ci', 'admin');
    assert.strictEqual(grant.code, 1);
    assert.match(grant.err, /token:ci lacks the "admin" permission/);
    const forged = await cli({ token: `${token.slice(0, -3)}abc` }, 'permissions', 'show');
    assert.strictEqual(forged.code, 1);
    assert.match(forged.err, /forged or mistyped/);
    const list = await cli({ role: 'admin' }, 'audit', 'list', '--type', 'authorization_denied', '--json');
    const denied = list.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { user: string; operation: string });
    assert.strictEqual(denied.filter((d) => d.operation !== 'security.view').length, 2, list.out);
    assert.ok(denied.some((d) => d.user === 'token:ci' && d.operation === 'security.grant'));
    assert.ok(denied.some((d) => d.user.startsWith('local:') && d.operation === 'token.issue'));
  });

  it('issues no token for a role that does not exist', async () => {
    const bad = await cli({ role: 'admin' }, 'token', 'issue', 'typo', '--role', 'superuser');
    assert.strictEqual(bad.code, 1);
    assert.match(bad.err, /"superuser" is neither a permission .* nor a role/);
    const list = JSON.parse((await cli({ role: 'admin' }, 'token', 'list', '--json')).out) as Array<{ principal: string; revokedAt?: number }>;
    assert.ok(
      list.filter((t) => t.principal === 'token:typo').every((t) => t.revokedAt !== undefined),
      'no live token was left behind (review of stop 39)',
    );
    const show = JSON.parse((await cli({ role: 'admin' }, 'permissions', 'show', '--json')).out) as { grants?: Record<string, unknown> };
    assert.strictEqual(show.grants?.['token:typo'], undefined, 'and no grant');
  });

  it('lets a viewer token index, search and read learning statistics headless, where nobody can be asked, but not record', async () => {
    // Review of stop 39: every read by a token asked for approval, so CI's viewer token could do nothing.
    const issued = await cli({ role: 'admin' }, 'token', 'issue', 'reader', '--role', 'viewer', '--json');
    const { token } = JSON.parse(issued.out) as { token: string };
    fs.writeFileSync(path.join(tmp, 'invoice.ts'), 'export function roundInvoiceTotal(cents: number) { return Math.round(cents); }\n');
    const index = await cli({ token }, 'index', tmp);
    assert.strictEqual(index.code, 0, index.err);
    const search = await cli({ token }, 'search', 'round the invoice total', '--json');
    assert.strictEqual(search.code, 0, search.err);
    assert.match(search.out, /invoice\.ts/);
    const stats = await cli({ token }, 'learning', 'stats', '--json');
    assert.strictEqual(stats.code, 0, stats.err);
    const record = await cli({ token }, 'learning', 'record', 'round totals', '--agent', 'backend-architect', '--success');
    assert.strictEqual(record.code, 1);
    assert.match(record.err, /token:reader lacks the "command_agent" permission/);
  });

  it('verifies the audit log and exits 4 once a line is edited', async () => {
    const ok = await cli({}, 'audit', 'verify');
    assert.strictEqual(ok.code, 0, ok.err);
    assert.match(ok.out, /audit log intact: \d+ records/);
    const file = path.join(tmp, 'data', 'security', 'audit', 'audit.jsonl');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('token:ci', 'token:xx'));
    const broken = await cli({}, 'audit', 'verify');
    assert.strictEqual(broken.code, 4);
    assert.match(broken.err, /audit log BROKEN \(1 break\(s\)[\s\S]*audit\.jsonl:\d+: the record does not match its hash/);
  });

  it('rejects bad usage with exit code 2', async () => {
    assert.strictEqual((await cli({}, 'audit', 'list', '--severity', 'loud')).code, 2);
    assert.strictEqual((await cli({ role: 'root' }, 'audit', 'verify')).code, 2);
  });
});
