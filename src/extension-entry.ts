// dist/extension.js, the module VS Code loads. It loads the extension itself (dist/extension-main.js,
// built from extension.ts) through V8's code cache kept in the extension's global storage
// (adapters/bundle-code-cache.ts), so that from the second start the bundle is not compiled again. Only
// this bundle is cached: the extension host's other extensions load as they always do.
import * as path from 'path';
import type * as vscode from 'vscode';
import { requireWithCodeCache } from './adapters/bundle-code-cache';

type Extension = typeof import('./extension');

let extension: Extension | undefined;

export function activate(context: vscode.ExtensionContext): ReturnType<Extension['activate']> {
  const bundle = requireWithCodeCache<Extension>(
    path.join(__dirname, 'extension-main.js'),
    path.join(context.globalStorageUri.fsPath, 'code-cache', 'extension-main.bin'),
  );
  extension = bundle.exports;
  const exported = extension.activate(context);
  // Written as soon as the application is built (the functions it compiled are in it), once per new bundle.
  exported.ready.then(
    (api) =>
      setImmediate(() =>
        bundle.saveCache().then(
          (saved) => saved && api.log.debug('Saved the compiled code of the extension for the next start.'),
          (error: Error) => api.log.warn(`Could not save the compiled code of the extension (the next start compiles it again): ${error.message}`),
        ),
      ),
    () => undefined,
  );
  return exported;
}

export function deactivate(): void {
  extension?.deactivate();
}
