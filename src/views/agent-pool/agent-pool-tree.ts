// The Agent Pool view: running instances, definition problems, then experts by tier and category.
import * as vscode from 'vscode';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import { formatDiagnostic } from '../../orchestrator/agents/expert-definition';
import { PoolNode, TIER_LABELS, expertItem, instanceItem } from './pool-tree-items';

export class AgentPoolTreeProvider implements vscode.TreeDataProvider<PoolNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PoolNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: { dispose(): void }[] = [];

  constructor(private readonly core: AgentCore) {
    this.subscriptions.push(core.pool.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: PoolNode): PoolNode[] {
    const { catalog, pool } = this.core;
    if (!node) {
      const roots: PoolNode[] = [];
      if (pool.listInstances().some((i) => i.status !== 'terminated')) roots.push({ kind: 'running' });
      if (this.problems().length) roots.push({ kind: 'problems' });
      const tiers = [...new Set(catalog.experts.map((e) => e.tier))].sort();
      return [...roots, ...tiers.map((tier) => ({ kind: 'tier' as const, tier }))];
    }
    switch (node.kind) {
      case 'running':
        return pool
          .listInstances()
          .filter((i) => i.status !== 'terminated')
          .map((i) => ({ kind: 'instance' as const, instanceId: i.id, under: 'running' as const }));
      case 'problems':
        return this.problems().map((_, index) => ({ kind: 'problem' as const, index }));
      case 'tier': {
        const categories = [...new Set(catalog.experts.filter((e) => e.tier === node.tier).map((e) => e.category))].sort();
        return categories.map((category) => ({ kind: 'category' as const, tier: node.tier, category }));
      }
      case 'category':
        return catalog.experts.filter((e) => e.tier === node.tier && e.category === node.category).map((e) => ({ kind: 'expert' as const, expertId: e.id }));
      case 'expert':
        return pool
          .listInstances({ expertId: node.expertId })
          .filter((i) => i.status !== 'terminated')
          .map((i) => ({ kind: 'instance' as const, instanceId: i.id, under: 'expert' as const }));
      default:
        return [];
    }
  }

  getTreeItem(node: PoolNode): vscode.TreeItem {
    const { catalog, pool } = this.core;
    switch (node.kind) {
      case 'running': {
        const stats = pool.getStats();
        const item = new vscode.TreeItem('Running instances', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'running';
        item.description = `${stats.byStatus.working} working · ${stats.byStatus.reserved} reserved · ${stats.byStatus.idle} idle`;
        item.iconPath = new vscode.ThemeIcon('pulse');
        return item;
      }
      case 'problems': {
        const item = new vscode.TreeItem('Definition problems', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'problems';
        item.description = String(this.problems().length);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        return item;
      }
      case 'problem': {
        const d = this.problems()[node.index]!;
        const item = new vscode.TreeItem(d.message, vscode.TreeItemCollapsibleState.None);
        item.description = vscode.workspace.asRelativePath(d.file);
        item.tooltip = formatDiagnostic(d);
        item.iconPath = new vscode.ThemeIcon(d.severity === 'error' ? 'error' : 'warning');
        item.command = {
          command: 'vscode.open',
          title: 'Open',
          arguments: [vscode.Uri.file(d.file), { selection: new vscode.Range((d.line ?? 1) - 1, 0, (d.line ?? 1) - 1, 0) }],
        };
        return item;
      }
      case 'tier': {
        const count = catalog.experts.filter((e) => e.tier === node.tier).length;
        const item = new vscode.TreeItem(TIER_LABELS[node.tier] ?? `Tier ${node.tier}`, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `tier:${node.tier}`;
        item.description = `${count} experts`;
        item.iconPath = new vscode.ThemeIcon('layers');
        return item;
      }
      case 'category': {
        const item = new vscode.TreeItem(node.category, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `category:${node.tier}:${node.category}`;
        item.iconPath = new vscode.ThemeIcon('symbol-folder');
        return item;
      }
      case 'expert': {
        const expert = catalog.find(node.expertId);
        if (!expert) return new vscode.TreeItem(`${node.expertId} (removed)`);
        return expertItem(expert, pool.listInstances({ expertId: expert.id }).filter((i) => i.status !== 'terminated').length);
      }
      case 'instance': {
        const instance = pool.getInstance(node.instanceId);
        if (!instance) return new vscode.TreeItem(`${node.instanceId} (gone)`);
        return instanceItem(instance, node.under === 'running');
      }
    }
  }

  getParent(node: PoolNode): PoolNode | undefined {
    switch (node.kind) {
      case 'problem':
        return { kind: 'problems' };
      case 'category':
        return { kind: 'tier', tier: node.tier };
      case 'expert': {
        const expert = this.core.catalog.find(node.expertId);
        return expert ? { kind: 'category', tier: expert.tier, category: expert.category } : undefined;
      }
      case 'instance': {
        if (node.under === 'running') return { kind: 'running' };
        const instance = this.core.pool.getInstance(node.instanceId);
        return instance ? { kind: 'expert', expertId: instance.expertId } : undefined;
      }
      default:
        return undefined;
    }
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }

  private problems() {
    return this.core.catalog.diagnostics.filter((d) => d.severity !== 'info');
  }
}
