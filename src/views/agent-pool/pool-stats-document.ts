// A read-only document with the pool's statistics in markdown (scheme big-three-stats). Its name has no
// .md extension on purpose: see document-view.ts.
import * as vscode from 'vscode';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import type { PoolStats } from '../../orchestrator/agents/pool-types';

export const STATS_URI = vscode.Uri.parse('big-three-stats:/Agent%20Pool%20Statistics');

export function renderPoolStats(core: AgentCore, stats: PoolStats): string {
  const rows = Object.entries(stats.byExpert)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, c]) => `| ${id} | ${c.reserved} | ${c.working} | ${c.idle} | ${c.terminated} |`);
  const problems = core.catalog.diagnostics.filter((d) => d.severity === 'error').length;
  return [
    '# Agent Pool Statistics',
    '',
    `- Experts loaded: ${core.catalog.experts.length} (${problems} definition error${problems === 1 ? '' : 's'})`,
    `- Live instances: ${stats.live} of ${stats.limits.maxTotalInstances} (at most ${stats.limits.maxInstancesPerExpert} per expert)`,
    `- Reserved ${stats.byStatus.reserved} · Working ${stats.byStatus.working} · Idle ${stats.byStatus.idle} · Terminated ${stats.byStatus.terminated}`,
    `- Tasks completed ${stats.tasksCompleted} · failed ${stats.tasksFailed} · acquisitions waiting ${stats.waiting}`,
    '',
    rows.length
      ? '| Expert | Reserved | Working | Idle | Terminated |\n|---|---|---|---|---|\n' + rows.join('\n')
      : '_No instances yet. Acquire one from the Agent Pool view._',
    '',
  ].join('\n');
}

export class PoolStatsDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly core: AgentCore) {
    this.subscription = core.pool.onDidChange(() => this.changed.fire(STATS_URI));
  }

  provideTextDocumentContent(): string {
    return renderPoolStats(this.core, this.core.pool.getStats());
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
