// Registers the delegates' UI: the delegate commands and their log lines. The Claude coder, the
// Gemini browser and the delegation service are built by the core (createBigThree).
import * as vscode from 'vscode';
import type { BigThree } from '../../orchestrator/app/create-big-three';
import { registerDelegateCommands } from './delegate-commands';

export function registerDelegates(context: vscode.ExtensionContext, app: BigThree, log: vscode.LogOutputChannel): void {
  const { delegation } = app;
  context.subscriptions.push(
    delegation.onDidChange(({ task, event }) => {
      if (event?.type === 'tool_call') log.debug(`[${task.taskId}] ${event.name} ${JSON.stringify(event.input).slice(0, 200)}`);
      if (event?.type === 'error') log.warn(`[${task.taskId}] ${event.message}`);
    }),
    ...registerDelegateCommands(delegation, app.core, log),
  );
}
