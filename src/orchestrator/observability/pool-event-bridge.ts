// Emits agent_started / agent_ended for pool instances by listening to the pool's changes, so the
// pool itself stays free of observability code.
import type { Disposable } from '../ports';
import type { PoolChange } from '../agents/pool-types';
import type { EventSink } from './event-types';

export interface PoolChangeSource {
  onDidChange(listener: (change: PoolChange) => void): Disposable;
}

export function bridgePoolEvents(pool: PoolChangeSource, sink: EventSink, sessionId: () => string): Disposable {
  return pool.onDidChange((change) => {
    if (change.kind !== 'status') return;
    const { instance, change: step } = change;
    const base = { instanceId: instance.id, expertId: instance.expertId, task: instance.taskDescription };
    if (step.to === 'working') {
      sink.sendEvent({ agentName: instance.expertId, hookType: 'agent_started', sessionId: sessionId(), payload: base });
    } else if (step.from === 'working') {
      const success = step.reason === 'task succeeded' ? true : step.reason === 'task failed' ? false : undefined;
      const session = sessionId();
      // The pool stores the task result right after announcing the move; read it once that is done.
      queueMicrotask(() => {
        const summary = success !== undefined ? instance.lastResult?.summary : undefined;
        sink.sendEvent({
          agentName: instance.expertId,
          hookType: 'agent_ended',
          sessionId: session,
          payload: {
            ...base,
            to: step.to,
            ...(step.reason ? { reason: step.reason } : {}),
            ...(success !== undefined ? { success } : {}),
            ...(summary ? { summary } : {}),
          },
        });
      });
    }
  });
}
