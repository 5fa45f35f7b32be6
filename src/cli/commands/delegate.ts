// `big-three delegate claude "<task>" [--expert ID]` and `big-three delegate browser "<task>"`: runs
// a delegated task headless through the same DelegationService, security gate, audit log and
// approvals as VS Code, streaming its progress to stderr and printing the result.
import type { DelegateEvent } from '../../orchestrator/delegates/delegate-types';
import type { DelegatedTask } from '../../orchestrator/delegates/delegation-service';
import type { CliIo } from '../cli-host';
import type { HeadlessServices } from '../headless-services';
import { UsageError } from '../usage-error';
import type { TerminalApproval } from './terminal-approval';

export const DELEGATE_HELP = `  big-three delegate claude "<task>" [--expert ID] [--yes] [--json]   (the Claude coder edits the workspace; ANTHROPIC_API_KEY)
  big-three delegate browser "<task>" [--yes] [--json]                 (Gemini drives a headless browser; GEMINI_API_KEY)
                    approvals are asked on the terminal; --yes asks nothing and refuses what the auto-approve rules do not cover`;

export interface DelegateCommandOptions {
  expert?: string;
  json: boolean;
  approval: TerminalApproval;
}

function describe(event: DelegateEvent): string | undefined {
  switch (event.type) {
    case 'status':
      return `· ${event.message}`;
    case 'turn':
      return `· turn ${event.turn}/${event.maxTurns}`;
    case 'tool_call':
      return `→ ${event.name} ${JSON.stringify(event.input).slice(0, 200)}`;
    case 'tool_result':
      return `${event.ok ? '✓' : event.denied ? '✗ refused' : '✗'} ${event.name}: ${event.output.split('\n')[0]!.slice(0, 200)}`;
    case 'safety':
      return `! ${event.action}: ${event.explanation} (${event.approved ? 'approved' : 'declined'})`;
    case 'error':
      return `! ${event.message}`;
    default:
      return undefined;
  }
}

export async function delegateCommand(app: HeadlessServices, io: CliIo, rest: readonly string[], options: DelegateCommandOptions): Promise<number> {
  const [which, task, ...extra] = rest;
  if ((which !== 'claude' && which !== 'browser') || !task || extra.length)
    throw new UsageError('expected delegate claude "<task>" [--expert ID] or delegate browser "<task>"');
  if (options.expert && which !== 'claude') throw new UsageError('--expert is for delegate claude');
  const kind = which === 'claude' ? 'claude' : 'gemini';
  const { taskId } = app.delegation.start(kind, { task, ...(options.expert ? { expertId: options.expert } : {}) });
  const subscription = app.delegation.onDidChange((change) => {
    if (change.task.taskId !== taskId || !change.event) return;
    if (change.event.type === 'text') return; // the final answer is printed once at the end
    const line = describe(change.event);
    if (line) io.err(line);
  });
  let done: DelegatedTask;
  try {
    done = await app.delegation.wait(taskId);
  } finally {
    subscription.dispose();
  }
  const result = done.result;
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          taskId,
          kind,
          expertId: done.expertId,
          state: done.state,
          summary: done.summary ?? done.error ?? '',
          changedFiles: result?.changedFiles ?? [],
          usage: result?.usage,
          refusedApprovals: options.approval.refused,
        },
        null,
        2,
      ),
    );
  } else {
    io.out(
      `${done.state === 'succeeded' ? 'Done' : done.state === 'cancelled' ? 'Cancelled' : 'Failed'} (${kind}, expert ${done.expertId}, task ${taskId}):\n${done.summary ?? done.error ?? ''}`,
    );
    if (result?.changedFiles.length) io.out(`Changed: ${result.changedFiles.join(', ')}`);
    if (result)
      io.out(
        `Tokens: ${result.usage.inputTokens} in / ${result.usage.outputTokens} out${result.usage.cacheReadTokens ? `, ${result.usage.cacheReadTokens} read from the prompt cache` : ''}`,
      );
    if (options.approval.refused.length)
      io.out(
        `${options.approval.refused.length} action(s) needed approval and were refused; allow them with "big-three permissions" auto-approve rules, or run without --yes on a terminal.`,
      );
  }
  return done.state === 'succeeded' ? 0 : 1;
}
