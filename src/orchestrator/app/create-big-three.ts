// The composition root of every host: builds each service once, in dependency order, over the ports
// the host supplies (security, learning, observability, the index, delegation, workflows).
import type { BigThreePorts } from './app-ports';
import { buildCore, buildDelegation, buildLearning, buildObservability, buildSecurity, buildWorkflow } from './build-services';
import { learnFromPool } from './secured-learning';

export async function createBigThree(ports: BigThreePorts) {
  const { logger } = ports;
  const core = await buildCore(ports);
  const secured = await buildSecurity(ports, core);
  const { security } = secured;
  const learning = await buildLearning(ports, core, secured);
  const observed = buildObservability(ports, secured);
  const delegates = buildDelegation(ports, core, secured, learning.learned, observed.observability);
  const workflow = buildWorkflow(ports, core, secured, learning.learned, delegates, observed);
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
