// Shows generated markdown documents (plans, executions, pool statistics) rendered.
import * as vscode from 'vscode';

/**
 * Opens a generated markdown document rendered (VS Code's markdown preview, beside the editor when
 * `beside`); the source stays open as a document. Falls back to the source when the preview is missing.
 */
export async function showMarkdownPreview(uri: vscode.Uri, beside = false): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  try {
    await vscode.commands.executeCommand(beside ? 'markdown.showPreviewToSide' : 'markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(doc, { preview: true });
  }
  return doc;
}
