// The Audit Log view: recent records grouped by day, then severity; filterable by type and user.
import * as vscode from 'vscode';
import type { AuditLogger } from '../../orchestrator/security/audit-logger';
import { AUDIT_SEVERITIES, AuditEventType, AuditRecord, AuditSeverity } from '../../orchestrator/security/audit-types';
import { COMMANDS } from '../command-ids';

export type AuditNode = { kind: 'day'; day: string } | { kind: 'severity'; day: string; severity: AuditSeverity } | { kind: 'event'; seq: number };

export interface AuditFilter {
  type?: AuditEventType;
  user?: string;
}

const SHOWN = 1_000;
const ICONS: Record<AuditSeverity, string> = { info: 'info', warning: 'warning', critical: 'error' };

export function dayOf(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

export class AuditLogTreeProvider implements vscode.TreeDataProvider<AuditNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AuditNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filter: AuditFilter = {};
  private readonly subscription: { dispose(): void };

  constructor(private readonly audit: AuditLogger) {
    this.subscription = audit.onDidAppend(() => this.changed.fire(undefined));
  }

  setFilter(filter: AuditFilter): void {
    this.filter = { ...filter };
    this.changed.fire(undefined);
  }

  getFilter(): AuditFilter {
    return { ...this.filter };
  }

  /** The records shown (newest first) under the current filter. */
  records(): AuditRecord[] {
    return this.audit
      .getRecentEvents(SHOWN)
      .filter((r) => (!this.filter.type || r.type === this.filter.type) && (!this.filter.user || r.user === this.filter.user));
  }

  record(seq: number): AuditRecord | undefined {
    return this.audit.getRecentEvents(Number.MAX_SAFE_INTEGER).find((r) => r.seq === seq);
  }

  getChildren(node?: AuditNode): AuditNode[] {
    const records = this.records();
    if (!node) return [...new Set(records.map((r) => dayOf(r.ts)))].map((day) => ({ kind: 'day', day }));
    if (node.kind === 'day') {
      const present = new Set(records.filter((r) => dayOf(r.ts) === node.day).map((r) => r.severity));
      return [...AUDIT_SEVERITIES]
        .reverse()
        .filter((s) => present.has(s))
        .map((severity) => ({ kind: 'severity', day: node.day, severity }));
    }
    if (node.kind === 'severity')
      return records.filter((r) => dayOf(r.ts) === node.day && r.severity === node.severity).map((r) => ({ kind: 'event', seq: r.seq }));
    return [];
  }

  getParent(node: AuditNode): AuditNode | undefined {
    if (node.kind === 'severity') return { kind: 'day', day: node.day };
    if (node.kind === 'event') {
      const r = this.record(node.seq);
      return r ? { kind: 'severity', day: dayOf(r.ts), severity: r.severity } : undefined;
    }
    return undefined;
  }

  getTreeItem(node: AuditNode): vscode.TreeItem {
    const records = this.records();
    if (node.kind === 'day') {
      const count = records.filter((r) => dayOf(r.ts) === node.day).length;
      const item = new vscode.TreeItem(node.day === dayOf(Date.now()) ? `Today (${node.day})` : node.day, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `day:${node.day}`;
      item.description = `${count} event${count === 1 ? '' : 's'}`;
      item.contextValue = 'auditDay';
      item.iconPath = new vscode.ThemeIcon('calendar');
      return item;
    }
    if (node.kind === 'severity') {
      const count = records.filter((r) => dayOf(r.ts) === node.day && r.severity === node.severity).length;
      const item = new vscode.TreeItem(
        node.severity,
        node.severity === 'info' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
      );
      item.id = `sev:${node.day}:${node.severity}`;
      item.description = String(count);
      item.contextValue = 'auditSeverity';
      item.iconPath = new vscode.ThemeIcon(ICONS[node.severity]);
      return item;
    }
    const r = this.record(node.seq);
    const item = new vscode.TreeItem(r ? `${r.type}${r.operation ? ` · ${r.operation}` : ''}` : `#${node.seq}`, vscode.TreeItemCollapsibleState.None);
    item.id = `event:${node.seq}`;
    if (r) {
      item.description = `${new Date(r.ts).toISOString().slice(11, 19)} · ${r.user}`;
      item.tooltip = new vscode.MarkdownString().appendText(`#${r.seq} ${r.message}`);
      item.iconPath = new vscode.ThemeIcon(ICONS[r.severity]);
    }
    item.contextValue = 'auditEvent';
    item.command = { command: COMMANDS.showAuditEvent, title: 'Show Audit Event', arguments: [node.seq] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
