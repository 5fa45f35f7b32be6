import * as vscode from 'vscode';
import type { PoolLimits } from '../orchestrator/agents/pool-types';

export interface SelectionSettings {
  minScore: number;
  maxAgents: number;
}

export function readPoolLimits(): PoolLimits & { idleTimeoutSeconds: number } {
  const c = vscode.workspace.getConfiguration('bigThree.pool');
  return {
    maxInstancesPerExpert: c.get<number>('maxInstancesPerExpert', 3),
    maxTotalInstances: c.get<number>('maxTotalInstances', 12),
    reservationTimeoutMs: c.get<number>('reservationTimeoutSeconds', 120) * 1000,
    acquireWaitMs: c.get<number>('acquireWaitSeconds', 0) * 1000,
    idleTimeoutSeconds: c.get<number>('idleTimeoutSeconds', 600),
  };
}

export function readSelectionSettings(): SelectionSettings {
  const c = vscode.workspace.getConfiguration('bigThree.selection');
  return { minScore: c.get<number>('minScore', 0.15), maxAgents: c.get<number>('maxAgents', 3) };
}
