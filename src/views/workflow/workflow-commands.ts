// Plan Workflow, Run Workflow and Show Recent Workflows. Each returns its result (for other extensions
// and the integration tests); errors are logged and shown, never thrown at the user.
import * as vscode from 'vscode';
import { guardedCommands } from '../guarded-command';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import { BigThreeError } from '../../orchestrator/errors';
import type { StoredExecution } from '../../orchestrator/memory/workflow-memory';
import { executionLine } from '../../orchestrator/workflow/execution-report';
import { WorkflowExecution, describeExecution } from '../../orchestrator/workflow/execution-types';
import type { AgentRunner } from '../../orchestrator/workflow/agent-runner';
import type { WorkflowPlan } from '../../orchestrator/workflow/plan-types';
import type { WorkflowServices } from '../../orchestrator/workflow/workflow-services';
import { PlanExpertRanking, askPlanRequest, planRequestFromArgument } from './plan-input';
import { showGeneratedDocument } from '../documents/document-view';
import { ExecutionDocumentProvider, executionUri, planUri } from './workflow-documents';
import { readWorkflowSettings } from './workflow-settings';
import { COMMANDS } from '../command-ids';
import type { UserWaits } from '../../orchestrator/rag/index-pacing';

export function registerWorkflowCommands(
  core: AgentCore,
  chooser: PlanExpertRanking,
  services: WorkflowServices,
  executions: ExecutionDocumentProvider,
  log: vscode.LogOutputChannel,
  userWaits?: UserWaits,
): vscode.Disposable[] {
  const guarded = guardedCommands(log, userWaits);

  const openExecution = async (executionId: string) => {
    executions.refresh(executionId);
    await showGeneratedDocument(executionUri(executionId));
  };

  const choosePlan = async (arg: unknown): Promise<WorkflowPlan | undefined> => {
    if (typeof arg === 'string') {
      const plan = services.planner.getPlan(arg);
      if (!plan) throw new BigThreeError(`No plan "${arg}" in this window; plan it first with "Big Three: Plan Workflow".`, 'unknown-plan');
      return plan;
    }
    const plans = services.planner.listPlans();
    if (!plans.length) {
      const action = await vscode.window.showInformationMessage('No workflow has been planned in this window yet.', 'Plan Workflow');
      return action ? vscode.commands.executeCommand<WorkflowPlan | undefined>(COMMANDS.planWorkflow) : undefined;
    }
    if (plans.length === 1) return plans[0];
    const pick = await vscode.window.showQuickPick(
      plans.map((p) => ({ label: p.goal, description: `${p.id} · ${p.strategy} · ${p.stages.reduce((n, s) => n + s.tasks.length, 0)} tasks`, plan: p })),
      { title: 'Big Three: Run Workflow: which plan?' },
    );
    return pick?.plan;
  };

  return [
    guarded(COMMANDS.planWorkflow, async (arg?: unknown): Promise<WorkflowPlan | undefined> => {
      const request = planRequestFromArgument(arg) ?? (await askPlanRequest(core, chooser));
      if (!request) return undefined;
      const plan = await services.planner.createMultiTaskPlan(request.goal, request.tasks, request.strategy);
      log.info(`Planned ${plan.id} (${plan.strategy}, ${plan.stages.length} stages, ~${plan.estimatedDuration}s): ${plan.goal}`);
      await showGeneratedDocument(planUri(plan.id));
      void vscode.window
        .showInformationMessage(
          `Workflow planned: ${plan.stages.reduce((n, s) => n + s.tasks.length, 0)} tasks, about ${plan.estimatedDuration}s.`,
          'Run Workflow',
        )
        .then((action) => {
          if (action) void vscode.commands.executeCommand(COMMANDS.runWorkflow, plan.id);
        });
      return plan;
    }),

    // `with.runner`: run with another AgentRunner than the core's (for other extensions and the tests).
    guarded(COMMANDS.runWorkflow, async (arg?: unknown, with_?: { runner?: AgentRunner }): Promise<WorkflowExecution | undefined> => {
      const plan = await choosePlan(arg);
      if (!plan) return undefined;
      const settings = readWorkflowSettings();
      const runner = with_?.runner ?? services.runner;
      log.info(`Running ${plan.id} with ${runner.name} (concurrency ${settings.concurrency}, ${settings.failurePolicy}, ${settings.maxAttempts} attempts)`);
      const execution = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Big Three: ${plan.goal}`, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const subscription = token.onCancellationRequested(() => controller.abort());
          const total = plan.stages.reduce((n, s) => n + s.tasks.length, 0);
          let done = 0;
          try {
            return await services.execute(plan, {
              ...settings,
              runner,
              signal: controller.signal,
              onProgress: ({ task }) => {
                if (task.status === 'running') {
                  progress.report({ message: `${task.taskId} (${task.agentId}) running…` });
                  return;
                }
                done++;
                progress.report({ increment: 100 / total, message: `${task.taskId} ${task.status} (${done}/${total})` });
                log.info(`[${plan.id}] ${task.taskId} ${task.status}${task.attempts > 1 ? ` after ${task.attempts} attempts` : ''}`);
              },
            });
          } finally {
            subscription.dispose();
          }
        },
      );
      const summary = describeExecution(execution);
      const notice = execution.status === 'not-run' ? `${summary}. No coding model is configured yet, so nothing was run.` : summary;
      const show = execution.status === 'succeeded' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
      void show(`Workflow ${notice}`, 'Show Details').then((action) => action && openExecution(execution.executionId));
      return execution;
    }),

    guarded(COMMANDS.showRecentWorkflows, async (executionId?: unknown): Promise<StoredExecution<WorkflowExecution>[] | undefined> => {
      if (typeof executionId === 'string') {
        const one = await services.workflows.getExecution<WorkflowExecution>(executionId);
        if (!one) throw new BigThreeError(`No stored workflow execution "${executionId}".`, 'unknown-execution');
        await openExecution(executionId);
        return [one];
      }
      const recent = await services.workflows.getRecent<WorkflowExecution>(30);
      if (!recent.length) {
        void vscode.window.showInformationMessage('No workflow has run yet. Plan one with "Big Three: Plan Workflow".');
        return [];
      }
      const pick = await vscode.window.showQuickPick(
        recent.map((r) => ({
          label: r.data.goal,
          description: executionLine(r.data).split('  ').slice(1, 3).join(' · '),
          detail: describeExecution(r.data),
          id: r.id,
        })),
        { title: 'Big Three: Recent Workflows', matchOnDescription: true },
      );
      if (pick) await openExecution(pick.id);
      return recent;
    }),
  ];
}
