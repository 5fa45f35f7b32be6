import type { HeadlessServices } from '../headless-services';
import type { CliIo } from '../cli-host';
import { UsageError } from '../usage-error';
import { MAX_RESULT_LENGTH, MAX_TASK_LENGTH } from '../../orchestrator/learning/outcome-store';

export async function learningStats(services: HeadlessServices, io: CliIo, json: boolean): Promise<number> {
  await services.authorize({ operation: 'learning.read', detail: 'learning stats' });
  const stats = services.learning.getLearningStats();
  if (json) {
    io.out(JSON.stringify(stats));
    return 0;
  }
  io.out(`outcomes: ${stats.totalOutcomes} over ${stats.agentsTracked} experts (data in ${services.dataDir})`);
  for (const [id, p] of Object.entries(stats.agentPerformance).sort((a, b) => b[1].lowerBound - a[1].lowerBound)) {
    io.out(
      `  ${id.padEnd(24)} ${String(p.success).padStart(4)} ok ${String(p.fail).padStart(4)} failed  rate ${(p.rate * 100).toFixed(0).padStart(3)}%  (90% lower bound ${(p.lowerBound * 100).toFixed(0)}%)`,
    );
  }
  if (stats.topKeywords.length) io.out(`top keywords: ${stats.topKeywords.map((k) => `${k.keyword} (${k.count})`).join(', ')}`);
  return 0;
}

/** `preferred`: the expert that should have done it (a correction); implies a failure of `agentId`. */
export async function learningRecord(
  services: HeadlessServices,
  io: CliIo,
  task: string | undefined,
  agentId: string | undefined,
  success: boolean | undefined,
  result: string,
  preferred?: string,
  json = false,
): Promise<number> {
  if (!task) throw new UsageError('expected a task in quotes: learning record "<task>" --agent ID --success|--failure [--preferred ID]');
  if (!agentId) throw new UsageError('--agent ID is required');
  if (preferred !== undefined && success === true)
    throw new UsageError('--preferred names the expert that should have done it; it goes with --failure, not --success');
  if (success === undefined && preferred === undefined) throw new UsageError('say how it went: --success or --failure');
  services.core.catalog.get(agentId);
  for (const [what, text, limit] of [
    ['task', task, MAX_TASK_LENGTH],
    ['result', result, MAX_RESULT_LENGTH],
  ] as const) {
    if (text.length > limit)
      io.err(`note: the ${what} is kept to its first ${limit.toLocaleString('en')} characters (of ${text.length.toLocaleString('en')}) in the outcome log`);
  }
  if (preferred === undefined) {
    const outcome = await services.recordOutcome(task, agentId, result, success!);
    if (json) io.out(JSON.stringify({ ...outcome, outcomes: services.learning.outcomes.length }));
    else io.out(`recorded ${outcome.id}: ${agentId} ${success ? 'succeeded' : 'failed'} (${services.learning.outcomes.length} outcomes)`);
    return 0;
  }
  services.core.catalog.get(preferred);
  await services.authorize({
    operation: 'learning.record',
    resource: agentId,
    payload: { task, result },
    detail: `record failure of ${agentId}, corrected to ${preferred}`,
  });
  const outcome = await services.learned.chooser.record({ task, agentId, result, success: false, preferredAgentId: preferred });
  if (json) io.out(JSON.stringify({ ...outcome, outcomes: services.learning.outcomes.length }));
  else io.out(`recorded ${outcome.id}: ${agentId} failed; ${preferred} should have done it (${services.learning.outcomes.length} outcomes)`);
  return 0;
}
