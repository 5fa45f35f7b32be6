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
import type { LearnedSelector } from '../../orchestrator/learning/learned-selector';
import type { ChosenExpert } from '../../orchestrator/learning/expert-chooser';
import { showGeneratedDocument } from '../documents/document-view';
import { STATS_URI } from './pool-stats-document';
import { pickFromRanking } from './ranked-quick-pick';
import { COMMANDS } from '../command-ids';
import { NO_PACING, type UserWaits } from '../../orchestrator/rag/index-pacing';

type ExpertArg = string | PoolNode | undefined;

function historyNote(choice: ChosenExpert | undefined): string {
  if (!choice) return '';
  const s = choice.signals;
  const own = s.own.successes + s.own.failures ? ` · on this task: ${s.own.successes} ok, ${s.own.failures} failed` : '';
  const learned = Math.abs(s.learned) >= 0.01 ? ` · learned ${s.learned > 0 ? '+' : ''}${s.learned.toFixed(2)}` : '';
  return ` · ${Math.round(choice.probability * 100)}%${learned}${own}`;
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
  /** Records outcomes through the gate; choosing another expert than the top one records a correction. */
  outcomes?: { record(principal: string, task: string, agentId: string, result: string, success: boolean, preferredAgentId?: string): Promise<unknown> };
}

export function registerPoolCommands(
  core: AgentCore,
  log: vscode.LogOutputChannel,
  secured: PoolSecurity,
  userWaits: UserWaits = NO_PACING,
): vscode.Disposable[] {
  const guarded = guardedCommands(log, userWaits);

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
    guarded(COMMANDS.selectExpert, async (taskArg?: string): Promise<SelectionResult | undefined> => {
      const task =
        taskArg ??
        (await vscode.window.showInputBox({
          title: 'Big Three: Select Expert for Task',
          prompt: 'Describe the task',
          placeHolder: 'e.g. Add OAuth login and store refresh tokens safely',
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'Describe the task in a few words'),
        }));
      if (!task?.trim()) return undefined;
      const rankAndPick = async () => {
        const settings = readSelectionSettings();
        // The chooser's order (the one every surface shows); the definitions' ranking until learning is ready.
        // Asked first: during the editor's warm-up it waits for the ranker's index instead of building it at once.
        const chosen = await secured.learned?.()?.chooser.rank(task);
        const keyword = new Map(core.selector.rank(task).map((r) => [r.expertId, r]));
        const order = chosen ? chosen.map((c) => c.expertId) : [...keyword.keys()];
        if (!order.length) {
          void vscode.window.showWarningMessage(
            'No expert matched this task. Name concrete technologies or artefacts (e.g. "Kubernetes", "OAuth", "unit tests").',
          );
          return undefined;
        }
        const chosenById = new Map((chosen ?? []).map((c) => [c.expertId, c]));
        const items: ExpertPick[] = order.slice(0, Math.max(settings.maxAgents, 8)).map((id, i) => {
          const definition = core.catalog.get(id);
          const r: SelectionResult = keyword.get(id) ?? {
            expertId: id,
            displayName: definition.displayName,
            score: 0,
            normalizedScore: 0,
            confidence: 0,
            breakdown: { expertId: id, mode: core.selector.mode, total: 0, components: {} },
          };
          return {
            label: `${i === 0 ? '$(star-full) ' : ''}${r.displayName}`,
            description: `${r.expertId} · score ${r.score}${historyNote(chosenById.get(id))}`,
            detail: describeBreakdown(r.breakdown)
              .slice(1)
              .filter((line) => !/: 0$/.test(line))
              .join(' · '),
            result: r,
          };
        });
        const picked = await pickFromRanking(items, { title: `Experts for: ${task.slice(0, 80)}`, matchOnDescription: true, matchOnDetail: true });
        return { picked, items };
      };
      // Ranking and the list that shows it are waited for: indexing holds back meanwhile (index-pacing.ts).
      const choice = await userWaits.whileUserWaits(rankAndPick);
      if (!choice) return undefined;
      const { picked, items } = choice;
      if (!picked) return undefined;
      log.info(`Selected ${picked.result.expertId} (score ${picked.result.score}) for: ${task}`);
      const top = items[0]!.result.expertId;
      if (picked.result.expertId !== top && secured.outcomes) {
        // Choosing another expert than the top one is a label: the top one was not right for this task.
        secured.outcomes.record(secured.principal(), task, top, `chose ${picked.result.expertId} instead in Select Expert`, false, picked.result.expertId).then(
          () => log.info(`Recorded the correction ${top} -> ${picked.result.expertId}`),
          (error: unknown) => log.warn(`Could not record the correction: ${String(error)}`),
        );
      }
      void vscode.window
        .showInformationMessage(`${picked.result.displayName} selected (score ${picked.result.score}).`, 'Acquire Instance', 'Open Definition')
        .then((action) => {
          if (action === 'Acquire Instance') void vscode.commands.executeCommand(COMMANDS.acquireExpert, picked.result.expertId, task);
          if (action === 'Open Definition') void vscode.commands.executeCommand(COMMANDS.openExpertDefinition, picked.result.expertId);
        });
      return picked.result;
    }),

    guarded(COMMANDS.showPoolStats, async () => {
      const stats = core.pool.getStats();
      await showGeneratedDocument(STATS_URI);
      return stats;
    }),

    guarded(COMMANDS.reloadPool, async () => {
      const snapshot = await core.catalog.reload();
      const problems = snapshot.diagnostics.filter((d) => d.severity === 'error').length;
      const message = `Reloaded ${snapshot.experts.length} experts${problems ? `; ${problems} definition${problems > 1 ? 's have' : ' has'} errors (see Problems)` : ''}.`;
      void (problems ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
      return { experts: snapshot.experts.length, errors: problems };
    }),

    guarded(COMMANDS.openExpertDefinition, async (arg?: ExpertArg) => {
      const id = await expertIdFrom(arg);
      if (!id) return undefined;
      const expert = core.catalog.get(id);
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(expert.file), { preview: true });
      return editor.document.uri.fsPath;
    }),

    guarded(COMMANDS.acquireExpert, async (arg?: ExpertArg, taskArg?: string): Promise<Readonly<AgentInstance> | undefined> => {
      const id = await expertIdFrom(arg);
      if (!id) return undefined;
      const task = taskArg ?? (await vscode.window.showInputBox({ title: `Acquire ${id}`, prompt: 'What will this instance work on? (optional)' }));
      if (task === undefined) return undefined;
      const instance = await secured.pool.acquire(secured.principal(), id, task);
      log.info(`Acquired ${instance.id} for: ${task || '(no task)'}`);
      return instance;
    }),

    guarded(COMMANDS.releaseInstance, async (arg?: string | PoolNode) => {
      const id = instanceIdFrom(arg);
      return id ? secured.pool.release(secured.principal(), id) : undefined;
    }),

    guarded(COMMANDS.terminateInstance, async (arg?: string | PoolNode) => {
      const id = instanceIdFrom(arg);
      return id ? secured.pool.terminate(secured.principal(), id, 'terminated by the user') : undefined;
    }),

    guarded(COMMANDS.showDiagnostics, async () => {
      const problems = core.catalog.diagnostics.filter((d) => d.severity !== 'info');
      if (!problems.length) void vscode.window.showInformationMessage('All expert definitions loaded without problems.');
      else await vscode.commands.executeCommand('workbench.actions.view.problems');
      return problems.length;
    }),
  ];
}
