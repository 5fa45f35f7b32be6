// One-line summaries of events: deterministic ones built from the payload, and the port through which
// a configured language model may write a better one.
import type { HookType, ObservabilityEvent } from './event-types';

export interface EventSummarizer {
  /** Shown to users, e.g. "gpt-4o-mini at http://localhost:8080/v1". */
  readonly name: string;
  summarize(event: ObservabilityEvent, signal: AbortSignal): Promise<string>;
  /** false while the model cannot be used (e.g. no key yet): the built-in summary is used, silently. */
  available?(): Promise<boolean>;
}

const MAX_SUMMARY = 200;

export function deterministicSummary(agentName: string, hookType: HookType, payload: Record<string, unknown>): string {
  const text = (key: string) => (typeof payload[key] === 'string' && payload[key] ? (payload[key] as string) : undefined);
  const task = text('task') ?? text('taskDescription');
  let line: string;
  switch (hookType) {
    case 'agent_started':
      line = `${agentName} started${task ? `: ${task}` : ''}`;
      break;
    case 'agent_ended': {
      const outcome = payload.success === true ? 'succeeded' : payload.success === false ? 'failed' : 'ended';
      line = `${agentName} ${outcome}${text('summary') ? `: ${text('summary')}` : task ? `: ${task}` : ''}`;
      break;
    }
    case 'tool_call':
      line = `${agentName} called ${text('tool') ?? text('name') ?? 'a tool'}${text('input') ? ` (${text('input')})` : ''}`;
      break;
    case 'tool_result':
      line = `${agentName} got ${payload.isError === true ? 'an error' : 'a result'} from ${text('tool') ?? text('name') ?? 'a tool'}${text('output') ? `: ${text('output')}` : ''}`;
      break;
    case 'message_sent':
      line = `${agentName}: ${text('message') ?? text('text') ?? text('event') ?? 'message'}`;
      break;
    case 'error_occurred':
      line = `${agentName} error: ${text('error') ?? text('message') ?? 'unknown error'}`;
      break;
  }
  return clip(line);
}

export function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_SUMMARY ? `${one.slice(0, MAX_SUMMARY - 1)}…` : one;
}
