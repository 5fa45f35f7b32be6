// Plans and runs as the Activity view lists them: the planner announces each plan, the executor each
// run, and workflowActivity reads their state back from the events alone (also from the stored log).
import * as assert from 'assert';
import * as fs from 'fs';
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import type { AgentCore } from '../../../src/orchestrator/agents/agent-core';
import type { ObservabilityEvent } from '../../../src/orchestrator/observability/event-types';
import { describeWorkflowActivity, workflowActivity } from '../../../src/orchestrator/observability/workflow-activity';
import { silentLogger, systemClock } from '../../../src/orchestrator/ports';
import type { AgentRunRequest, AgentRunResult, AgentRunner } from '../../../src/orchestrator/workflow/agent-runner';
import { WorkflowServices, createObservability } from '../../../src/orchestrator/workflow/workflow-services';
import { tempDir } from '../memory/helpers';
import { ShippedChooser, shippedChooser, shippedCore } from '../workflow/agent-core-fixture';

/** Succeeds every task except those named, which fail for good. */
class Runner implements AgentRunner {
  readonly name = 'test runner';
  constructor(private readonly failing: ReadonlySet<string> = new Set()) {}
  async run(request: AgentRunRequest): Promise<AgentRunResult> {
    return this.failing.has(request.task.id)
      ? { status: 'failed', output: `${request.task.id} broke`, retryable: false }
      : { status: 'succeeded', output: 'done' };
  }
}

describe('Activity: plans and workflow runs with their state', () => {
  let core: AgentCore;
  let dir: string;
  let services: WorkflowServices;
  let runner: Runner;

  let chooser: ShippedChooser;

  before(async () => {
    core = await shippedCore();
    chooser = await shippedChooser(core);
  });
  beforeEach(() => {
    dir = tempDir('bt-activity-');
    runner = new Runner(new Set(['api']));
    const fs_ = new NodeStoreFileSystem();
    const observability = createObservability({ fs: fs_, clock: systemClock, logger: silentLogger, storageDir: dir });
    services = new WorkflowServices({
      core,
      chooser: chooser.chooser,
      fs: fs_,
      clock: systemClock,
      logger: silentLogger,
      storageDir: dir,
      sessionId: 'window-1',
      observability,
      runner,
    });
  });
  afterEach(async () => {
    await services.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  after(async () => {
    await chooser.dispose();
    core.dispose();
  });

  const recent = () => services.observability.recentEvents();

  it('announces every plan as a workflow_planned event in the host session', async () => {
    const plan = await services.planner.createMultiTaskPlan(
      'Build the shop backend',
      [
        { id: 'schema', description: 'Design the database schema', agentId: 'data-engineer' },
        { id: 'api', description: 'Create REST endpoints', dependencies: ['schema'] },
      ],
      'dag',
    );
    const [event] = recent();
    assert.strictEqual(event!.payload.event, 'workflow_planned');
    assert.strictEqual(event!.sessionId, 'window-1');
    assert.strictEqual(event!.agentName, 'workflow');
    assert.deepStrictEqual(
      { planId: event!.payload.planId, tasks: event!.payload.tasks, stages: event!.payload.stages, strategy: event!.payload.strategy },
      { planId: plan.id, tasks: 2, stages: 2, strategy: 'dag' },
    );
    assert.match(event!.summary, /^Workflow planned: Build the shop backend \(2 tasks, dag, ~600s\)$/);
    const [entry] = workflowActivity(recent());
    assert.deepStrictEqual(
      { kind: entry!.kind, id: entry!.id, state: entry!.state, goal: entry!.goal, runs: entry!.runs },
      { kind: 'plan', id: plan.id, state: 'planned', goal: 'Build the shop backend', runs: 0 },
    );
    assert.strictEqual(describeWorkflowActivity(entry!), 'plan · 2 tasks, dag');
  });

  it('lists each run with its state (running, then succeeded or failed) and its own steps, newest first', async () => {
    const good = await services.planner.createMultiTaskPlan(
      'Write the docs',
      [{ id: 'docs', description: 'Write the API docs', agentId: 'qa-expert' }],
      'sequential',
    );
    const ok = await services.execute(good, { retryBaseDelayMs: 0 });
    const bad = await services.planner.createMultiTaskPlan(
      'Ship the API',
      [
        { id: 'schema', description: 'Design the schema', agentId: 'data-engineer' },
        { id: 'api', description: 'Create endpoints', agentId: 'backend-architect', dependencies: ['schema'] },
      ],
      'dag',
    );
    const failed = await services.execute(bad, { retryBaseDelayMs: 0 });
    assert.strictEqual(ok.status, 'succeeded');
    assert.strictEqual(failed.status, 'failed');

    const entries = workflowActivity(recent());
    assert.deepStrictEqual(
      entries.map((e) => `${e.kind} ${e.goal} ${e.state}`),
      ['run Ship the API failed', 'plan Ship the API planned', 'run Write the docs succeeded', 'plan Write the docs planned'],
    );
    const [failedRun, badPlan, okRun] = entries;
    assert.strictEqual(failedRun!.id, failed.executionId);
    assert.strictEqual(failedRun!.planId, bad.id);
    assert.strictEqual(badPlan!.runs, 1);
    assert.strictEqual(describeWorkflowActivity(badPlan!), 'plan · 2 tasks, dag, run 1×');
    assert.strictEqual(describeWorkflowActivity(failedRun!), 'run · failed · 2 tasks');
    assert.ok(
      failedRun!.events.every((e) => e.sessionId === failed.executionId),
      'a run lists only its own events',
    );
    assert.deepStrictEqual(
      failedRun!.events.map((e) => e.payload.event ?? `${e.payload.taskId} ${e.hookType}`),
      ['workflow_finished', 'api error_occurred', 'schema message_sent', 'workflow_started'],
    );
    assert.strictEqual(okRun!.id, ok.executionId);

    // Half-way through (the finish not yet emitted), the run is running with the tasks done so far.
    const midway = recent().filter((e) => !(e.sessionId === failed.executionId && (e.payload.event === 'workflow_finished' || e.payload.taskId === 'api')));
    const running = workflowActivity(midway).find((e) => e.id === failed.executionId)!;
    assert.strictEqual(running.state, 'running');
    assert.strictEqual(describeWorkflowActivity(running), 'run · running 1/2');
  });

  it('reads the same list back from the stored event log (another window, the CLI)', async () => {
    const plan = await services.planner.createSimplePlan('Fix the flaky Playwright tests');
    const run = await services.execute(plan, { retryBaseDelayMs: 0 });
    const stored = await services.observability.queryEvents({ limit: 200 });
    const entries = workflowActivity(stored);
    assert.deepStrictEqual(
      entries.map((e) => `${e.kind} ${e.id} ${e.state}`),
      [`run ${run.executionId} succeeded`, `plan ${plan.id} planned`],
    );
  });

  it('ignores events it cannot read and keeps a run whose plan is older than the events shown', () => {
    const at = (
      timestamp: number,
      sessionId: string,
      payload: Record<string, unknown>,
      hookType: ObservabilityEvent['hookType'] = 'message_sent',
    ): ObservabilityEvent => ({ v: 1, id: `e${timestamp}`, timestamp, agentName: 'workflow', hookType, sessionId, payload, summary: '' });
    const entries = workflowActivity([
      at(1, 'w', { event: 'workflow_planned' }), // no plan id
      at(2, 'exec_1', { event: 'workflow_started', planId: 'plan_gone', goal: 'Old goal', tasks: 3 }),
      at(3, 'exec_1', { taskId: 'a', status: 'succeeded' }),
      at(4, 'exec_2', { taskId: 'x', status: 'succeeded' }), // a run whose start is not shown
      at(5, 'exec_1', { event: 'workflow_finished', status: 'exploded' }),
    ]);
    assert.deepStrictEqual(
      entries.map((e) => `${e.kind} ${e.goal} ${e.state} ${e.tasksDone}/${e.tasks}`),
      ['run Old goal failed 3/3'],
    );
  });
});
