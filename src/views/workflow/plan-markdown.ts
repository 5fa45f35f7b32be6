// A plan as markdown for Big Three's document view: a summary, the drawn DAG with its critical path, a table of
// stages and tasks, and the plan as text (the seed's layout). Pure: no vscode.
import type { WorkflowPlan } from '../../orchestrator/workflow/plan-types';
import { planTasks } from '../../orchestrator/workflow/plan-types';
import { visualizePlan } from '../../orchestrator/workflow/plan-visualizer';
import { layoutPlan, planDiagramSvg } from './plan-diagram';
import { fenced } from '../../orchestrator/text/markdown-fence';

/** Text as inline markdown: one line, no HTML or markdown syntax of its own, table pipes escaped. */
function inline(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#])/g, '\\$1');
}

export function renderPlanMarkdown(plan: WorkflowPlan): string {
  const layout = layoutPlan(plan);
  const tasks = planTasks(plan);
  const onPath = new Set(layout.criticalPath);
  const waitsFor = new Map<string, string[]>(tasks.map((t) => [t.id, []]));
  for (const [from, to] of layout.edges) waitsFor.get(to)?.push(from);
  const pathSeconds = tasks.filter((t) => onPath.has(t.id)).reduce((sum, t) => sum + t.estimatedDuration, 0);
  const svg = Buffer.from(planDiagramSvg(plan, layout), 'utf8').toString('base64');
  const rows = plan.stages.flatMap((stage) =>
    stage.tasks.map((t, i) => {
      const expert =
        t.assignment === 'selected' ? `${t.agentId} (chosen${t.confidence !== undefined ? `, ${Math.round(t.confidence * 100)}%` : ''})` : t.agentId;
      const stageCell = i === 0 ? `${stage.index}. ${inline(stage.name)} (${stage.strategy})` : '';
      return `| ${stageCell} | **${inline(t.id)}** ${inline(t.description)} | ${inline(expert)} | ${inline(waitsFor.get(t.id)!.join(', ') || '–')} | ${Math.round(t.estimatedDuration)}s | ${onPath.has(t.id) ? 'yes' : ''} |`;
    }),
  );
  return [
    `# Workflow plan: ${inline(plan.goal)}`,
    '',
    `${plan.strategy} · ${tasks.length} task${tasks.length === 1 ? '' : 's'} in ${plan.stages.length} stage${plan.stages.length === 1 ? '' : 's'} · about ${Math.round(plan.estimatedDuration)}s · plan ${inline(plan.id)}`,
    '',
    `**Critical path** (the chain that decides the duration): ${layout.criticalPath.map(inline).join(' → ')}, ~${Math.round(pathSeconds)}s`,
    '',
    `<img alt="Diagram of plan ${plan.id}: tasks by stage, arrows from each task to those waiting for it, the critical path in orange" src="data:image/svg+xml;base64,${svg}"/>`,
    '',
    '| Stage | Task | Expert | Waits for | ~Duration | Critical |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `**Success criteria:** ${inline(plan.successCriteria)}`,
    '',
    'Run it with **Big Three: Run Workflow** (or the button on the notification); each task and its result appear in the Activity view.',
    '',
    '<details><summary>The plan as text</summary>',
    '',
    ...fenced(visualizePlan(plan), 'text'),
    '',
    '</details>',
    '',
  ].join('\n');
}
