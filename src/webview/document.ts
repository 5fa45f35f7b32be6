// The document view's page script (bundled by esbuild to media/document.js): renders the markdown the
// host sends (plans, executions, pool statistics) with markdown-it, here in the page, so opening a
// document costs the extension host nothing but a message. Raw HTML in the document (the plan's
// diagram is an <img> of an SVG data URI) is kept; the page's content security policy allows no
// script but this one and images only from data: and the extension.
import MarkdownIt from 'markdown-it';
import { parseRenderMessage, type ReadyMessage } from '../views/documents/document-messages';
import type { DomElement, DomWindow, VsCodeApi } from './dom';

declare const acquireVsCodeApi: () => VsCodeApi;
declare const document: { getElementById(id: string): (DomElement & { innerHTML: string }) | null };
declare const window: DomWindow;

const vscode = acquireVsCodeApi();
const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });
const content = document.getElementById('content');

window.addEventListener('message', (event) => {
  const message = parseRenderMessage(event.data);
  if (!message || !content) return;
  content.innerHTML = markdown.render(message.markdown);
});
vscode.postMessage({ type: 'ready' } satisfies ReadyMessage);
