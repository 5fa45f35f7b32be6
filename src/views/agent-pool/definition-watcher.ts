// Reloads the catalog when a workspace expert (.big-three/agents, .claude/agents) changes.
import * as vscode from 'vscode';
import type { ExpertCatalog } from '../../orchestrator/agents/expert-catalog';

const DEBOUNCE_MS = 250;

export function watchDefinitions(catalog: ExpertCatalog, log: vscode.LogOutputChannel): vscode.Disposable {
  const watchers: vscode.Disposable[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (uri: vscode.Uri) => {
    log.debug(`definition changed: ${uri.fsPath}`);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      catalog.reload().catch((error) => log.error('reloading experts failed', String(error)));
    }, DEBOUNCE_MS);
  };
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '{.big-three,.claude}/agents/**/*.md'));
    watchers.push(watcher, watcher.onDidCreate(schedule), watcher.onDidChange(schedule), watcher.onDidDelete(schedule));
  }
  return new vscode.Disposable(() => {
    if (timer) clearTimeout(timer);
    watchers.forEach((w) => w.dispose());
  });
}
