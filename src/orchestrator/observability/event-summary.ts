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
  const task = textField(payload, 'task') ?? textField(payload, 'taskDescription');
  let line: string;
  switch (hookType) {
    case 'agent_started':
      line = `${agentName} started${task ? `: ${task}` : ''}`;
      break;
    case 'agent_ended': {
      const outcome = payload.success === true ? 'succeeded' : payload.success === false ? 'failed' : 'ended';
      line = `${agentName} ${outcome}${textField(payload, 'summary') ? `: ${textField(payload, 'summary')}` : task ? `: ${task}` : ''}`;
      break;
    }
    case 'tool_call':
      line = `${agentName} called ${textField(payload, 'tool') ?? textField(payload, 'name') ?? 'a tool'}${textField(payload, 'input') ? ` (${textField(payload, 'input')})` : ''}`;
      break;
    case 'tool_result':
      line = `${agentName} got ${payload.isError === true ? 'an error' : 'a result'} from ${textField(payload, 'tool') ?? textField(payload, 'name') ?? 'a tool'}${textField(payload, 'output') ? `: ${textField(payload, 'output')}` : ''}`;
      break;
    case 'message_sent':
      line = `${agentName}: ${textField(payload, 'message') ?? textField(payload, 'text') ?? textField(payload, 'event') ?? 'message'}`;
      break;
    case 'error_occurred':
      line = `${agentName} error: ${textField(payload, 'error') ?? textField(payload, 'message') ?? 'unknown error'}`;
      break;
  }
  return clip(line);
}

/** A non-empty string field of the payload. (A module function: a closure here would be made at every event.) */
function textField(payload: Record<string, unknown>, key: string): string | undefined {
  const value = payload[key];
  return typeof value === 'string' && value ? value : undefined;
}

export function clip(text: string): string {
  const one = isOneLine(text) ? text : text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_SUMMARY ? `${one.slice(0, MAX_SUMMARY - 1)}…` : one;
}

/** Already one line as clip writes it: no whitespace but single spaces between words (most summaries are). */
function isOneLine(text: string): boolean {
  let previous = 32; // a space: a leading one is not kept
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Below 0x21 only the space is kept, never twice or first; anything from 0x7f on may be whitespace.
    if (c < 0x21 ? c !== 32 || previous === 32 : c >= 0x7f) return false;
    previous = c;
  }
  return previous !== 32 || text.length === 0;
}
