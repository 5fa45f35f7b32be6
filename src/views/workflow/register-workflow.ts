// Wires memory, workflows and observability into VS Code: storage in the workspace's (or the global)
// storage folder, the plan and execution documents, the commands and the Activity view.
import * as vscode from 'vscode';
import { NodeStoreFileSystem } from '../../adapters/node-store-file-system';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import { systemClock } from '../../orchestrator/ports';
import { WorkflowServices } from '../../orchestrator/workflow/workflow-services';
import { loggerFor } from '../output-logger';
import { ActivityTreeProvider } from '../activity/activity-tree';
import { registerActivity } from '../activity/register-activity';
import { ExecutionDocumentProvider, EXECUTION_SCHEME, PLAN_SCHEME, PlanDocumentProvider } from './workflow-documents';
import { registerWorkflowCommands } from './workflow-commands';
import { SecuredPoolAccess, securedExecutorPool } from './secured-executor-pool';

export interface WorkflowViews {
  workflow: WorkflowServices;
  activity: ActivityTreeProvider;
}

/** `secured`: when given, workflows reach the pool through the security gate. */
export function registerWorkflow(context: vscode.ExtensionContext, core: AgentCore, log: vscode.LogOutputChannel, secured?: SecuredPoolAccess): WorkflowViews {
  const storage = context.storageUri ?? context.globalStorageUri;
  const services = new WorkflowServices({
    core,
    fs: new NodeStoreFileSystem(),
    clock: systemClock,
    logger: loggerFor(log),
    storageDir: storage.fsPath,
    sessionId: vscode.env.sessionId,
    ...(secured ? { pool: securedExecutorPool(secured) } : {}),
  });
  log.info(`Workflow memory, contexts and the event log are stored in ${storage.fsPath}`);
  const executions = new ExecutionDocumentProvider(services.workflows);
  const activity = registerActivity(context, services.observability, log);
  context.subscriptions.push(
    { dispose: () => void services.dispose() },
    executions,
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, new PlanDocumentProvider(services.planner)),
    vscode.workspace.registerTextDocumentContentProvider(EXECUTION_SCHEME, executions),
    ...registerWorkflowCommands(core, services, executions, log),
  );
  return { workflow: services, activity };
}
