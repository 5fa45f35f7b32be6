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
