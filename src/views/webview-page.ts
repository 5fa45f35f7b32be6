// The frame of a Big Three webview page: a Content-Security-Policy that allows nothing by default but
// this render's nonce for its one script and its styles and the webview's own images (plus what a page
// adds), the viewport, one nonce'd stylesheet, the body and the bundled script. The voice panel and the
// document view use it; each adds its own directives, styles and body.

export interface WebviewPageParts {
  /** The page script's webview URI. */
  scriptUri: string;
  /** The webview's cspSource. */
  cspSource: string;
  nonce: string;
  /** Directives after the shared ones (e.g. `font-src …`, `form-action 'none'`). */
  csp?: readonly string[];
  title?: string;
  /** The stylesheet's lines. */
  style: string;
  /** The body's markup, before the script. */
  body: string;
}

export function webviewPage(page: WebviewPageParts): string {
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${page.nonce}'`,
    `style-src 'nonce-${page.nonce}'`,
    `img-src ${page.cspSource} data:`,
    ...(page.csp ?? []),
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${page.title ? `<title>${page.title}</title>\n` : ''}<style nonce="${page.nonce}">
${page.style}
</style>
</head>
<body>
${page.body}
<script nonce="${page.nonce}" src="${page.scriptUri}"></script>
</body>
</html>`;
}
