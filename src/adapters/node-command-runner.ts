// Runs an agent's command line (already checked by the command guard) in the workspace folder: one
// shell, a timeout, cancellation through an AbortSignal, output bounded in size.
import type * as childProcess from 'child_process';
import type { CommandOutput } from '../orchestrator/delegates/delegate-types';
import type { CommandRunner } from '../orchestrator/delegates/gated-tool-host';

const MAX_OUTPUT = 64 * 1024;

export class NodeCommandRunner implements CommandRunner {
  run(command: string, cwd: string, signal: AbortSignal, timeoutMs: number): Promise<CommandOutput> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(Object.assign(new Error('The command was cancelled before it started.'), { name: 'AbortError' }));
      // Loaded with the first command: a process that runs none (a CLI search) never loads child_process.
      const { spawn } = require('child_process') as typeof childProcess;
      const child = spawn(command, {
        cwd,
        shell: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        // npm offline: `npx tsc` (allowed) would otherwise download and run a package called tsc where
        // the workspace has none; no agent command reaches the package registry.
        env: { ...process.env, CI: '1', FORCE_COLOR: '0', npm_config_offline: 'true', ...noImplicitBareRepositories(process.env) },
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
      const kill = () => {
        if (child.pid !== undefined && process.platform !== 'win32') stopProcessTree(child.pid);
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

/**
 * Stops a command and everything it started: its process group, and every descendant that left the
 * group (`timeout` and `setsid` start groups and sessions of their own, which a group kill misses and
 * which would outlive the shell, reparented to init). Descendants are found through /proc before
 * anything is killed (Linux; elsewhere only the group). SIGTERM first, SIGKILL 2 s later to what remains.
 */
export function stopProcessTree(pid: number): void {
  const targets = [pid, ...descendantsOf(pid)];
  const signal = (sig: NodeJS.Signals) => {
    for (const target of targets) {
      for (const id of [-target, target]) {
        try {
          process.kill(id, sig); // -id: the group it leads, if it leads one
        } catch {
          // gone, or not a group leader
        }
      }
    }
  };
  signal('SIGTERM');
  setTimeout(() => signal('SIGKILL'), 2_000).unref();
}

/** The processes below `pid` (children, their children…), read from /proc; none where there is no /proc. */
export function descendantsOf(pid: number): number[] {
  const fs = require('fs') as typeof import('fs');
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after its last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isInteger(ppid)) continue;
    const list = children.get(ppid);
    if (list) list.push(Number(entry));
    else children.set(ppid, [Number(entry)]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (found.includes(child)) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}
