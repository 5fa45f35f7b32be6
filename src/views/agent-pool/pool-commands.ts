// The palette and tree commands of the Agent Pool. Each returns its result so that other
// extensions and the integration tests can use it; errors are shown, never thrown at the user.
import * as vscode from 'vscode';
import { guardedCommands } from '../guarded-command';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import type { AgentInstance } from '../../orchestrator/agents/pool-types';
import type { SelectionResult } from '../../orchestrator/agents/selection/intelligent-selector';
import { describeBreakdown } from '../../orchestrator/agents/selection/intelligent-selector';
import type { SecuredPool } from '../../orchestrator/security/secured-pool';
import { readSelectionSettings } from '../configuration';
import type { PoolNode } from './pool-tree-items';
import type { LearnedChoice, LearnedSelector } from '../../orchestrator/learning/learned-selector';
import { showMarkdownPreview } from '../markdown-preview';
import { STATS_URI } from './pool-stats-document';

type ExpertArg = string | PoolNode | undefined;

function historyNote(choice: LearnedChoice | undefined): string {
  if (!choice || choice.history.tasks === 0) return '';
  return ` · expected success ${Math.round(choice.posteriorMean * 100)}% from ${choice.history.tasks} similar task${choice.history.tasks > 1 ? 's' : ''}`;
}

interface ExpertPick extends vscode.QuickPickItem {
  result: SelectionResult;
}

/** Acquire, release and terminate pass the security gate as the local user. */
export interface PoolSecurity {
  pool: SecuredPool;
  principal: () => string;
  /** The upgraded selector (definitions + similarity + learned history), once learning is ready. */
  learned?: () => LearnedSelector | undefined;
}

export function registerPoolCommands(core: AgentCore, log: vscode.LogOutputChannel, secured: PoolSecurity): vscode.Disposable[] {
  const guarded = guardedCommands(log);

  const expertIdFrom = async (arg: ExpertArg): Promise<string | undefined> => {
    if (typeof arg === 'string') return arg;
    if (arg?.kind === 'expert') return arg.expertId;
    const pick = await vscode.window.showQuickPick(
      core.catalog.experts.map((e) => ({ label: e.displayName, description: e.id, detail: e.description, id: e.id })),
      { title: 'Big Three: choose an expert', matchOnDescription: true, matchOnDetail: true },
    );
    return pick?.id;
  };
  const instanceIdFrom = (arg: string | PoolNode | undefined): string | undefined =>
    typeof arg === 'string' ? arg : arg?.kind === 'instance' ? arg.instanceId : undefined;

  return [
    guarded('bigThree.selectExpert', async (taskArg?: string): Promise<SelectionResult | undefined> => {
      const task = taskArg ?? (await vscode.window.showInputBox({ title: 'Big Three: Select Expert for Task', prompt: 'Describe the task', placeHolder: 'e.g. Add OAuth login and store refresh tokens safely', ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Describe the task in a few words') }));
      if (!task?.trim()) return undefined;
      const settings = readSelectionSettings();
      const ranked = core.selector.rank(task);
      if (!ranked.length) {
        void vscode.window.showWarningMessage('No expert matched this task. Name concrete technologies or artefacts (e.g. "Kubernetes", "OAuth", "unit tests").');
        return undefined;
      }
      // Order by what history has taught (the keyword ranking on day one); show the evidence.
      const learned = await secured.learned?.()?.rank(task);
      const learnedById = new Map((learned ?? []).map((c, position) => [c.expertId, { c, position }]));
      const ordered = learned ? [...ranked].sort((a, b) => (learnedById.get(a.expertId)?.position ?? 1e9) - (learnedById.get(b.expertId)?.position ?? 1e9)) : ranked;
      const items: ExpertPick[] = ordered.slice(0, Math.max(settings.maxAgents, 8)).map((r, i) => ({
        label: `${i === 0 ? '$(star-full) ' : ''}${r.displayName}`,
        description: `${r.expertId} · score ${r.score} · ${Math.round(r.normalizedScore * 100)}%${historyNote(learnedById.get(r.expertId)?.c)}`,
        detail: describeBreakdown(r.breakdown).slice(1).filter((line) => !/: 0$/.test(line)).join(' · '),
        result: r,
      }));
      const picked = await vscode.window.showQuickPick(items, { title: `Experts for: ${task.slice(0, 80)}`, matchOnDescription: true, matchOnDetail: true });
      if (!picked) return undefined;
      log.info(`Selected ${picked.result.expertId} (score ${picked.result.score}) for: ${task}`);
      void vscode.window.showInformationMessage(`${picked.result.displayName} selected (score ${picked.result.score}).`, 'Acquire Instance', 'Open Definition').then((action) => {
        if (action === 'Acquire Instance') void vscode.commands.executeCommand('bigThree.acquireExpert', picked.result.expertId, task);
        if (action === 'Open Definition') void vscode.commands.executeCommand('bigThree.openExpertDefinition', picked.result.expertId);
      });
      return picked.result;
    }),

    guarded('bigThree.showPoolStats', async () => {
      const stats = core.pool.getStats();
      await showMarkdownPreview(STATS_URI);
      return stats;
    }),

    guarded('bigThree.reloadPool', async () => {
      const snapshot = await core.catalog.reload();
      const problems = snapshot.diagnostics.filter((d) => d.severity === 'error').length;
      const message = `Reloaded ${snapshot.experts.length} experts${problems ? `; ${problems} definition${problems > 1 ? 's have' : ' has'} errors (see Problems)` : ''}.`;
      void (problems ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
      return { experts: snapshot.experts.length, errors: problems };
    }),

    guarded('bigThree.openExpertDefinition', async (arg?: ExpertArg) => {
      const id = await expertIdFrom(arg);
      if (!id) return undefined;
      const expert = core.catalog.get(id);
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(expert.file), { preview: true });
      return editor.document.uri.fsPath;
    }),

    guarded('bigThree.acquireExpert', async (arg?: ExpertArg, taskArg?: string): Promise<Readonly<AgentInstance> | undefined> => {
      const id = await expertIdFrom(arg);
      if (!id) return undefined;
      const task = taskArg ?? (await vscode.window.showInputBox({ title: `Acquire ${id}`, prompt: 'What will this instance work on? (optional)' }));
      if (task === undefined) return undefined;
      const instance = await secured.pool.acquire(secured.principal(), id, task);
      log.info(`Acquired ${instance.id} for: ${task || '(no task)'}`);
      return instance;
    }),

    guarded('bigThree.releaseInstance', async (arg?: string | PoolNode) => {
      const id = instanceIdFrom(arg);
      return id ? secured.pool.release(secured.principal(), id) : undefined;
    }),

    guarded('bigThree.terminateInstance', async (arg?: string | PoolNode) => {
      const id = instanceIdFrom(arg);
      return id ? secured.pool.terminate(secured.principal(), id, 'terminated by the user') : undefined;
    }),

    guarded('bigThree.showDiagnostics', async () => {
      const problems = core.catalog.diagnostics.filter((d) => d.severity !== 'info');
      if (!problems.length) void vscode.window.showInformationMessage('All expert definitions loaded without problems.');
      else await vscode.commands.executeCommand('workbench.actions.view.problems');
      return problems.length;
    }),
  ];
}
