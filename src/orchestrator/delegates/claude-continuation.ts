// Prompt caching and turn continuation for the Claude delegates. Caching: breakpoints on the tools,
// the system prompt and the newest message, so every turn after the first reads the whole earlier
// conversation from the cache (at a tenth of the price) instead of paying for it again. Continuation:
// `pause_turn` sends the paused content back unchanged; `max_tokens` inside a tool_use retries the
// turn with twice the room (a cut tool call is worthless); `max_tokens` in text asks Claude to go on.
import type { ContentBlockParam, Message, MessageParam, TextBlockParam, Tool } from '@anthropic-ai/sdk/resources/messages';

const EPHEMERAL = { type: 'ephemeral' as const };
/** Largest max_tokens a retry asks for. */
export const MAX_OUTPUT_CEILING = 64_000;
export const CONTINUE_PROMPT = 'Your previous answer was cut off at the output limit. Continue exactly where it stopped, without repeating anything.';

export function cachedSystem(system: string): TextBlockParam[] {
  return [{ type: 'text', text: system, cache_control: EPHEMERAL }];
}

export function cachedTools(tools: readonly Tool[]): Tool[] {
  return tools.map((t, i) => (i === tools.length - 1 ? { ...t, cache_control: EPHEMERAL } : t));
}

/** A copy of the conversation whose newest block carries the moving cache breakpoint. */
export function withCacheBreakpoint(messages: readonly MessageParam[]): MessageParam[] {
  if (!messages.length) return [];
  const last = messages[messages.length - 1]!;
  const blocks: ContentBlockParam[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : [...last.content];
  const tail = blocks[blocks.length - 1];
  if (!tail || tail.type === 'thinking' || tail.type === 'redacted_thinking') return [...messages];
  blocks[blocks.length - 1] = { ...tail, cache_control: EPHEMERAL } as ContentBlockParam;
  return [...messages.slice(0, -1), { ...last, content: blocks } as MessageParam];
}

export type NextStep =
  | { kind: 'done' }
  | { kind: 'tools' }
  /** Send the assistant content back as it is (pause_turn). */
  | { kind: 'resume' }
  /** Keep the text, ask Claude to continue (max_tokens in text). */
  | { kind: 'continue' }
  /** Drop the cut answer and ask again with more room (max_tokens in a tool_use). */
  | { kind: 'retry'; maxTokens: number }
  /** Cut even at the ceiling. */
  | { kind: 'too-long' };

export function nextStep(message: Message, maxTokens: number): NextStep {
  const last = message.content[message.content.length - 1];
  switch (message.stop_reason) {
    case 'tool_use':
      return message.content.some((b) => b.type === 'tool_use') ? { kind: 'tools' } : { kind: 'done' };
    case 'pause_turn':
      return { kind: 'resume' };
    case 'max_tokens':
      if (last?.type === 'tool_use' || last?.type === 'server_tool_use')
        return maxTokens >= MAX_OUTPUT_CEILING ? { kind: 'too-long' } : { kind: 'retry', maxTokens: Math.min(MAX_OUTPUT_CEILING, maxTokens * 2) };
      return { kind: 'continue' };
    default:
      return { kind: 'done' };
  }
}

/** The assistant content to keep in the conversation: a trailing text block loses trailing whitespace. */
export function keptContent(message: Message): ContentBlockParam[] {
  const content = message.content.map((b) => b as ContentBlockParam);
  const last = content[content.length - 1];
  if (last?.type === 'text') {
    const text = last.text.replace(/\s+$/, '');
    return text ? [...content.slice(0, -1), { type: 'text', text }] : content.slice(0, -1);
  }
  return content;
}

export function textOf(message: Message): string {
  return message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
}
