// Plans and workflow runs as the Activity view lists them, read from observability events alone (so
// every window and the CLI, which share the event log, see the same list): `workflow_planned` makes a
// plan, `workflow_started` a run, `workflow_finished` gives the run its final state, and the events of a
// run's session are its steps.
import type { ObservabilityEvent } from './event-types';

export type WorkflowActivityState = 'planned' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'not-run';

export interface WorkflowActivity {
  kind: 'plan' | 'run';
  /** The plan id of a plan, the execution id of a run. */
  id: string;
  /** The plan a run executes (when its start event says so). */
  planId?: string;
  goal: string;
  state: WorkflowActivityState;
  tasks: number;
  /** Tasks of a run that have finished (succeeded, failed, skipped or not run). */
  tasksDone: number;
  /** Runs of a plan seen in the events. */
  runs: number;
  strategy?: string;
  /** When the entry last changed, ms since the epoch. */
  updatedAt: number;
  /** A run's own events, newest first. */
  events: ObservabilityEvent[];
}

const FINAL_STATES = new Set<WorkflowActivityState>(['succeeded', 'failed', 'cancelled', 'not-run']);

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;
}

/** Plans and runs found in `events` (any order), newest change first, at most `limit`. */
export function workflowActivity(events: readonly ObservabilityEvent[], limit = 50): WorkflowActivity[] {
  const chronological = [...events].sort((a, b) => a.timestamp - b.timestamp || a.id.localeCompare(b.id));
  const plans = new Map<string, WorkflowActivity>();
  const runs = new Map<string, WorkflowActivity>();
  for (const e of chronological) {
    const kind = e.payload.event;
    if (kind === 'workflow_planned') {
      const planId = text(e.payload.planId);
      if (!planId) continue;
      plans.set(planId, {
        kind: 'plan',
        id: planId,
        goal: text(e.payload.goal) ?? planId,
        state: 'planned',
        tasks: count(e.payload.tasks),
        tasksDone: 0,
        runs: 0,
        ...(text(e.payload.strategy) ? { strategy: text(e.payload.strategy)! } : {}),
        updatedAt: e.timestamp,
        events: [],
      });
      continue;
    }
    if (kind === 'workflow_started') {
      const planId = text(e.payload.planId);
      const plan = planId ? plans.get(planId) : undefined;
      if (plan) plan.runs++;
      runs.set(e.sessionId, {
        kind: 'run',
        id: e.sessionId,
        ...(planId ? { planId } : {}),
        goal: text(e.payload.goal) ?? plan?.goal ?? e.sessionId,
        state: 'running',
        tasks: count(e.payload.tasks),
        tasksDone: 0,
        runs: 0,
        ...(plan?.strategy ? { strategy: plan.strategy } : {}),
        updatedAt: e.timestamp,
        events: [e],
      });
      continue;
    }
    const run = runs.get(e.sessionId);
    if (!run) continue;
    run.events.push(e);
    run.updatedAt = e.timestamp;
    if (kind === 'workflow_finished') {
      const status = text(e.payload.status) as WorkflowActivityState | undefined;
      run.state = status && FINAL_STATES.has(status) ? status : 'failed';
      run.tasksDone = run.tasks;
    } else if (
      text(e.payload.taskId) &&
      ((e.hookType === 'message_sent' && text(e.payload.status)) || (e.hookType === 'error_occurred' && e.payload.willRetry === false))
    ) {
      // a task ends with its status (succeeded, skipped, not run) or with its last failed attempt
      run.tasksDone = Math.min(run.tasks || Infinity, run.tasksDone + 1);
    }
  }
  for (const run of runs.values()) run.events.reverse();
  return [...plans.values(), ...runs.values()].sort((a, b) => b.updatedAt - a.updatedAt || (a.kind === b.kind ? 0 : a.kind === 'run' ? -1 : 1)).slice(0, limit);
}

/** One line for a plan or a run: its state and progress. */
export function describeWorkflowActivity(entry: WorkflowActivity): string {
  if (entry.kind === 'plan') {
    const ran = entry.runs ? `, run ${entry.runs}×` : '';
    return `plan · ${entry.tasks} task${entry.tasks === 1 ? '' : 's'}${entry.strategy ? `, ${entry.strategy}` : ''}${ran}`;
  }
  const progress =
    entry.state === 'running' && entry.tasks
      ? ` ${entry.tasksDone}/${entry.tasks}`
      : entry.tasks
        ? ` · ${entry.tasks} task${entry.tasks === 1 ? '' : 's'}`
        : '';
  return `run · ${entry.state}${progress}`;
}
