// Starts one of Big Three's bundled scripts (the indexer, the sentence encoder) as a plain Node process
// beside the current one: also under Electron, whose execPath is the editor itself. The IPC channel
// carries structured clones (typed arrays as they are); stderr is piped so a failure can say why.
import type * as childProcess from 'child_process';

export function forkNodeScript(script: string): childProcess.ChildProcess {
  // Loaded with the first process started: a host that starts none never loads child_process.
  const { fork } = require('child_process') as typeof childProcess;
  return fork(script, [], {
    execPath: process.execPath,
    // The host's own flags (inspector ports, loaders) are not the child's.
    execArgv: [],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
}

/**
 * Keeps the last `keepChars` characters of a started script's stderr; `lastLines(n)` gives its last n lines
 * joined by " | ", for the message when the process stops.
 */
export function stderrTail(child: childProcess.ChildProcess, keepChars: number): { lastLines(count: number): string } {
  let kept = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => (kept = (kept + text).slice(-keepChars)));
  return { lastLines: (count) => kept.trim().split('\n').slice(-count).join(' | ') };
}
