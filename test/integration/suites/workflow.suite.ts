// Workflows, memory and the Activity view inside a real VS Code.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BigThreeApi } from '../../../src/extension';
import type { AgentRunRequest, AgentRunResult, AgentRunner } from '../../../src/orchestrator/workflow/agent-runner';
import type { WorkflowExecution } from '../../../src/orchestrator/workflow/execution-types';
import type { WorkflowPlan } from '../../../src/orchestrator/workflow/plan-types';
import { activateBigThree, screenshot, sleep, until } from '../helpers';
import { COMMANDS, VIEWS, focusCommand } from '../../../src/views/command-ids';

const REQUEST = {
  goal: 'Build e-commerce backend',
  strategy: 'dag',
  tasks: [
    { id: 'schema', description: 'Design database schema', agentId: 'data-engineer', duration: 180 },
    { id: 'api', description: 'Create REST endpoints', agentId: 'backend-architect', duration: 300, dependencies: ['schema'] },
    { id: 'tests', description: 'Write tests for the REST endpoints', dependencies: ['api'] },
  ],
};

class SucceedingRunner implements AgentRunner {
  readonly name = 'integration-test runner';
  readonly seen: string[] = [];
  async run(request: AgentRunRequest): Promise<AgentRunResult> {
    this.seen.push(request.task.id);
    return { status: 'succeeded', output: `${request.task.id} done` };
  }
}

export function defineWorkflowTests(): void {
  suite('Workflows in a real VS Code', () => {
    let api: BigThreeApi;
    let plan: WorkflowPlan;

    suiteSetup(async () => {
      api = await activateBigThree();
    });

    test('the workflow and activity commands are registered', async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['planWorkflow', 'runWorkflow', 'showRecentWorkflows', 'refreshActivity', 'showEvent'])
        assert.ok(commands.includes(`bigThree.${id}`), `bigThree.${id}`);
    });

    test('Plan Workflow renders the plan (document view: drawn DAG, critical path), choosing an expert where none is given', async () => {
      const result = await vscode.commands.executeCommand<WorkflowPlan>(COMMANDS.planWorkflow, REQUEST);
      assert.ok(result, 'a plan is returned');
      plan = result;
      assert.deepStrictEqual(
        plan.stages.map((s) => s.tasks.map((t) => t.id)),
        [['schema'], ['api'], ['tests']],
      );
      assert.strictEqual(plan.stages[2]!.tasks[0]!.agentId, 'qa-expert');
      const doc = await until('the plan document', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'big-three-plan'));
      assert.match(doc.getText(), /^# Workflow plan: Build e-commerce backend\n/);
      assert.notStrictEqual(doc.languageId, 'markdown', 'a generated document must not activate the markdown extension');
      assert.match(doc.getText(), /\*\*Critical path\*\* \(the chain that decides the duration\): schema → api → tests, ~780s/);
      assert.match(doc.getText(), /<img alt="Diagram of plan [^"]*" src="data:image\/svg\+xml;base64,/);
      assert.match(
        doc.getText(),
        /```text\n={60}\nWORKFLOW PLAN: Build e-commerce backend\n={60}\nPlan ID: plan_[0-9a-f]{8}\nEstimated Duration: 780s\nTotal Stages: 3/,
      );
      assert.match(doc.getText(), /1\. \[qa-expert\] Write tests for the REST endpoints \(depends: api\)/);
      await sleep(1000); // the preview renders the drawn plan
      await screenshot('workflow-plan');
      const listed = await until('the Activity view lists the plan', () => api.activity.workflows.find((w) => w.kind === 'plan' && w.id === plan.id));
      assert.strictEqual(listed.state, 'planned');
      assert.strictEqual(listed.tasks, 3);
    });

    test('a plan with a cycle is refused and nothing is returned', async () => {
      const bad = {
        goal: 'Loop',
        strategy: 'dag',
        tasks: [
          { id: 'a', description: 'a', agentId: 'qa-expert', dependencies: ['b'] },
          { id: 'b', description: 'b', agentId: 'qa-expert', dependencies: ['a'] },
        ],
      };
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.planWorkflow, bad), undefined);
    });

    test('Run Workflow without an Anthropic key marks every task not run (never successful) and stores the execution', async () => {
      const execution = await vscode.commands.executeCommand<WorkflowExecution>(COMMANDS.runWorkflow, plan.id);
      assert.ok(execution, 'an execution is returned');
      assert.strictEqual(execution.status, 'not-run');
      assert.strictEqual(execution.runner, 'Claude coder');
      assert.match(execution.tasks[0]!.output ?? '', /no Anthropic API key is set/);
      assert.deepStrictEqual(
        execution.tasks.map((t) => t.status),
        ['not-run', 'skipped', 'skipped'],
      );
      const stored = await api.workflow.workflows.getExecution<WorkflowExecution>(execution.executionId);
      assert.strictEqual(stored?.data.status, 'not-run');
      await until('the Activity view lists the run as not run', () =>
        api.activity.workflows.find((w) => w.kind === 'run' && w.id === execution.executionId && w.state === 'not-run'),
      );
    });

    test('Run Workflow goes through the pool with a configured runner; the Activity view shows the events', async () => {
      const runner = new SucceedingRunner();
      const completedBefore = api.core.pool.getStats().tasksCompleted;
      const execution = await vscode.commands.executeCommand<WorkflowExecution>(COMMANDS.runWorkflow, plan.id, { runner });
      assert.ok(execution);
      assert.strictEqual(execution.status, 'succeeded');
      assert.deepStrictEqual(runner.seen, ['schema', 'api', 'tests']);
      assert.strictEqual(api.core.pool.getStats().tasksCompleted - completedBefore, 3);
      await until('the activity view shows the run', () =>
        api.activity.shown.some((e) => e.sessionId === execution.executionId && e.payload.event === 'workflow_finished'),
      );
      assert.ok(
        api.activity.shown.some((e) => e.hookType === 'agent_started' && e.agentName === 'qa-expert'),
        'pool events reach the view',
      );
      assert.ok(api.activity.shown.some((e) => e.hookType === 'agent_ended' && e.payload.success === true));
      const count = await vscode.commands.executeCommand<number>(COMMANDS.refreshActivity);
      assert.ok(count && count >= 8, `stored events reload (${count})`);
      const runs = api.activity.workflows.filter((w) => w.kind === 'run' && w.planId === plan.id);
      assert.deepStrictEqual(
        runs.map((w) => w.state),
        ['succeeded', 'not-run'],
        'both runs of the plan, newest first, with their state (after a reload from the stored log too)',
      );
      assert.strictEqual(api.activity.workflows.find((w) => w.kind === 'plan' && w.id === plan.id)?.runs, 2);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('workbench.view.extension.bigThree');
      await vscode.commands.executeCommand(focusCommand(VIEWS.activity));
      await sleep(800);
      await screenshot('activity'); // filled: the plan, its two runs and the recent events
    });

    test('Show Recent Workflows opens the stored execution as a document', async () => {
      const recent = await api.workflow.workflows.getRecent<WorkflowExecution>(5);
      assert.ok(recent.length >= 2);
      assert.strictEqual(recent[0]!.data.status, 'succeeded', 'newest first');
      const shown = await vscode.commands.executeCommand<Array<{ id: string }>>(COMMANDS.showRecentWorkflows, recent[0]!.id);
      assert.deepStrictEqual(
        shown?.map((s) => s.id),
        [recent[0]!.id],
      );
      const doc = await until('the execution document', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'big-three-workflow'));
      assert.match(doc.getText(), /# Workflow: Build e-commerce backend/);
      assert.match(doc.getText(), /SUCCEEDED: 3 succeeded of 3 tasks/);
      assert.notStrictEqual(doc.languageId, 'markdown');
    });
  });
}
