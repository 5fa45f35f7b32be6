// Which symbolic links in a workspace's agent folders are followed. Definitions are read only where an
// agent's edit needs the user's approval: inside the workspace folder's own `.claude/` or `.big-three/`
// (protected paths, security/path-guard.ts). A link is followed when the place it leads to (its real
// path) is there too; a link out of the workspace (`.claude/agents` -> `/`) would load markdown from
// anywhere on the machine as experts, and one to another workspace folder (`shared/agents`) would let an
// auto-approved edit change an expert's tools. A link that cannot be resolved (a loop, a dangling one)
// is reported, never thrown: one bad link in a cloned project must not stop the catalog from loading.
import * as path from 'path';
import type { RealPathPort } from '../security/path-guard';
import { staysInside } from '../path-inside';

/** The folders (relative to the workspace folder) whose files only change with the user's approval. */
const PROTECTED_AGENT_FOLDERS = ['.claude', '.big-three'];

export type LinkResolution = { followed: true; real: string; kind: 'file' | 'directory' } | { followed: false; problem: string };

export class AgentFolderLinks {
  private constructor(
    private readonly realPath: RealPathPort,
    /** The workspace folder's real path. */
    private readonly within: string,
  ) {}

  /** Links in the folders of `workspaceFolder`; undefined (follow none) when it cannot be resolved. */
  static async of(realPath: RealPathPort | undefined, workspaceFolder: string): Promise<AgentFolderLinks | undefined> {
    const within = realPath ? await resolve(realPath, workspaceFolder) : undefined;
    return realPath && within ? new AgentFolderLinks(realPath, within) : undefined;
  }

  /** The real path of `p` (undefined when it does not exist or cannot be resolved). */
  real(p: string): Promise<string | undefined> {
    return resolve(this.realPath, p);
  }

  /** Whether to follow the link at `link`, and where it leads. */
  async follow(link: string): Promise<LinkResolution> {
    let real: string | undefined;
    try {
      real = await this.realPath.realpath(link);
    } catch (error) {
      return {
        followed: false,
        problem: `is a symbolic link that cannot be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): not followed`,
      };
    }
    if (!real) return { followed: false, problem: 'is a symbolic link to nothing (its target does not exist): not followed' };
    if (!this.protects(real))
      return {
        followed: false,
        problem:
          "is a symbolic link to a place outside the workspace's .claude and .big-three folders: not followed (definitions are read only where edits need approval; move or copy it there)",
      };
    const kind = await this.realPath.lstatKind(real).catch(() => undefined);
    if (kind !== 'file' && kind !== 'directory') return { followed: false, problem: 'is a symbolic link to neither a file nor a folder: not followed' };
    return { followed: true, real, kind };
  }

  /** True when `real` (a real path) is the workspace folder's `.claude` or `.big-three`, or inside one. */
  private protects(real: string): boolean {
    const relative = path.relative(this.within, real);
    if (!relative || !staysInside(relative)) return false;
    return PROTECTED_AGENT_FOLDERS.includes(relative.split(path.sep)[0]!);
  }
}

async function resolve(realPath: RealPathPort, p: string): Promise<string | undefined> {
  try {
    return await realPath.realpath(p);
  } catch {
    return undefined;
  }
}
