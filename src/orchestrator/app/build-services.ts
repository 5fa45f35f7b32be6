// The steps of createBigThree, each building one area over the host's ports.
import * as path from 'path';
import { type AgentCore, createAgentCore } from '../agents/agent-core';
import { securedDelegatePool } from '../delegates/delegate-pools';
import { DelegationService } from '../delegates/delegation-service';
import { GatedToolHost } from '../delegates/gated-tool-host';
import { fileEditHost } from '../edits/edit-host';
import { EditService } from '../edits/edit-service';
import { DefinitionSentenceSimilarity } from '../learning/definition-sentence-similarity';
import { DefinitionWordSimilarity, lazyWordVectors } from '../learning/definition-word-similarity';
import { SidecarSentenceVectorCache } from '../learning/sentence-vector-cache';
import { LearnedSelector } from '../learning/learned-selector';
import { WordVectors } from '../text/word-vectors';
import { LearningManager } from '../learning/learning-manager';
import { profileFeaturizer } from '../learning/task-features';
import type { EventSink } from '../observability/event-types';
import { ApiKeyStore } from '../security/api-keys';
import { SecuredPool } from '../security/secured-pool';
import { SecurityAdmin } from '../security/security-admin';
import { createSecurityCore } from '../security/security-core';
import type { BigThreePorts } from './app-ports';
import { CoderAgentRunner } from '../delegates/coder-agent-runner';
import { securedExecutorPool } from '../workflow/secured-executor-pool';
import { WorkflowServices, createObservability } from '../workflow/workflow-services';
import { lazyClaudeCoder, lazyClaudeSummarizer, lazyGeminiBrowser } from './lazy-providers';
import { SecuredLearning } from './secured-learning';
import { SecuredIndex } from './workspace-index';

const DENY_ALL_APPROVAL = { requestApproval: async () => false };

/** The expert catalog, the selection and the agent pool (definitions parsed once per code version, cached). */
export function buildCore(ports: BigThreePorts): Promise<AgentCore> {
  const { dataDirs, codeVersion } = ports;
  return createAgentCore({
    fs: ports.fs,
    clock: ports.clock,
    logger: ports.logger,
    builtinAgentsDir: ports.builtinAgentsDir,
    workspaceFolders: ports.workspaceFolders(),
    realPath: ports.realPath,
    ...(ports.settings.pool ? { limits: ports.settings.pool } : {}),
    ...(codeVersion ? { definitionCache: { file: path.join(dataDirs.user, 'cache', 'expert-definitions.json'), version: codeVersion } } : {}),
  });
}

export async function buildSecurity(ports: BigThreePorts, core: AgentCore) {
  const security = await createSecurityCore({
    fs: ports.fs,
    clock: ports.clock,
    logger: ports.logger,
    realPath: ports.realPath,
    dataDir: path.join(ports.dataDirs.user, 'security'),
    localPrincipal: ports.principal,
    workspaceRoots: ports.workspaceFolders(),
    expertTools: (id) => core.catalog.find(id)?.tools,
    ...(ports.approval ? { approval: ports.approval } : {}),
    ...(ports.settings.security ? { settings: ports.settings.security } : {}),
  });
  const securedPool = new SecuredPool(security.gate, core.pool);
  return {
    security,
    securedPool,
    securityAdmin: new SecurityAdmin(security.gate, security.access, security.tokens),
    apiKeys: new ApiKeyStore(ports.secrets, security.audit, () => security.localPrincipal),
    index: new SecuredIndex(security.gate, ports.index),
  };
}
export type SecurityServices = Awaited<ReturnType<typeof buildSecurity>>;

export async function buildLearning(ports: BigThreePorts, core: AgentCore, secured: SecurityServices) {
  const learning = new LearningManager({
    fs: ports.fs,
    clock: ports.clock,
    logger: ports.logger,
    dataDir: path.join(ports.dataDirs.user, 'learning'),
    featurizer: (embedder) => profileFeaturizer(embedder, core.catalog, core.selector),
  });
  await learning.initialize();
  return {
    learning,
    learned: new LearnedSelector(core.catalog, core.selector, learning, {
      wordSimilarity: shippedWordSimilarity(ports, core),
      ...(ports.sentenceEncoder
        ? {
            sentenceSimilarity: new DefinitionSentenceSimilarity(
              core.catalog,
              ports.sentenceEncoder,
              new SidecarSentenceVectorCache(learning, ports.logger, shippedSentenceVectors(ports)),
              ports.logger,
            ),
          }
        : {}),
    }),
    outcomes: new SecuredLearning(secured.security.gate, learning, core.catalog),
  };
}
export type LearningServices = Awaited<ReturnType<typeof buildLearning>>;

/** The text of the sentence vectors shipped for the shipped experts, read when the cache lacks some. */
function shippedSentenceVectors(ports: BigThreePorts): (() => Promise<string | undefined>) | undefined {
  const file = ports.sentenceVectorsFile;
  if (!file) return undefined;
  return async () => ((await ports.fs.stat(file))?.isFile ? new TextDecoder().decode(await ports.fs.readFile(file)) : undefined);
}

/** The shipped word vectors over the loaded definitions, read on the first ranking that needs them. */
function shippedWordSimilarity(ports: BigThreePorts, core: AgentCore): DefinitionWordSimilarity {
  const vectors = lazyWordVectors(
    ports.wordVectorsFile,
    (file) => ports.fs.readFile(file),
    (bytes) => WordVectors.parseSliced(bytes),
    ports.logger,
  );
  return new DefinitionWordSimilarity(core.catalog, vectors);
}

export function buildDelegation(ports: BigThreePorts, core: AgentCore, secured: SecurityServices, learned: LearnedSelector, events: EventSink) {
  const { security, apiKeys } = secured;
  const edits = new EditService({ gate: security.gate, paths: () => security.paths(), host: ports.edits ?? fileEditHost(ports.fs), logger: ports.logger });
  const host = new GatedToolHost({
    gate: security.gate,
    edits,
    fs: ports.fs,
    paths: () => security.paths(),
    workspaceRoot: () => ports.workspaceFolders()[0],
    commands: ports.commands,
    search: () => {
      const index = ports.index.current();
      return index ? (query: string, limit: number) => index.searchCode(query, limit) : undefined;
    },
  });
  const claudeCoder = lazyClaudeCoder({
    host,
    settings: ports.settings.claude,
    apiKey: () => apiKeys.get('anthropic'),
    howToSetKey: () => apiKeys.howToSet('anthropic'),
    retriever: () => ports.index.current(),
    logger: ports.logger,
  });
  const geminiBrowser = lazyGeminiBrowser({
    settings: ports.settings.gemini,
    apiKey: () => apiKeys.get('gemini'),
    howToSetKey: () => apiKeys.howToSet('gemini'),
    launcher: ports.browser,
    gate: security.gate,
    approval: ports.approval ?? DENY_ALL_APPROVAL,
    logger: ports.logger,
  });
  const principal = () => security.localPrincipal;
  const delegation = new DelegationService({
    catalog: core.catalog,
    selector: core.selector,
    learned: () => learned,
    pool: securedDelegatePool(secured.securedPool, principal),
    claude: claudeCoder,
    gemini: geminiBrowser,
    events: () => events,
    clock: ports.clock,
    logger: ports.logger,
    principal,
    sessionId: () => ports.sessionId,
  });
  return { claudeCoder, geminiBrowser, delegation, edits };
}

/** Observability (events, traces, summaries by Claude when a key is stored) in the workspace's data folder. */
export function buildObservability(ports: BigThreePorts, secured: SecurityServices) {
  const summarizer = lazyClaudeSummarizer({ apiKey: () => secured.apiKeys.get('anthropic'), settings: ports.settings.claude, logger: ports.logger });
  return createObservability({ fs: ports.fs, clock: ports.clock, logger: ports.logger, storageDir: ports.dataDirs.workspace, summarizer });
}

/** Workflows: planned with the expert chooser, run by the coder through the secured pool. */
export function buildWorkflow(
  ports: BigThreePorts,
  core: AgentCore,
  secured: SecurityServices,
  learned: LearnedSelector,
  delegates: ReturnType<typeof buildDelegation>,
  observed: ReturnType<typeof buildObservability>,
): WorkflowServices {
  const { security, apiKeys } = secured;
  const runner = new CoderAgentRunner({
    coder: delegates.claudeCoder,
    catalog: core.catalog,
    principal: () => security.localPrincipal,
    hasApiKey: async () => Boolean(await apiKeys.get('anthropic')),
    howToSetKey: () => apiKeys.howToSet('anthropic'),
  });
  return new WorkflowServices({
    core,
    chooser: learned.chooser,
    fs: ports.fs,
    clock: ports.clock,
    logger: ports.logger,
    storageDir: ports.dataDirs.workspace,
    sessionId: ports.sessionId,
    observability: observed,
    runner,
    pool: securedExecutorPool(secured.securedPool, () => security.localPrincipal),
  });
}
