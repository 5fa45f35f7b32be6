// Runs a plan through the agent pool: for each task, acquire an instance of its expert, mark it
// working, run the task through the AgentRunner port and release the instance with the result.
// Dependencies are honoured (a task starts only when all of its dependencies succeeded), at most
// `concurrency` tasks run at once (one for sequential plans), failures are retried with exponential
// backoff, and the workflow stops at the first failure (fail-fast) or lets independent tasks go on
// (continue). Cancellation aborts running tasks. Every execution is stored in WorkflowMemory, every
// task outcome goes to the OutcomeRecorder, and progress is reported as observability events.
// The run itself is execution-run.ts; the executor's dependencies and options, executor-options.ts.
import { randomBytes } from 'crypto';
import { type ExecutionStatus, type WorkflowExecution, countByStatus, describeExecution } from './execution-types';
import { ExecutionRun, emitEvent } from './execution-run';
import { type ExecuteOptions, type ExecutorDeps, checkOptions } from './executor-options';
import { type WorkflowPlan, planTasks } from './plan-types';

export class WorkflowExecutor {
  constructor(private readonly deps: ExecutorDeps) {}

  async execute(plan: WorkflowPlan, options: ExecuteOptions = {}): Promise<WorkflowExecution> {
    const settings = checkOptions(options);
    const concurrency = plan.strategy === 'sequential' ? 1 : settings.concurrency;
    const execution: WorkflowExecution = {
      executionId: options.executionId ?? `exec_${this.deps.clock.now().toString(36)}_${randomBytes(3).toString('hex')}`,
      planId: plan.id,
      goal: plan.goal,
      strategy: plan.strategy,
      runner: this.deps.runner.name,
      status: 'running',
      startedAt: this.deps.clock.now(),
      concurrency,
      failurePolicy: settings.failurePolicy,
      tasks: planTasks(plan).map((t) => ({
        taskId: t.id,
        agentId: t.agentId,
        description: t.description,
        dependencies: [...t.dependencies],
        status: 'pending',
        attempts: 0,
      })),
    };
    const run = new ExecutionRun(this.deps, plan, execution, { ...settings, concurrency }, options);
    emitEvent(
      this.deps,
      execution,
      'workflow',
      'message_sent',
      { event: 'workflow_started', planId: plan.id, goal: plan.goal, tasks: execution.tasks.length, runner: execution.runner, concurrency },
      `Workflow started: ${plan.goal} (${execution.tasks.length} tasks, runner: ${execution.runner})`,
    );
    await this.store(execution);
    await run.start();
    execution.status = overallStatus(execution, run.cancelled);
    execution.finishedAt = this.deps.clock.now();
    const summary = describeExecution(execution);
    this.deps.logger.info(`Workflow ${execution.executionId} (${plan.goal}): ${summary}`);
    emitEvent(
      this.deps,
      execution,
      'workflow',
      'message_sent',
      { event: 'workflow_finished', status: execution.status, counts: countByStatus(execution), durationMs: execution.finishedAt - execution.startedAt },
      `Workflow ${summary}: ${plan.goal}`,
    );
    await this.store(execution);
    return execution;
  }

  private async store(execution: WorkflowExecution): Promise<void> {
    if (!this.deps.memory) return;
    try {
      await this.deps.memory.storeExecution(execution.executionId, execution);
    } catch (error) {
      this.deps.logger.error(`Could not store workflow execution ${execution.executionId}: ${(error as Error).message}`);
    }
  }
}

function overallStatus(execution: WorkflowExecution, cancelled: boolean): ExecutionStatus {
  const c = countByStatus(execution);
  if (cancelled) return 'cancelled';
  if (c.failed) return 'failed';
  return c.succeeded === execution.tasks.length ? 'succeeded' : 'not-run';
}
