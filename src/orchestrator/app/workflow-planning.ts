// Planning without running, for hosts that only plan (the MCP server's plan_workflow tool).
import { type ExecutionStrategy, isExecutionStrategy } from '../workflow/plan-types';
import { visualizePlan } from '../workflow/plan-visualizer';
import { PlannerAgents, WorkflowPlanner } from '../workflow/planner';

/**
 * Plans a goal (with the given tasks, or the planner's own) and draws it; nothing runs. `ownHistory: false`
 * fills in experts without the tasks' own history (a caller who may not read what was learned: the expert a
 * plan names would give it away).
 */
export function workflowPlanning(agents: PlannerAgents) {
  return async (
    goal: string,
    tasks: Array<{ description: string; agentId?: string; dependsOn?: string[] }> | undefined,
    strategy: string | undefined,
    options: { ownHistory?: false } = {},
  ) => {
    const s: ExecutionStrategy = isExecutionStrategy(strategy) ? strategy : 'sequential';
    const chooser = options.ownHistory === false ? { select: (task: string) => agents.chooser.select(task, { ownHistory: false }) } : agents.chooser;
    const planner = new WorkflowPlanner({ ...agents, chooser });
    const plan = await (tasks?.length
      ? planner.createMultiTaskPlan(
          goal,
          tasks.map((t) => ({
            description: t.description,
            ...(t.agentId ? { agentId: t.agentId } : {}),
            ...(t.dependsOn ? { dependencies: t.dependsOn } : {}),
          })),
          s,
        )
      : planner.createSimplePlan(goal, undefined, s));
    return { plan: plan as unknown, text: visualizePlan(plan) };
  };
}
