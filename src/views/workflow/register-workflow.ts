// Registers workflows' UI: the plan and execution documents, the commands and the Activity view. The
// services (memory, observability, the executor with its runner) are built by the core.
import * as vscode from 'vscode';
import type { BigThree } from '../../orchestrator/app/create-big-three';
import { ActivityTreeProvider } from '../activity/activity-tree';
import { registerActivity } from '../activity/register-activity';
import { ExecutionDocumentProvider, EXECUTION_SCHEME, PLAN_SCHEME, PlanDocumentProvider } from './workflow-documents';
import { registerWorkflowCommands } from './workflow-commands';
import type { UserWaits } from '../../orchestrator/rag/index-pacing';

export interface WorkflowViews {
  activity: ActivityTreeProvider;
}

export function registerWorkflow(context: vscode.ExtensionContext, app: BigThree, log: vscode.LogOutputChannel, userWaits?: UserWaits): WorkflowViews {
  const services = app.workflow;
  log.info(`Workflow memory, contexts and the event log are stored in ${app.dataDirs.workspace}`);
  const executions = new ExecutionDocumentProvider(services.workflows);
  const activity = registerActivity(context, services.observability, log);
  context.subscriptions.push(
    executions,
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, new PlanDocumentProvider(services.planner)),
    vscode.workspace.registerTextDocumentContentProvider(EXECUTION_SCHEME, executions),
    ...registerWorkflowCommands(app.core, app.learned.chooser, services, executions, log, userWaits),
  );
  return { activity };
}
