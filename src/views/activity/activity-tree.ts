// The Activity view: plans and workflow runs with their state (each run opens to its steps), then the
// recent observability events, newest first, updated live.
import * as vscode from 'vscode';
import type { HookType, ObservabilityEvent } from '../../orchestrator/observability/event-types';
import type { ObservabilityManager } from '../../orchestrator/observability/observability-manager';
import {
  type WorkflowActivity,
  type WorkflowActivityState,
  describeWorkflowActivity,
  workflowActivity,
} from '../../orchestrator/observability/workflow-activity';
import { COMMANDS, INTERNAL_COMMANDS } from '../command-ids';

const ICONS: Record<HookType, string> = {
  agent_started: 'play',
  agent_ended: 'check',
  tool_call: 'tools',
  tool_result: 'output',
  message_sent: 'comment',
  error_occurred: 'error',
};

const STATE_ICONS: Record<WorkflowActivityState, [string, string?]> = {
  planned: ['type-hierarchy'],
  running: ['sync~spin'],
  succeeded: ['pass', 'testing.iconPassed'],
  failed: ['error', 'errorForeground'],
  cancelled: ['circle-slash'],
  'not-run': ['circle-outline', 'editorWarning.foreground'],
};

interface Section {
  section: 'workflows' | 'events';
}
/** An event shown under its run (its own tree id: the same event is also listed under Recent events). */
interface Step {
  step: ObservabilityEvent;
  runId: string;
}
export type ActivityNode = Section | { workflow: WorkflowActivity } | Step | ObservabilityEvent;

const isSection = (n: ActivityNode): n is Section => 'section' in n;
const isWorkflow = (n: ActivityNode): n is { workflow: WorkflowActivity } => 'workflow' in n;
const isStep = (n: ActivityNode): n is Step => 'step' in n;

export class ActivityTreeProvider implements vscode.TreeDataProvider<ActivityNode>, vscode.Disposable {
  private events: ObservabilityEvent[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private readonly sections: Record<Section['section'], Section> = { workflows: { section: 'workflows' }, events: { section: 'events' } };
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly observability: ObservabilityManager,
    private readonly limit = 200,
  ) {
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

  /** The plans and runs listed under Workflows, newest change first. */
  get workflows(): readonly WorkflowActivity[] {
    return workflowActivity(this.events);
  }

  getChildren(element?: ActivityNode): ActivityNode[] {
    if (!element) {
      if (!this.events.length) return []; // the view's welcome content says how to fill it
      return this.workflows.length ? [this.sections.workflows, this.sections.events] : [this.sections.events];
    }
    if (isSection(element)) return element.section === 'workflows' ? this.workflows.map((workflow) => ({ workflow })) : this.events;
    if (isWorkflow(element)) return element.workflow.events.map((step) => ({ step, runId: element.workflow.id }));
    return [];
  }

  getTreeItem(node: ActivityNode): vscode.TreeItem {
    if (isSection(node)) {
      const item = new vscode.TreeItem(node.section === 'workflows' ? 'Workflows' : 'Recent events', vscode.TreeItemCollapsibleState.Expanded);
      item.id = `section-${node.section}`;
      item.description = node.section === 'workflows' ? `${this.workflows.length} plans and runs` : `${this.events.length}`;
      item.contextValue = `section-${node.section}`;
      return item;
    }
    if (isWorkflow(node)) return workflowItem(node.workflow);
    if (isStep(node)) {
      const item = eventItem(node.step);
      item.id = `${node.runId}/${node.step.id}`;
      return item;
    }
    return eventItem(node);
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function workflowItem(w: WorkflowActivity): vscode.TreeItem {
  const item = new vscode.TreeItem(w.goal, w.events.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `${w.kind}-${w.id}`;
  item.description = `${describeWorkflowActivity(w)} · ${new Date(w.updatedAt).toLocaleTimeString()}`;
  const [icon, color] = STATE_ICONS[w.state];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  item.tooltip = new vscode.MarkdownString(
    `**${w.goal}**\n\n${w.kind === 'plan' ? 'Plan' : 'Run'} \`${w.id}\`${w.planId ? ` of plan \`${w.planId}\`` : ''}: ${w.state}`,
  );
  item.contextValue = `workflow-${w.kind}-${w.state}`;
  // A run opens its stored report, a plan its drawing (plans live in the window that made them).
  item.command =
    w.kind === 'run'
      ? { command: COMMANDS.showRecentWorkflows, title: 'Show Run', arguments: [w.id] }
      : { command: INTERNAL_COMMANDS.showPlan, title: 'Show Plan', arguments: [w.id] };
  return item;
}

function eventItem(event: ObservabilityEvent): vscode.TreeItem {
  const item = new vscode.TreeItem(event.summary, vscode.TreeItemCollapsibleState.None);
  item.id = event.id;
  item.description = `${event.hookType} · ${new Date(event.timestamp).toLocaleTimeString()}`;
  item.iconPath = new vscode.ThemeIcon(ICONS[event.hookType], event.hookType === 'error_occurred' ? new vscode.ThemeColor('errorForeground') : undefined);
  const tooltip = new vscode.MarkdownString(`**${event.agentName}** · ${event.hookType} · session \`${event.sessionId.slice(0, 24)}\`\n\n`);
  tooltip.appendCodeblock(JSON.stringify(event.payload, null, 2).slice(0, 2000), 'json');
  item.tooltip = tooltip;
  item.contextValue = `event-${event.hookType}`;
  item.command = { command: COMMANDS.showEvent, title: 'Show Event', arguments: [event] };
  return item;
}
