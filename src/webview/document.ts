// The document view's page script (bundled by esbuild to media/document.js): renders the markdown the
// host sends (plans, executions, pool statistics) with markdown-it, here in the page, so opening a
// document costs the extension host nothing but a message. Documents carry text from tasks and agents,
// so the rendered HTML is parsed inert (a <template>) and only an allowlist of elements and attributes
// is kept (the plan's diagram is an <img> of an SVG data URI, its text a <details> block); the page's
// content security policy allows no script but this one, no forms and images only from data:.
import MarkdownIt from 'markdown-it';
import { parseRenderMessage, type ReadyMessage } from '../views/documents/document-messages';
import type { DomWindow, VsCodeApi } from './dom';

interface Node {
  readonly nodeType: number;
  readonly childNodes: ArrayLike<Node>;
  remove(): void;
}
interface Element extends Node {
  readonly tagName: string;
  readonly attributes: ArrayLike<{ readonly name: string; readonly value: string }>;
  removeAttribute(name: string): void;
  replaceWith(...nodes: Node[]): void;
}
interface Template {
  innerHTML: string;
  readonly content: Node;
}
declare const acquireVsCodeApi: () => VsCodeApi;
declare const document: {
  getElementById(id: string): { replaceChildren(...nodes: Node[]): void } | null;
  createElement(tag: 'template'): Template;
};
declare const window: DomWindow;

const ALLOWED_TAGS = new Set(
  'a abbr b blockquote br code del details div em h1 h2 h3 h4 h5 h6 hr i img kbd li ol p pre s small span strong sub summary sup table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);
const ALLOWED_ATTRIBUTES = new Set(['alt', 'title', 'href', 'src', 'colspan', 'rowspan', 'open']);
const ELEMENT = 1;
const TEXT = 3;

/** Keeps allowed elements (their text for others), allowed attributes, links within the page or to http(s), images from data:. */
function sanitize(node: Node): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === TEXT) continue;
    if (child.nodeType !== ELEMENT) {
      child.remove();
      continue;
    }
    const element = child as Element;
    sanitize(element);
    if (!ALLOWED_TAGS.has(element.tagName.toLowerCase())) {
      element.replaceWith(...Array.from(element.childNodes));
      continue;
    }
    for (const { name, value } of Array.from(element.attributes)) {
      const keep =
        ALLOWED_ATTRIBUTES.has(name) &&
        (name !== 'href' || /^(https?:|#)/i.test(value)) &&
        (name !== 'src' || /^data:image\/(svg\+xml|png|jpeg|gif|webp);base64,/i.test(value));
      if (!keep) element.removeAttribute(name);
    }
  }
}

const vscode = acquireVsCodeApi();
const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });
const content = document.getElementById('content');

window.addEventListener('message', (event) => {
  const message = parseRenderMessage(event.data);
  if (!message || !content) return;
  const template = document.createElement('template');
  template.innerHTML = markdown.render(message.markdown);
  sanitize(template.content);
  content.replaceChildren(template.content);
});
vscode.postMessage({ type: 'ready' } satisfies ReadyMessage);
