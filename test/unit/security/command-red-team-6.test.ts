// The sixth, seventh and eighth red teams of the command check (stop 25): each command below was allowed, and
// run in a copy of a workspace it ran code, wrote protected files or outside the workspace, or changed
// other processes. Each now asks or is refused.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CommandGuard, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';
import { COMMANDS_AUTO_APPROVED, fixturePerTest } from './security-fixture';

const ROOT = path.resolve('/work/space');

describe('command check: sixth red team', () => {
  const guard = new CommandGuard(DEFAULT_COMMAND_RULES, [ROOT], 'linux');
  const verdict = (command: string) => guard.evaluate(command).verdict;

  it('refuses git --shallow-file, which took "status" as its value and ran whatever followed', () => {
    for (const c of [
      "git --shallow-file status -c alias.st='!touch /tmp/pwned' st",
      "git --shallow-file status config core.fsmonitor 'touch /tmp/pwned'",
      'git --shallow-file=x status',
    ])
      assert.strictEqual(verdict(c), 'deny', c);
  });

  it('asks for any global git option it does not know, and for -h and -v, which are not the command they look like', () => {
    for (const c of ['git --no-such-option status', 'git -h status -w', 'git --version', 'git -v status', 'git -Q status'])
      assert.strictEqual(verdict(c), 'ask', c);
    for (const c of ['git --no-pager status', 'git -P log --oneline -5', 'git --literal-pathspecs diff', 'git --no-optional-locks status'])
      assert.strictEqual(verdict(c), 'allow', c);
  });

  it('sees a path at the end of a cluster of short options (-RO/etc/shadow is -R -O /etc/shadow)', () => {
    assert.strictEqual(verdict('git diff -RO/etc/shadow'), 'ask');
    assert.match(guard.evaluate('git diff -RO/etc/shadow').reason, /\/etc\/shadow/);
    assert.strictEqual(verdict('git diff -R'), 'allow');
  });

  it('asks for ionice on other processes (-p, -P, -u) and for its real-time class', () => {
    for (const c of [
      'ionice -c 3 -p 1234 ls',
      'ionice --pid=1234 git status',
      'ionice -P 1 git status',
      'ionice -c 3 -u 0 pwd',
      'ionice -c 1 -n 0 npm test',
      'ionice -c realtime git status',
      'ionice --class=1 git status',
      'ionice -tc1 git status',
    ])
      assert.strictEqual(verdict(c), 'ask', c);
    for (const c of ['ionice -c 3 git status', 'ionice --class=2 -n 7 git status', 'ionice -c idle git status']) assert.strictEqual(verdict(c), 'allow', c);
  });

  it('checks options after "--" too: git log\'s own options (--decorate-refs, -L) take "--" as their value', () => {
    // Run in a copy, the first line replaced package.json with a test script of its choosing, which
    // `npm test` then ran; --output=node_modules/.bin/tsc did the same for `npx tsc --noEmit`.
    for (const c of [
      `git log -1 --decorate-refs -- --output=package.json '--format=format:{"scripts":{"test":"touch /tmp/x"}}'`,
      'git log -1 --decorate-refs -- --output=node_modules/.bin/tsc',
      'git log -L -- --output=tsconfig.json',
      'git log --decorate-refs-exclude -- --output=.vscode/settings.json',
      'git log --decorate-refs -- --output package.json',
      'git log --decorate-refs -- --ext-diff -p',
      'git log --decorate-refs -- --no-index',
    ])
      assert.strictEqual(verdict(c), 'deny', c);
    assert.strictEqual(verdict('git log --decorate-refs -- --show-signature'), 'ask');
    for (const c of ['git log -- src/a.ts', 'git diff -- src', 'git log --oneline -5 -- README.md']) assert.strictEqual(verdict(c), 'allow', c);
  });

  it('asks for a change of folder (git -C, env -C/--chdir): the names after it are read from there, through links the check does not follow', () => {
    // Run in a copy with src/sec -> a folder holding a key and src/proj -> another project: the first printed
    // the key (git diff outside a repository compares two files), the second ran the other project's test script.
    for (const c of [
      'git -C src -C sec diff id_rsa id_rsa.pub',
      'env -C src env -C proj npm test',
      'env -C src git -C sec diff id_rsa id_rsa.pub',
      'env -C src npx tsc --noEmit --pretty secret.ts',
      'env --chdir=src ls -la',
      'git -C src status',
    ])
      assert.notStrictEqual(verdict(c), 'allow', c);
    assert.strictEqual(verdict('git -C src push'), 'deny', 'a deny rule on the real command still refuses it');
    assert.strictEqual(verdict('git -C . status'), 'allow');
  });

  it('asks for a program name in capitals (the shell runs the file with that exact name; the rules match lower case)', () => {
    assert.strictEqual(verdict('LS -la'), 'ask');
    assert.strictEqual(verdict('Git status'), 'ask');
    assert.strictEqual(verdict('ls -la'), 'allow');
  });

  it('asks for a tsc project named with a trailing separator after a file name (tsc reads "evil.json/" as evil.json)', () => {
    assert.strictEqual(verdict('npx tsc --noEmit -p evil.json/'), 'ask');
    assert.strictEqual(verdict('npx tsc --noEmit -p src/'), 'allow');
  });

  describe('through the gate: every configuration tsc reads must be a protected file', () => {
    const fixture = fixturePerTest(COMMANDS_AUTO_APPROVED);
    const decide = (command: string) => fixture().security.gate.commandDecision(command);
    const write = (relative: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(fixture().workspace, relative)), { recursive: true });
      fs.writeFileSync(path.join(fixture().workspace, relative), text);
    };

    it('asks when the protected tsconfig.json extends a file an agent may write (incremental + tsBuildInfoFile write anywhere, even with --noEmit)', async () => {
      write('tsconfig.json', '// the project\n{ "extends": "./config/base.json", "compilerOptions": { "strict": true, }, }');
      write('config/base.json', '{ "compilerOptions": { "incremental": true, "tsBuildInfoFile": "/tmp/anywhere" } }');
      const decision = await decide('npx tsc --noEmit');
      assert.strictEqual(decision.verdict, 'ask');
      assert.match(decision.reason, /config\/base\.json, which is not a protected file/);
      assert.strictEqual((await decide('timeout 60 npx tsc --noEmit')).verdict, 'ask', 'behind a wrapper too');
      write('sub/tsconfig.json', '{ "extends": "../config/base.json" }');
      assert.strictEqual((await decide('npx tsc --noEmit -p sub/')).verdict, 'ask', 'a folder project: its tsconfig.json and what that extends');
    });

    it('allows chains of protected files and packages, and asks for files outside the workspace or that cannot be read', async () => {
      write('tsconfig.json', '{ "extends": ["@tsconfig/node20/tsconfig.json", "./tsconfig.base"] }');
      write('tsconfig.base.json', '{ "compilerOptions": {} }');
      assert.strictEqual((await decide('npx tsc --noEmit')).verdict, 'allow');
      assert.strictEqual((await decide('npx tsc --noEmit -p tsconfig.json')).verdict, 'allow');
      write('tsconfig.json', '{ "extends": "../outside/tsconfig.json" }');
      assert.match((await decide('npx tsc --noEmit')).reason, /outside the workspace/);
      write('tsconfig.json', '{ broken');
      assert.match((await decide('npx tsc --noEmit')).reason, /could not be read/);
      write('tsconfig.json', '{ "extends": "./a.json" }');
      write('a.json', '{ "extends": "./tsconfig.json" }');
      assert.strictEqual((await decide('npx tsc --noEmit')).verdict, 'ask', 'a.json is not protected (and the chain is circular)');
    });
  });
});
