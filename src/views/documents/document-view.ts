// Opens the documents Big Three generates (plans, workflow executions, pool statistics) rendered in a
// webview of its own, one panel per document, redrawn whenever the document's content provider changes
// it. The markdown is rendered by the page's script (media/document.js), not in the extension host.
// Opening anything VS Code takes for markdown activates its markdown extension in the extension host
// (onLanguage:markdown), which held the host ~400 ms on first use while indexing (npm run bench --
// responsiveness): the preview did, and so did the text document behind the view as long as its name
// ended in .md. So generated documents are named without an extension (plain text to VS Code); the
// view renders their markdown itself. (Ask With Context and a delegated task's details still open as
// markdown editors on purpose: they are text to read, edit and copy.)
import { randomBytes } from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { webviewPage } from '../webview-page';
import { isReadyMessage, MAX_DOCUMENT_CHARS, type RenderMessage } from './document-messages';

const EXTENSION_ID = 'big-three.big-three';
const open = new Map<string, vscode.WebviewPanel>();

/**
 * Shows the generated document at `uri` rendered (beside the editor when `beside`), or brings its panel
 * forward when it is already shown. Its text comes from the text document the content provider serves
 * (opened, never shown in an editor).
 */
export async function showGeneratedDocument(uri: vscode.Uri, beside = false): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const key = uri.toString();
  const column = beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
  const existing = open.get(key);
  if (existing) {
    existing.reveal(column);
    post(existing, doc.getText());
    return doc;
  }
  // The bundle runs from <extension>/dist; the page script is in <extension>/media.
  const root = vscode.extensions.getExtension(EXTENSION_ID)?.extensionUri ?? vscode.Uri.file(path.resolve(__dirname, '..'));
  const media = vscode.Uri.joinPath(root, 'media');
  const panel = vscode.window.createWebviewPanel(
    'bigThree.document',
    titleOf(uri),
    { viewColumn: column, preserveFocus: beside },
    { enableScripts: true, localResourceRoots: [media] },
  );
  open.set(key, panel);
  const nonce = randomBytes(16).toString('base64');
  panel.webview.html = documentPage(panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'document.js')).toString(), panel.webview.cspSource, nonce);
  // The document is opened again on each redraw: VS Code may have closed an unshown virtual document since.
  const redraw = async () => post(panel, (await vscode.workspace.openTextDocument(uri)).getText());
  const subscriptions = [
    panel.webview.onDidReceiveMessage(async (message: unknown) => {
      if (isReadyMessage(message)) await redraw();
    }),
    panel.onDidChangeViewState(async ({ webviewPanel }) => {
      if (webviewPanel.visible) await redraw();
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.uri.toString() === key) post(panel, event.document.getText());
    }),
  ];
  panel.onDidDispose(() => {
    open.delete(key);
    subscriptions.forEach((s) => s.dispose());
  });
  return doc;
}

function post(panel: vscode.WebviewPanel, markdown: string): void {
  const text = markdown.length <= MAX_DOCUMENT_CHARS ? markdown : `${markdown.slice(0, MAX_DOCUMENT_CHARS - 100)}\n\n… (cut: the document is too long to show)`;
  void panel.webview.postMessage({ type: 'render', markdown: text } satisfies RenderMessage);
}

/** The document's name: "big-three-stats:/Agent%20Pool%20Statistics" -> "Agent Pool Statistics". */
function titleOf(uri: vscode.Uri): string {
  return decodeURIComponent(uri.path.split('/').pop() ?? '') || 'Document';
}

function documentPage(scriptUri: string, cspSource: string, nonce: string): string {
  return webviewPage({
    scriptUri,
    cspSource,
    nonce,
    csp: [`form-action 'none'`, `base-uri 'none'`],
    style: `  body { color: var(--vscode-foreground); font-family: var(--vscode-markdown-font-family, var(--vscode-font-family)); font-size: var(--vscode-markdown-font-size, 14px); line-height: 1.6; padding: 0 26px 26px; max-width: 980px; }
  h1, h2, h3 { font-weight: 600; }
  h1 { padding-bottom: 0.3em; border-bottom: 1px solid var(--vscode-panel-border, #444); }
  a { color: var(--vscode-textLink-foreground); }
  code, pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size, 13px); }
  pre { background: var(--vscode-textCodeBlock-background); padding: 8px 12px; overflow-x: auto; border-radius: 3px; }
  :not(pre) > code { background: var(--vscode-textCodeBlock-background); padding: 1px 4px; border-radius: 3px; }
  table { border-collapse: collapse; margin: 8px 0; }
  th, td { border: 1px solid var(--vscode-panel-border, #444); padding: 4px 10px; text-align: left; }
  img { max-width: 100%; }
  blockquote { margin: 0; padding: 0 12px; border-left: 4px solid var(--vscode-textBlockQuote-border, #555); opacity: 0.9; }`,
    body: '<div id="content"></div>',
  });
}
