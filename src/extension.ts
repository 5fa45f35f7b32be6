// VS Code's entry (dist/extension.js): registers a stand-in for every command and returns. Right after,
// in a task of its own, it loads the application's bundle (dist/extension-app.js, src/extension-app.ts)
// through V8's code cache of that bundle (adapters/bundle-code-cache.ts), and views/register-features.ts
// builds the application over VS Code's ports (the core's createBigThree) and registers each feature's UI
// (src/views/<feature>/register-*.ts). VS Code's activation time is this small bundle and activate() only.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { type LoadedBundle, requireWithCodeCache } from './adapters/bundle-code-cache';
import { COMMANDS } from './views/command-ids';
import { DeferredCommands } from './views/lazy/deferred-commands';
import { registerMcpServer } from './views/mcp/register-mcp-server';
import type { BigThreeApi } from './views/register-features';

type Application = typeof import('./extension-app');

export type { BigThreeApi };

/** What activate() returns at once: the application, once built (tests and other extensions await it). */
export interface BigThreeExports {
  readonly ready: Promise<BigThreeApi>;
}

/**
 * Registers a stand-in for every command and returns; the application is built right after, and the
 * features' views and commands are registered as soon as it is (DeferredCommands hands the calls made in
 * between on to them). VS Code's activation time is therefore the bundle's load and this function only.
 */
export function activate(context: vscode.ExtensionContext): BigThreeExports {
  const log = vscode.window.createOutputChannel('Big Three', { log: true });
  context.subscriptions.push(log);
  const commands = new DeferredCommands(Object.values(COMMANDS));
  context.subscriptions.push(commands);
  // Needs nothing of the application, and VS Code asks for it as soon as activate() returns.
  registerMcpServer(context, log);
  const bundle = loadApplication(context, commands);
  const ready = bundle
    .then(({ exports }) => exports.buildAndRegister(context, log, commands))
    .then(
      (api) => {
        commands.release();
        void bundle.then((loaded) => saveCompiledCode(loaded, context, api));
        // The views' welcome texts ("nothing yet…") show from now on, not while the views are still empty.
        void vscode.commands.executeCommand('setContext', 'bigThree.started', true);
        return api;
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        const deactivated = commands.closed;
        commands.fail(failure);
        if (deactivated) {
          log.info(failure.message);
          throw failure;
        }
        log.error('Big Three could not start', failure);
        void vscode.commands.executeCommand('setContext', 'bigThree.startFailed', true);
        void vscode.window.showErrorMessage(`Big Three could not start: ${failure.message} (details in the Big Three output).`);
        throw failure;
      },
    );
  // Reported above; the rejection stays for whoever awaits `ready`.
  ready.catch(() => undefined);
  return { ready };
}

export function deactivate(): void {}

/**
 * The application's bundle, loaded in a task after activate() has returned (so neither VS Code's activation
 * figure nor the extensions activated after this one wait for its ~1.3 MB), with the compiled code of the
 * last start when the bundle is unchanged.
 */
function loadApplication(context: vscode.ExtensionContext, commands: DeferredCommands): Promise<LoadedBundle<Application>> {
  return new Promise((resolve, reject) =>
    setImmediate(() => {
      // Deactivated already: nothing to load or build (the calls waiting for the commands fail with this).
      if (commands.closed) return reject(new Error('Big Three was deactivated before it had started'));
      try {
        resolve(requireWithCodeCache<Application>(path.join(__dirname, 'extension-app.js'), path.join(codeCacheFolder(context), APP_CACHE)));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
}

const APP_CACHE = 'extension-app.bin';
/** The cache file of the bundle before stop 38 split it (dist/extension-main.js): removed when the new one is written. */
const OLD_CACHE = 'extension-main.bin';
const codeCacheFolder = (context: vscode.ExtensionContext) => path.join(context.globalStorageUri.fsPath, 'code-cache');

/** Written once the application is built (the functions it compiled are in it), once per new bundle. */
function saveCompiledCode(bundle: LoadedBundle<Application>, context: vscode.ExtensionContext, api: BigThreeApi): void {
  setImmediate(() =>
    bundle.saveCache().then(
      (saved) => {
        if (!saved) return;
        api.log.debug('Saved the compiled code of the extension for the next start.');
        void fs.promises.rm(path.join(codeCacheFolder(context), OLD_CACHE), { force: true }).catch(() => undefined);
      },
      (error: Error) => api.log.warn(`Could not save the compiled code of the extension (the next start compiles it again): ${error.message}`),
    ),
  );
}
