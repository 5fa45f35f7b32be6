// How a host shows and writes a file change. The core decides everything else (path, exact replacement,
// the gate, the stale check); VS Code shows a diff and applies one WorkspaceEdit
// (src/views/edits/safe-edit-applier.ts), other hosts write the file atomically (fileEditHost).
import type { FileSystemPort } from '../ports';

export interface EditChange {
  /** Workspace-relative path, for messages and titles. */
  relative: string;
  /** The checked absolute path to read and write. */
  absolute: string;
  /** The text now; undefined for a new file. */
  before: string | undefined;
  after: string;
  /** Who proposes it, for the diff title. */
  proposedBy: string;
}

export interface EditPreview {
  close(): Promise<void>;
}

export interface EditHostPort {
  /** The file's text as the host sees it (VS Code: an open editor's text); undefined when there is no file. Throws EditTargetError for a folder. */
  read(absolute: string): Promise<string | undefined>;
  /** Shows the change while the gate decides (approval may be asked); closed before the write. Undefined: nothing shown. */
  show(change: EditChange): Promise<EditPreview | undefined>;
  /** Writes the change as one step and resolves only once it is on disk; throws EditStaleError when the text is no longer `before`, another error (with the reason) when it cannot write. */
  write(change: EditChange): Promise<void>;
}

/** The target is not a text file that can be edited (a folder). */
export class EditTargetError extends Error {
  override readonly name: string = 'EditTargetError';
}

/** The host found the file changed since `before` when it came to write: nothing was written. */
export class EditStaleError extends Error {
  override readonly name: string = 'EditStaleError';
}

/** The host without an editor: reads and writes through the file system port (atomic write). */
export function fileEditHost(fs: FileSystemPort): EditHostPort {
  return {
    async read(absolute) {
      const stat = await fs.stat(absolute);
      if (!stat) return undefined;
      if (!stat.isFile) throw new EditTargetError('it is a folder, not a file');
      return Buffer.from(await fs.readFile(absolute)).toString('utf8');
    },
    show: async () => undefined,
    write: (change) => fs.writeFileAtomic(change.absolute, change.after),
  };
}
