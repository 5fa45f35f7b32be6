// Another process in the middle of a full indexing pass: it writes its pass mark in a collection's folder
// (as CodeIndexer.indexAll does first) and stays alive until killed, like a pass killed mid-way.
import { type ChildProcess, spawn } from 'child_process';
import * as path from 'path';

const OUT_SRC = path.resolve(__dirname, '..', '..', '..', 'src');

export interface HeldPass {
  readonly pid: number;
  /** Kills the process (SIGKILL: it cannot clear or abandon its mark) and waits until it is gone. */
  kill(): Promise<void>;
}

export async function holdPass(collectionDir: string): Promise<HeldPass> {
  const script = `
    const { PassMarks } = require(${JSON.stringify(path.join(OUT_SRC, 'orchestrator', 'rag', 'pass-marks.js'))});
    const { nodeFileSystem } = require(${JSON.stringify(path.join(OUT_SRC, 'adapters', 'node-store-file-system.js'))});
    const { systemClock, silentLogger } = require(${JSON.stringify(path.join(OUT_SRC, 'orchestrator', 'ports.js'))});
    new PassMarks(nodeFileSystem(), process.argv[1], systemClock, silentLogger).begin().then(() => {
      process.stdout.write('begun\\n');
      setInterval(() => {}, 1 << 30);
    });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script, collectionDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the pass holder exited (${code}) before its pass began`)));
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('begun') && resolve());
  });
  return {
    pid: child.pid!,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    },
  };
}
