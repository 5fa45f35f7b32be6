// The third red team of the command check (stop 23): each command below was allowed and, run by bash,
// wrote files, ran code, read outside the workspace or reached the network. Each now asks or is refused.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { nodeRealPath } from '../../../src/adapters/node-real-path';
import { CommandGuard, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';
import { projectAboveWorkspace } from '../../../src/orchestrator/security/commands/real-locations';
import { COMMANDS_AUTO_APPROVED, fixturePerTest } from './security-fixture';

const ROOT = path.resolve('/work/space');

describe('command check: third red team', () => {
  const strict = new CommandGuard(DEFAULT_COMMAND_RULES, [ROOT], 'linux');
  const loose = new CommandGuard({ ...DEFAULT_COMMAND_RULES, allowShellMetacharacters: true }, [ROOT], 'linux');
  const verdict = (guard: CommandGuard, command: string) => guard.evaluate(command).verdict;

  it('refuses git --bare, which reads the config of any folder it is pointed at', () => {
    assert.strictEqual(verdict(strict, 'git -C evil --bare diff HEAD~1 HEAD'), 'deny');
    assert.strictEqual(verdict(strict, 'git --bare log'), 'deny');
  });

  it('asks for env options that undo the environment the runner sets, or keep a command from being stopped', () => {
    for (const c of [
      'env -i git -C evil diff',
      'env -u GIT_CONFIG_COUNT git diff',
      'env --unset=X git status',
      'env -iu X ls',
      'env --ignore-signal=TERM npm test',
    ])
      assert.strictEqual(verdict(strict, c), 'ask', c);
    assert.strictEqual(verdict(strict, 'env git status'), 'allow');
  });

  it('reads braces in time linear in the command (a near-limit line of "{," once took most of a second)', () => {
    const line = `echo ${'{,'.repeat(997)}`;
    const started = process.hrtime.bigint();
    loose.evaluate(line);
    strict.evaluate(line);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 300, 'well under the cubic case');
  });

  it('sees brace expansions that span quoted parts or nest', () => {
    for (const c of [
      'git diff {--stat=1,"--output=/tmp/x"}',
      'git log -1 \'--format=x\' {-1,"--output=.git/config"}',
      'git log -1 {--date=format:{},--output=.git/config}',
      'ls {a,b{x}}',
      'ls {1..3}',
    ]) {
      assert.notStrictEqual(verdict(loose, c), 'allow', c);
      assert.match(loose.evaluate(c).reason, /brace expansion|\.git/, c);
    }
    // Braces bash does not expand stay allowed: reflog selectors, find's {}, quoted braces.
    for (const c of ['git diff HEAD@{1}', "git log --format='{a,b}'", 'ls {}', 'ls "{a,b}"', 'ls \\{a,b\\}']) assert.strictEqual(verdict(loose, c), 'allow', c);
  });

  it('asks for tsc response files, projects that are not protected files, and the options that write', () => {
    for (const c of [
      'npx tsc @/tmp/secret.env',
      'npx tsc @args.txt',
      'npx tsc -p x.json',
      'npx tsc --project=conf',
      'npx tsc -p packages/a',
      'npx tsc --init',
      'npx tsc --pprofDir prof a.ts',
      'npx tsc --incremental',
      'npx tsc -i',
    ])
      assert.strictEqual(verdict(strict, c), 'ask', c);
    for (const c of [
      'npx tsc --noEmit',
      'npx tsc -p . --noEmit',
      'npx tsc -p tsconfig.build.json --noEmit',
      'npx tsc --project=src/ --noEmit',
      'npx tsc --noEmit -p packages/a/tsconfig.json',
    ])
      assert.strictEqual(verdict(strict, c), 'allow', c);
  });

  it('asks for flock (it creates its lock file), setsid -f (it outlives the shell) and ls -RL', () => {
    for (const c of [
      'flock .git/index.lock ls',
      'flock .envrc pwd',
      'flock x ls',
      'setsid -f npm test',
      'setsid --fork npm test',
      'ls -RL',
      'ls -R -L src',
      'ls --recursive --dereference',
    ])
      assert.strictEqual(verdict(strict, c), 'ask', c);
    assert.strictEqual(verdict(strict, 'ls -R src'), 'allow');
  });

  it('asks when any part of an argument names a file in .git', () => {
    for (const c of [
      'npm test -- --reporter xunit --reporter-option output=.git/hooks/pre-commit',
      'npm test -- --out=.GIT/x',
      'ls .git/hooks',
      'git log -- src/.git./x',
      'git help -w status',
      'git web--browse http://x',
    ])
      assert.strictEqual(verdict(strict, c), 'ask', c);
    // Naming the folder itself to leave it out is no write into it.
    for (const c of ['git diff .gitignore .gitattributes', 'ls .git', 'npm test -- --grep=.git']) assert.strictEqual(verdict(strict, c), 'allow', c);
  });

  describe('through the gate (the file system is looked at)', () => {
    const fixture = fixturePerTest(COMMANDS_AUTO_APPROVED);
    const decide = (command: string) => fixture().security.gate.commandDecision(command);

    it('follows a link in a name that does not exist yet, and "link/.." as the system does', async () => {
      const outside = path.join(fixture().tmp, 'outside');
      fs.mkdirSync(path.join(outside, 'inner'), { recursive: true });
      fs.symlinkSync(path.join(outside, 'inner'), path.join(fixture().workspace, 'lnk'));
      for (const c of ['ls lnk/not-yet', 'ls lnk/a/b/c', 'ls lnk/../secret', 'ls src/../lnk/x']) assert.strictEqual((await decide(c)).verdict, 'ask', c);
      fs.symlinkSync(path.join(fixture().tmp, 'nowhere'), path.join(fixture().workspace, 'dangling'));
      assert.strictEqual((await decide('ls dangling')).verdict, 'ask', 'a dangling link: writing through it creates its target');
      assert.strictEqual((await decide('ls src/not-yet src/../src/a.ts')).verdict, 'allow');
    });

    it('asks for git when the repository starts above the workspace folder', async () => {
      assert.strictEqual((await decide('git status')).verdict, 'allow');
      fs.mkdirSync(path.join(fixture().tmp, '.git'));
      fs.writeFileSync(path.join(fixture().tmp, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      const decision = await decide('git diff');
      assert.strictEqual(decision.verdict, 'ask');
      assert.match(decision.reason, /above the workspace folder/);
      assert.strictEqual((await decide('timeout 5 git log -p -1')).verdict, 'ask', 'git behind a wrapper too');
      assert.strictEqual((await decide('ls src')).verdict, 'allow', 'other programs do not read the repository');
      fs.mkdirSync(path.join(fixture().workspace, '.git'));
      fs.writeFileSync(path.join(fixture().workspace, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      assert.strictEqual(await projectAboveWorkspace([fixture().workspace], nodeRealPath, ['.git']), undefined, 'the workspace is its own repository');
      assert.strictEqual((await decide('git diff')).verdict, 'allow');
    });
  });
});

describe('command check: fourth red team', () => {
  const guard = new CommandGuard(DEFAULT_COMMAND_RULES, [ROOT], 'linux');
  const verdict = (command: string) => guard.evaluate(command).verdict;

  it("asks for options passed to the script's program that may load code or write files", () => {
    for (const c of [
      'npm test -- --test-reporter=spec --test-reporter-destination=.vscode/settings.json',
      'npm test -- "--import=data:text/javascript,process.exit(0)" src/t.test.js',
      'npm test -- --require setup',
      'npm run lint -- --fix',
      'npm run lint -- -o report.txt',
      'npm test -- -u',
    ])
      assert.strictEqual(verdict(c), 'ask', c);
    for (const c of ['npm test', 'npm test -- --grep x', 'npm test -- --grep=x --bail src/a.test.ts', 'npm run test -- -t "adds two numbers"'])
      assert.strictEqual(verdict(c), 'allow', c);
  });

  it('asks for tsc unless it emits nothing (--noEmit, or it only prints)', () => {
    for (const c of [
      'npx tsc',
      'npx tsc --rootDir src',
      'npx tsc .pnpmfile.cts',
      'npx tsc --ignoreConfig x.cts',
      'npx tsc src/b.ts',
      'npx tsc --noEmit false',
      'npx tsc --noEmit=false',
      'npx tsc --noEmit --noEmit false',
    ])
      assert.strictEqual(verdict(c), 'ask', c);
    for (const c of ['npx tsc --noEmit', 'npx tsc -noEmit -p .', 'npx tsc --noEmit true', 'npx tsc --version', 'npx tsc --showConfig'])
      assert.strictEqual(verdict(c), 'allow', c);
  });

  it('asks for git --help in any place (it opens a manual viewer, or a browser with -w)', () => {
    for (const c of ['git --help -w status', 'git --help status', 'git status --help', 'git log --help']) assert.strictEqual(verdict(c), 'ask', c);
  });

  it('reads a glob after an escaped backslash, and $"…", as the shell does', () => {
    assert.strictEqual(verdict('ls a\\\\*'), 'deny', 'a\\\\* is a backslash, then a glob (globs are shell constructs)');
    assert.strictEqual(verdict('ls a\\*'), 'allow', 'an escaped * is a star');
    assert.notStrictEqual(verdict('ls $"x"'), 'allow');
  });
});

describe('command check: fifth red team', () => {
  const guard = new CommandGuard(DEFAULT_COMMAND_RULES, [ROOT], 'linux');
  const verdict = (command: string) => guard.evaluate(command).verdict;

  it('asks for env - (a lone dash clears the environment, as -i does)', () => {
    for (const c of ['env - git -C planted status', 'env -C planted - git status', 'env -v - git log', 'command env - git status'])
      assert.strictEqual(verdict(c), 'ask', c);
  });

  it('counts --noEmit only where tsc reads it as the option, switched on', () => {
    for (const c of [
      'npx tsc --noEmit null',
      'npx tsc -noemit null',
      'npx tsc --version false',
      'npx tsc -v false',
      'npx tsc --showConfig false',
      'npx tsc --sourceRoot --noEmit',
      'npx tsc --noEmit=null',
    ])
      assert.strictEqual(verdict(c), 'ask', c);
    for (const c of ['npx tsc --noEmit', 'npx tsc -p tsconfig.json --noEmit', 'npx tsc --project=src/ --noEmit', 'npx tsc --noEmit true', 'npx tsc --version'])
      assert.strictEqual(verdict(c), 'allow', c);
  });

  it('asks for setsid in any form, chrt, a negative nice, gpg-running git options, and node_modules handed to a test script', () => {
    for (const c of [
      'exec setsid npm test',
      'setsid npm test',
      'chrt -f 99 npm test',
      'nice -n -20 npm test',
      'nice --adjustment=-5 npm test',
      'nice --10 npm test',
      'git log --show-signature',
      "git log '--format=%G?'",
      'npm test -- node_modules/typescript/bin/tsc',
      'npm test node_modules/typescript/bin/tsc',
    ])
      assert.strictEqual(verdict(c), 'ask', c);
    assert.strictEqual(verdict('nice -n " -19" npm test'), 'ask', 'nice skips the blanks before its number');
    assert.strictEqual(verdict('nice -n 5 npm test'), 'allow');
  });

  it('looks at each item of a comma-separated list', () => {
    assert.strictEqual(verdict('npx tsc --noEmit --typeRoots x,/tmp/outside'), 'ask');
    assert.strictEqual(verdict('npx tsc --noEmit --typeRoots x,y'), 'allow');
  });

  describe('through the gate: a project above the workspace folder', () => {
    const fixture = fixturePerTest(COMMANDS_AUTO_APPROVED);

    it('asks for npm, npx and tsc when their project or configuration is above the workspace folder', async () => {
      assert.strictEqual((await fixture().security.gate.commandDecision('npm test')).verdict, 'allow');
      fs.writeFileSync(path.join(fixture().tmp, 'package.json'), '{"scripts":{"test":"echo parent"}}');
      fs.writeFileSync(path.join(fixture().tmp, 'tsconfig.json'), '{}');
      for (const c of ['npm test', 'npx tsc --noEmit'])
        assert.match((await fixture().security.gate.commandDecision(c)).reason, /above the workspace folder/, c);
      fs.writeFileSync(path.join(fixture().workspace, 'package.json'), '{"scripts":{"test":"echo here"}}');
      assert.strictEqual((await fixture().security.gate.commandDecision('npm test')).verdict, 'allow', 'the workspace has its own package');
      assert.strictEqual((await fixture().security.gate.commandDecision('npx tsc --noEmit')).verdict, 'ask', 'tsc still finds the parent configuration');
      fs.writeFileSync(path.join(fixture().workspace, 'tsconfig.json'), '{}');
      assert.strictEqual((await fixture().security.gate.commandDecision('npx tsc --noEmit')).verdict, 'allow');
      // npx looks for programs in every node_modules/.bin up to the root, and npm puts them on its scripts' PATH.
      fs.mkdirSync(path.join(fixture().tmp, 'node_modules', '.bin'), { recursive: true });
      for (const c of ['npx tsc --noEmit', 'npm test']) assert.match((await fixture().security.gate.commandDecision(c)).reason, /node_modules is above/, c);
      assert.strictEqual((await fixture().security.gate.commandDecision('git status')).verdict, 'allow', 'git does not run them');
    });
  });
});
