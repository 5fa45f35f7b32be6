// Where Big Three keeps its data, the same for the extension, the CLI and the MCP server of one user:
//   <base>/security, /learning, /models, /rag/<folder>-<hash>     user-level (one audit chain, one history)
//   <base>/workspaces/<folder>-<hash of the folder's real path>   workflows, contexts, events of one workspace
// <base> is --data-dir / bigThree.dataDir, else $BIG_THREE_DATA_DIR, else ~/.big-three.
import { createHash } from 'crypto';
import * as path from 'path';
import type { RealPathPort } from '../security/path-guard';

export interface DataDirs {
  /** User-level data: security (audit, permissions, tokens), learning, models, indexes. */
  readonly user: string;
  /** This workspace's data: workflow executions, contexts, the event log. */
  readonly workspace: string;
}

export function defaultDataDir(home: string, env: Readonly<Record<string, string | undefined>>): string {
  return env.BIG_THREE_DATA_DIR?.trim() || path.join(home, '.big-three');
}

/** `<folder name>-<12 hex of sha256(real path)>`: readable, and unique per real folder. */
export function folderKey(realFolder: string): string {
  const name =
    path
      .basename(realFolder)
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 40) || 'root';
  return `${name}-${createHash('sha256').update(realFolder).digest('hex').slice(0, 12)}`;
}

/** The real path of a folder (symlinks resolved), or its absolute path when it does not exist. */
export async function realFolder(folder: string, realPath: RealPathPort): Promise<string> {
  const abs = path.resolve(folder);
  return (await realPath.realpath(abs)) ?? abs;
}

/** The data folders for a user (`base`) and the primary workspace folder (none: a shared "no-folder"). */
export async function resolveDataDirs(base: string, workspaceFolder: string | undefined, realPath: RealPathPort): Promise<DataDirs> {
  const user = path.resolve(base);
  const key = workspaceFolder ? folderKey(await realFolder(workspaceFolder, realPath)) : 'no-folder';
  return { user, workspace: path.join(user, 'workspaces', key) };
}
