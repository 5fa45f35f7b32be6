// The Activity view: recent observability events, newest first, updated live.
import * as vscode from 'vscode';
import type { HookType, ObservabilityEvent } from '../../orchestrator/observability/event-types';
import type { ObservabilityManager } from '../../orchestrator/observability/observability-manager';

const ICONS: Record<HookType, string> = {
  agent_started: 'play',
  agent_ended: 'check',
  tool_call: 'tools',
  tool_result: 'output',
  message_sent: 'comment',
  error_occurred: 'error',
};

export class ActivityTreeProvider implements vscode.TreeDataProvider<ObservabilityEvent>, vscode.Disposable {
  private events: ObservabilityEvent[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  private pending: ReturnType<typeof setTimeout> | undefined;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly observability: ObservabilityManager, private readonly limit = 200) {
    this.subscription = observability.onDidEmit((event) => {
      this.events.unshift(event);
      if (this.events.length > this.limit) this.events.length = this.limit;
      this.pending ??= setTimeout(() => {
        this.pending = undefined;
        this.changed.fire();
      }, 150);
    });
  }

  /** Reloads the newest stored events (from every window sharing the storage). */
  async reload(): Promise<void> {
    const stored = await this.observability.queryEvents({ limit: this.limit });
    this.events = stored;
    this.changed.fire();
  }

  get shown(): readonly ObservabilityEvent[] {
    return this.events;
  }

  getChildren(element?: ObservabilityEvent): ObservabilityEvent[] {
    return element ? [] : this.events;
  }

  getTreeItem(event: ObservabilityEvent): vscode.TreeItem {
    const item = new vscode.TreeItem(event.summary, vscode.TreeItemCollapsibleState.None);
    item.id = event.id;
    item.description = `${event.hookType} · ${new Date(event.timestamp).toLocaleTimeString()}`;
    item.iconPath = new vscode.ThemeIcon(ICONS[event.hookType], event.hookType === 'error_occurred' ? new vscode.ThemeColor('errorForeground') : undefined);
    const tooltip = new vscode.MarkdownString(`**${event.agentName}** · ${event.hookType} · session \`${event.sessionId.slice(0, 24)}\`\n\n`);
    tooltip.appendCodeblock(JSON.stringify(event.payload, null, 2).slice(0, 2000), 'json');
    item.tooltip = tooltip;
    item.contextValue = `event-${event.hookType}`;
    item.command = { command: 'bigThree.showEvent', title: 'Show Event', arguments: [event] };
    return item;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
