// VS Code's entry: registers a stand-in for every command and returns; views/register-features.ts then
// builds the application over VS Code's ports (the core's createBigThree) and registers each feature's
// UI (src/views/<feature>/register-*.ts).
import * as vscode from 'vscode';
import { COMMANDS } from './views/command-ids';
import { DeferredCommands } from './views/lazy/deferred-commands';
import { registerMcpServer } from './views/mcp/register-mcp-server';
import { type BigThreeApi, buildAndRegister } from './views/register-features';

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
  const ready = buildAndRegister(context, log, commands).then(
    (api) => {
      commands.release();
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
