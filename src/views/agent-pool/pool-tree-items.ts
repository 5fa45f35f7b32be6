// The elements of the Agent Pool tree and how each one looks.
import * as vscode from 'vscode';
import type { ExpertDefinition } from '../../orchestrator/agents/expert-definition';
import type { AgentInstance, InstanceStatus } from '../../orchestrator/agents/pool-types';
import { COMMANDS } from '../command-ids';

export type PoolNode =
  | { kind: 'running' }
  | { kind: 'problems' }
  | { kind: 'problem'; index: number }
  | { kind: 'tier'; tier: number }
  | { kind: 'category'; tier: number; category: string }
  | { kind: 'expert'; expertId: string }
  | { kind: 'instance'; instanceId: string; under: 'running' | 'expert' };

export const TIER_LABELS: Record<number, string> = { 1: 'Tier 1 · Core', 2: 'Tier 2 · Specialists', 3: 'Tier 3 · Domain' };

const STATUS_ICONS: Record<InstanceStatus, vscode.ThemeIcon> = {
  reserved: new vscode.ThemeIcon('clock', new vscode.ThemeColor('charts.yellow')),
  working: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  idle: new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('charts.green')),
  terminated: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

export function expertItem(expert: ExpertDefinition, liveInstances: number): vscode.TreeItem {
  const item = new vscode.TreeItem(expert.displayName, liveInstances ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = `expert:${expert.id}`;
  item.description = liveInstances ? `${expert.id} · ${liveInstances} live` : expert.id;
  item.contextValue = 'expert';
  item.iconPath = new vscode.ThemeIcon(expert.origin === 'builtin' ? 'person' : expert.origin === 'claude' ? 'hubot' : 'account');
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${expert.displayName}** \`${expert.id}\`  \n`);
  tooltip.appendText(`${expert.description}\n\n`);
  tooltip.appendMarkdown(`Tier ${expert.tier} · ${expert.category} · from ${expert.origin}  \n`);
  tooltip.appendMarkdown(`Triggers: ${expert.triggers.slice(0, 12).join(', ')}${expert.triggers.length > 12 ? ', …' : ''}  \n`);
  tooltip.appendMarkdown(`Tools: ${expert.tools.join(', ')}`);
  item.tooltip = tooltip;
  item.command = { command: COMMANDS.openExpertDefinition, title: 'Open Expert Definition', arguments: [expert.id] };
  return item;
}

export function instanceItem(instance: Readonly<AgentInstance>, showExpert: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(showExpert ? instance.id : `#${instance.id.split('#')[1]}`, vscode.TreeItemCollapsibleState.None);
  item.id = `instance:${instance.id}${showExpert ? ':running' : ''}`;
  item.description = `${instance.status.toUpperCase()}${instance.taskDescription ? ` · ${instance.taskDescription.slice(0, 60)}` : ''}`;
  item.iconPath = STATUS_ICONS[instance.status];
  item.contextValue = `instance-${instance.status}`;
  item.tooltip = `${instance.id}: ${instance.status}\nTask: ${instance.taskDescription || '(none)'}\nCompleted ${instance.tasksCompleted}, failed ${instance.tasksFailed}`;
  return item;
}
