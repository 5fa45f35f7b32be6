// Shared set-up of the delegate tests: the shipped expert catalog, the real security core over a temp
// workspace (from the security tests' fixture), the gated tool host with a real command runner, and
// a ClaudeCoder pointed at a loopback fake.
import * as path from 'path';
import { NodeCommandRunner } from '../../../src/adapters/node-command-runner';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { ExpertCatalog } from '../../../src/orchestrator/agents/expert-catalog';
import { ClaudeCoder, ClaudeSettings, DEFAULT_CLAUDE_SETTINGS } from '../../../src/orchestrator/delegates/claude-coder';
import type { ContextRetriever, DelegateActor, DelegateEvent } from '../../../src/orchestrator/delegates/delegate-types';
import { CodeSearchFn, GatedToolHost } from '../../../src/orchestrator/delegates/gated-tool-host';
import { silentLogger } from '../../../src/orchestrator/ports';
import type { AuditRecord } from '../../../src/orchestrator/security/audit-types';
import type { SecuritySettings } from '../../../src/orchestrator/security/security-core';
import { Fixture, LOCAL, makeFixture } from '../security/security-fixture';

export const API_KEY = 'sk-ant-test-key';
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

let catalog: ExpertCatalog | undefined;

export async function loadCatalog(): Promise<ExpertCatalog> {
  if (!catalog) {
    catalog = new ExpertCatalog(new NodeFileSystem(), silentLogger, [{ root: path.join(repoRoot, 'agentpool'), origin: 'builtin' }]);
    await catalog.reload();
  }
  return catalog;
}

/** Auto-approve settings as the security settings expect them. */
export function autoApprove(categories: Array<'read' | 'edit' | 'command' | 'browser'>): Partial<SecuritySettings> {
  return { autoApprove: { global: Object.fromEntries(categories.map((c) => [c, true])), perExpert: {} } };
}

export interface CoderFixture {
  f: Fixture;
  host: GatedToolHost;
  events: DelegateEvent[];
  coder(
    baseURL: string,
    settings?: Partial<ClaudeSettings>,
    options?: { retriever?: ContextRetriever; apiKey?: string | undefined; search?: CodeSearchFn },
  ): ClaudeCoder;
  actor(expertId: string): DelegateActor;
  audit(): Promise<AuditRecord[]>;
  cleanup(): Promise<void>;
}

export async function makeCoderFixture(settings: Partial<SecuritySettings> = {}, approve = false): Promise<CoderFixture> {
  const f = await makeFixture(settings, approve);
  let search: CodeSearchFn | undefined;
  const host = new GatedToolHost({
    gate: f.security.gate,
    fs: new NodeFileSystem(),
    paths: () => f.security.paths(),
    workspaceRoot: () => f.workspace,
    commands: new NodeCommandRunner(),
    search: () => search,
    commandTimeoutMs: 20_000,
  });
  const events: DelegateEvent[] = [];
  return {
    f,
    host,
    events,
    coder(baseURL, overrides = {}, options = {}) {
      search = options.search;
      const key = 'apiKey' in options ? options.apiKey : API_KEY;
      return new ClaudeCoder({
        host,
        settings: () => ({ ...DEFAULT_CLAUDE_SETTINGS, baseUrl: baseURL, maxRetries: 0, ...overrides }),
        apiKey: async () => key,
        ...(options.retriever ? { retriever: () => options.retriever } : {}),
        logger: silentLogger,
      });
    },
    actor: (expertId) => ({ principal: LOCAL, expertId, taskId: 'task-1' }),
    async audit() {
      await f.security.audit.flush();
      return f.security.audit.getRecentEvents(1000);
    },
    cleanup: () => f.cleanup(),
  };
}
