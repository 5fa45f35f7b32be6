// Registers workspace search's UI: the status bar item, the commands (authorized by the core's
// SecuredIndex), live re-indexing and settings changes. The RAG host builds the index after activation.
import * as vscode from 'vscode';
import type { WorkspaceRag } from '../../orchestrator/rag/workspace-rag';
import { type RagAuthorizer, registerRagCommands } from './rag-commands';
import { RagHost } from './rag-host';
import { afterStartup } from '../lazy/after-startup';
import { readRagSettings } from './rag-settings';
import { renderStatus } from './rag-status-bar';

export interface RagFeature {
  ragHost: RagHost;
  ragStatusBar: vscode.StatusBarItem;
}

export function registerRag(context: vscode.ExtensionContext, host: RagHost, log: vscode.LogOutputChannel, authorize: RagAuthorizer): RagFeature {
  const statusBar = vscode.window.createStatusBarItem('bigThree.rag.status', vscode.StatusBarAlignment.Left, 50);
  statusBar.name = 'Big Three Workspace Index';
  let statusSubscription: vscode.Disposable | undefined;
  const follow = (rag: WorkspaceRag | undefined) => {
    statusSubscription?.dispose();
    renderStatus(statusBar, rag?.status, host.reason, host.loading);
    statusSubscription = rag?.onDidChangeStatus((status) => renderStatus(statusBar, status, host.reason));
    statusBar.show();
  };
  context.subscriptions.push(
    host,
    statusBar,
    { dispose: () => statusSubscription?.dispose() },
    host.onDidChangeService(follow),
    host.onDidChangeLoading((loading) => {
      if (loading) renderStatus(statusBar, undefined, host.reason, true);
    }),
    ...registerRagCommands(host, log, authorize),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bigThree.rag')) void host.rebuild();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void host.rebuild()),
  );
  renderStatus(statusBar, undefined, 'Loading the workspace index…', true);
  statusBar.show();
  // The index loads (and an incremental pass catches what changed while VS Code was closed) once the
  // workbench has settled, not during startup; a search or command before then loads it on demand.
  const startup = afterStartup('Startup indexing', log, async () => {
    const rag = await host.ready();
    if (host.reason) log.info(host.reason);
    if (rag && readRagSettings().autoIndex) await rag.indexCodebase();
  });
  context.subscriptions.push(startup);
  return { ragHost: host, ragStatusBar: statusBar };
}
