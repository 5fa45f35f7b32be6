// Read-only documents for plans (big-three-plan:/<planId>: summary, drawn DAG, critical path, the
// plan as text) and stored executions (big-three-workflow:/<executionId>), in markdown, shown in Big
// Three's document view (views/documents). No .md extension on purpose: see document-view.ts.
import * as vscode from 'vscode';
import type { WorkflowMemory } from '../../orchestrator/memory/workflow-memory';
import { renderExecutionMarkdown } from '../../orchestrator/workflow/execution-report';
import type { WorkflowExecution } from '../../orchestrator/workflow/execution-types';
import type { WorkflowPlanner } from '../../orchestrator/workflow/planner';
import { renderPlanMarkdown } from './plan-markdown';

export const PLAN_SCHEME = 'big-three-plan';
export const EXECUTION_SCHEME = 'big-three-workflow';

export function planUri(planId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${planId}` });
}

export function executionUri(executionId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: EXECUTION_SCHEME, path: `/${executionId}` });
}

function idOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '');
}

export class PlanDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly planner: WorkflowPlanner) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const plan = this.planner.getPlan(idOf(uri));
    return plan
      ? renderPlanMarkdown(plan)
      : `# Plan ${idOf(uri)}\n\nNo plan "${idOf(uri)}" in this window. Plans live for the session; run "Big Three: Plan Workflow" again.\n`;
  }
}

export class ExecutionDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memory: WorkflowMemory) {}

  refresh(executionId: string): void {
    this.changed.fire(executionUri(executionId));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const stored = await this.memory.getExecution<WorkflowExecution>(idOf(uri));
    return stored
      ? renderExecutionMarkdown(stored.data)
      : `# Workflow ${idOf(uri)}\n\nNot found in the workflow memory (it may have been removed by retention).\n`;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
