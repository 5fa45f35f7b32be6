// What happened on the same task before (same words, any order or case): per expert, how often it
// succeeded and failed. A task's own history outranks anything learned from its neighbours.
import { terms } from '../text/text-normalize';
import type { TaskOutcome } from './outcome-store';

export interface OwnRecord {
  successes: number;
  failures: number;
}

/** The same task written again (reordered, recased, with other stop words) has the same key. */
export function taskKey(task: string): string {
  return [...new Set(terms(task))].sort().join(' ');
}

const NONE: ReadonlyMap<string, OwnRecord> = new Map();

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
    if (!this.byTask.size) return NONE; // nothing recorded yet: no need to work out the task's key
    return this.byTask.get(taskKey(task)) ?? NONE;
  }

  clear(): void {
    this.byTask.clear();
  }
}

/**
 * 2: did this task more often well than badly; 0: more often badly (it waits until the untried
 * alternatives have had their chance) — only when reports are trusted (`noise` 0); 1: untried, or as
 * often either way, or more often badly when reports may be wrong (then ownLogit weighs the record).
 */
export function ownTier(record: OwnRecord | undefined, noise = 0): number {
  if (!record) return 1;
  if (record.successes > record.failures) return 2;
  return record.failures > record.successes && noise <= 0 ? 0 : 1;
}

/** Log-odds of one report being right when a report is wrong with probability `noise` (0: none). */
export function reportWeight(noise: number): number {
  return noise > 0 ? Math.log((1 - noise) / noise) : 0;
}

/** The record's contribution to the logit: net successes times the weight of one report. */
export function ownLogit(record: OwnRecord | undefined, noise: number): number {
  return record ? reportWeight(noise) * (record.successes - record.failures) : 0;
}

export function describeOwn(own: OwnRecord & { tier: number }, noise: number): string {
  if (own.tier === 2) return 'preferred';
  if (own.tier === 0) return 'waits for the alternatives';
  if (!own.successes && !own.failures) return 'untried';
  const net = own.successes - own.failures;
  return net ? `${net > 0 ? '+' : ''}${Math.round(net * reportWeight(noise) * 1000) / 1000} logits` : 'even';
}
