// Registers a command whose failures are logged and shown to the user instead of thrown: the
// command resolves to undefined when it failed. Messages of the core's typed errors are shown as
// they are; anything else is prefixed with the extension's name. Background indexing holds back for the
// first second of each (index-pacing.ts); a command that first asks for input holds it again around the
// work that follows (Select Expert's ranking and list).
import * as vscode from 'vscode';
import { BigThreeError } from '../orchestrator/errors';
import { NO_PACING, type UserWaits } from '../orchestrator/rag/index-pacing';

export type GuardedRegistrar = <A extends unknown[], R>(name: string, body: (...args: A) => Promise<R>) => vscode.Disposable;

export function guardedCommands(log: vscode.LogOutputChannel, userWaits: UserWaits = NO_PACING): GuardedRegistrar {
  return <A extends unknown[], R>(name: string, body: (...args: A) => Promise<R>) =>
    vscode.commands.registerCommand(name, async (...args: A): Promise<R | undefined> => {
      try {
        return await userWaits.whileUserWaits(() => body(...args));
      } catch (error) {
        log.error(`${name} failed`, error instanceof Error ? (error.stack ?? error.message) : String(error));
        void vscode.window.showErrorMessage(error instanceof BigThreeError ? error.message : `Big Three: ${(error as Error).message}`);
        return undefined;
      }
    });
}
