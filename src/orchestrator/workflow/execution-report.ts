// Text renderings of stored executions, shared by the editor documents and the CLI.
import { WorkflowExecution, countByStatus, describeExecution } from './execution-types';
import { fenced } from '../text/markdown-fence';

const ICON: Record<string, string> = { succeeded: '✔', failed: '✖', 'not-run': '○', skipped: '↷', cancelled: '■', running: '…', pending: '·' };

export function executionLine(e: WorkflowExecution): string {
  const when = new Date(e.startedAt).toISOString().replace('T', ' ').slice(0, 19);
  return `${e.executionId}  ${when}  ${e.status.padEnd(9)}  ${e.tasks.length} task${e.tasks.length === 1 ? '' : 's'}  ${e.goal}`;
}

export function renderExecutionMarkdown(e: WorkflowExecution): string {
  const c = countByStatus(e);
  const seconds = e.finishedAt ? `${Math.round((e.finishedAt - e.startedAt) / 100) / 10}s` : 'still running';
  const lines = [
    `# Workflow: ${e.goal}`,
    '',
    `- Execution: \`${e.executionId}\` (plan \`${e.planId}\`, ${e.strategy})`,
    `- Outcome: **${describeExecution(e)}**`,
    `- Started ${new Date(e.startedAt).toISOString()}, took ${seconds}`,
    `- Runner: ${e.runner} · concurrency ${e.concurrency} · ${e.failurePolicy}`,
    '',
    '| | Task | Expert | Status | Attempts | Depends on |',
    '|---|---|---|---|---|---|',
    ...e.tasks.map(
      (t) => `| ${ICON[t.status] ?? ''} | ${t.taskId}: ${cell(t.description)} | ${t.agentId} | ${t.status} | ${t.attempts} | ${t.dependencies.join(', ')} |`,
    ),
    '',
  ];
  if (c.failed || c['not-run'] || c.skipped || c.cancelled || c.succeeded) {
    lines.push('## Task output', '');
    for (const t of e.tasks) if (t.output) lines.push(`### ${t.taskId} (${t.status})`, '', ...fenced(t.output, 'text'), '');
  }
  return lines.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 120);
}
