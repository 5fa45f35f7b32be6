// Asks for what a plan needs: the goal, its tasks (one per input box), an expert per task (the
// ExpertChooser's ranking first, the same as every surface shows) and the strategy; for DAG plans, each task's dependencies.
import * as vscode from 'vscode';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import { ExecutionStrategy, TaskSpec, isExecutionStrategy } from '../../orchestrator/workflow/plan-types';

export interface PlanRequest {
  goal: string;
  tasks: TaskSpec[];
  strategy: ExecutionStrategy;
}

const MAX_INTERACTIVE_TASKS = 30;

/** A plan request passed to the command by a caller; its fields are checked, not trusted. */
export function planRequestFromArgument(arg: unknown): PlanRequest | undefined {
  if (arg === undefined) return undefined;
  const a = arg as { goal?: unknown; tasks?: unknown; strategy?: unknown };
  if (!a || typeof a !== 'object' || typeof a.goal !== 'string' || !Array.isArray(a.tasks)) {
    throw new Error('Plan Workflow expects { goal: string, tasks: (string | { description, agentId?, dependencies?, duration?, id? })[], strategy? }.');
  }
  const strategy = a.strategy ?? 'sequential';
  if (!isExecutionStrategy(strategy)) throw new Error(`Unknown strategy ${JSON.stringify(strategy)}; use sequential, parallel or dag.`);
  const tasks = a.tasks.map((t, i) => {
    if (typeof t === 'string') return { description: t };
    if (!t || typeof t !== 'object') throw new Error(`Task ${i + 1} must be a text or an object with a description.`);
    const { id, description, agentId, dependencies, duration } = t as Record<string, unknown>;
    return {
      description: description as string,
      ...(id !== undefined ? { id: id as string } : {}),
      ...(agentId !== undefined ? { agentId: agentId as string } : {}),
      ...(dependencies !== undefined ? { dependencies: dependencies as string[] } : {}),
      ...(duration !== undefined ? { duration: duration as number } : {}),
    };
  });
  return { goal: a.goal, tasks, strategy };
}

interface ExpertItem extends vscode.QuickPickItem {
  expertId?: string;
}

/** The ExpertChooser's ranking (its `rank`). */
export interface PlanExpertRanking {
  rank(task: string): Promise<ReadonlyArray<{ expertId: string; displayName: string; probability: number }>>;
}

export async function askPlanRequest(core: AgentCore, chooser: PlanExpertRanking): Promise<PlanRequest | undefined> {
  const goal = await vscode.window.showInputBox({
    title: 'Big Three: Plan Workflow (1/4): goal',
    prompt: 'What should the workflow achieve?',
    placeHolder: 'e.g. Build the e-commerce backend',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Describe the goal in a few words'),
  });
  if (!goal?.trim()) return undefined;

  const descriptions: string[] = [];
  for (;;) {
    const task = await vscode.window.showInputBox({
      title: `Big Three: Plan Workflow (2/4): task ${descriptions.length + 1}`,
      prompt: descriptions.length ? 'Next task (leave empty and press Enter when done)' : 'First task',
      placeHolder: 'e.g. Design the database schema',
      ignoreFocusOut: true,
      validateInput: (v) => (!descriptions.length && !v.trim() ? 'A plan needs at least one task' : undefined),
    });
    if (task === undefined) return undefined; // Escape cancels the whole dialog
    if (!task.trim()) break;
    descriptions.push(task.trim());
    if (descriptions.length >= MAX_INTERACTIVE_TASKS) break;
  }

  const tasks: TaskSpec[] = [];
  for (const [i, description] of descriptions.entries()) {
    const suggested = (await chooser.rank(description)).slice(0, 5);
    const items: ExpertItem[] = suggested.map((s, k) => ({
      label: `${k === 0 ? '$(star-full) ' : ''}${s.displayName}`,
      description: `${s.expertId} · probability ${Math.round(s.probability * 100) / 100}`,
      expertId: s.expertId,
    }));
    const others = core.catalog.experts.filter((e) => !suggested.some((s) => s.expertId === e.id));
    items.push(
      { label: 'All experts', kind: vscode.QuickPickItemKind.Separator },
      ...others.map((e) => ({ label: e.displayName, description: e.id, detail: e.description, expertId: e.id })),
    );
    const pick = await vscode.window.showQuickPick(items, {
      title: `Big Three: Plan Workflow (3/4): expert for task ${i + 1}: ${description.slice(0, 60)}`,
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    if (!pick?.expertId) return undefined;
    tasks.push({ id: `task_${i + 1}`, description, agentId: pick.expertId });
  }

  const strategies: Array<vscode.QuickPickItem & { strategy: ExecutionStrategy }> = [
    { label: 'Sequential', description: 'one task after another, in this order', strategy: 'sequential' },
    { label: 'Parallel', description: 'independent tasks at the same time', strategy: 'parallel' },
    { label: 'DAG', description: 'choose what each task depends on; stages follow the dependencies', strategy: 'dag' },
  ];
  const strategy = await vscode.window.showQuickPick(strategies, { title: 'Big Three: Plan Workflow (4/4): strategy', ignoreFocusOut: true });
  if (!strategy) return undefined;

  if (strategy.strategy === 'dag') {
    for (const [i, task] of tasks.entries()) {
      if (i === 0) continue;
      const earlier = tasks.slice(0, i).map((t) => ({ label: t.id!, description: t.description }));
      const deps = await vscode.window.showQuickPick(earlier, {
        title: `What must finish before ${task.id} (${task.description.slice(0, 50)})?`,
        canPickMany: true,
        ignoreFocusOut: true,
      });
      if (deps === undefined) return undefined;
      task.dependencies = deps.map((d) => d.label);
    }
  }
  return { goal: goal.trim(), tasks, strategy: strategy.strategy };
}
