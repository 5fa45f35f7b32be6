// `big-three plan`: plans a workflow (and with --run executes it, storing the execution).
import { promises as fs } from 'fs';
import { describeExecution } from '../../orchestrator/workflow/execution-types';
import { TaskSpec, isExecutionStrategy } from '../../orchestrator/workflow/plan-types';
import { visualizePlan } from '../../orchestrator/workflow/plan-visualizer';
import { WorkflowPlanner } from '../../orchestrator/workflow/planner';
import type { CliIo } from '../cli-host';
import type { HeadlessServices } from '../headless-services';
import { UsageError } from '../usage-error';
import { parseJsonLines } from '../../orchestrator/text/json-lines';
import { InvalidArgumentError } from '../../orchestrator/errors';
import { parseTaskArguments } from './plan-tasks';

/** `plan --run` when nothing could run (no coding model configured): neither success nor a task failure. */
export const NOT_RUN_EXIT = 5;

export const PLAN_HELP = `  big-three plan "<goal>" ["[id:] [expert-id:] task [after id, ...]" ...] ["a -> b" ...] [--file tasks.json]
                 [--strategy sequential|parallel|dag] [--run] [--json]     (dependencies make it a dag unless --strategy says otherwise)
  big-three workflows [list] [--limit N] [--json]  |  big-three workflows show ID [--json]`;

export interface PlanCommandOptions {
  tasks: string[];
  file?: string;
  strategy?: string;
  json: boolean;
  run: boolean;
}

export async function planCommand(app: HeadlessServices, io: CliIo, goal: string | undefined, options: PlanCommandOptions): Promise<number> {
  const { core } = app;
  if (!goal?.trim()) throw new UsageError('expected a goal in quotes, e.g. big-three plan "Build the shop backend" "Design the schema" "Write the API"');
  if (options.file && options.tasks.length) throw new UsageError('give tasks as arguments or with --file, not both');
  const specs = options.file ? await readTaskFile(options.file) : parseTaskArguments(options.tasks, (id) => Boolean(core.catalog.find(id))).tasks;
  const hasDependencies = specs.some((t) => t.dependencies?.length);
  const strategy = options.strategy ?? (hasDependencies ? 'dag' : 'sequential');
  if (!isExecutionStrategy(strategy)) throw new UsageError(`--strategy must be sequential, parallel or dag, not "${strategy}"`);

  const services = options.run ? app.workflow : undefined;
  {
    const planner = services?.planner ?? new WorkflowPlanner({ pool: core.pool, chooser: app.learned.chooser });
    const plan = await (specs.length ? planner.createMultiTaskPlan(goal, specs, strategy) : planner.createSimplePlan(goal, undefined, strategy));
    const text = visualizePlan(plan);
    if (!services) {
      io.out(options.json ? JSON.stringify({ plan, text }) : text);
      return 0;
    }
    // Running hands the tasks to agents: the caller (token or local role) must be allowed to, like on every surface.
    await app.authorize({ operation: 'workflow.run', resource: goal.slice(0, 200), detail: `big-three plan --run (${plan.stages.length} stage(s))` });
    const execution = await services.execute(plan, { retryBaseDelayMs: 0 });
    if (options.json) io.out(JSON.stringify({ plan, text, execution }));
    else {
      io.out(text);
      io.out(`\nExecution ${execution.executionId}: ${describeExecution(execution)} (runner: ${execution.runner})`);
      for (const t of execution.tasks) io.out(`  ${t.taskId} ${t.status}: ${t.output ?? ''}`);
      io.out(`Stored in ${services.workflows.storageDir}; see "big-three workflows show ${execution.executionId}".`);
      if (execution.status === 'not-run')
        io.err('big-three: nothing ran: the tasks need Claude. Set ANTHROPIC_API_KEY in the environment (the CLI reads keys from there) and run again.');
    }
    if (execution.status === 'succeeded') return 0;
    return execution.status === 'not-run' ? NOT_RUN_EXIT : 1;
  }
}

/** A JSON array, or JSON lines, of { id?, description, agent|agentId?, duration?, dependsOn|dependencies? }. */
async function readTaskFile(file: string): Promise<TaskSpec[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  // A byte order mark (Windows editors) is not part of the JSON; a bad JSON line is named by its number.
  const body = text.replace(/^\uFEFF/, '');
  let items: unknown;
  try {
    items = body.trimStart().startsWith('[') ? JSON.parse(body) : parseJsonLines(body, file).map((l) => l.value);
  } catch (error) {
    throw new UsageError(error instanceof InvalidArgumentError ? error.message : `${file} is not a valid JSON array: ${(error as Error).message}`);
  }
  if (!Array.isArray(items)) throw new UsageError(`${file} must hold a JSON array of tasks`);
  // An empty file had planned the goal alone, its tasks silently absent.
  if (!items.length) throw new UsageError(`${file} holds no tasks: give a JSON array or JSON lines of {"description": …}`);
  return items.map((item, i) => {
    const t = item as Record<string, unknown>;
    if (!t || typeof t !== 'object' || typeof t.description !== 'string') throw new UsageError(`${file}: task ${i + 1} needs a "description" text`);
    const agentId = t.agentId ?? t.agent;
    const dependencies = t.dependencies ?? t.dependsOn;
    return {
      description: t.description,
      ...(t.id !== undefined ? { id: t.id as string } : {}),
      ...(agentId !== undefined ? { agentId: agentId as string } : {}),
      ...(t.duration !== undefined ? { duration: t.duration as number } : {}),
      ...(dependencies !== undefined ? { dependencies: dependencies as string[] } : {}),
    };
  });
}
