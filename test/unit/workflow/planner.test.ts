import * as assert from 'assert';
import type { AgentCore } from '../../../src/orchestrator/agents/agent-core';
import { SessionMemory } from '../../../src/orchestrator/memory/session-memory';
import { visualizePlan } from '../../../src/orchestrator/workflow/plan-visualizer';
import { ExecutionStrategy, planTasks } from '../../../src/orchestrator/workflow/plan-types';
import { WorkflowPlanner } from '../../../src/orchestrator/workflow/planner';
import { MAX_TASK_LENGTH } from '../../../src/orchestrator/learning/outcome-store';
import { DependencyCycleError, NoExpertForTaskError, PlanValidationError, UnknownDependencyError } from '../../../src/orchestrator/workflow/workflow-errors';
import { ShippedChooser, shippedChooser, shippedCore } from './agent-core-fixture';

const GOLDEN = `============================================================
WORKFLOW PLAN: Build e-commerce backend
============================================================
Plan ID: plan_a1b2c3d4
Estimated Duration: 600s
Total Stages: 1
Total Tasks: 3

[Stage 1] Multi-Task Execution
  Strategy: sequential
  Tasks: 3

    1. [data-engineer] Design database schema
       Duration: ~180s
    2. [backend-architect] Create REST endpoints
       Duration: ~300s
    3. [qa-expert] Write tests (depends: task_2)
       Duration: ~120s

Success Criteria: All tasks completed successfully
============================================================`;

describe('WorkflowPlanner', () => {
  let core: AgentCore;
  let planner: WorkflowPlanner;
  let memory: SessionMemory;

  let chooser: ShippedChooser;

  before(async () => {
    core = await shippedCore();
    chooser = await shippedChooser(core);
  });
  after(async () => {
    await chooser.dispose();
    core.dispose();
  });
  beforeEach(() => {
    memory = new SessionMemory();
    let n = 0;
    planner = new WorkflowPlanner({ pool: core.pool, chooser: chooser.chooser }, memory, { newPlanId: () => (n++ === 0 ? 'plan_a1b2c3d4' : `plan_${n}`) });
  });

  it("renders the seed's plan format exactly (golden)", async () => {
    const plan = await planner.createMultiTaskPlan(
      'Build e-commerce backend',
      [
        { description: 'Design database schema', agentId: 'data-engineer', duration: 180 },
        { description: 'Create REST endpoints', agentId: 'backend-architect', duration: 300 },
        { description: 'Write tests', agentId: 'qa-expert', duration: 120, dependencies: ['task_2'] },
      ],
      ExecutionStrategy.SEQUENTIAL,
    );
    assert.strictEqual(visualizePlan(plan), GOLDEN);
  });

  it('plans a single task, choosing the expert when none is given', async () => {
    const plan = await planner.createSimplePlan('Write a Helm chart and deploy the API to Kubernetes');
    assert.strictEqual(plan.stages.length, 1);
    assert.strictEqual(plan.stages[0]!.name, 'Single Task Execution');
    const task = plan.stages[0]!.tasks[0]!;
    assert.strictEqual(task.agentId, 'devops-engineer');
    assert.strictEqual(task.assignment, 'selected');
    assert.ok(task.confidence! > 0);
    assert.strictEqual(plan.estimatedDuration, 300);
    assert.strictEqual((await planner.createSimplePlan('anything at all', 'qa-expert')).stages[0]!.tasks[0]!.assignment, 'given');
  });

  it('estimates sequential plans as the sum and parallel plans as the critical path', async () => {
    const tasks = [
      { description: 'Design the schema', agentId: 'data-engineer', duration: 100 },
      { description: 'Build the API', agentId: 'backend-architect', duration: 200, dependencies: ['task_1'] },
      { description: 'Build the UI', agentId: 'frontend-developer', duration: 50, dependencies: ['task_1'] },
      { description: 'Write the docs', agentId: 'technical-writer', duration: 30 },
    ];
    assert.strictEqual((await planner.createMultiTaskPlan('g', tasks, 'sequential')).estimatedDuration, 380);
    const parallel = await planner.createMultiTaskPlan('g', tasks, 'parallel');
    assert.strictEqual(parallel.estimatedDuration, 300);
    assert.strictEqual(parallel.stages.length, 1);
    assert.strictEqual(parallel.stages[0]!.strategy, 'parallel');
  });

  it('groups DAG plans into topological stages and estimates the critical path', async () => {
    const plan = await planner.createMultiTaskPlan(
      'Ship the shop',
      [
        { id: 'tests', description: 'Write end-to-end tests', agentId: 'qa-expert', duration: 60, dependencies: ['api', 'ui'] },
        { id: 'ui', description: 'Build the storefront UI', agentId: 'frontend-developer', duration: 120, dependencies: ['schema'] },
        { id: 'schema', description: 'Design the schema', agentId: 'data-engineer', duration: 100 },
        { id: 'api', description: 'Build the REST API', agentId: 'backend-architect', duration: 200, dependencies: ['schema'] },
        { id: 'docs', description: 'Write the README', agentId: 'technical-writer', duration: 10 },
      ],
      'dag',
    );
    assert.deepStrictEqual(
      plan.stages.map((s) => s.tasks.map((t) => t.id)),
      [['schema', 'docs'], ['ui', 'api'], ['tests']],
    );
    assert.deepStrictEqual(
      plan.stages.map((s) => s.name),
      ['Dependency Level 1', 'Dependency Level 2', 'Dependency Level 3'],
    );
    assert.strictEqual(plan.estimatedDuration, 360);
    const text = visualizePlan(plan);
    assert.match(text, /Total Stages: 3/);
    assert.match(
      text,
      /\[Stage 3\] Dependency Level 3\n {2}Strategy: parallel\n {2}Tasks: 1\n\n {4}1\. \[qa-expert\] Write end-to-end tests \(depends: api, ui\)/,
    );
  });

  it('orders sequential plans so that dependencies come first, keeping the given order otherwise', async () => {
    const plan = await planner.createMultiTaskPlan('g', [
      { id: 'b', description: 'second', agentId: 'qa-expert', dependencies: ['a'] },
      { id: 'c', description: 'independent', agentId: 'qa-expert' },
      { id: 'a', description: 'first', agentId: 'qa-expert' },
    ]);
    assert.deepStrictEqual(
      planTasks(plan).map((t) => t.id),
      ['c', 'a', 'b'],
    );
  });

  it('rejects unknown dependencies, naming the task and the missing id', async () => {
    await assert.rejects(
      () =>
        planner.createMultiTaskPlan(
          'g',
          [
            { description: 'a', agentId: 'qa-expert' },
            { description: 'b', agentId: 'qa-expert', dependencies: ['task_9'] },
          ],
          'dag',
        ),
      (e: Error) => e instanceof UnknownDependencyError && /task_2 depends on "task_9"/.test(e.message) && /Known task ids: task_1, task_2/.test(e.message),
    );
  });

  it('rejects cycles, naming the tasks on the cycle', async () => {
    const tasks = [
      { id: 'a', description: 'a', agentId: 'qa-expert', dependencies: ['c'] },
      { id: 'b', description: 'b', agentId: 'qa-expert', dependencies: ['a'] },
      { id: 'c', description: 'c', agentId: 'qa-expert', dependencies: ['b'] },
      { id: 'd', description: 'd', agentId: 'qa-expert' },
    ];
    for (const strategy of ['sequential', 'parallel', 'dag'] as const) {
      await assert.rejects(
        () => planner.createMultiTaskPlan('g', tasks, strategy),
        (e: Error) => e instanceof DependencyCycleError && /cycle: a → c → b → a/.test(e.message) && !/\bd\b/.test(e.message),
      );
    }
    await assert.rejects(
      () => planner.createMultiTaskPlan('g', [{ id: 'self', description: 's', agentId: 'qa-expert', dependencies: ['self'] }]),
      /cycle: self → self/,
    );
  });

  it('rejects every other bad input with a message that names the problem', async () => {
    const q = { agentId: 'qa-expert' };
    const cases: Array<[() => Promise<unknown>, RegExp]> = [
      [() => planner.createMultiTaskPlan('', [{ description: 'x', ...q }]), /Goal must be a non-empty text/],
      [() => planner.createMultiTaskPlan('g', []), /at least one task/],
      [() => planner.createMultiTaskPlan('g', [{ description: '  ', ...q }]), /description of task_1 must be a non-empty/],
      [
        () =>
          planner.createMultiTaskPlan('g', [
            { id: 'x', description: 'a', ...q },
            { id: 'x', description: 'b', ...q },
          ]),
        /Two tasks have the id "x"/,
      ],
      [() => planner.createMultiTaskPlan('g', [{ id: '../x', description: 'a', ...q }]), /invalid id/],
      [() => planner.createMultiTaskPlan('g', [{ description: 'a', agentId: 'nobody' }]), /task_1 names unknown expert "nobody"/],
      [() => planner.createMultiTaskPlan('g', [{ description: 'a', ...q, duration: -5 }]), /task_1 has an invalid duration -5/],
      [() => planner.createMultiTaskPlan('g', [{ description: 'a', ...q, dependencies: 'task_1' as unknown as string[] }]), /dependencies must be a list/],
      [() => planner.createMultiTaskPlan('g', [{ description: 'a', ...q }], 'round-robin' as ExecutionStrategy), /Unknown strategy "round-robin"/],
    ];
    for (const [make, message] of cases) await assert.rejects(make, message);
    await assert.rejects(
      () => planner.createSimplePlan('qqq zzz xyzzy'),
      (e: Error) => e instanceof NoExpertForTaskError && /task_1/.test(e.message),
    );
    assert.ok(new NoExpertForTaskError('t', 'd') instanceof PlanValidationError);
  });

  it('refuses a step longer than the outcome log keeps of a task, naming the limit, before any step is ranked', async () => {
    const asked: string[] = [];
    const counting = new WorkflowPlanner({
      pool: core.pool,
      chooser: { select: async (task) => (asked.push(task), chooser.chooser.select(task)) },
    });
    const step = (n: number) => `${'Write the integration tests for the checkout flow. '.repeat(Math.ceil(n / 50)).slice(0, n - 1)}.`; // no space at the end: n characters once trimmed
    // The review's plan: 100 steps of 19,000 characters held the MCP server for 15 s, one ranking per step.
    await assert.rejects(
      () =>
        counting.createMultiTaskPlan(
          'g',
          Array.from({ length: 100 }, () => ({ description: step(19_000) })),
        ),
      (e: Error) =>
        e instanceof PlanValidationError &&
        /description of task_1 is 19000 characters long; the limit is 4000 \(what the outcome log keeps of a task\)/.test(e.message),
    );
    await assert.rejects(
      () => counting.createMultiTaskPlan('g', [{ description: 'Design the schema' }, { description: step(MAX_TASK_LENGTH + 1) }]),
      new RegExp(`task_2 is ${MAX_TASK_LENGTH + 1} characters long; the limit is ${MAX_TASK_LENGTH}`),
    );
    await assert.rejects(() => counting.createSimplePlan(step(MAX_TASK_LENGTH + 1)), /The task is 4001 characters long; the limit is 4000/);
    assert.deepStrictEqual(asked, [], 'nothing was ranked');
    const atLimit = await counting.createMultiTaskPlan('g', [{ description: step(MAX_TASK_LENGTH) }]);
    assert.strictEqual(atLimit.stages[0]!.tasks[0]!.description.length, MAX_TASK_LENGTH);
    assert.strictEqual(asked.length, 1);
  });

  it('keeps plans in the session memory by id', async () => {
    const plan = await planner.createSimplePlan('Review the pull request', 'code-reviewer');
    assert.deepStrictEqual(planner.getPlan(plan.id), plan);
    assert.ok(Object.keys(memory.getAll()).some((k) => k.endsWith(plan.id)));
    assert.deepStrictEqual(
      planner.listPlans().map((p) => p.id),
      [plan.id],
    );
  });
});
