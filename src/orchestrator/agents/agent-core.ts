// Builds the expert catalog, the pool and the selector over the ports a host provides.
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { DefinitionCache } from './definition-cache';
import { DefinitionSource, ExpertCatalog } from './expert-catalog';
import { AgentPoolManager } from './pool-manager';
import type { PoolLimits } from './pool-types';
import type { RealPathPort } from '../security/path-guard';
import { IntelligentAgentSelector } from './selection/intelligent-selector';

export interface AgentCoreOptions {
  fs: FileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
  /** The shipped agentpool/ folder. */
  builtinAgentsDir: string;
  /** Workspace folders whose `.claude/agents` and `.big-three/agents` hold more experts. */
  workspaceFolders?: readonly string[];
  limits?: Partial<PoolLimits>;
  /** Follows symbolic links in a workspace's agent folders that stay inside it (none are followed without it). */
  realPath?: RealPathPort;
  /** Keep parsed definitions in `file` between starts, for this build of the code (`version`). */
  definitionCache?: { file: string; version: string };
}

export interface AgentCore {
  catalog: ExpertCatalog;
  pool: AgentPoolManager;
  selector: IntelligentAgentSelector;
  dispose(): void;
}

export function definitionSources(builtinAgentsDir: string, workspaceFolders: readonly string[] = []): DefinitionSource[] {
  return [
    { root: builtinAgentsDir, origin: 'builtin' },
    ...workspaceFolders.map((folder) => ({ root: path.join(folder, '.claude', 'agents'), origin: 'claude' as const, within: folder })),
    ...workspaceFolders.map((folder) => ({ root: path.join(folder, '.big-three', 'agents'), origin: 'workspace' as const, within: folder })),
  ];
}

export async function createAgentCore(options: AgentCoreOptions): Promise<AgentCore> {
  const cache = options.definitionCache
    ? new DefinitionCache(options.fs, options.definitionCache.file, options.definitionCache.version, options.logger)
    : undefined;
  const catalog = new ExpertCatalog(options.fs, options.logger, definitionSources(options.builtinAgentsDir, options.workspaceFolders), cache, options.realPath);
  await catalog.reload();
  const pool = new AgentPoolManager(catalog, options.clock, options.logger, options.limits);
  const selector = new IntelligentAgentSelector(catalog);
  return {
    catalog,
    pool,
    selector,
    dispose() {
      selector.dispose();
      pool.dispose();
    },
  };
}
