// Recording task outcomes behind the gate (learning.record), for every host and every path: the
// VS Code command, the CLI, the MCP tool and the automatic recording of finished pool tasks; and
// reading them back for the Learning view (learning.read), or only saying whether a caller may (a task's
// own history in an explained ranking).
import type { ExpertCatalog } from '../agents/expert-catalog';
import { BigThreeError } from '../errors';
import type { OwnHistoryDisclosure } from '../learning/history-disclosure';
import type { AgentPoolManager } from '../agents/pool-manager';
import type { LearningManager, LearningStats } from '../learning/learning-manager';
import type { TaskOutcome } from '../learning/outcome-store';
import type { Disposable, LoggerPort } from '../ports';
import { requirePermission } from '../security/require-permission';
import type { SecurityGate } from '../security/security-gate';

export class SecuredLearning {
  constructor(
    readonly gate: SecurityGate,
    private readonly learning: LearningManager,
    private readonly catalog: ExpertCatalog,
  ) {}

  /**
   * Whether a principal sees a task's own history (which experts succeeded or failed on that very task, as
   * any caller recorded it) where a ranking is explained or reported: the gate's learning.read decision
   * (roles, grants, policies, a revoked token), the one read() and the MCP learning tools get. A refusal is
   * an answer here, not an error: the caller gets the same ranking with the history withheld
   * (history-disclosure.ts); it is audited as every refusal is. An allowed check writes nothing and takes no
   * rate-limit token: a selection asks it on every call (clients select in loops), and it shows counts on
   * the caller's own task, not the task texts read() hands out.
   */
  async ownHistoryFor(principal: string, asker: string): Promise<OwnHistoryDisclosure> {
    try {
      await this.gate.checkAccess({ principal, operation: 'learning.read', detail: `${asker}: the task's own history`, details: { asker } });
      return 'shown';
    } catch (error) {
      if (error instanceof BigThreeError) return 'withheld';
      throw error;
    }
  }

  /** What was learned, for a view of it: the statistics and the recorded outcomes (their task texts). */
  @requirePermission('learning.read', (principal: string) => ({ principal, detail: 'the Learning view' }))
  async read(_principal: string): Promise<{ stats: LearningStats; outcomes: readonly TaskOutcome[] }> {
    await this.learning.catchUp(); // what other processes on the data folder recorded meanwhile
    return { stats: this.learning.getLearningStats(), outcomes: this.learning.outcomes };
  }

  @requirePermission('learning.record', (principal: string, task: string, agentId: string, result: string, success: boolean) => ({
    principal,
    resource: agentId,
    payload: { task, result },
    detail: `record ${success ? 'success' : 'failure'} of ${agentId}`,
  }))
  /** `preferredAgentId`: the expert that should have done it (a correction label). */
  async record(_principal: string, task: string, agentId: string, result: string, success: boolean, preferredAgentId?: string): Promise<TaskOutcome> {
    this.catalog.get(agentId); // refuses unknown experts with the list of known ones
    if (preferredAgentId) this.catalog.get(preferredAgentId);
    return this.learning.recordTaskOutcome(task, agentId, result, success, preferredAgentId ? { preferredAgentId } : {});
  }
}

/**
 * Learns from every task an agent instance finishes with a result (release WORKING -> IDLE), as the
 * local user: delegated tasks and workflow steps alike, on every host, through the gate.
 */
export function learnFromPool(
  pool: AgentPoolManager,
  learning: SecuredLearning,
  principal: string,
  logger: LoggerPort,
): Disposable & { settled(): Promise<void> } {
  const pending = new Set<Promise<unknown>>();
  const subscription = pool.onDidChange((change) => {
    if (change.kind !== 'status' || change.change.from !== 'working' || change.change.to !== 'idle') return;
    const { instance } = change;
    if (!instance.lastResult || instance.lastResult.learn === false || !instance.taskDescription.trim()) return;
    const recording = learning
      .record(principal, instance.taskDescription, instance.expertId, instance.lastResult.summary ?? '', instance.lastResult.success)
      .then(
        (outcome) => logger.info(`Outcome recorded: ${outcome.agentId} ${outcome.success ? 'succeeded' : 'failed'} on "${outcome.task.slice(0, 80)}"`),
        (error: unknown) => logger.error(`Could not record the outcome of ${instance.id}`, String(error)),
      );
    pending.add(recording);
    void recording.finally(() => pending.delete(recording));
  });
  return {
    dispose: () => subscription.dispose(),
    /** Resolves once every outcome recorded so far is written (a host awaits it before it exits). */
    settled: async () => {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}
