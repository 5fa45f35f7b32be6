// Registers learning's UI: the Learning view and Record Task Outcome. Outcomes are recorded by the
// core's SecuredLearning (through the gate, as every host does); finished pool tasks are learned from
// by the core itself (createBigThree), for delegated tasks and workflow steps alike.
import * as vscode from 'vscode';
import type { BigThree } from '../../orchestrator/app/create-big-three';
import type { TaskOutcome } from '../../orchestrator/learning/outcome-store';
import { LearningViewProvider } from './learning-view';
import { COMMANDS } from '../command-ids';

export interface LearningViews {
  learningView: LearningViewProvider;
}

interface OutcomeArgs {
  task?: string;
  agentId?: string;
  success?: boolean;
  result?: string;
}

export function registerLearning(context: vscode.ExtensionContext, app: BigThree, log: vscode.LogOutputChannel): LearningViews {
  const { core } = app;
  const learningView = new LearningViewProvider(app.learning, () => app.outcomes.read(app.security.localPrincipal));
  context.subscriptions.push(
    learningView,
    vscode.window.registerWebviewViewProvider(LearningViewProvider.viewId, learningView),
    vscode.commands.registerCommand(COMMANDS.recordOutcome, async (args: OutcomeArgs = {}): Promise<TaskOutcome | undefined> => {
      try {
        const task = args.task ?? (await vscode.window.showInputBox({ title: 'Record Task Outcome (1/3)', prompt: 'Which task?', ignoreFocusOut: true }));
        if (!task?.trim()) return undefined;
        const agentId =
          args.agentId ??
          (
            await vscode.window.showQuickPick(
              core.catalog.experts.map((e) => ({ label: e.displayName, description: e.id, id: e.id })),
              { title: 'Record Task Outcome (2/3): which expert did it?' },
            )
          )?.id;
        if (!agentId) return undefined;
        core.catalog.get(agentId);
        const success =
          args.success ??
          (
            await vscode.window.showQuickPick(
              [
                { label: '$(check) Succeeded', value: true },
                { label: '$(x) Failed', value: false },
              ],
              { title: 'Record Task Outcome (3/3): how did it go?' },
            )
          )?.value;
        if (success === undefined) return undefined;
        const outcome = await app.outcomes.record(app.security.localPrincipal, task, agentId, args.result ?? '', success);
        log.info(`Outcome recorded: ${agentId} ${success ? 'succeeded' : 'failed'} on "${task.slice(0, 80)}"`);
        return outcome;
      } catch (error) {
        void vscode.window.showErrorMessage(`Big Three: ${(error as Error).message}`);
        return undefined;
      }
    }),
  );
  return { learningView };
}
