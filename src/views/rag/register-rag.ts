// Registers workspace search's UI: the status bar item, the commands (authorized by the core's
// SecuredIndex), live re-indexing and settings changes. The RAG host builds the index after activation.
import * as vscode from 'vscode';
import type { WorkspaceRag } from '../../orchestrator/rag/workspace-rag';
import { type RagAuthorizer, registerRagCommands } from './rag-commands';
import { RagHost } from './rag-host';
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
    renderStatus(statusBar, rag?.status, host.reason);
    statusSubscription = rag?.onDidChangeStatus((status) => renderStatus(statusBar, status, host.reason));
    statusBar.show();
  };
  context.subscriptions.push(
    host,
    statusBar,
    { dispose: () => statusSubscription?.dispose() },
    host.onDidChangeService(follow),
    ...registerRagCommands(host, log, authorize),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bigThree.rag')) void host.rebuild();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void host.rebuild()),
  );
  renderStatus(statusBar, undefined, 'Loading the workspace index…');
  statusBar.show();
  // Built after activation returns; an incremental pass then catches what changed while VS Code was closed.
  void host.ready().then(async (rag) => {
    if (host.reason) log.info(host.reason);
    if (rag && readRagSettings().autoIndex) {
      try {
        await rag.indexCodebase();
      } catch (error) {
        log.warn(`Startup indexing stopped: ${(error as Error).message}`);
      }
    }
  });
  return { ragHost: host, ragStatusBar: statusBar };
}
