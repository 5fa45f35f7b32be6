// Renders a plan as text, exactly in the seed's layout (kept stable by a golden test).
import type { WorkflowPlan } from './plan-types';

const RULE = '='.repeat(60);

export function visualizePlan(plan: WorkflowPlan): string {
  const lines: string[] = [
    RULE,
    `WORKFLOW PLAN: ${plan.goal}`,
    RULE,
    `Plan ID: ${plan.id}`,
    `Estimated Duration: ${seconds(plan.estimatedDuration)}s`,
    `Total Stages: ${plan.stages.length}`,
    `Total Tasks: ${plan.stages.reduce((n, s) => n + s.tasks.length, 0)}`,
    '',
  ];
  for (const stage of plan.stages) {
    lines.push(`[Stage ${stage.index}] ${stage.name}`, `  Strategy: ${stage.strategy}`, `  Tasks: ${stage.tasks.length}`, '');
    stage.tasks.forEach((task, i) => {
      const depends = task.dependencies.length ? ` (depends: ${task.dependencies.join(', ')})` : '';
      lines.push(`    ${i + 1}. [${task.agentId}] ${oneLine(task.description)}${depends}`, `       Duration: ~${seconds(task.estimatedDuration)}s`);
    });
    lines.push('');
  }
  lines.push(`Success Criteria: ${plan.successCriteria}`, RULE);
  return lines.join('\n');
}

function seconds(value: number): number {
  return Math.round(value);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
