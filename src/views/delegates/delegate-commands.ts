// The palette commands of the delegates: Delegate Task to Claude, Delegate Browser Task to Gemini
// (task input, expert suggestion, a cancellable progress notification, the result), and Show Delegated
// Tasks (the list, details, cancel). Each also takes its arguments directly (voice tools, tests).
import * as vscode from 'vscode';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import type { DelegateKind } from '../../orchestrator/delegates/delegate-types';
import { DelegatedTask, DelegationService, progressLine } from '../../orchestrator/delegates/delegation-service';
import { errorMessage } from '../../orchestrator/delegates/errors';
import { COMMANDS } from '../command-ids';

export interface DelegateArgs {
  task?: string;
  expertId?: string;
  files?: string[];
  /** Return at once with the started task instead of waiting for the end. */
  background?: boolean;
}

const LABEL: Record<DelegateKind, string> = { claude: 'Claude', gemini: 'Gemini' };
const STATE_ICON: Record<DelegatedTask['state'], string> = {
  starting: '$(loading~spin)',
  running: '$(sync~spin)',
  succeeded: '$(check)',
  failed: '$(error)',
  cancelled: '$(circle-slash)',
};

export function registerDelegateCommands(service: DelegationService, core: AgentCore, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const delegate = async (kind: DelegateKind, args: DelegateArgs = {}): Promise<DelegatedTask | undefined> => {
    try {
      const input =
        typeof args.task === 'string'
          ? args.task
          : await vscode.window.showInputBox({
              title: kind === 'claude' ? 'Delegate Task to Claude' : 'Delegate Browser Task to Gemini',
              prompt: kind === 'claude' ? 'What should Claude do in this workspace?' : 'What should Gemini do in the browser?',
              ignoreFocusOut: true,
            });
      if (!input?.trim()) return undefined;
      let expertId = args.expertId;
      if (expertId === undefined && args.task === undefined) {
        const picked = await pickExpert(kind, input, core);
        if (picked === null) return undefined;
        expertId = picked;
      }
      const { taskId } = service.start(kind, { task: input, ...(expertId ? { expertId } : {}), ...(Array.isArray(args.files) ? { files: args.files } : {}) });
      const started = service.status(taskId);
      log.info(`Delegated ${taskId} to ${LABEL[kind]} as ${started.expertId} (${started.expertChoice}).`);
      if (args.background) return started;
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `${LABEL[kind]} (${started.expertId})`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => service.cancel(taskId));
          const subscription = service.onDidChange((change) => {
            const line = change.task.taskId === taskId && change.event ? progressLine(change.event) : undefined;
            if (line) progress.report({ message: line.slice(0, 120) });
          });
          try {
            const final = await service.wait(taskId);
            announce(final, service);
            return final;
          } finally {
            subscription.dispose();
          }
        },
      );
    } catch (error) {
      log.error(`Could not delegate to ${LABEL[kind]}: ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(`Big Three: ${errorMessage(error)}`);
      return undefined;
    }
  };

  return [
    vscode.commands.registerCommand(COMMANDS.delegateToClaude, (args?: DelegateArgs) => delegate('claude', isArgs(args) ? args : {})),
    vscode.commands.registerCommand(COMMANDS.delegateToGemini, (args?: DelegateArgs) => delegate('gemini', isArgs(args) ? args : {})),
    vscode.commands.registerCommand(COMMANDS.showDelegatedTasks, async (taskId?: unknown): Promise<DelegatedTask | DelegatedTask[] | undefined> => {
      try {
        if (typeof taskId === 'string') {
          const task = service.status(taskId);
          await showDetails(task);
          return task;
        }
        const tasks = service.list();
        if (!tasks.length) {
          void vscode.window.showInformationMessage('Big Three: no tasks were delegated in this session yet.');
          return tasks;
        }
        const pick = await vscode.window.showQuickPick(
          tasks.map((t) => ({
            label: `${STATE_ICON[t.state]} ${t.task.slice(0, 80)}`,
            description: `${LABEL[t.kind]} · ${t.expertId} · ${t.state}`,
            detail: (t.summary ?? t.progress[t.progress.length - 1] ?? '').split('\n')[0]!.slice(0, 160),
            task: t,
          })),
          { title: 'Delegated Tasks', matchOnDescription: true, matchOnDetail: true },
        );
        if (!pick) return tasks;
        const running = pick.task.state === 'starting' || pick.task.state === 'running';
        const action = running ? await vscode.window.showQuickPick(['Show details', 'Cancel task'], { title: pick.task.task.slice(0, 80) }) : 'Show details';
        if (action === 'Cancel task') service.cancel(pick.task.taskId);
        else if (action) await showDetails(service.status(pick.task.taskId));
        return tasks;
      } catch (error) {
        void vscode.window.showErrorMessage(`Big Three: ${errorMessage(error)}`);
        return undefined;
      }
    }),
  ];
}

function isArgs(value: unknown): value is DelegateArgs {
  return !!value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof vscode.Uri);
}

/** The expert id, undefined to let Big Three choose, or null when the user dismissed the pick. */
async function pickExpert(kind: DelegateKind, task: string, core: AgentCore): Promise<string | undefined | null> {
  const ranked = core.selector
    .rank(task)
    .filter((r) => kind === 'claude' || core.catalog.find(r.expertId)?.tools.includes('browser'))
    .slice(0, 5);
  const items: Array<vscode.QuickPickItem & { id: string | undefined }> = [
    { label: '$(sparkle) Let Big Three choose', description: ranked[0] ? `best match: ${ranked[0].displayName}` : 'by the task', id: undefined },
    ...ranked.map((r) => ({
      label: r.displayName,
      description: r.expertId,
      detail: `match ${Math.round(r.normalizedScore * 100)}% · tools: ${core.catalog.find(r.expertId)?.tools.join(', ') ?? ''}`,
      id: r.expertId,
    })),
    ...core.catalog.experts
      .filter((e) => !ranked.some((r) => r.expertId === e.id) && (kind === 'claude' || e.tools.includes('browser')))
      .map((e) => ({ label: e.displayName, description: e.id, id: e.id })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: `Which expert should ${LABEL[kind]} act as?`, matchOnDescription: true });
  return pick ? pick.id : null;
}

function announce(task: DelegatedTask, service: DelegationService): void {
  const who = `${LABEL[task.kind]} (${task.expertId})`;
  const first = (task.summary ?? '').split('\n')[0]!.slice(0, 200);
  const message =
    task.state === 'succeeded'
      ? vscode.window.showInformationMessage(`Big Three: ${who} finished: ${first}`, 'Show Details')
      : task.state === 'cancelled'
        ? vscode.window.showInformationMessage(`Big Three: ${who} was cancelled.`, 'Show Details')
        : vscode.window.showErrorMessage(`Big Three: ${who} did not succeed: ${task.error ?? first}`, 'Show Details');
  void message.then((choice) => (choice ? showDetails(service.status(task.taskId)) : undefined));
}

export function taskMarkdown(task: DelegatedTask): string {
  const r = task.result;
  const lines = [
    `# ${LABEL[task.kind]}: ${task.task.split('\n')[0]!.slice(0, 120)}`,
    '',
    `- **State:** ${task.state}`,
    `- **Expert:** ${task.expertId} (${task.expertChoice})${task.instanceId ? ` — instance ${task.instanceId}` : ''}`,
    `- **Task id:** ${task.taskId}`,
    ...(r
      ? [
          `- **Turns:** ${r.turns} · **tool calls:** ${r.toolCalls.length} · **refused:** ${r.denied} · **tokens:** ${r.usage.inputTokens} in / ${r.usage.outputTokens} out${r.usage.cacheReadTokens ? ` (+${r.usage.cacheReadTokens} read from the prompt cache, ${r.usage.cacheCreationTokens ?? 0} written)` : ''}${r.mode ? ` · **mode:** ${r.mode}` : ''}`,
        ]
      : []),
    ...(r?.changedFiles.length ? [`- **Changed files:** ${r.changedFiles.join(', ')}`] : []),
    '',
    '## Task',
    task.task,
    '',
    '## Result',
    task.summary ?? '(still running)',
    '',
    '## Progress',
    ...(task.progress.length ? task.progress.map((p) => `- ${p}`) : ['(none yet)']),
  ];
  return lines.join('\n');
}

async function showDetails(task: DelegatedTask): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: taskMarkdown(task) });
  await vscode.window.showTextDocument(doc, { preview: true });
}
