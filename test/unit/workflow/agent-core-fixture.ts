// The real agent core over the shipped agentpool, for the workflow tests.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { AgentCore, createAgentCore } from '../../../src/orchestrator/agents/agent-core';
import type { PoolLimits } from '../../../src/orchestrator/agents/pool-types';
import { ExpertChooser } from '../../../src/orchestrator/learning/expert-chooser';
import { LearningManager } from '../../../src/orchestrator/learning/learning-manager';
import { ClockPort, silentLogger, systemClock } from '../../../src/orchestrator/ports';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

export function shippedCore(limits: Partial<PoolLimits> = {}, clock: ClockPort = systemClock): Promise<AgentCore> {
  return createAgentCore({
    fs: new NodeFileSystem(),
    clock,
    logger: silentLogger,
    builtinAgentsDir: path.join(repoRoot, 'agentpool'),
    workspaceFolders: [],
    limits,
  });
}

export interface ShippedChooser {
  chooser: ExpertChooser;
  learning: LearningManager;
  dispose(): Promise<void>;
}

/** The ExpertChooser over the core's experts, with a fresh outcome log in a temporary folder. */
export async function shippedChooser(core: AgentCore): Promise<ShippedChooser> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bt-chooser-'));
  const learning = new LearningManager({ fs: new NodeFileSystem(), clock: systemClock, logger: silentLogger, dataDir: dir });
  await learning.initialize();
  const chooser = new ExpertChooser({ ranker: core.selector, learning, experts: core.catalog, options: { persist: false } });
  return {
    chooser,
    learning,
    dispose: async () => {
      chooser.dispose();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
