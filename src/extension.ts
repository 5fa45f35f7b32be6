// VS Code's entry: supplies the host's ports to the core's composition root (createBigThree) and
// registers each feature's UI. Features live in src/views/<feature>/register-*.ts.
import * as vscode from 'vscode';
import { type BigThree, createBigThree } from './orchestrator/app/create-big-three';
import type { EditService } from './orchestrator/edits/edit-service';
import type { ProposedContentProvider } from './views/edits/proposed-content';
import { loggerFor } from './views/output-logger';
import { vscodePorts } from './views/vscode-ports';
import { COMMANDS } from './views/command-ids';
import { afterStartup } from './views/lazy/after-startup';
import { DeferredCommands } from './views/lazy/deferred-commands';
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

/** What activate() returns at once: the application, once built (tests and other extensions await it). */
export interface BigThreeExports {
  readonly ready: Promise<BigThreeApi>;
}

/**
 * Registers a stand-in for every command and returns; the application is built right after, and the
 * features' views and commands are registered as soon as it is (DeferredCommands hands the calls made in
 * between on to them). VS Code's activation time is therefore the bundle's load and this function only.
 */
export function activate(context: vscode.ExtensionContext): BigThreeExports {
  const log = vscode.window.createOutputChannel('Big Three', { log: true });
  context.subscriptions.push(log);
  const commands = new DeferredCommands(Object.values(COMMANDS));
  context.subscriptions.push(commands);
  // Needs nothing of the application, and VS Code asks for it as soon as activate() returns.
  registerMcpServer(context, log);
  const ready = build(context, log, commands).then(
    (api) => {
      commands.release();
      // The views' welcome texts ("nothing yet…") show from now on, not while the views are still empty.
      void vscode.commands.executeCommand('setContext', 'bigThree.started', true);
      return api;
    },
    (error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      const deactivated = commands.closed;
      commands.fail(failure);
      if (deactivated) {
        log.info(failure.message);
        throw failure;
      }
      log.error('Big Three could not start', failure);
      void vscode.commands.executeCommand('setContext', 'bigThree.startFailed', true);
      void vscode.window.showErrorMessage(`Big Three could not start: ${failure.message} (details in the Big Three output).`);
      throw failure;
    },
  );
  // Reported above; the rejection stays for whoever awaits `ready`.
  ready.catch(() => undefined);
  return { ready };
}

async function build(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, commands: DeferredCommands): Promise<BigThreeApi> {
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
  // The expert selection's index (and the chooser's history) are built once the workbench has settled,
  // so the first Select Expert for Task answers without building them.
  context.subscriptions.push(afterStartup('Warming the expert selection', log, () => warmUpSelection(app.learned.chooser)));

  log.info(`Big Three activated with ${app.core.catalog.experts.length} experts; data in ${app.dataDirs.user} (this workspace: ${app.dataDirs.workspace}).`);
  const api = { ...app, ...pool, ...learning, ...security, ...workflow, ...rag, log, proposedContent: host.proposedContent };
  // Copied as property descriptors: voiceTools stays a getter (the voice tools register on first use).
  return Object.defineProperties(api, Object.getOwnPropertyDescriptors(voice)) as BigThreeApi;
}

export function deactivate(): void {}
