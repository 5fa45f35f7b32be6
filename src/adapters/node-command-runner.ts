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
        env: { ...process.env, CI: '1', FORCE_COLOR: '0' },
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
        try {
          if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGTERM');
          else child.kill('SIGTERM');
        } catch {
          // already gone
        }
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
