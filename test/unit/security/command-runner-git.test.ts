// The command runner runs git so that a folder an agent wrote that looks like a bare repository (HEAD,
// objects/, refs/, a config with core.fsmonitor) is not picked up and its config never runs a program.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { shellEnvironment } from '../../../src/adapters/command-shell';
import { NodeCommandRunner, noImplicitBareRepositories } from '../../../src/adapters/node-command-runner';
import { processesOfRun, stopProcessTree } from '../../../src/adapters/process-tree';
import { tempDir } from './security-fixture';

/**
 * Waits until `afterMs` past `started` (after the commands' own sleeps) and checks that none of `markers`
 * in `workspace` was written: what the run started was stopped, not left to finish.
 */
async function assertNeverWritten(workspace: string, started: number, afterMs: number, markers: readonly string[], why: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + afterMs - Date.now())));
  for (const marker of markers) assert.ok(!fs.existsSync(path.join(workspace, marker)), `${marker}: ${why}`);
}

describe('command runner and planted git repositories', () => {
  it('adds safe.bareRepository=explicit after the configuration the environment already holds', () => {
    assert.deepStrictEqual(noImplicitBareRepositories({}), { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'safe.bareRepository', GIT_CONFIG_VALUE_0: 'explicit' });
    assert.deepStrictEqual(noImplicitBareRepositories({ GIT_CONFIG_COUNT: '2' }), {
      GIT_CONFIG_COUNT: '3',
      GIT_CONFIG_KEY_2: 'safe.bareRepository',
      GIT_CONFIG_VALUE_2: 'explicit',
    });
  });

  it('git refuses a planted bare repository, so its fsmonitor never runs', async () => {
    const workspace = tempDir('bt-bare-');
    const fake = path.join(workspace, 'fake');
    fs.mkdirSync(path.join(fake, 'objects'), { recursive: true });
    fs.mkdirSync(path.join(fake, 'refs'), { recursive: true });
    fs.writeFileSync(path.join(fake, 'HEAD'), 'ref: refs/heads/main\n');
    const marker = path.join(workspace, 'FSMONITOR-RAN');
    fs.writeFileSync(path.join(fake, 'config'), `[core]\n\trepositoryformatversion = 0\n\tbare = true\n\tfsmonitor = touch ${marker}\n`);
    const result = await new NodeCommandRunner().run('git -C fake status', workspace, new AbortController().signal, 20_000);
    assert.match(result.output, /cannot use bare repository|safe\.bareRepository/, result.output);
    assert.ok(!fs.existsSync(marker));
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('npx never downloads a package: commands run with npm offline', async () => {
    const workspace = tempDir('bt-npx-');
    // A registry nothing answers at: online, npx would keep retrying it; offline, it stops at once.
    const result = await new NodeCommandRunner().run(
      'npm_config_registry=http://127.0.0.1:9 npx big-three-no-such-package-xyz --version',
      workspace,
      new AbortController().signal,
      30_000,
    );
    assert.ok(!result.timedOut, result.output);
    assert.notStrictEqual(result.exitCode, 0);
    assert.match(result.output, /ENOTCACHED|only-if-cached|offline/i, result.output);
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('a timeout stops what the command started in groups and sessions of its own', async function () {
    if (!fs.existsSync('/proc/self/stat')) this.skip(); // the tree is read from /proc (Linux)
    this.timeout(30_000);
    const workspace = tempDir('bt-tree-');
    // timeout and setsid leave the shell's process group: a group kill alone missed them, and they ran on.
    for (const [i, command] of ['timeout 600 sh -c "sleep 3; touch ran-0"', 'setsid sh -c "sleep 3; touch ran-1"'].entries()) {
      const started = Date.now();
      const result = await new NodeCommandRunner().run(command, workspace, new AbortController().signal, 300);
      assert.ok(result.timedOut, command);
      // Stopped at the timeout; a run that waited for the orphan would end after its 3 s sleep.
      assert.ok(Date.now() - started < 2_500, `${command}: the run ended when it was stopped, not when the orphan did`);
      await assertNeverWritten(workspace, started, 4_000, [`ran-${i}`], `${command} kept running after it was stopped`);
    }
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('stops also what escaped the process tree (a session of its own, reparented to init), and ends the run', async function () {
    if (!fs.existsSync('/proc/self/stat')) this.skip(); // the tree is read from /proc (Linux)
    this.timeout(20_000);
    const workspace = tempDir('bt-escaped-');
    const started = Date.now();
    // setsid -f forks into a session of its own: no parent link leads to it; the run's tag still does.
    const result = await new NodeCommandRunner().run('setsid -f sh -c "sleep 3; touch escaped"; sleep 8', workspace, new AbortController().signal, 300);
    assert.ok(result.timedOut);
    assert.ok(Date.now() - started < 2_500, `ended after ${Date.now() - started} ms`);
    await assertNeverWritten(workspace, started, 4_000, ['escaped'], 'the escaped process ran on');
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('a cancellation stops the same way', async function () {
    if (!fs.existsSync('/proc/self/stat')) this.skip();
    this.timeout(20_000);
    const workspace = tempDir('bt-cancel-');
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(new NodeCommandRunner().run('timeout 600 sh -c "sleep 3; touch ran"', workspace, controller.signal, 60_000), { name: 'AbortError' });
    assert.ok(Date.now() - started < 2_500, `ended after ${Date.now() - started} ms`);
    await assertNeverWritten(workspace, started, 4_000, ['ran'], 'it ran on after the cancellation');
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('once the shell has exited, stops by the tag alone; looks again before SIGKILL for what ignored SIGTERM', async function () {
    if (!fs.existsSync('/proc/self/stat')) this.skip();
    this.timeout(30_000);
    const workspace = tempDir('bt-rescan-');
    // The shell ends at once; the background process keeps the output open and carries the tag.
    const started = Date.now();
    const early = await new NodeCommandRunner().run('setsid sh -c "sleep 3; touch late-0" & echo started', workspace, new AbortController().signal, 500);
    assert.ok(early.timedOut && Date.now() - started < 4_500, `ended after ${Date.now() - started} ms`);
    // SIGTERM ignored (and the ignore inherited); the second sleep starts after the first look.
    const ignoring = await new NodeCommandRunner().run('trap "" TERM; sleep 1; sh -c "sleep 4; touch late-1"', workspace, new AbortController().signal, 300);
    assert.ok(ignoring.timedOut);
    await assertNeverWritten(workspace, started, 9_000, ['late-0', 'late-1'], 'it ran on after the stop');
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it("never signals a process that is not part of the run, though it has the exited shell's pid", async function () {
    if (!fs.existsSync('/proc/self/stat')) this.skip();
    const { spawn } = await import('child_process');
    const bystander = spawn('sleep', ['5'], { stdio: 'ignore' });
    try {
      // As if the shell had exited and the bystander had been given its pid.
      stopProcessTree({ pid: bystander.pid!, exited: true }, 'no-run-has-this-tag');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.strictEqual(bystander.exitCode, null);
      assert.strictEqual(bystander.signalCode, null);
      assert.deepStrictEqual(processesOfRun(undefined, 'no-run-has-this-tag', bystander.pid), [], "its own group is not the shell's");
    } finally {
      bystander.kill();
    }
  });

  it("once the shell has exited, still stops its group's members, also those without the tag", async function () {
    if (!fs.existsSync('/proc/self/stat')) this.skip();
    const { spawn } = await import('child_process');
    // The shell leaves a member of its group behind, with an emptied environment (no tag), and exits.
    const shell = spawn('sh', ['-c', 'env -i sleep 6 & exit 0'], { detached: true, stdio: 'ignore' });
    await new Promise((resolve) => shell.on('exit', resolve));
    const left = processesOfRun(undefined, undefined, shell.pid);
    assert.strictEqual(left.length, 1, JSON.stringify(left));
    stopProcessTree({ pid: shell.pid!, exited: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(!fs.existsSync(`/proc/${left[0]!.pid}/stat`) || /\) Z /.test(fs.readFileSync(`/proc/${left[0]!.pid}/stat`, 'utf8')), 'the member was stopped');
  });

  it('passes on no inherited setting that runs code or changes how the line reads', () => {
    const env = shellEnvironment({
      PATH: '/bin',
      HOME: '/h',
      SHELLOPTS: 'xtrace',
      PS4: '$(id)',
      BASHOPTS: 'x',
      BASH_XTRACEFD: '1',
      CDPATH: '/',
      GLOBIGNORE: '*',
      BASH_ENV: 'x',
      ENV: 'x',
      PROMPT_COMMAND: 'x',
      'BASH_FUNC_ls%%': '() { id; }',
    });
    assert.deepStrictEqual(env, { PATH: '/bin', HOME: '/h' });
  });

  it("passes on none of Big Three's own credentials, and the user's other variables (red team of stop 38)", () => {
    const env = shellEnvironment({
      PATH: '/bin',
      OPENAI_API_KEY: 'sk-x',
      ANTHROPIC_API_KEY: 'sk-ant-x',
      GEMINI_API_KEY: 'g',
      GOOGLE_API_KEY: 'g',
      BIG_THREE_TOKEN: 'bt',
      NPM_TOKEN: 'kept',
    });
    assert.deepStrictEqual(env, { PATH: '/bin', NPM_TOKEN: 'kept' });
  });

  it('runs the command line under bash, the grammar the policy reads (not dash), without BASH_ENV or exported functions', async () => {
    const workspace = tempDir('bt-shell-');
    try {
      fs.writeFileSync(path.join(workspace, 'keep.txt'), 'kept');
      fs.writeFileSync(path.join(workspace, 'startup.sh'), 'echo planted > planted.txt\n');
      const run = (command: string, env: NodeJS.ProcessEnv = {}) => {
        const saved = { ...process.env };
        Object.assign(process.env, env);
        try {
          return new NodeCommandRunner().run(command, workspace, new AbortController().signal, 20_000);
        } finally {
          for (const name of Object.keys(env))
            if (saved[name] === undefined) delete process.env[name];
            else process.env[name] = saved[name];
        }
      };
      // In dash `[[` is a program name, so `>` truncated keep.txt (twelfth red team); in bash it is a comparison.
      await run('ls; [[ a > keep.txt ]]');
      assert.strictEqual(fs.readFileSync(path.join(workspace, 'keep.txt'), 'utf8'), 'kept');
      const shell = await run('echo "$BASH_VERSION" | head -c 1');
      assert.match(shell.output, /^\d/, `bash ran the command: ${JSON.stringify(shell.output)}`);
      await run('ls', { BASH_ENV: path.join(workspace, 'startup.sh'), 'BASH_FUNC_ls%%': '() { echo planted > planted-fn.txt; }' });
      assert.ok(!fs.existsSync(path.join(workspace, 'planted.txt')), 'BASH_ENV was not read');
      assert.ok(!fs.existsSync(path.join(workspace, 'planted-fn.txt')), 'the exported function did not stand in for ls');
      // Debian's bash reads ~/.bashrc for `bash -c` when it looks like an ssh session (the review of stop 27).
      fs.writeFileSync(path.join(workspace, '.bashrc'), 'echo planted > planted-rc.txt\n');
      await run('ls', { HOME: workspace, SSH_CLIENT: '10.0.0.1 5000 22', SHLVL: '0' });
      assert.ok(!fs.existsSync(path.join(workspace, 'planted-rc.txt')), 'no startup file was read');
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });
});
