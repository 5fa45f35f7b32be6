// dist/extension.js, the module VS Code loads. It turns on V8's compile cache in the extension's global
// storage (adapters/compile-cache.ts) and only then loads the extension itself (dist/extension-main.js,
// built from extension.ts), so that the bundle's compiled code is reused from the second start on.
import * as path from 'path';
import type * as vscode from 'vscode';
import { enableCompileCache, flushCompileCache } from './adapters/compile-cache';

type Extension = typeof import('./extension');

let extension: Extension | undefined;

export function activate(context: vscode.ExtensionContext): ReturnType<Extension['activate']> {
  enableCompileCache(path.join(context.globalStorageUri.fsPath, 'compile-cache'));
  extension = require(path.join(__dirname, 'extension-main.js')) as Extension;
  const activated = extension.activate(context);
  // Written once activation is over rather than at exit: the editor may stop its extension host without one.
  void activated.then(
    () => setTimeout(flushCompileCache, 5_000).unref(),
    () => undefined,
  );
  return activated;
}

export function deactivate(): void {
  extension?.deactivate();
}
