// VS Code's entry: supplies the host's ports to the core's composition root (createBigThree) and
// registers each feature's UI. Features live in src/views/<feature>/register-*.ts.
import * as vscode from 'vscode';
import { type BigThree, createBigThree } from './orchestrator/app/create-big-three';
import type { EditService } from './orchestrator/edits/edit-service';
import type { ProposedContentProvider } from './views/edits/proposed-content';
import { loggerFor } from './views/output-logger';
import { vscodePorts } from './views/vscode-ports';
import { afterStartup } from './views/lazy/after-startup';
import { warmUpSelection } from './views/lazy/warm-up-selection';
import { registerAgentPool, type AgentPoolViews } from './views/agent-pool/register-agent-pool';
import { registerDelegates } from './views/delegates/register-delegates';
import { registerLearning, type LearningViews } from './views/learning/register-learning';
import { registerMcpServer } from './views/mcp/register-mcp-server';
import { registerRag, type RagFeature } from './views/rag/register-rag';
import { registerSecurity, type SecurityViews } from './views/security/register-security';
import { registerVoice, type VoiceFeature } from './views/voice/register-voice';
import { registerWorkflow, type WorkflowViews } from './views/workflow/register-workflow';

export type BigThreeApi = BigThree &
  AgentPoolViews &
  LearningViews &
  SecurityViews &
  WorkflowViews &
  RagFeature &
  VoiceFeature & { log: vscode.LogOutputChannel; edits: EditService; proposedContent: ProposedContentProvider };

export async function activate(context: vscode.ExtensionContext): Promise<BigThreeApi> {
  const log = vscode.window.createOutputChannel('Big Three', { log: true });
  context.subscriptions.push(log);
  const host = await vscodePorts(context, log, loggerFor(log));
  const app = await createBigThree(host.ports);
  context.subscriptions.push({ dispose: () => void app.dispose() });
  const me = () => app.security.localPrincipal;

  const security = registerSecurity(context, app, host.proposedContent, log);
  const learning = registerLearning(context, app, log);
  const pool = registerAgentPool(context, app.core, log, { pool: app.securedPool, principal: me, learned: () => app.learned, outcomes: app.outcomes });
  const workflow = registerWorkflow(context, app, log);
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
  registerMcpServer(context, log);
  // The expert selection's index (and the chooser's history) are built once the workbench has settled,
  // so the first Select Expert for Task answers without building them.
  context.subscriptions.push(afterStartup('Warming the expert selection', log, () => warmUpSelection(app.learned.chooser)));

  log.info(`Big Three activated with ${app.core.catalog.experts.length} experts; data in ${app.dataDirs.user} (this workspace: ${app.dataDirs.workspace}).`);
  const api = { ...app, ...pool, ...learning, ...security, ...workflow, ...rag, log, proposedContent: host.proposedContent };
  // Copied as property descriptors: voiceTools stays a getter (the voice tools register on first use).
  return Object.defineProperties(api, Object.getOwnPropertyDescriptors(voice)) as BigThreeApi;
}

export function deactivate(): void {}
