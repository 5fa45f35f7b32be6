// The Messages API's request rules that a schema cannot express, and its prompt-cache accounting,
// for the Anthropic fake. Tokens are estimated as ceil(characters / 4) of the serialized prompt.
import { createHash } from 'crypto';

export interface MessagesBody {
  model: string;
  system?: string | Array<{ type: string; text: string; cache_control?: unknown }>;
  tools?: Array<{ name: string; cache_control?: unknown }>;
  messages: Array<{ role: string; content: unknown }>;
  max_tokens: number;
  stream?: boolean;
}

type Block = { type: string; id?: string; tool_use_id?: string; text?: string; cache_control?: unknown };
const blocksOf = (content: unknown): Block[] => (Array.isArray(content) ? (content as Block[]) : []);

/** The first rule the request breaks, in the API's words, or undefined. */
export function ruleViolation(body: MessagesBody): string | undefined {
  const messages = body.messages;
  if (!messages.length) return 'messages: at least one message is required';
  if (messages[0]!.role !== 'user') return 'messages: first message must use the "user" role';
  for (let i = 0; i < messages.length; i++) {
    const uses = blocksOf(messages[i]!.content).filter((b) => b.type === 'tool_use');
    for (const block of blocksOf(messages[i]!.content).filter((b) => b.type === 'tool_result')) {
      const ok = blocksOf(messages[i - 1]?.content).some((b) => b.type === 'tool_use' && b.id === block.tool_use_id);
      if (!ok)
        return `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
    if (!uses.length) continue;
    const answered = new Set(
      blocksOf(messages[i + 1]?.content)
        .filter((b) => b.type === 'tool_result')
        .map((b) => b.tool_use_id),
    );
    const missing = uses.filter((u) => !answered.has(u.id)).map((u) => u.id);
    if (missing.length)
      return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
  }
  const last = messages[messages.length - 1]!;
  if (last.role === 'assistant') {
    const tail = typeof last.content === 'string' ? last.content : blocksOf(last.content).at(-1)?.text;
    if (typeof tail === 'string' && /\s$/.test(tail)) return 'messages: final assistant content cannot end with trailing whitespace';
  }
  const breakpoints = cacheBreakpoints(body).length;
  if (breakpoints > 4) return `A maximum of 4 blocks with cache_control may be provided. Found ${breakpoints}.`;
  return undefined;
}

/** The prompt in cache order (tools, system, messages), one entry per block, with its breakpoint mark. */
function promptBlocks(body: MessagesBody): Array<{ json: string; breakpoint: boolean }> {
  const out: Array<{ json: string; breakpoint: boolean }> = [];
  for (const tool of body.tools ?? []) out.push({ json: JSON.stringify({ ...tool, cache_control: undefined }), breakpoint: !!tool.cache_control });
  if (typeof body.system === 'string') out.push({ json: JSON.stringify(body.system), breakpoint: false });
  else for (const block of body.system ?? []) out.push({ json: JSON.stringify({ ...block, cache_control: undefined }), breakpoint: !!block.cache_control });
  for (const m of body.messages) {
    // A string is the same prompt as one text block.
    if (typeof m.content === 'string')
      out.push({ json: JSON.stringify({ role: m.role, type: 'text', text: m.content, cache_control: undefined }), breakpoint: false });
    else
      for (const block of blocksOf(m.content))
        out.push({ json: JSON.stringify({ role: m.role, ...block, cache_control: undefined }), breakpoint: !!block.cache_control });
  }
  return out;
}

function cacheBreakpoints(body: MessagesBody): number[] {
  return promptBlocks(body).flatMap((b, i) => (b.breakpoint ? [i] : []));
}

export const MIN_CACHEABLE_TOKENS = 1_024;
const tokens = (chars: number) => Math.ceil(chars / 4);

export interface PromptUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/**
 * Prompt caching as the API does it: each breakpoint looks for the longest cached prefix ending at
 * it or at one of the 20 block boundaries before it; that is read, and the prefix up to the last
 * breakpoint is written.
 */
export class PromptCache {
  private readonly entries = new Set<string>();
  reads = 0;
  writes = 0;

  usage(body: MessagesBody): PromptUsage {
    const blocks = promptBlocks(body);
    const total = tokens(blocks.reduce((s, b) => s + b.json.length, 0));
    const boundaries: Array<{ key: string; tokens: number; breakpoint: boolean }> = [];
    const hash = createHash('sha256');
    let chars = 0;
    blocks.forEach((b) => {
      hash.update(b.json);
      chars += b.json.length;
      boundaries.push({ key: `${body.model}:${hash.copy().digest('hex')}`, tokens: tokens(chars), breakpoint: b.breakpoint });
    });
    const cacheable = boundaries.filter((p) => p.breakpoint && p.tokens >= MIN_CACHEABLE_TOKENS);
    let hit: { key: string; tokens: number } | undefined;
    boundaries.forEach((p, i) => {
      if (!p.breakpoint) return;
      for (let j = i; j >= Math.max(0, i - 20); j--) {
        const candidate = boundaries[j]!;
        if (this.entries.has(candidate.key) && candidate.tokens > (hit?.tokens ?? 0)) hit = candidate;
      }
    });
    const last = cacheable.at(-1);
    const read = hit?.tokens ?? 0;
    const written = last && last !== hit ? last.tokens - read : 0;
    cacheable.forEach((p) => this.entries.add(p.key));
    if (read) this.reads++;
    if (written) this.writes++;
    return { input_tokens: total - read - written, cache_creation_input_tokens: written, cache_read_input_tokens: read };
  }
}
