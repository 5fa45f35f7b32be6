// Wires learning into VS Code: the Learning view, Record Task Outcome, and automatic recording of
// every task that an agent instance finishes with a result (pool release WORKING → IDLE). That one
// path covers delegated tasks and workflow steps alike, so the workflow executor's own
// OutcomeRecorder port stays unset here (it serves hosts without this listener, such as the CLI).
import * as path from 'path';
import * as vscode from 'vscode';
import { NodeFileSystem } from '../../adapters/node-file-system';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import { LearningManager } from '../../orchestrator/learning/learning-manager';
import { LearnedSelector } from '../../orchestrator/learning/learned-selector';
import { profileFeaturizer } from '../../orchestrator/learning/task-features';
import type { TaskOutcome } from '../../orchestrator/learning/outcome-store';
import { systemClock } from '../../orchestrator/ports';
import { loggerFor } from '../output-logger';
import { LearningViewProvider } from './learning-view';

export interface LearningFeature {
  learning: LearningManager;
  learned: LearnedSelector;
  learningView: LearningViewProvider;
}

interface OutcomeArgs {
  task?: string;
  agentId?: string;
  success?: boolean;
  result?: string;
}

export async function registerLearning(context: vscode.ExtensionContext, core: AgentCore, log: vscode.LogOutputChannel): Promise<LearningFeature> {
  const learning = new LearningManager({
    fs: new NodeFileSystem(),
    clock: systemClock,
    logger: loggerFor(log),
    dataDir: path.join(context.globalStorageUri.fsPath, 'learning'),
    featurizer: (embedder) => profileFeaturizer(embedder, core.catalog, core.selector),
  });
  await learning.initialize();
  const learned = new LearnedSelector(core.catalog, core.selector, learning);
  const learningView = new LearningViewProvider(learning);

  const record = async (task: string, agentId: string, result: string, success: boolean): Promise<TaskOutcome> => {
    const outcome = await learning.recordTaskOutcome(task, agentId, result, success);
    log.info(`Outcome recorded: ${agentId} ${success ? 'succeeded' : 'failed'} on "${task.slice(0, 80)}"`);
    return outcome;
  };

  context.subscriptions.push(
    learningView,
    vscode.window.registerWebviewViewProvider(LearningViewProvider.viewId, learningView),
    core.catalog.onDidChange(() => void learning.refreshFeatures()),
    core.pool.onDidChange((change) => {
      if (change.kind !== 'status' || change.change.from !== 'working' || change.change.to !== 'idle') return;
      const { instance } = change;
      if (!instance.lastResult || instance.lastResult.learn === false || !instance.taskDescription.trim()) return;
      record(instance.taskDescription, instance.expertId, instance.lastResult.summary ?? '', instance.lastResult.success).catch((error) =>
        log.error(`Could not record the outcome of ${instance.id}`, String(error)),
      );
    }),
    vscode.commands.registerCommand('bigThree.recordOutcome', async (args: OutcomeArgs = {}): Promise<TaskOutcome | undefined> => {
      try {
        const task = args.task ?? (await vscode.window.showInputBox({ title: 'Record Task Outcome (1/3)', prompt: 'Which task?', ignoreFocusOut: true }));
        if (!task?.trim()) return undefined;
        const agentId =
          args.agentId ??
          (await vscode.window.showQuickPick(core.catalog.experts.map((e) => ({ label: e.displayName, description: e.id, id: e.id })), { title: 'Record Task Outcome (2/3): which expert did it?' }))?.id;
        if (!agentId) return undefined;
        core.catalog.get(agentId);
        const success =
          args.success ??
          (await vscode.window.showQuickPick([{ label: '$(check) Succeeded', value: true }, { label: '$(x) Failed', value: false }], { title: 'Record Task Outcome (3/3): how did it go?' }))?.value;
        if (success === undefined) return undefined;
        return await record(task, agentId, args.result ?? '', success);
      } catch (error) {
        void vscode.window.showErrorMessage(`Big Three: ${(error as Error).message}`);
        return undefined;
      }
    }),
  );
  return { learning, learned, learningView };
}
