// The Activity view and its commands (refresh, show an event, show a listed plan); every event is also
// written to the log channel.
import * as vscode from 'vscode';
import type { ObservabilityEvent } from '../../orchestrator/observability/event-types';
import type { ObservabilityManager } from '../../orchestrator/observability/observability-manager';
import { showGeneratedDocument } from '../documents/document-view';
import { planUri } from '../workflow/workflow-documents';
import { ActivityTreeProvider } from './activity-tree';
import { COMMANDS, INTERNAL_COMMANDS, VIEWS } from '../command-ids';

export function registerActivity(context: vscode.ExtensionContext, observability: ObservabilityManager, log: vscode.LogOutputChannel): ActivityTreeProvider {
  const tree = new ActivityTreeProvider(observability);
  const view = vscode.window.createTreeView(VIEWS.activity, { treeDataProvider: tree });
  context.subscriptions.push(
    tree,
    view,
    observability.onDidEmit((e) => {
      const line = `[${e.hookType}] ${e.agentName}: ${e.summary}`;
      if (e.hookType === 'error_occurred') log.warn(line);
      else log.debug(line);
    }),
    vscode.commands.registerCommand(COMMANDS.refreshActivity, async () => {
      try {
        await tree.reload();
      } catch (error) {
        log.error('Could not read the event log', error instanceof Error ? error.message : String(error));
        void vscode.window.showErrorMessage(`Big Three: could not read the event log: ${(error as Error).message}`);
      }
      return tree.shown.length;
    }),
    // Opens a plan listed in the view, rendered (not in the palette: the view passes the plan id).
    vscode.commands.registerCommand(INTERNAL_COMMANDS.showPlan, async (planId?: unknown) => {
      if (typeof planId !== 'string' || !/^[A-Za-z0-9_.-]{1,80}$/.test(planId)) return undefined;
      return showGeneratedDocument(planUri(planId));
    }),
    vscode.commands.registerCommand(COMMANDS.showEvent, async (event?: ObservabilityEvent) => {
      if (!event || typeof event !== 'object' || typeof event.id !== 'string') return undefined;
      const summary = await observability.generateEventSummary(event);
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify({ ...event, generatedSummary: summary }, null, 2) });
      await vscode.window.showTextDocument(doc, { preview: true });
      return summary;
    }),
  );
  void tree.reload().catch((error) => log.warn(`Could not load recent events: ${(error as Error).message}`));
  return tree;
}
