// Shared scaffolding for the learning tests: temp data folders, a capturing logger, managers over the
// real NodeFileSystem and a FakeClock, and a tiny hand-made expert pool.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { silentLogger } from '../../../src/orchestrator/ports';
import { LearningManager, LearningManagerOptions } from '../../../src/orchestrator/learning/learning-manager';
import { FakeClock } from '../../fakes/fake-clock';

export const DAY_MS = 24 * 3600 * 1000;
export const START = Date.UTC(2026, 0, 1);
export const AGENTPOOL_DIR = path.resolve(__dirname, '../../../../agentpool');

export { RecordingLogger as CapturingLogger } from '../../fakes/recording-logger';

/** A fresh temp folder per test; call cleanup() in afterEach. */
export class TempDirs {
  private readonly dirs: string[] = [];
  make(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-learn-'));
    this.dirs.push(dir);
    return dir;
  }
  cleanup(): void {
    for (const dir of this.dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const nodeFs = new NodeFileSystem();

export async function makeManager(dataDir: string, clock: FakeClock, extra: Partial<LearningManagerOptions> = {}): Promise<LearningManager> {
  const manager = new LearningManager({ fs: nodeFs, clock, logger: silentLogger, dataDir, ...extra });
  await manager.initialize();
  return manager;
}

export async function recordMany(manager: LearningManager, task: string, agentId: string, success: boolean, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await manager.recordTaskOutcome(task, agentId, success ? 'done' : 'failed', success);
}

export { makeExpert } from '../../fakes/expert-fixtures';

export function outcomesFile(dataDir: string): string {
  return path.join(dataDir, 'outcomes.jsonl');
}

export function readLines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
}
