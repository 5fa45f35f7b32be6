import type { AgentCore } from '../../orchestrator/agents/agent-core';
import { formatDiagnostic } from '../../orchestrator/agents/expert-definition';
import type { CliIo } from '../cli-host';

export function expertsList(core: AgentCore, io: CliIo, json: boolean): number {
  const experts = core.catalog.experts;
  if (json) {
    io.out(
      JSON.stringify(
        experts.map(({ id, displayName, tier, category, description, triggers, focusAreas, tools, origin, file }) => ({
          id,
          displayName,
          tier,
          category,
          description,
          triggers,
          focusAreas,
          tools,
          origin,
          file,
        })),
      ),
    );
    return 0;
  }
  const width = Math.max(...experts.map((e) => e.id.length), 4);
  io.out(`${'ID'.padEnd(width)}  TIER  ${'CATEGORY'.padEnd(14)}  ORIGIN     DESCRIPTION`);
  for (const e of experts) {
    const oneLine = e.description.replace(/\s+/g, ' ').trim(); // a description written over several lines stays on its row
    const description = oneLine.length > 70 ? `${oneLine.slice(0, 69)}…` : oneLine;
    io.out(`${e.id.padEnd(width)}  ${String(e.tier).padEnd(4)}  ${e.category.padEnd(14)}  ${e.origin.padEnd(9)}  ${description}`);
  }
  io.out(`${experts.length} experts`);
  const problems = core.catalog.diagnostics.filter((d) => d.severity !== 'info');
  if (problems.length) {
    io.err(`${problems.length} definition problem${problems.length > 1 ? 's' : ''}:`);
    problems.forEach((d) => io.err(`  ${formatDiagnostic(d)}`));
  }
  return 0;
}
