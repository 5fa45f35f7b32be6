// What happened on the same task before (same words, any order or case): per expert, how often it
// succeeded and failed. A task's own history outranks anything learned from its neighbours.
import { terms } from '../agents/selection/text-normalize';
import type { TaskOutcome } from './outcome-store';

export interface OwnRecord {
  successes: number;
  failures: number;
}

/** The same task written again (reordered, recased, with other stop words) has the same key. */
export function taskKey(task: string): string {
  return [...new Set(terms(task))].sort().join(' ');
}

export class TaskHistory {
  private readonly byTask = new Map<string, Map<string, OwnRecord>>();

  add(outcome: Pick<TaskOutcome, 'task' | 'agentId' | 'success' | 'preferredAgentId'>): void {
    const key = taskKey(outcome.task);
    if (!key) return;
    let records = this.byTask.get(key);
    if (!records) this.byTask.set(key, (records = new Map()));
    const bump = (id: string, success: boolean) => {
      const record = records!.get(id) ?? { successes: 0, failures: 0 };
      if (success) record.successes++;
      else record.failures++;
      records!.set(id, record);
    };
    bump(outcome.agentId, outcome.success);
    if (outcome.preferredAgentId && outcome.preferredAgentId !== outcome.agentId) bump(outcome.preferredAgentId, true);
  }

  /** Per expert, its record on this very task. */
  of(task: string): ReadonlyMap<string, OwnRecord> {
    return this.byTask.get(taskKey(task)) ?? new Map();
  }

  clear(): void {
    this.byTask.clear();
  }
}

/**
 * 2: did this task more often well than badly; 0: more often badly (it waits until the untried
 * alternatives have had their chance); 1: untried, or as often either way (one wrong report — noisy
 * feedback — is outvoted by the next true one instead of locking a choice in or out).
 */
export function ownTier(record: OwnRecord | undefined): number {
  if (!record) return 1;
  return record.successes > record.failures ? 2 : record.failures > record.successes ? 0 : 1;
}
