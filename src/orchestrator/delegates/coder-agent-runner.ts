// Runs workflow tasks with the Claude coder. The workflow executor has already taken a pool instance
// for the task; this runner does the work with that instance's expert. Without an Anthropic key it
// runs nothing and says so ("not-run", never retried, never a success).
import type { ExpertCatalog } from '../agents/expert-catalog';
import type { AgentRunRequest, AgentRunResult, AgentRunner } from '../workflow/agent-runner';
import type { ClaudeCoder } from './claude-coder';
import { DelegateCancelledError, DelegateConfigError } from './errors';
import { vscodeKeyAdvice } from '../security/api-keys';

const MAX_DEPENDENCY_OUTPUT = 2_000;

export interface CoderAgentRunnerOptions {
  coder: Pick<ClaudeCoder, 'run'>;
  catalog: ExpertCatalog;
  /** Who the work is done for (the security gate checks this principal). */
  principal: () => string;
  /** Whether a key is configured; without one the runner reports "not-run" at once. */
  hasApiKey: () => Promise<boolean>;
  /** How to set the key, in the host's terms (default: the VS Code command). */
  howToSetKey?: () => string;
}

export class CoderAgentRunner implements AgentRunner {
  readonly name = 'Claude coder';

  constructor(private readonly options: CoderAgentRunnerOptions) {}

  async run(request: AgentRunRequest): Promise<AgentRunResult> {
    const { task } = request;
    if (!(await this.options.hasApiKey())) {
      return {
        status: 'not-run',
        output: `Not run: no Anthropic API key is set, so ${task.agentId} could not work on "${task.description}". ${capitalized(this.options.howToSetKey?.() ?? vscodeKeyAdvice('anthropic'))}, then run the workflow again.`,
      };
    }
    const expert = this.options.catalog.get(task.agentId);
    try {
      const result = await this.options.coder.run({
        task: withDependencies(request),
        expert,
        actor: { principal: this.options.principal(), expertId: expert.id, taskId: `${request.executionId}/${task.id}#${request.attempt}` },
        signal: request.signal,
      });
      return { status: result.success ? 'succeeded' : 'failed', output: result.summary };
    } catch (error) {
      if (error instanceof DelegateConfigError) return { status: 'not-run', output: `Not run: ${error.message}` };
      if (error instanceof DelegateCancelledError) return { status: 'failed', output: 'cancelled', retryable: false };
      throw error;
    }
  }
}

/** The task, preceded by what the tasks it depends on reported. */
function withDependencies(request: AgentRunRequest): string {
  const outputs = Object.entries(request.dependencyOutputs);
  if (!outputs.length) return `${request.task.description}\n\n(Part of the workflow "${request.goal}".)`;
  const context = outputs.map(([id, output]) => `- ${id}: ${output.slice(0, MAX_DEPENDENCY_OUTPUT)}`).join('\n');
  return `${request.task.description}\n\n(Part of the workflow "${request.goal}". Earlier tasks reported:\n${context})`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
