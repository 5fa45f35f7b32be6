// What is wrong with a folder a command line names, said the way a user can act on it: missing, not a
// folder, or unreadable (an unreadable workspace was reported as a permission problem with its
// .gitignore and the data folder: red team of stop 37).
import { constants, promises as fs } from 'fs';

/** Undefined when `folder` is a folder this process can list; else what is wrong with it. */
export async function folderProblem(folder: string): Promise<string | undefined> {
  let isDirectory: boolean;
  try {
    isDirectory = (await fs.stat(folder)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'does not exist';
    if (code === 'EACCES' || code === 'EPERM') return 'cannot be reached (permission denied on a folder above it)';
    return `cannot be read (${code ?? (error as Error).message})`;
  }
  if (!isDirectory) return 'is not a folder';
  try {
    await fs.access(folder, constants.R_OK | constants.X_OK);
  } catch {
    return 'cannot be read (permission denied)';
  }
  return undefined;
}
