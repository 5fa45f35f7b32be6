// The data folder holds the workspace's code (the index), task texts (the outcome log) and the audit log:
// readable by its owner only (fifteenth red team: under umask 022 another local user read outcomes.jsonl).
// Files inside keep the modes the umask gives them; the folder's own mode keeps everyone else out.
import { promises as fs } from 'fs';
import { type DataDirs, resolveDataDirs } from '../orchestrator/app/data-dirs';
import type { LoggerPort } from '../orchestrator/ports';
import type { RealPathPort } from '../orchestrator/security/path-guard';

/** The data folders every host uses (app/data-dirs.ts), the user's one created or made private first. */
export async function openDataDirs(base: string, workspaceFolder: string | undefined, realPath: RealPathPort, logger: LoggerPort): Promise<DataDirs> {
  const dirs = await resolveDataDirs(base, workspaceFolder, realPath);
  await keepDataFolderPrivate(dirs.user, logger);
  return dirs;
}

/** Creates `dir` with mode 0700, or takes group and others' access away from it when it exists (not on Windows). */
export async function keepDataFolderPrivate(dir: string, logger: LoggerPort): Promise<void> {
  if (process.platform === 'win32') return;
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const stat = await fs.stat(dir);
  if ((stat.mode & 0o077) === 0 || (typeof process.getuid === 'function' && stat.uid !== process.getuid())) return;
  try {
    await fs.chmod(dir, stat.mode & 0o700);
  } catch (error) {
    // A read-only mount, a file system without modes: the folder is used as it is (review of stop 28).
    logger.warn(`The data folder ${dir} can be read by other users, and its mode could not be changed (${(error as Error).message}).`);
    return;
  }
  logger.info(`Made the data folder ${dir} readable by its owner only (it holds the index, task texts and the audit log).`);
}
