// Workspace file access for agents and headless callers, behind the gate: the path is confined to the
// workspace (symlinks resolved), writes never touch .git, protected files need approval, and the
// I/O uses the checked real path. RAG indexing and agent tools read and write through this.
import type { FileSystemPort } from '../ports';
import type { GateDecision, SecurityGate } from './security-gate';

export interface FileActor {
  principal: string;
  actingExpert?: string;
}

export class SecuredFiles {
  constructor(
    readonly gate: SecurityGate,
    private readonly fs: FileSystemPort,
  ) {}

  async readText(actor: FileActor, file: string): Promise<{ text: string; absolute: string }> {
    const decision = await this.gate.enforce({ ...actor, operation: 'file.read', path: file });
    try {
      return { text: Buffer.from(await this.fs.readFile(decision.path!.absolute)).toString('utf8'), absolute: decision.path!.absolute };
    } catch (error) {
      await this.gate.recordFailure(decision, error);
      throw error;
    }
  }

  /** Writes the whole file atomically after the gate (and, when needed, the user) allowed it. */
  async writeText(actor: FileActor, file: string, text: string, preview?: string): Promise<GateDecision> {
    const decision = await this.gate.enforce({ ...actor, operation: 'file.write', path: file, payload: text, ...(preview !== undefined ? { preview } : {}) });
    try {
      await this.fs.writeFileAtomic(decision.path!.absolute, text);
      return decision;
    } catch (error) {
      await this.gate.recordFailure(decision, error);
      throw error;
    }
  }
}
