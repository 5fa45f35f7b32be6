// Ports of the executor: what runs one task with an expert (the Claude delegate implements it), and
// what records task outcomes for learning (the learning manager implements it).
import type { PlannedTask } from './plan-types';

export interface AgentRunRequest {
  executionId: string;
  planId: string;
  goal: string;
  task: PlannedTask;
  /** The pool instance doing the work. */
  instanceId: string;
  /** 1 for the first try. */
  attempt: number;
  /** Outputs of the tasks this one depends on, by task id. */
  dependencyOutputs: Readonly<Record<string, string>>;
  /** Aborted when the workflow is cancelled or stopped after a failure. */
  signal: AbortSignal;
}

export type AgentRunStatus = 'succeeded' | 'failed' | 'not-run';

export interface AgentRunResult {
  /** 'not-run': the runner could not attempt the task at all (e.g. no model configured); never retried. */
  status: AgentRunStatus;
  output: string;
  /** For failures: whether another attempt may help (default true). */
  retryable?: boolean;
}

export interface AgentRunner {
  /** Shown to users and stored with each execution. */
  readonly name: string;
  run(request: AgentRunRequest): Promise<AgentRunResult>;
}

export interface OutcomeRecorder {
  recordTaskOutcome(task: string, agentId: string, result: string, success: boolean): Promise<void>;
}

/**
 * The runner used until a coding model is configured: it runs nothing and says so. Tasks end as
 * "not-run", never as a success.
 */
export class NotConfiguredAgentRunner implements AgentRunner {
  readonly name = 'no coding model configured';

  async run(request: AgentRunRequest): Promise<AgentRunResult> {
    return {
      status: 'not-run',
      output: `Not run: no coding model is configured yet, so ${request.task.agentId} could not work on "${request.task.description}". Configure the Claude delegate and run the workflow again.`,
    };
  }
}
