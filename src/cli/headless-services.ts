// Everything a headless host (the CLI, the MCP server) offers, built once over Node's ports:
// the agent core, learning with the upgraded selector, and the optional services of other areas.
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../adapters/node-file-system';
import { AgentCore } from '../orchestrator/agents/agent-core';
import type { LoggerPort } from '../orchestrator/ports';
import { LearningManager } from '../orchestrator/learning/learning-manager';
import { LearnedSelector } from '../orchestrator/learning/learned-selector';
import { profileFeaturizer } from '../orchestrator/learning/task-features';
import { systemClock } from '../orchestrator/ports';
import type { TextEmbedder } from '../orchestrator/learning/hashing-embedder';
import { loadLocalEmbedder } from '../orchestrator/rag/embedder';
import { defaultModelDir } from '../orchestrator/rag/rag-paths';

/** Searching the indexed workspace; provided by the RAG area when it is configured. */
export type CodeSearch = (query: string, limit: number) => Promise<Array<{ codePath: string; content: string; metadata: Record<string, unknown>; similarityScore: number }>>;
/** Planning a workflow; provided by the workflow area. */
export type WorkflowPlanning = (goal: string, tasks: Array<{ description: string; agentId?: string; dependsOn?: string[] }> | undefined, strategy: string | undefined) => Promise<{ plan: unknown; text: string }>;

/** A privileged request checked by the security gate for the caller (audited either way); throws when refused. */
export interface HeadlessAuthorization {
  operation: string;
  resource?: string;
  path?: string;
  detail?: string;
  payload?: unknown;
}

export interface HeadlessServices {
  core: AgentCore;
  learning: LearningManager;
  learned: LearnedSelector;
  dataDir: string;
  searchCode?: CodeSearch;
  planWorkflow?: WorkflowPlanning;
  /** The security gate for the authenticated caller; privileged tools refuse to run without it. */
  authorize?: (request: HeadlessAuthorization) => Promise<void>;
  /** The workspace root that searches and file operations are confined to. */
  workspace?: string;
  dispose(): void;
}

export function defaultDataDir(): string {
  return process.env.BIG_THREE_DATA_DIR ?? path.join(os.homedir(), '.big-three');
}

/** The semantic model of the workspace index, when installed in the data folder (or $BIG_THREE_MODEL_DIR). */
async function installedEmbedder(dataDir: string, logger: LoggerPort): Promise<TextEmbedder | undefined> {
  const modelDir = process.env.BIG_THREE_MODEL_DIR ?? defaultModelDir(dataDir);
  if (!(await new NodeFileSystem().stat(modelDir))?.isDirectory) return undefined;
  return loadLocalEmbedder(modelDir, logger);
}

export async function buildLearning(core: AgentCore, dataDir: string, logger: LoggerPort): Promise<{ learning: LearningManager; learned: LearnedSelector }> {
  const embedder = await installedEmbedder(dataDir, logger);
  const learning = new LearningManager({
    ...(embedder ? { embedder } : {}),
    fs: new NodeFileSystem(),
    clock: systemClock,
    logger,
    dataDir: path.join(dataDir, 'learning'),
    featurizer: (embedder) => profileFeaturizer(embedder, core.catalog, core.selector),
  });
  await learning.initialize();
  core.catalog.onDidChange(() => void learning.refreshFeatures());
  return { learning, learned: new LearnedSelector(core.catalog, core.selector, learning) };
}
