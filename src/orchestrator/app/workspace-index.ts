// The workspace index as the core uses it. The host builds it lazily (the RAG engine and its model
// load after activation, on first use); the core authorizes every search and indexing run.
import type { ContextRetriever } from '../delegates/delegate-types';
import type { CodeSearchHit } from '../delegates/gated-tool-host';
import type { TextEmbedder } from '../learning/hashing-embedder';
import type { Disposable } from '../ports';
import type { SecurityGate } from '../security/security-gate';

export interface CodeIndex extends ContextRetriever {
  searchCode(query: string, limit: number): Promise<readonly CodeSearchHit[]>;
  /** The semantic model the index loaded; learning compares tasks with it too. */
  readonly embedder?: TextEmbedder | undefined;
}

export interface WorkspaceIndexPort {
  /** The index once built; undefined while loading, when disabled or when no folder is open. */
  current(): CodeIndex | undefined;
  /** Builds the index when it is not built yet (first use); undefined when there is none. */
  ready(): Promise<CodeIndex | undefined>;
  /** Why there is no index (or why search is lexical only). */
  reason(): string | undefined;
  /** The primary workspace folder searches are confined to. */
  root(): string | undefined;
  /** Fires when the index is (re)built or goes away. */
  onDidChange?(listener: (index: CodeIndex | undefined) => void): Disposable;
}

/** Search and indexing behind the gate (code.search / code.index), for every host. */
export class SecuredIndex {
  constructor(
    readonly gate: SecurityGate,
    readonly port: WorkspaceIndexPort,
  ) {}

  async search(principal: string, query: string, limit: number, surface = 'search'): Promise<readonly CodeSearchHit[] | undefined> {
    await this.gate.enforce({ principal, operation: 'code.search', resource: this.port.root() ?? '', detail: `${surface}: ${query.slice(0, 200)}` });
    const index = await this.port.ready();
    return index?.searchCode(query, limit);
  }

  /** Authorizes a run of the host's own index UI (the VS Code commands), audited like any other. */
  async authorize(principal: string, operation: 'code.index' | 'code.search', detail: string): Promise<void> {
    await this.gate.enforce({ principal, operation, resource: this.port.root() ?? '', detail });
  }

  /** Authorizes an indexing run of the workspace, then runs it. */
  async index<T>(principal: string, detail: string, run: () => Promise<T>): Promise<T> {
    const decision = await this.gate.enforce({ principal, operation: 'code.index', resource: this.port.root() ?? '', detail });
    try {
      return await run();
    } catch (error) {
      await this.gate.recordFailure(decision, error);
      throw error;
    }
  }
}
