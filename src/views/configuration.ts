// The bigThree.* settings the composition reads (pool limits, selection, the data folder).
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PoolLimits } from '../orchestrator/agents/pool-types';
import { defaultDataDir } from '../orchestrator/app/data-dirs';

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

/** bigThree.dataDir (application-scoped), else $BIG_THREE_DATA_DIR, else ~/.big-three: the CLI's default too. */
export function readDataDir(): string {
  const configured = vscode.workspace.getConfiguration('bigThree').get<string>('dataDir', '').trim();
  return configured ? path.resolve(configured.replace(/^~(?=$|[\\/])/, os.homedir())) : defaultDataDir(os.homedir(), process.env);
}

/** The file:// workspace folders, in workspace order (the first one is the primary). */
export function fileWorkspaceFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}
