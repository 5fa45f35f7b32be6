// Agent commands through the gate with command auto-approve on: allowed commands run unasked, a name
// inside the workspace that is a symlink leading out of it asks, denied commands are refused and audited.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ApprovalDeniedError, CommandViolationError } from '../../../src/orchestrator/security/errors';
import { checkCommand } from '../../../src/cli/commands/security';
import { COMMANDS_AUTO_APPROVED, LOCAL, fixturePerTest } from './security-fixture';
import { DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';

describe('agent commands through the gate', () => {
  const fixture = fixturePerTest(COMMANDS_AUTO_APPROVED);
  const run = (command: string) => fixture().security.gate.enforce({ principal: LOCAL, operation: 'command.run', actingExpert: 'backend-architect', command });

  it('runs allow-listed commands unasked', async () => {
    assert.strictEqual((await run('git status')).approvedBy, 'auto-approve');
    assert.strictEqual((await run('ls src')).approvedBy, 'auto-approve');
  });

  it('asks when an argument is a symlink leading outside the workspace', async () => {
    fs.symlinkSync('/etc', path.join(fixture().workspace, 'etc-link'));
    await assert.rejects(
      run('ls etc-link'),
      (e: unknown) => e instanceof ApprovalDeniedError && /leads outside the workspace through a symbolic link/.test(e.message),
    );
    await assert.rejects(run('git log -- etc-link/passwd'), ApprovalDeniedError);
  });

  it('asks when a link is named like an option (after --, a program opens it as a file)', async () => {
    fs.symlinkSync('/etc', path.join(fixture().workspace, '-x'));
    for (const command of ['ls -laH -- -x', 'ls -- -x', 'git log -- -x'])
      await assert.rejects(run(command), (e: unknown) => e instanceof ApprovalDeniedError && /symbolic link/.test(e.message), command);
    assert.strictEqual((await run('ls -la src')).approvedBy, 'auto-approve', 'an option that names no file is still fine');
  });

  it("asks when the link is the 65th name, and check-command gives the gate's verdict", async () => {
    fs.symlinkSync('/etc', path.join(fixture().workspace, 'etc-link'));
    const many = `ls ${Array.from({ length: 64 }, (_, i) => `n${i}`).join(' ')} etc-link`;
    await assert.rejects(run(many), (e: unknown) => e instanceof ApprovalDeniedError && /more than 64 file names|symbolic link/.test(e.message));
    assert.strictEqual(fixture().security.commands().evaluate('ls etc-link').verdict, 'allow', 'the words alone look harmless');
    const printed = await checkCommand(fixture().security, { catalog: { find: () => undefined } } as never, 'ls etc-link', undefined);
    assert.deepStrictEqual(printed.verdict, 'ask', 'check-command follows the link as the gate does');
    assert.match(printed.reason, /symbolic link/);
  });

  it('says why when a name cannot be followed at all, instead of blaming a symbolic link (red team of stop 38)', async () => {
    const long = 'a'.repeat(300);
    await assert.rejects(
      run(`ls ${long}`),
      (e: unknown) => e instanceof ApprovalDeniedError && /cannot be followed on disk \(.*\), so where it leads cannot be checked/.test(e.message),
    );
    fs.symlinkSync(path.join(fixture().workspace, 'nowhere'), path.join(fixture().workspace, 'dangling'));
    await assert.rejects(run('ls dangling'), (e: unknown) => e instanceof ApprovalDeniedError && /symbolic link to nothing/.test(e.message));
  });

  it('refuses denied commands and audits them as violations', async () => {
    await assert.rejects(run('GIT_EXTERNAL_DIFF=sh git diff'), CommandViolationError);
    const last = fixture().security.audit.getRecentEvents(1)[0]!;
    assert.strictEqual(last.type, 'security_violation');
    assert.ok(!JSON.stringify(last).includes('\u001b'));
  });
});

describe('agent commands that write protected files (red team of stop 38)', () => {
  const fixture = fixturePerTest({
    ...COMMANDS_AUTO_APPROVED,
    commandRules: {
      ...DEFAULT_COMMAND_RULES,
      allow: [...DEFAULT_COMMAND_RULES.allow, 'sed', 'cp', 'mv', 'tee', 'rm', 'touch', 'sort', 'ln', 'gzip', 'tar', 'find', 'mktemp', 'zstd'],
    },
  });
  const run = (command: string) => fixture().security.gate.enforce({ principal: LOCAL, operation: 'command.run', actingExpert: 'backend-architect', command });
  /** Each command is refused approval with a reason matching `why` (a few per test: refusals count against the rate limit). */
  const asks = async (commands: readonly string[], why: RegExp) => {
    for (const command of commands) await assert.rejects(run(command), (e: unknown) => e instanceof ApprovalDeniedError && why.test(e.message), command);
  };

  it('asks before a writing program changes a protected file, as an edit of it asks', async () => {
    fs.mkdirSync(path.join(fixture().workspace, '.vscode'), { recursive: true });
    await asks(
      [
        'sed -i s/jest/curl/ package.json',
        'sed -Ei s/a/b/ package.json',
        'cp tasks.json .vscode/tasks.json',
        'cp tasks.json .vscode',
        'cp -t .vscode tasks.json',
        'mv package.json old.json',
        'tee .vscode/settings.json',
        'rm package.json',
      ],
      /a protected file \(/,
    );
  });

  it('reads the written names as GNU tools do: an option in a cluster, an abbreviated long option', async () => {
    fs.mkdirSync(path.join(fixture().workspace, '.vscode'), { recursive: true });
    await asks(
      [
        'cp -vt .vscode tasks.json',
        'cp --target=.vscode tasks.json',
        'sed --in s/a/b/ package.json',
        'sed -i.bak s/a/b/ package.json',
        'sed -n -i -e s/a/b/ package.json',
        'sort -uo package.json notes.txt',
      ],
      /a protected file \(/,
    );
  });

  it('asks when a folder written as a whole holds protected files: moved, copied into, or the workspace folder itself (second red team)', async () => {
    fs.mkdirSync(path.join(fixture().workspace, '.vscode'), { recursive: true });
    fs.mkdirSync(path.join(fixture().workspace, 'evil'), { recursive: true });
    await asks(
      ['mv .vscode vsc', 'cp -r evil/. .vscode', 'cp -rT evil .github', 'cp -r evil/. .', 'ln package.json src/hl', "sed -n 'w package.json' notes.txt"],
      /protected file/,
    );
  });

  it('asks when a backup, a restored or compressed file, an archive or a find/mktemp output is a protected file (third red team)', async () => {
    fs.mkdirSync(path.join(fixture().workspace, '.github', 'workflows'), { recursive: true });
    await asks(
      [
        'cp -b -S .json notes.txt package',
        'gzip -df package.json.gz',
        'tar cf Makefile src', // (a secret file's name, .env, asks on its own since red team 41)
        'find src -name a.txt -fprint package.json',
        'tar xf evil.tar -C src -C .',
        'mktemp -p .github/workflows',
      ],
      /protected file|where protected files are/,
    );
  });

  it("reads a compressor's and tar's letters up to one that takes a value (the rest of the word is its value)", async () => {
    await asks(['zstd -d x.zst -opackage.json', 'tar cCf src package.json notes.txt'], /package\.json, a protected file/);
  });

  it('asks when the destination folder is a link to a protected folder', async () => {
    fs.mkdirSync(path.join(fixture().workspace, '.vscode'), { recursive: true });
    fs.symlinkSync('.vscode', path.join(fixture().workspace, 'settings-folder'));
    await asks(['cp tasks.json settings-folder'], /\.vscode\/tasks\.json, a protected file/);
  });

  it("removes or copies into the workspace folder unasked: a link removed is the link, the folder itself is not written (second red team's over-asking)", async () => {
    fs.mkdirSync(path.join(fixture().workspace, 'src'), { recursive: true });
    fs.writeFileSync(path.join(fixture().workspace, 'package.json'), '{}');
    fs.symlinkSync('../package.json', path.join(fixture().workspace, 'src', 'pj'));
    for (const command of ['rm src/pj', 'cp src/a.txt .', 'mv src/a.txt .', 'cp -r src out'])
      assert.strictEqual((await run(command)).approvedBy, 'auto-approve', command);
  });

  it('runs the same programs unasked on other files, and when they only read a protected one', async () => {
    for (const command of ['sed -i s/a/b/ src/a.ts', 'sed -n 1p package.json', 'cp package.json backup.json', 'touch src/new.ts', 'tee notes.txt'])
      assert.strictEqual((await run(command)).approvedBy, 'auto-approve', command);
  });
});
