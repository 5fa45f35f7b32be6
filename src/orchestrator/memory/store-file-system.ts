// What the persistent stores need beyond FileSystemPort: appends, exclusive creation (lock files)
// and enough about processes to recognise a lock left behind by a crashed one.
import type { FileSystemPort } from '../ports';

export interface StoreFileSystemPort extends FileSystemPort {
  /** Appends in one write call, creating the file (and its folder) when missing. */
  appendFile(path: string, data: string): Promise<void>;
  /** Creates `path` with `data` only if nothing exists there; resolves false when something does. */
  createExclusive(path: string, data: string): Promise<boolean>;
  /** This process, as recorded in lock files. */
  readonly processId: number;
  readonly hostName: string;
  /** Whether a process with this id runs on this host. */
  isProcessAlive(pid: number): boolean;
}
