// The index state in the status bar: files and chunks, progress while indexing, lexical-only mode.
import * as vscode from 'vscode';
import type { RagStatus } from '../../orchestrator/rag/rag-service';

export function renderStatus(item: vscode.StatusBarItem, status: RagStatus | undefined, reason: string | undefined): void {
  if (!status) {
    item.text = '$(database) Index: off';
    item.tooltip = reason ?? 'Workspace search is not available.';
    item.command = 'bigThree.indexWorkspace';
    return;
  }
  const mode = status.lexicalOnly ? 'lexical only' : `${status.embedderId} · ${status.vectorStore} store`;
  if (status.state === 'indexing') {
    const p = status.progress;
    item.text = p?.phase === 'indexing' && p.filesTotal ? `$(sync~spin) Indexing ${p.filesDone}/${p.filesTotal}` : '$(sync~spin) Indexing…';
    item.tooltip = `Indexing the workspace (${mode}).`;
    item.command = undefined;
    return;
  }
  item.text = `$(database) ${status.files} files${status.lexicalOnly ? ' (lexical)' : ''}`;
  const tips = [`Workspace index: ${status.files} files, ${status.chunks} chunks, ${status.experiences} experiences (${mode}).`];
  if (status.lastError) tips.push(`Last run: ${status.lastError}`);
  if (reason) tips.push(reason);
  tips.push('Click to search the code.');
  item.tooltip = tips.join('\n');
  item.command = 'bigThree.searchCode';
}
