// Virtual read-only documents holding the content an agent proposes, for the diff preview.
import * as vscode from 'vscode';

export const PROPOSED_SCHEME = 'big-three-proposed';

export class ProposedContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private sequence = 0;

  /** Holds `content` under a fresh URI that keeps the file's name (so the language is detected). */
  add(fileName: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${++this.sequence}/${fileName}` });
    this.contents.set(uri.toString(), content);
    return uri;
  }

  remove(uri: vscode.Uri): void {
    this.contents.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.contents.clear();
    this.changed.dispose();
  }
}
