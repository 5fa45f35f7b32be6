// WorkflowExecutor over the real pool and shipped experts, with a scripted runner.
import * as assert from 'assert';
import * as fs from 'fs';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import type { AgentCore } from '../../../src/orchestrator/agents/agent-core';
import { WorkflowMemory } from '../../../src/orchestrator/memory/workflow-memory';
import type { EventInput } from '../../../src/orchestrator/observability/event-types';
import type { ClockPort } from '../../../src/orchestrator/ports';
import { silentLogger } from '../../../src/orchestrator/ports';
import { AgentRunRequest, AgentRunResult, AgentRunner, NotConfiguredAgentRunner } from '../../../src/orchestrator/workflow/agent-runner';
import type { WorkflowExecution } from '../../../src/orchestrator/workflow/execution-types';
import { WorkflowExecutor } from '../../../src/orchestrator/workflow/executor';
import { ExecuteOptions } from '../../../src/orchestrator/workflow/executor-options';
import type { ExecutionStrategy, TaskSpec, WorkflowPlan } from '../../../src/orchestrator/workflow/plan-types';
import { WorkflowPlanner } from '../../../src/orchestrator/workflow/planner';
import { tempDir } from '../memory/helpers';
import { shippedCore } from './agent-core-fixture';

type Step = 'ok' | 'fail' | 'fatal' | 'throw' | 'hang' | 'hang-ignoring-signal';

/** Runs each task by its script (one step per attempt; the last step repeats) and records what happened. */
class ScriptedRunner implements AgentRunner {
  readonly name = 'scripted test runner';
  readonly log: string[] = [];
  readonly requests: AgentRunRequest[] = [];
  active = 0;
  maxActive = 0;
  started?: () => void;

  constructor(private readonly script: Record<string, Step[]> = {}) {}

  async run(request: AgentRunRequest): Promise<AgentRunResult> {
    const id = request.task.id;
    this.requests.push(request);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    this.log.push(`start ${id}`);
    this.started?.();
    try {
      const steps = this.script[id] ?? ['ok'];
      const step = steps[Math.min(request.attempt - 1, steps.length - 1)]!;
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r)); // let others run meanwhile
      switch (step) {
        case 'ok':
          return { status: 'succeeded', output: `${id} done by ${request.task.agentId}` };
        case 'fail':
          return { status: 'failed', output: `${id} failed on attempt ${request.attempt}` };
        case 'fatal':
          return { status: 'failed', output: `${id} cannot work`, retryable: false };
        case 'throw':
          throw new Error(`${id} exploded`);
        case 'hang':
          await new Promise<void>((resolve) => request.signal.addEventListener('abort', () => resolve(), { once: true }));
          return { status: 'failed', output: 'aborted' };
        case 'hang-ignoring-signal':
          return await new Promise<AgentRunResult>(() => undefined);
      }
    } finally {
      this.active--;
      this.log.push(`end ${id}`);
    }
  }
}

/** Real time for now(), but timers fire at once and their delays are recorded. */
class RecordingClock implements ClockPort {
  readonly delays: number[] = [];
  now(): number {
    return Date.now();
  }
  setTimer(delayMs: number, callback: () => void) {
    this.delays.push(delayMs);
    const handle = setImmediate(callback);
    return { dispose: () => clearImmediate(handle) };
  }
}

describe('WorkflowExecutor', () => {
  let core: AgentCore;
  let planner: WorkflowPlanner;

  beforeEach(async () => {
    core = await shippedCore({ maxInstancesPerExpert: 2, maxTotalInstances: 12 });
    // Every task here names its expert, so the planner never asks the chooser.
    planner = new WorkflowPlanner({ pool: core.pool, chooser: { select: async () => assert.fail('every task names its expert') } });
  });
  afterEach(() => core.dispose());

  const plan = (tasks: TaskSpec[], strategy: ExecutionStrategy = 'dag'): Promise<WorkflowPlan> =>
    planner.createMultiTaskPlan(
      'Test goal',
      tasks.map((t) => ({ agentId: 'backend-architect', ...t })),
      strategy,
    );
  const run = (p: WorkflowPlan, runner: AgentRunner, options: ExecuteOptions = {}, extra: Partial<ConstructorParameters<typeof WorkflowExecutor>[0]> = {}) =>
    new WorkflowExecutor({ pool: core.pool, runner, clock: new RecordingClock(), logger: silentLogger, ...extra }).execute(p, {
      retryBaseDelayMs: 1,
      ...options,
    });
  const statuses = (e: WorkflowExecution) => Object.fromEntries(e.tasks.map((t) => [t.taskId, t.status]));

  it('runs sequential plans one task at a time, in plan order, through acquire/markWorking/release', async () => {
    const runner = new ScriptedRunner();
    const p = await plan([{ description: 'one' }, { description: 'two', agentId: 'qa-expert' }, { description: 'three' }], 'sequential');
    const result = await run(p, runner, { concurrency: 5 });
    assert.strictEqual(result.status, 'succeeded');
    assert.deepStrictEqual(runner.log, ['start task_1', 'end task_1', 'start task_2', 'end task_2', 'start task_3', 'end task_3']);
    assert.strictEqual(result.concurrency, 1);
    const stats = core.pool.getStats();
    assert.strictEqual(stats.tasksCompleted, 3);
    assert.strictEqual(stats.byStatus.working + stats.byStatus.reserved, 0, 'every instance released');
    assert.strictEqual(runner.requests[1]!.task.agentId, 'qa-expert');
    assert.match(runner.requests[1]!.instanceId, /^qa-expert#/);
  });

  it('never runs more tasks at once than the concurrency limit, and reaches it', async () => {
    const runner = new ScriptedRunner();
    const tasks = ['qa-expert', 'data-engineer', 'devops-engineer', 'technical-writer', 'debugger', 'sre-engineer'].map((agentId, i) => ({
      description: `t${i}`,
      agentId,
    }));
    const result = await run(await plan(tasks, 'parallel'), runner, { concurrency: 3 });
    assert.strictEqual(result.status, 'succeeded');
    assert.strictEqual(runner.maxActive, 3);
  });

  it('waits for pool capacity when tasks of one expert outnumber its instance limit', async () => {
    const runner = new ScriptedRunner();
    const tasks = Array.from({ length: 5 }, (_, i) => ({ description: `same expert ${i}` }));
    const result = await run(await plan(tasks, 'parallel'), runner, { concurrency: 5, acquireWaitMs: 5000 });
    assert.strictEqual(result.status, 'succeeded');
    assert.strictEqual(runner.maxActive, 2, 'maxInstancesPerExpert is 2');
    assert.ok(core.pool.listInstances({ expertId: 'backend-architect' }).length <= 2);
  });

  it('starts a task only after all of its dependencies finished, and passes their outputs on', async () => {
    const runner = new ScriptedRunner();
    const p = await plan(
      [
        { id: 'schema', description: 'schema', agentId: 'data-engineer' },
        { id: 'api', description: 'api', dependencies: ['schema'] },
        { id: 'ui', description: 'ui', agentId: 'frontend-developer', dependencies: ['schema'] },
        { id: 'e2e', description: 'e2e', agentId: 'qa-expert', dependencies: ['api', 'ui'] },
        { id: 'docs', description: 'docs', agentId: 'technical-writer' },
      ],
      'dag',
    );
    const result = await run(p, runner, { concurrency: 4 });
    assert.strictEqual(result.status, 'succeeded');
    const at = (entry: string) => runner.log.indexOf(entry);
    for (const task of result.tasks)
      for (const dep of task.dependencies) assert.ok(at(`end ${dep}`) < at(`start ${task.taskId}`), `${dep} ended before ${task.taskId} started`);
    assert.ok(runner.maxActive >= 2, 'independent tasks overlap');
    const e2e = runner.requests.find((r) => r.task.id === 'e2e')!;
    assert.deepStrictEqual(e2e.dependencyOutputs, { api: 'api done by backend-architect', ui: 'ui done by frontend-developer' });
  });

  it('retries failures with exponential backoff, then succeeds', async () => {
    const runner = new ScriptedRunner({ task_1: ['fail', 'throw', 'ok'] });
    const clock = new RecordingClock();
    const events: EventInput[] = [];
    const result = await new WorkflowExecutor({
      pool: core.pool,
      runner,
      clock,
      logger: silentLogger,
      events: { sendEvent: (e) => (events.push(e), undefined) },
    }).execute(await plan([{ description: 'flaky' }]), {
      maxAttempts: 3,
      retryBaseDelayMs: 100,
      retryMaxDelayMs: 1000,
    });
    assert.strictEqual(result.status, 'succeeded');
    assert.strictEqual(result.tasks[0]!.attempts, 3);
    assert.deepStrictEqual(clock.delays, [100, 200]);
    const errors = events.filter((e) => e.hookType === 'error_occurred');
    assert.deepStrictEqual(
      errors.map((e) => e.payload?.willRetry),
      [true, true],
    );
    assert.match(String(errors[1]!.payload?.error), /scripted test runner failed: task_1 exploded/);
    assert.strictEqual(core.pool.getStats().tasksFailed, 2);
  });

  it('a cancellation during the wait before a retry ends the run at once', async () => {
    const controller = new AbortController();
    const runner = new ScriptedRunner({ task_1: ['fail'] });
    // A clock whose timers never fire: the run can only leave its wait through the stop.
    const stalled: ClockPort = { now: () => Date.now(), setTimer: () => (setImmediate(() => controller.abort()), { dispose: () => undefined }) };
    const result = await run(await plan([{ description: 'flaky' }]), runner, { signal: controller.signal, maxAttempts: 3 }, { clock: stalled });
    assert.strictEqual(result.status, 'cancelled');
    assert.deepStrictEqual(statuses(result), { task_1: 'cancelled' });
    assert.strictEqual(result.tasks[0]!.attempts, 1);
  });

  it('gives up after maxAttempts, and at once on a failure marked not retryable', async () => {
    const always = await run(await plan([{ description: 'x' }]), new ScriptedRunner({ task_1: ['fail'] }), { maxAttempts: 2 });
    assert.strictEqual(always.status, 'failed');
    assert.strictEqual(always.tasks[0]!.attempts, 2);
    assert.match(always.tasks[0]!.output!, /failed on attempt 2/);
    const fatal = await run(await plan([{ description: 'x' }]), new ScriptedRunner({ task_1: ['fatal'] }), { maxAttempts: 5 });
    assert.strictEqual(fatal.tasks[0]!.attempts, 1);
  });

  it('fail-fast: stops at the first failure, cancelling running tasks and skipping the rest', async () => {
    const runner = new ScriptedRunner({ slow: ['hang'], bad: ['fatal'] });
    const p = await plan([
      { id: 'slow', description: 'slow', agentId: 'qa-expert' },
      { id: 'bad', description: 'bad' },
      { id: 'later', description: 'later', agentId: 'data-engineer', dependencies: ['slow'] },
      { id: 'other', description: 'other', agentId: 'debugger', dependencies: ['bad'] },
    ]);
    const result = await run(p, runner, { concurrency: 2, failurePolicy: 'fail-fast' });
    assert.strictEqual(result.status, 'failed');
    assert.deepStrictEqual(statuses(result), { slow: 'cancelled', bad: 'failed', later: 'skipped', other: 'skipped' });
    assert.match(result.tasks.find((t) => t.taskId === 'later')!.output!, /fail-fast after bad failed/);
    assert.ok(!runner.log.includes('start later'));
  });

  it('continue: skips only the dependents of a failed task and runs the independent ones', async () => {
    const runner = new ScriptedRunner({ bad: ['fatal'] });
    const p = await plan([
      { id: 'bad', description: 'bad' },
      { id: 'dependent', description: 'dependent', dependencies: ['bad'] },
      { id: 'transitive', description: 'transitive', dependencies: ['dependent'] },
      { id: 'independent', description: 'independent', agentId: 'qa-expert' },
    ]);
    const result = await run(p, runner, { concurrency: 1, failurePolicy: 'continue' });
    assert.deepStrictEqual(statuses(result), { bad: 'failed', dependent: 'skipped', transitive: 'skipped', independent: 'succeeded' });
    assert.match(result.tasks.find((t) => t.taskId === 'transitive')!.output!, /dependency dependent ended skipped/);
    assert.strictEqual(result.status, 'failed');
  });

  it('cancels: running tasks are aborted, pending ones never start, instances are released', async () => {
    for (const step of ['hang', 'hang-ignoring-signal'] as const) {
      const runner = new ScriptedRunner({ task_1: [step] });
      const controller = new AbortController();
      runner.started = () => setImmediate(() => controller.abort());
      const result = await run(await plan([{ description: 'long' }, { description: 'next', dependencies: ['task_1'] }]), runner, { signal: controller.signal });
      assert.strictEqual(result.status, 'cancelled', step);
      assert.deepStrictEqual(statuses(result), { task_1: 'cancelled', task_2: 'cancelled' }, step);
      assert.ok(!runner.log.includes('start task_2'));
      assert.strictEqual(core.pool.listInstances({ status: 'working' }).length, 0, step);
    }
  });

  it('reports a stopped task as cancelled whatever its runner answers once told to stop', async () => {
    // A runner that answers "succeeded" from its abort listener, added at once or a moment later.
    for (const late of [false, true]) {
      const controller = new AbortController();
      const runner: AgentRunner = {
        name: 'answers on abort',
        run: (request) =>
          new Promise<AgentRunResult>((resolve) => {
            const listen = () => request.signal.addEventListener('abort', () => resolve({ status: 'succeeded', output: 'done anyway' }), { once: true });
            if (late) queueMicrotask(listen);
            else listen();
            setImmediate(() => controller.abort());
          }),
      };
      const result = await run(await plan([{ description: 'long' }]), runner, { signal: controller.signal });
      assert.strictEqual(result.status, 'cancelled', `late ${late}`);
      assert.deepStrictEqual(statuses(result), { task_1: 'cancelled' }, `late ${late}`);
      assert.match(result.tasks[0]!.output!, /cancelled by the user/, `late ${late}`);
    }
  });

  it('cancels while waiting for pool capacity and gives back the instance that arrives later', async () => {
    const busy = [await core.pool.acquireExpert('backend-architect', 'busy 1'), await core.pool.acquireExpert('backend-architect', 'busy 2')];
    const runner = new ScriptedRunner();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const result = await run(await plan([{ description: 'waits for capacity' }]), runner, { signal: controller.signal, acquireWaitMs: 60_000 });
    assert.strictEqual(result.status, 'cancelled');
    assert.deepStrictEqual(runner.log, []);
    core.pool.releaseInstance(busy[0]!.id);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    assert.deepStrictEqual(
      core.pool.listInstances({ status: 'reserved' }).map((i) => i.id),
      [busy[1]!.id],
      'the late instance was released',
    );
  });

  it('does nothing when cancelled before it starts', async () => {
    const runner = new ScriptedRunner();
    const controller = new AbortController();
    controller.abort();
    const result = await run(await plan([{ description: 'x' }]), runner, { signal: controller.signal });
    assert.strictEqual(result.status, 'cancelled');
    assert.deepStrictEqual(runner.log, []);
  });

  it('with no coding model, marks tasks not run (never successful) and records no outcome', async () => {
    const outcomes: unknown[] = [];
    const result = await run(
      await plan([{ description: 'a' }, { description: 'b', dependencies: ['task_1'] }, { description: 'c' }]),
      new NotConfiguredAgentRunner(),
      {},
      {
        outcomes: { recordTaskOutcome: async (...args) => void outcomes.push(args) },
      },
    );
    assert.strictEqual(result.status, 'not-run');
    assert.deepStrictEqual(statuses(result), { task_1: 'not-run', task_3: 'not-run', task_2: 'skipped' });
    assert.match(result.tasks[0]!.output!, /no coding model is configured/);
    assert.deepStrictEqual(outcomes, []);
    assert.strictEqual(core.pool.getStats().tasksCompleted, 0);
    assert.strictEqual(result.runner, 'no coding model configured');
  });

  it('stores the execution, records outcomes for learning and survives a failing recorder', async () => {
    const dir = tempDir('bt-exec-');
    try {
      const memory = new WorkflowMemory(dir, { fs: new NodeFileSystem(), clock: new RecordingClock(), logger: silentLogger });
      const outcomes: Array<[string, string, string, boolean]> = [];
      const events: EventInput[] = [];
      const result = await run(
        await plan([{ description: 'good' }, { description: 'bad', agentId: 'qa-expert' }]),
        new ScriptedRunner({ task_2: ['fatal'] }),
        { failurePolicy: 'continue' },
        {
          memory,
          events: { sendEvent: (e) => (events.push(e), undefined) },
          outcomes: {
            recordTaskOutcome: async (task, agentId, output, success) => {
              outcomes.push([task, agentId, output, success]);
              if (!success) throw new Error('learning store offline');
            },
          },
        },
      );
      const stored = await memory.getExecution<WorkflowExecution>(result.executionId);
      assert.deepStrictEqual(stored?.data, result);
      assert.strictEqual((await memory.getRecent(1))[0]!.id, result.executionId);
      assert.deepStrictEqual(outcomes, [
        ['good', 'backend-architect', 'task_1 done by backend-architect', true],
        ['bad', 'qa-expert', 'task_2 cannot work', false],
      ]);
      const workflowEvents = events.filter((e) => e.agentName === 'workflow').map((e) => e.payload?.event);
      assert.deepStrictEqual(workflowEvents, ['workflow_started', 'workflow_finished']);
      assert.ok(events.every((e) => e.sessionId === result.executionId));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects invalid options', async () => {
    const p = await plan([{ description: 'x' }]);
    await assert.rejects(run(p, new ScriptedRunner(), { concurrency: 0 }), /concurrency must be a whole number ≥ 1/);
    await assert.rejects(run(p, new ScriptedRunner(), { failurePolicy: 'retry-forever' as 'continue' }), /failurePolicy/);
  });
});
