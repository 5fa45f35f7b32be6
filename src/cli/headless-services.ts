// The headless host (the CLI and the MCP server): supplies Node's ports to the core's composition
// root (createBigThree) over the shared data folder, and says who the caller is. With a token
// (--token or $BIG_THREE_TOKEN) the caller is the token's principal, re-checked on every privileged
// call so a revoked or expired token stops working mid-session; without one it is the local user
// with the local role ($BIG_THREE_LOCAL_ROLE).
import * as os from 'os';
import * as path from 'path';
import { folderProblem } from '../adapters/folder-check';
import { nodePorts } from '../adapters/node-ports';
import { openDataDirs } from '../adapters/private-data-folder';
import { playwrightLauncher } from '../adapters/playwright-browser';
import { sentenceEncoderOff, shippedSentenceEncoder } from '../adapters/shipped-sentence-encoder';
import type { BigThreePorts } from '../orchestrator/app/app-ports';
import { type BigThree, createBigThree } from '../orchestrator/app/create-big-three';
import { defaultDataDir, realFolder } from '../orchestrator/app/data-dirs';
import type { CodeIndex } from '../orchestrator/app/workspace-index';
import { workflowPlanning } from '../orchestrator/app/workflow-planning';
import type { OwnHistoryDisclosure } from '../orchestrator/learning/history-disclosure';
import type { TaskOutcome } from '../orchestrator/learning/outcome-store';
import { systemClock, type ApprovalPort, type FileSystemPort, type LoggerPort, type SecretsPort } from '../orchestrator/ports';
import { NotIndexedError } from '../orchestrator/rag/errors';
import type { Embedder } from '../orchestrator/rag/embedder';
import { API_KEY_PROVIDERS, secretKeyName } from '../orchestrator/security/api-keys';
import { DEFAULT_LOCAL_ROLE, isLocalRole } from '../orchestrator/security/permissions';
import { type GateRequest, markAudited } from '../orchestrator/security/security-gate';
import { type CliIo, defaultAgentsDir, defaultSentenceVectorsFile, defaultWordVectorsFile, stderrLogger } from './cli-host';
import { cliEmbedder, cliModelFolder } from './commands/model';
import { openRagService } from './commands/rag-commands';
import { UsageError } from './usage-error';

/** A privileged request checked by the security gate for the caller (audited either way); throws when refused. */
export type HeadlessAuthorization = Omit<GateRequest, 'principal'>;

export interface HeadlessOptions {
  io: CliIo;
  verbose: boolean;
  surface: 'cli' | 'mcp';
  dataDir?: string;
  workspace?: string;
  agentsDir?: string;
  token?: string;
  model?: string;
  /** Learning compares tasks with the installed embedding model (selection with history). */
  semanticLearning?: boolean;
  /** Asks the person at the terminal (delegate and voice commands); without it approvals are refused. */
  approval?: ApprovalPort;
}

export interface HeadlessServices extends BigThree {
  logger: LoggerPort;
  /** The user-level data folder (learning, security, models, indexes). */
  dataDir: string;
  workspace: string;
  modelDir: string;
  /** The host's file system port. */
  fs: FileSystemPort;
  /** The embedding model in modelDir, loaded at most once per run (so its absence is reported once). */
  embedder(): Promise<Embedder | undefined>;
  /** Who is calling: the token's principal, or the local user. */
  caller(): string;
  /**
   * The caller after re-reading tokens and grants: throws (and audits) once the token was revoked or the
   * session ended, whoever revoked it. Every MCP tool call checks it, privileged or not.
   */
  liveCaller(operation: string): Promise<string>;
  authorize(request: HeadlessAuthorization): Promise<void>;
  recordOutcome(task: string, agentId: string, result: string, success: boolean): Promise<TaskOutcome>;
  /** Whether the caller sees a task's own history where a ranking is shown or explained (SecuredLearning.ownHistoryFor: learning.read). */
  ownHistory(asker: string): Promise<OwnHistoryDisclosure>;
  /** `incomplete`: a full indexing pass is writing the index or left it unfinished (as the CLI search says). */
  searchCode(query: string, limit: number): Promise<{ results: readonly unknown[]; incomplete: boolean }>;
  planWorkflow: ReturnType<typeof workflowPlanning>;
  close(): Promise<void>;
}

const ENV_KEYS = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY', gemini: 'GEMINI_API_KEY' } as const;

/** Provider keys from the environment; the CLI stores none. */
function environmentSecrets(env: NodeJS.ProcessEnv): SecretsPort {
  const byName = new Map(API_KEY_PROVIDERS.map((p) => [secretKeyName(p), ENV_KEYS[p]]));
  const readOnly = async () => {
    throw new UsageError(`the CLI reads provider keys from ${Object.values(ENV_KEYS).join(', ')}`);
  };
  return {
    get: async (key) => (byName.has(key) ? env[byName.get(key)!] || undefined : undefined),
    store: readOnly,
    delete: readOnly,
    howToSetKey: (provider) => `set ${ENV_KEYS[provider]} in the environment (the CLI reads keys from there)`,
  };
}

export async function openHeadless(options: HeadlessOptions): Promise<HeadlessServices> {
  const role = process.env.BIG_THREE_LOCAL_ROLE ?? DEFAULT_LOCAL_ROLE;
  if (!isLocalRole(role)) throw new UsageError(`BIG_THREE_LOCAL_ROLE must be none, viewer, developer or admin, not "${role}"`);
  const node = nodePorts();
  const logger = stderrLogger(options.io, options.verbose);
  const workspace = path.resolve(options.workspace ?? process.cwd());
  // A mistyped folder would otherwise read as an empty one: no workspace agents, or no built-in experts at all.
  for (const [what, folder] of [
    ['workspace', options.workspace],
    ['expert folder (--agents)', options.agentsDir],
  ] as const) {
    const problem = folder === undefined ? undefined : await folderProblem(path.resolve(folder));
    if (problem) throw new UsageError(`the ${what} ${folder} ${problem}`);
  }
  const dataDirs = await openDataDirs(options.dataDir ?? defaultDataDir(os.homedir(), process.env), workspace, node.realPath, logger);
  const model = cliModelFolder(options.model, dataDirs.user);
  const modelDir = model.dir;
  const embedder = cliEmbedder(modelDir, model.named, logger);
  let opened: Promise<CodeIndex & { readonly status: { files: number }; unfinishedPass(): Promise<boolean> }> | undefined;
  const open = () =>
    (opened ??= realFolder(workspace, node.realPath).then((root) => openRagService(root, { fs: node.fs, dataDir: dataDirs.user, logger, embedder })));
  const delegates = () => require('../orchestrator/delegates/claude-coder') as typeof import('../orchestrator/delegates/claude-coder');
  const browsers = () => require('../orchestrator/delegates/gemini-browser') as typeof import('../orchestrator/delegates/gemini-browser');
  const wordVectorsFile = defaultWordVectorsFile();
  const sentenceVectorsFile = defaultSentenceVectorsFile();
  const ports: BigThreePorts = {
    ...node,
    clock: systemClock,
    logger,
    secrets: environmentSecrets(process.env),
    dataDirs,
    builtinAgentsDir: options.agentsDir ?? defaultAgentsDir(),
    ...(wordVectorsFile ? { wordVectorsFile } : {}),
    sentenceEncoder: shippedSentenceEncoder(logger, { disabled: sentenceEncoderOff(process.env) }),
    ...(sentenceVectorsFile ? { sentenceVectorsFile } : {}),
    workspaceFolders: () => [workspace],
    sessionId: `${options.surface}-${process.pid}`,
    settings: { security: { localRole: role }, claude: () => delegates().DEFAULT_CLAUDE_SETTINGS, gemini: () => browsers().DEFAULT_GEMINI_SETTINGS },
    index: { current: () => undefined, ready: open, reason: () => undefined, root: () => workspace },
    browser: playwrightLauncher(() => ({ headless: true, width: 1280, height: 800, actionTimeoutMs: 15_000 })),
    ...(options.approval ? { approval: options.approval } : {}),
  };
  const app = await createBigThree(ports);
  const { security } = app;
  if (options.semanticLearning && (await node.fs.stat(modelDir))?.isDirectory) {
    const loaded = await embedder();
    if (loaded) await app.learning.useEmbedder(loaded);
  }
  const session = options.token ? await security.tokens.startSession(options.token, options.surface) : undefined;
  const caller = () => (session ? security.tokens.touchSession(session.id).principal : security.localPrincipal);
  /** The caller after re-reading tokens and grants (a token revoked by another process stops working now); a refused session is audited. */
  const liveCaller = async (operation: string): Promise<string> => {
    await security.refresh();
    try {
      return caller();
    } catch (error) {
      await security.audit
        .record({ type: 'auth_failure', user: session?.principal ?? 'unknown', operation, outcome: 'denied', message: (error as Error).message })
        .catch(() => undefined);
      throw markAudited(error);
    }
  };
  return {
    ...app,
    logger,
    dataDir: dataDirs.user,
    workspace,
    modelDir,
    fs: node.fs,
    embedder,
    caller,
    liveCaller,
    authorize: async (request) => void (await security.gate.enforce({ ...request, principal: await liveCaller(request.operation) })),
    recordOutcome: async (task, agentId, result, success) => app.outcomes.record(await liveCaller('learning.record'), task, agentId, result, success),
    ownHistory: async (asker) => app.outcomes.ownHistoryFor(await liveCaller('learning.read'), asker),
    planWorkflow: workflowPlanning({ pool: app.core.pool, chooser: app.learned.chooser }),
    searchCode: async (query, limit) => {
      const hits = await app.index.search(await liveCaller('code.search'), query, limit, options.surface === 'mcp' ? 'search_code' : 'big-three search');
      // Searched (authorized and audited) first; an index with no file answers that it is empty, not that nothing matched.
      const index = await open();
      if (!hits || !index.status.files) {
        throw new NotIndexedError(workspace, `run "big-three index ${workspace}" (with the same --data-dir) first.`);
      }
      // Read at each search: this server outlives the passes other processes run.
      return { results: hits, incomplete: await index.unfinishedPass() };
    },
    async close() {
      if (session) security.tokens.endSession(session.id);
      if (opened) ((await opened.catch(() => undefined)) as { dispose?: () => void } | undefined)?.dispose?.();
      await app.dispose();
    },
  };
}
