// The index state in the status bar: files and chunks, progress while indexing, lexical-only mode.
import * as path from 'path';
import * as vscode from 'vscode';
import type { WorkspaceRagStatus } from '../../orchestrator/rag/workspace-rag';
import { COMMANDS } from '../command-ids';

export function renderStatus(item: vscode.StatusBarItem, status: WorkspaceRagStatus | undefined, reason: string | undefined, loading = false): void {
  if (!status && loading) {
    item.text = '$(sync~spin) loading index…';
    item.tooltip = 'Opening the saved workspace index.';
    item.command = undefined;
    return;
  }
  if (!status) {
    item.text = '$(database) Index: off';
    item.tooltip = reason ?? 'Workspace search is not available.';
    item.command = COMMANDS.indexWorkspace;
    return;
  }
  const mode = status.lexicalOnly ? 'lexical only' : `${status.embedderId} · ${status.vectorStore} store`;
  if (status.state === 'indexing') {
    const p = status.progress;
    const folder = status.roots > 1 && status.indexingRoot ? ` ${path.basename(status.indexingRoot)}` : '';
    item.text = p?.phase === 'indexing' && p.filesTotal ? `$(sync~spin) Indexing${folder} ${p.filesDone}/${p.filesTotal}` : `$(sync~spin) Indexing${folder}…`;
    item.tooltip = `Indexing the workspace (${status.roots > 1 ? `${status.roots} folders, ` : ''}${mode}).`;
    item.command = undefined;
    return;
  }
  const folders = status.roots > 1 ? ` in ${status.roots} folders` : '';
  item.text = `$(database) ${status.files} files${folders}${status.lexicalOnly ? ' (lexical)' : ''}`;
  const tips = [`Workspace index: ${status.files} files, ${status.chunks} chunks, ${status.experiences} experiences${folders} (${mode}).`];
  if (status.lastError) tips.push(`Last run: ${status.lastError}`);
  if (reason) tips.push(reason);
  tips.push('Click to search the code.');
  item.tooltip = tips.join('\n');
  item.command = COMMANDS.searchCode;
}
