// The cross-process lock of one security file (tokens.json, permissions.json): `.<name>.lock` beside it,
// and the stamp that tells the file changed since this process last read or wrote it.
// A change is read, made and written under it, so two processes changing the file at once both land
// (fifteenth red team: a revocation written back over by a token issued at the same moment, from a copy
// read before the revocation, was lost while reported and audited as done).
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { FileLock } from '../memory/file-lock';
import type { StoreFileSystemPort } from '../memory/store-file-system';

/** The file's lock, or undefined for a file system that cannot create a file exclusively (in-memory fakes). */
export function securityFileLock(fs: FileSystemPort, file: string, clock: ClockPort, logger: LoggerPort): FileLock | undefined {
  const store = fs as Partial<StoreFileSystemPort>;
  if (typeof store.createExclusive !== 'function') return undefined;
  return new FileLock(fs as StoreFileSystemPort, path.join(path.dirname(file), `.${path.basename(file)}.lock`), clock, logger);
}

/** Runs `body` under `lock` when there is one. */
export function underLock<T>(lock: FileLock | undefined, body: () => Promise<T>): Promise<T> {
  return lock ? lock.withLock(body) : body();
}

/** The stamp of a file that does not exist. */
export const NO_FILE = 'none';

/** size:mtime of `file` now (NO_FILE when missing): another value than the last one seen means another process changed it. */
export async function fileStamp(fs: FileSystemPort, file: string): Promise<string> {
  const stat = await fs.stat(file);
  return stat ? `${stat.size}:${stat.mtimeMs}` : NO_FILE;
}
