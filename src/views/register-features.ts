// After activation: the application built over VS Code's ports (vscodePorts -> createBigThree) and each
// feature's UI registered (src/views/<feature>/register-*.ts), in one go once it is built.
import type * as vscode from 'vscode';
import { type BigThree, createBigThree } from '../orchestrator/app/create-big-three';
import type { EditService } from '../orchestrator/edits/edit-service';
import type { ProposedContentProvider } from './edits/proposed-content';
import { loggerFor } from './output-logger';
import { vscodePorts } from './vscode-ports';
import { afterStartup } from './lazy/after-startup';
import type { DeferredCommands } from './lazy/deferred-commands';
import { warmUpSelection } from './lazy/warm-up-selection';
import { registerAgentPool, type AgentPoolViews } from './agent-pool/register-agent-pool';
import { registerDelegates } from './delegates/register-delegates';
import { registerLearning, type LearningViews } from './learning/register-learning';
import { registerRag, type RagFeature } from './rag/register-rag';
import { registerSecurity, type SecurityViews } from './security/register-security';
import { registerVoice, type VoiceFeature } from './voice/register-voice';
import { registerWorkflow, type WorkflowViews } from './workflow/register-workflow';

export type BigThreeApi = BigThree &
  AgentPoolViews &
  LearningViews &
  SecurityViews &
  WorkflowViews &
  RagFeature &
  VoiceFeature & { log: vscode.LogOutputChannel; edits: EditService; proposedContent: ProposedContentProvider };

/**
 * Builds the application over VS Code's ports and registers every feature's views and commands; the
 * stand-ins registered by activate() hand over to them in the same turn.
 */
export async function buildAndRegister(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, commands: DeferredCommands): Promise<BigThreeApi> {
  const host = await vscodePorts(context, log, loggerFor(log));
  const app = await createBigThree(host.ports);
  if (commands.closed) {
    // Deactivated while it was built: nothing is registered (the subscriptions are already disposed).
    await app.dispose();
    throw new Error('Big Three was deactivated before it had started');
  }
  context.subscriptions.push({ dispose: () => void app.dispose() });
  const me = () => app.security.localPrincipal;

  // From here to the end of the features' registration runs in one go: no call can fall between the
  // stand-ins and the real commands.
  commands.handOver();
  // The guarded commands of the security, pool and workflow features, Select Expert's ranking and the
  // searches hold background indexing back while they run (index-pacing.ts).
  const userWaits = host.ragHost.pacing;
  const security = registerSecurity(context, app, host.proposedContent, log, userWaits);
  const learning = registerLearning(context, app, log);
  const pool = registerAgentPool(
    context,
    app.core,
    log,
    { pool: app.securedPool, principal: me, learned: () => app.learned, outcomes: app.outcomes },
    userWaits,
  );
  const workflow = registerWorkflow(context, app, log, userWaits);
  const rag = registerRag(context, host.ragHost, log, (operation, detail) => app.index.authorize(me(), operation, detail));
  registerDelegates(context, app, log);
  const voice = registerVoice(context, log, {
    core: app.core,
    chooser: app.learned.chooser,
    security: app,
    workflow: app.workflow,
    rag: host.ragHost,
    delegation: app.delegation,
  });
  // The expert selection's index (and the chooser's history) are built once the workbench has settled,
  // so the first Select Expert for Task answers without building them.
  context.subscriptions.push(afterStartup('Warming the expert selection', log, () => warmUpSelection(app.learned.chooser)));

  log.info(`Big Three activated with ${app.core.catalog.experts.length} experts; data in ${app.dataDirs.user} (this workspace: ${app.dataDirs.workspace}).`);
  const api = { ...app, ...pool, ...learning, ...security, ...workflow, ...rag, log, proposedContent: host.proposedContent };
  // Copied as property descriptors: voiceTools stays a getter (the voice tools register on first use).
  return Object.defineProperties(api, Object.getOwnPropertyDescriptors(voice)) as BigThreeApi;
}
