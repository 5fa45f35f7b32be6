// Runs an agent's command line (already checked by the command guard) in the workspace folder: one
// shell (bash, command-shell.ts), a timeout, cancellation through an AbortSignal, output bounded in size.
import type * as childProcess from 'child_process';
import type { CommandOutput } from '../orchestrator/delegates/delegate-types';
import type { CommandRunner } from '../orchestrator/delegates/gated-tool-host';
import { BASH_NEEDED, shellEnvironment, shellInvocation } from './command-shell';
import { RUN_TAG_VARIABLE, newRunTag, stopProcessTree } from './process-tree';

const MAX_OUTPUT = 64 * 1024;

export class NodeCommandRunner implements CommandRunner {
  run(command: string, cwd: string, signal: AbortSignal, timeoutMs: number): Promise<CommandOutput> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(Object.assign(new Error('The command was cancelled before it started.'), { name: 'AbortError' }));
      // Loaded with the first command: a process that runs none (a CLI search) never loads child_process.
      const { spawn } = require('child_process') as typeof childProcess;
      const tag = newRunTag(); // every process of this run carries it, also one that leaves the process tree
      const shell = shellInvocation(command);
      if (!shell) return reject(new Error(BASH_NEEDED));
      const child = spawn(shell.file, shell.args, {
        cwd,
        shell: shell.shell,
        stdio: ['ignore', 'pipe', 'pipe'],
        // npm offline: `npx tsc --noEmit` (allowed) would otherwise download and run a package called tsc where
        // the workspace has none; no agent command reaches the package registry.
        env: {
          ...shellEnvironment(process.env),
          CI: '1',
          FORCE_COLOR: '0',
          npm_config_offline: 'true',
          ...noImplicitBareRepositories(process.env),
          [RUN_TAG_VARIABLE]: tag,
        },
        detached: process.platform !== 'win32',
      });
      let output = '';
      let dropped = 0;
      let timedOut = false;
      const append = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        const room = MAX_OUTPUT - output.length;
        if (room > 0) output += text.slice(0, room);
        dropped += Math.max(0, text.length - Math.max(0, room));
      };
      // Once the shell has exited its pid may be another process's: the stop then goes by the tag alone.
      let shellExited = false;
      child.on('exit', () => (shellExited = true));
      const kill = () => {
        if (child.pid !== undefined && process.platform !== 'win32') stopProcessTree({ pid: child.pid, exited: shellExited }, tag);
        else child.kill('SIGTERM');
        // A process that escaped (a session of its own, reparented to init) may hold the output pipes
        // open: the run ends anyway, 3 s after it was stopped, instead of waiting for that process.
        setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
        }, 3_000).unref();
      };
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, timeoutMs);
      const onAbort = () => kill();
      signal.addEventListener('abort', onAbort, { once: true });
      child.stdout.on('data', append);
      child.stderr.on('data', append);
      child.on('error', (error) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        reject(new Error(`Could not start "${command}": ${error.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) return reject(Object.assign(new Error('The command was cancelled.'), { name: 'AbortError' }));
        resolve({ exitCode: code, output: dropped ? `${output}\n… (${dropped} more characters of output cut)` : output, timedOut });
      });
    });
  }
}

/**
 * git finds a bare repository in any folder that looks like one (HEAD, objects/, refs/) and reads its
 * config, whose core.fsmonitor can run a program: a folder an agent wrote would then run code on the next
 * `git status`. safe.bareRepository=explicit (git 2.38+) makes git use only the repository it is pointed
 * at; set as command-line configuration (GIT_CONFIG_COUNT), after any the user's environment holds.
 */
export function noImplicitBareRepositories(env: NodeJS.ProcessEnv): Record<string, string> {
  const count = Number.parseInt(env.GIT_CONFIG_COUNT ?? '0', 10);
  const n = Number.isSafeInteger(count) && count > 0 ? count : 0;
  return { GIT_CONFIG_COUNT: String(n + 1), [`GIT_CONFIG_KEY_${n}`]: 'safe.bareRepository', [`GIT_CONFIG_VALUE_${n}`]: 'explicit' };
}
