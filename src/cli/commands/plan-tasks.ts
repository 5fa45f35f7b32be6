// The task arguments of `big-three plan`, with dependencies for DAG plans:
//   "[id:] [expert-id:] description [after id[, id …]]"   a task; "after" names tasks it waits for
//   "a -> b -> c"                                         edges only: b waits for a, c for b
// A first "word:" that names a known expert is the expert (as before); otherwise a lowercase word is
// the task's id. "after …" counts only when every name in it is a task id, so "deploy after lunch"
// stays a description.
import type { TaskSpec } from '../../orchestrator/workflow/plan-types';
import { UsageError } from '../usage-error';

const ID = '[a-z][a-z0-9_-]{0,31}';
const PREFIX = new RegExp(`^(${ID}):\\s*(.+)$`, 's');
const CHAIN = new RegExp(`^\\s*${ID}(?:\\s*->\\s*${ID})+\\s*$`);
const AFTER = new RegExp(`^(.*?)[\\s,;]+\\(?after\\s+(${ID}(?:\\s*(?:,|and)\\s*${ID})*)\\)?\\s*$`, 'is');

export interface ParsedTasks {
  tasks: TaskSpec[];
  /** True when any dependency was declared (the plan then defaults to the dag strategy). */
  hasDependencies: boolean;
}

export function parseTaskArguments(args: readonly string[], isExpert: (id: string) => boolean): ParsedTasks {
  const chains: string[][] = [];
  const drafts: Array<{ id?: string; agentId?: string; text: string }> = [];
  for (const raw of args) {
    const text = raw.trim();
    if (!text) throw new UsageError('a task argument is empty');
    if (CHAIN.test(text)) {
      chains.push(text.split('->').map((s) => s.trim()));
      continue;
    }
    let rest = text;
    let id: string | undefined;
    let agentId: string | undefined;
    const first = PREFIX.exec(rest);
    if (first && isExpert(first[1]!)) {
      agentId = first[1]!;
      rest = first[2]!;
    } else if (first) {
      id = first[1]!;
      rest = first[2]!;
      const second = PREFIX.exec(rest);
      if (second && isExpert(second[1]!)) {
        agentId = second[1]!;
        rest = second[2]!;
      }
    }
    drafts.push({ ...(id ? { id } : {}), ...(agentId ? { agentId } : {}), text: rest });
  }
  // Ids as the planner will name them: the given one, else task_<position>.
  const ids = drafts.map((d, i) => d.id ?? `task_${i + 1}`);
  const known = new Set(ids);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new UsageError(`two tasks have the id "${duplicate}"`);
  const dependencies = ids.map(() => new Set<string>());
  const tasks: TaskSpec[] = drafts.map((d, i) => {
    let description = d.text;
    const after = AFTER.exec(description);
    if (after) {
      const names = after[2]!.split(/\s*(?:,|\band\b)\s*/i).filter(Boolean);
      if (names.every((n) => known.has(n))) {
        description = after[1]!.trim();
        for (const n of names) dependencies[i]!.add(n);
      }
    }
    if (!description) throw new UsageError(`task "${ids[i]}" has no description`);
    return { ...(d.id ? { id: d.id } : {}), description, ...(d.agentId ? { agentId: d.agentId } : {}) };
  });
  for (const chain of chains) {
    const unknown = chain.find((n) => !known.has(n));
    if (unknown) throw new UsageError(`"${chain.join(' -> ')}" names "${unknown}", which is no task id (ids: ${ids.join(', ')})`);
    for (let k = 1; k < chain.length; k++) dependencies[ids.indexOf(chain[k]!)]!.add(chain[k - 1]!);
  }
  let hasDependencies = false;
  tasks.forEach((t, i) => {
    if (dependencies[i]!.size) {
      t.dependencies = [...dependencies[i]!];
      hasDependencies = true;
    }
  });
  return { tasks, hasDependencies };
}
