// Errors of planning and running workflows; each message names the tasks involved.
import { BigThreeError } from '../errors';

export class PlanValidationError extends BigThreeError {
  override readonly name: string = 'PlanValidationError';
  constructor(
    message: string,
    readonly taskIds: readonly string[] = [],
  ) {
    super(message, 'plan-invalid');
  }
}

export class DependencyCycleError extends PlanValidationError {
  override readonly name: string = 'DependencyCycleError';
  constructor(readonly cycle: readonly string[]) {
    super(`The task dependencies form a cycle: ${cycle.join(' → ')}. Remove one of these dependencies.`, cycle);
  }
}

export class UnknownDependencyError extends PlanValidationError {
  override readonly name: string = 'UnknownDependencyError';
  constructor(
    readonly missing: ReadonlyArray<{ task: string; dependency: string }>,
    known: readonly string[],
  ) {
    const list = missing.map((m) => `${m.task} depends on "${m.dependency}"`).join('; ');
    const hint = known.length <= 12 ? known.join(', ') : `${known.slice(0, 12).join(', ')}, …`;
    super(
      `Unknown task dependenc${missing.length > 1 ? 'ies' : 'y'}: ${list}. Known task ids: ${hint}.`,
      missing.map((m) => m.task),
    );
  }
}

export class NoExpertForTaskError extends PlanValidationError {
  override readonly name: string = 'NoExpertForTaskError';
  constructor(
    readonly taskId: string,
    description: string,
  ) {
    super(
      `No expert matched task ${taskId} ("${description.slice(0, 80)}"). Name an expert for it, or describe it with concrete terms (technologies, artefacts).`,
      [taskId],
    );
  }
}

export class WorkflowCancelledError extends BigThreeError {
  override readonly name: string = 'WorkflowCancelledError';
  constructor(what = 'The workflow') {
    super(`${what} was cancelled.`, 'workflow-cancelled');
  }
}
