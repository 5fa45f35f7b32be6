// Turns a goal and its tasks into a WorkflowPlan: validates every input, gives each task without an
// expert the ExpertChooser's first choice (the same ranking every surface shows, learning included), orders tasks by their dependencies (stages for DAG plans) and
// estimates the duration (sum for sequential plans, critical path otherwise). Plans are kept in the
// session memory so a later "run" can find them by id, and each is announced as a `workflow_planned`
// event (the Activity view lists plans and runs from those events).
import { randomBytes } from 'crypto';
import type { ClockPort } from '../ports';
import { systemClock } from '../ports';
import { InvalidArgumentError } from '../errors';
import { MAX_TASK_LENGTH } from '../learning/outcome-store';
import { TOOL_LIMITS } from '../tools/tool-limits';
import type { EventSink } from '../observability/event-types';
import type { SessionMemory } from '../memory/session-memory';
import { analyzeGraph } from './plan-graph';
import { ExecutionStrategy, PlanStage, PlannedTask, TaskSpec, WorkflowPlan, isExecutionStrategy } from './plan-types';
import { NoExpertForTaskError, PlanValidationError } from './workflow-errors';

/** Who picks the expert for a task without one: the ExpertChooser (its `select`). */
export interface PlannerChooser {
  /** `ownHistory: false`: without the task's own history, for a caller who may not read what was learned. */
  select(task: string, options?: { ownHistory?: boolean }): Promise<{ expertId: string; probability: number } | undefined>;
}

/** What the planner needs: the pool's expert types and the chooser every surface asks. */
export interface PlannerAgents {
  pool: { listExpertTypes(): ReadonlyArray<{ id: string }> };
  chooser: PlannerChooser;
}

export interface PlannerOptions {
  clock?: ClockPort;
  /** Makes plan ids; the default is plan_ + 8 random hex digits. */
  newPlanId?: () => string;
  /** Seconds assumed for a task without an estimate (default 300). */
  defaultTaskDuration?: number;
  /** Where each new plan is announced, in the host's session (the session id is read when the plan is made). */
  events?: { sink: EventSink; sessionId: () => string };
}

export const SUCCESS_CRITERIA = 'All tasks completed successfully';
export const MAX_PLAN_TASKS = 10_000;
const STEP_LIMIT_WHY = ' (what the outcome log keeps of a task)';
const TASK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MAX_DURATION = 7 * 24 * 3600;
const PLAN_KEY = 'workflow.plan:';

export class WorkflowPlanner {
  private readonly clock: ClockPort;
  private readonly newPlanId: () => string;
  private readonly defaultTaskDuration: number;
  private readonly events: PlannerOptions['events'];

  constructor(
    private readonly agents: PlannerAgents,
    private readonly memory?: SessionMemory,
    options: PlannerOptions = {},
  ) {
    this.events = options.events;
    this.clock = options.clock ?? systemClock;
    this.newPlanId = options.newPlanId ?? (() => `plan_${randomBytes(4).toString('hex')}`);
    this.defaultTaskDuration = options.defaultTaskDuration ?? 300;
  }

  async createSimplePlan(task: string, agentId?: string, strategy: ExecutionStrategy = ExecutionStrategy.SEQUENTIAL): Promise<WorkflowPlan> {
    const spec: TaskSpec = { id: 'task_1', description: task, ...(agentId ? { agentId } : {}) };
    // The goal is the plan's one task: a step as any other (the goal of a plan of several steps may be longer).
    return this.build(checkText('the task', task, MAX_TASK_LENGTH, STEP_LIMIT_WHY), [spec], strategy, 'Single Task Execution');
  }

  async createMultiTaskPlan(goal: string, tasks: readonly TaskSpec[], strategy: ExecutionStrategy = ExecutionStrategy.SEQUENTIAL): Promise<WorkflowPlan> {
    return this.build(checkText('goal', goal), tasks, strategy, 'Multi-Task Execution');
  }

  getPlan(planId: string): WorkflowPlan | undefined {
    return this.memory?.get<WorkflowPlan>(PLAN_KEY + planId);
  }

  /** Plans made in this session, newest first. */
  listPlans(): WorkflowPlan[] {
    return Object.values(this.memory?.getAll(PLAN_KEY) ?? {})
      .map((p) => p as WorkflowPlan)
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  private async build(goal: string, specs: readonly TaskSpec[], strategy: ExecutionStrategy, singleStageName: string): Promise<WorkflowPlan> {
    if (!isExecutionStrategy(strategy)) throw new InvalidArgumentError(`Unknown strategy ${JSON.stringify(strategy)}; use sequential, parallel or dag.`);
    if (!Array.isArray(specs) || specs.length === 0) throw new PlanValidationError('A plan needs at least one task.');
    if (specs.length > MAX_PLAN_TASKS) throw new PlanValidationError(`A plan may have at most ${MAX_PLAN_TASKS} tasks; this one has ${specs.length}.`);
    const known = new Set(this.agents.pool.listExpertTypes().map((e) => e.id));
    const checked = specs.map((spec, i) => this.checkTask(spec, i, known));
    const tasks: PlannedTask[] = [];
    // A task with an expert is complete; the chooser is asked (and awaited) only for the others.
    for (const task of checked) tasks.push('agentId' in task ? task : await this.assign(task));
    const graph = analyzeGraph(tasks);
    const ordered = graph.order.map((i) => tasks[i]!);

    let stages: PlanStage[];
    let estimatedDuration: number;
    if (strategy === 'dag') {
      const levels: PlannedTask[][] = [];
      for (const i of graph.order) (levels[graph.levels[i]!] ??= []).push(tasks[i]!);
      stages = levels.map((stageTasks, i) => ({ index: i + 1, name: `Dependency Level ${i + 1}`, strategy: 'parallel', tasks: stageTasks }));
      estimatedDuration = graph.criticalPath;
    } else {
      stages = [{ index: 1, name: singleStageName, strategy, tasks: ordered }];
      estimatedDuration = strategy === 'sequential' ? tasks.reduce((sum, t) => sum + t.estimatedDuration, 0) : graph.criticalPath;
    }
    const plan: WorkflowPlan = {
      id: this.newPlanId(),
      goal,
      strategy,
      stages,
      estimatedDuration,
      successCriteria: SUCCESS_CRITERIA,
      createdAt: this.clock.now(),
    };
    this.memory?.set(PLAN_KEY + plan.id, plan);
    this.announce(plan);
    return plan;
  }

  private announce(plan: WorkflowPlan): void {
    if (!this.events) return;
    const tasks = plan.stages.flatMap((s) => s.tasks);
    const experts = [...new Set(tasks.map((t) => t.agentId))];
    try {
      this.events.sink.sendEvent({
        agentName: 'workflow',
        hookType: 'message_sent',
        sessionId: this.events.sessionId(),
        payload: {
          event: 'workflow_planned',
          planId: plan.id,
          goal: plan.goal,
          strategy: plan.strategy,
          tasks: tasks.length,
          stages: plan.stages.length,
          estimatedDuration: plan.estimatedDuration,
          experts,
        },
        summary: `Workflow planned: ${plan.goal.slice(0, 120)} (${tasks.length} task${tasks.length === 1 ? '' : 's'}, ${plan.strategy}, ~${plan.estimatedDuration}s)`,
      });
    } catch {
      // an event that cannot be recorded never costs the user the plan
    }
  }

  /** A task without an expert gets the chooser's first choice. */
  private async assign(task: Omit<PlannedTask, 'agentId' | 'assignment'>): Promise<PlannedTask> {
    const best = await this.agents.chooser.select(task.description);
    if (!best) throw new NoExpertForTaskError(task.id, task.description);
    return { ...task, agentId: best.expertId, assignment: 'selected', confidence: best.probability };
  }

  private checkTask(spec: TaskSpec, index: number, known: ReadonlySet<string>): PlannedTask | Omit<PlannedTask, 'agentId' | 'assignment'> {
    const where = `task ${index + 1}`;
    if (!spec || typeof spec !== 'object') throw new PlanValidationError(`${where} must be an object with a "description".`);
    const id = spec.id ?? `task_${index + 1}`;
    if (typeof id !== 'string' || !TASK_ID_PATTERN.test(id))
      throw new PlanValidationError(`${where} has an invalid id ${JSON.stringify(id)}; use up to 64 letters, digits, ".", "_" or "-".`);
    // A step that runs is learned under its description, of which the outcome log keeps MAX_TASK_LENGTH characters;
    // every step is checked before any is ranked, so an oversized plan is refused at once.
    const description = checkText(`the description of ${id}`, spec.description, MAX_TASK_LENGTH, STEP_LIMIT_WHY);
    const estimatedDuration = spec.duration ?? this.defaultTaskDuration;
    if (typeof estimatedDuration !== 'number' || !Number.isFinite(estimatedDuration) || estimatedDuration <= 0 || estimatedDuration > MAX_DURATION) {
      throw new PlanValidationError(`${id} has an invalid duration ${JSON.stringify(spec.duration)}; give seconds between 0 and ${MAX_DURATION}.`, [id]);
    }
    const deps = spec.dependencies ?? [];
    if (!Array.isArray(deps) || deps.some((d) => typeof d !== 'string')) throw new PlanValidationError(`${id}: dependencies must be a list of task ids.`, [id]);
    if (spec.agentId !== undefined) {
      if (!known.has(spec.agentId)) {
        const list = [...known].slice(0, 12).join(', ');
        throw new PlanValidationError(`${id} names unknown expert "${spec.agentId}". Known experts: ${list}${known.size > 12 ? ', …' : ''}.`, [id]);
      }
      return { id, description, agentId: spec.agentId, estimatedDuration, dependencies: [...new Set(deps)], assignment: 'given' };
    }
    return { id, description, estimatedDuration, dependencies: [...new Set(deps)] };
  }
}

/** A goal or a step's text: a goal of several steps may be as long as any task (TOOL_LIMITS.taskChars), a step MAX_TASK_LENGTH. */
function checkText(what: string, value: unknown, limit: number = TOOL_LIMITS.taskChars, why = ''): string {
  if (typeof value !== 'string' || !value.trim()) throw new PlanValidationError(`${what[0]!.toUpperCase()}${what.slice(1)} must be a non-empty text.`);
  if (value.length > limit)
    throw new PlanValidationError(`${what[0]!.toUpperCase()}${what.slice(1)} is ${value.length} characters long; the limit is ${limit}${why}.`);
  return value.trim();
}
