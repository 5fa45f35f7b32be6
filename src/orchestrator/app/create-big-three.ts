// The composition root of every host: builds each service once, in dependency order, over the ports
// the host supplies (security, learning, observability, the index, delegation, workflows).
import * as path from 'path';
import { createAgentCore } from '../agents/agent-core';
import { CoderAgentRunner } from '../delegates/coder-agent-runner';
import { securedExecutorPool } from '../workflow/secured-executor-pool';
import { WorkflowServices, createObservability } from '../workflow/workflow-services';
import type { BigThreePorts } from './app-ports';
import { buildDelegation, buildLearning, buildSecurity } from './build-services';
import { lazyClaudeSummarizer } from './lazy-providers';
import { learnFromPool } from './secured-learning';

export async function createBigThree(ports: BigThreePorts) {
  const { fs, clock, logger } = ports;
  const core = await createAgentCore({
    fs,
    clock,
    logger,
    builtinAgentsDir: ports.builtinAgentsDir,
    workspaceFolders: ports.workspaceFolders(),
    realPath: ports.realPath,
    ...(ports.settings.pool ? { limits: ports.settings.pool } : {}),
    ...(ports.codeVersion ? { definitionCache: { file: path.join(ports.dataDirs.user, 'cache', 'expert-definitions.json'), version: ports.codeVersion } } : {}),
  });
  const secured = await buildSecurity(ports, core);
  const { security, securedPool, apiKeys } = secured;
  const learning = await buildLearning(ports, core, secured);
  const summarizer = lazyClaudeSummarizer({ apiKey: () => apiKeys.get('anthropic'), settings: ports.settings.claude, logger });
  const observed = createObservability({ fs, clock, logger, storageDir: ports.dataDirs.workspace, summarizer });
  const delegates = buildDelegation(ports, core, secured, learning.learned, observed.observability);
  const runner = new CoderAgentRunner({
    coder: delegates.claudeCoder,
    catalog: core.catalog,
    principal: () => security.localPrincipal,
    hasApiKey: async () => Boolean(await apiKeys.get('anthropic')),
  });
  const pool = securedExecutorPool(securedPool, () => security.localPrincipal);
  const workflow = new WorkflowServices({
    core,
    chooser: learning.learned.chooser,
    fs,
    clock,
    logger,
    storageDir: ports.dataDirs.workspace,
    sessionId: ports.sessionId,
    observability: observed,
    runner,
    pool,
  });
  const poolLearning = learnFromPool(core.pool, learning.outcomes, security.localPrincipal, logger);
  const subscriptions = [
    poolLearning,
    core.catalog.onDidChange(() => void learning.learning.refreshFeatures()),
    ports.index.onDidChange?.((index) => {
      if (index?.embedder)
        learning.learning.useEmbedder(index.embedder).catch((error: unknown) => logger.warn(`Learning keeps lexical similarity: ${String(error)}`));
    }),
  ];
  return {
    core,
    ...secured,
    ...learning,
    ...delegates,
    workflow,
    dataDirs: ports.dataDirs,
    async dispose(): Promise<void> {
      // Nothing learned is lost to an exiting host: outcomes in flight are written, then the model saved.
      await poolLearning.settled();
      await learning.learned.chooser.flush();
      for (const s of subscriptions) s?.dispose();
      delegates.delegation.dispose();
      await workflow.dispose();
      await security.dispose();
      core.dispose();
    },
  };
}

export type BigThree = Awaited<ReturnType<typeof createBigThree>>;
