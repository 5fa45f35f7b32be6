// The real agent core over the shipped agentpool, for the workflow tests.
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { AgentCore, createAgentCore } from '../../../src/orchestrator/agents/agent-core';
import type { PoolLimits } from '../../../src/orchestrator/agents/pool-types';
import { ClockPort, silentLogger, systemClock } from '../../../src/orchestrator/ports';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

export function shippedCore(limits: Partial<PoolLimits> = {}, clock: ClockPort = systemClock): Promise<AgentCore> {
  return createAgentCore({ fs: new NodeFileSystem(), clock, logger: silentLogger, builtinAgentsDir: path.join(repoRoot, 'agentpool'), workspaceFolders: [], limits });
}
