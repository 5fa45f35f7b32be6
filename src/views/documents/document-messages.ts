// Messages between the document view (document-view.ts) and its page script (src/webview/document.ts),
// checked on arrival on both sides.

/** Host -> page: the document's markdown to show (the whole text, on open and on every change). */
export interface RenderMessage {
  type: 'render';
  markdown: string;
}

/** Page -> host: the script is listening (the host sends the document then). */
export interface ReadyMessage {
  type: 'ready';
}

/** Generated documents stay far below this; anything larger is refused rather than rendered. */
export const MAX_DOCUMENT_CHARS = 5_000_000;

export function parseRenderMessage(data: unknown): RenderMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, markdown } = data as Record<string, unknown>;
  return type === 'render' && typeof markdown === 'string' && markdown.length <= MAX_DOCUMENT_CHARS ? { type, markdown } : undefined;
}

export function isReadyMessage(data: unknown): data is ReadyMessage {
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>).type === 'ready';
}
