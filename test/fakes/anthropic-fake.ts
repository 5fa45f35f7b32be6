// A loopback fake of the Anthropic Messages API (POST /v1/messages, SSE streaming, tool use) that the
// REAL @anthropic-ai/sdk talks to, at least as strict as the real API. Every body is validated
// against the schema generated from the SDK's MessageCreateParams (unknown fields refused); every
// tool_use must be answered by a tool_result in the next message and every tool_result must answer
// one; at most 4 cache_control breakpoints; prompt caching is accounted per breakpoint prefix
// (cache_creation / cache_read tokens, 1024-token minimum). Each request plays the next step of a
// script: an assistant turn (text and tool_use blocks, cut at max_tokens when its outputTokens exceed
// the request's), pause_turn, an HTTP error (e.g. 429 with retry-after, 529), an `event: error`
// mid-stream, a dropped connection, a malformed frame, or a hang. When the script runs out it
// answers "Done." with end_turn.
import * as http from 'http';
import { MessagesBody, PromptCache, PromptUsage, ruleViolation } from './anthropic-fake-rules';
import { listenOnLoopback } from './loopback-server';
import { schemaValidator } from './provider-schemas';

export type AnthropicStep =
  | {
      text?: string;
      toolUses?: Array<{ name: string; input: Record<string, unknown> }>;
      stopReason?: string;
      /** Tokens this answer needs; above the request's max_tokens it is cut (stop_reason max_tokens). */
      outputTokens?: number;
    }
  /** A long server-side turn paused: the client must send the assistant content back to continue. */
  | { pauseTurn: true; text?: string }
  | { httpError: { status: number; type: string; message: string; retryAfterSeconds?: number } }
  | { streamError: { type: string; message: string } }
  | { dropConnection: true }
  | { malformedFrame: true }
  | { hang: true };

export interface AnthropicRequestLog {
  headers: http.IncomingHttpHeaders;
  body: MessagesBody;
  /** The prompt tokens the request was charged, with the cache split (accepted requests only). */
  usage?: PromptUsage;
}

/** The system prompt's text, whether sent as a string or as blocks. */
export function systemText(body: MessagesBody): string {
  return typeof body.system === 'string' ? body.system : (body.system ?? []).map((b) => b.text).join('');
}

export interface AnthropicFake {
  baseURL: string;
  requests: AnthropicRequestLog[];
  /** Requests that ended with the client disconnecting before the answer was complete. */
  abandoned: number;
  /** SSE frames written so far. */
  frames: number;
  /** 400 answers for requests the real API would refuse, in its words. */
  rejected: string[];
  cache: PromptCache;
  close(): Promise<void>;
}

export interface AnthropicFakeOptions {
  script: AnthropicStep[];
  apiKey?: string;
  /** Yield to the event loop between SSE frames (default true). */
  tick?: boolean;
}

let counter = 0;
const id = (prefix: string) => `${prefix}_${(++counter).toString(36).padStart(10, '0')}`;

export async function startAnthropicFake(options: AnthropicFakeOptions): Promise<AnthropicFake> {
  const script = [...options.script];
  const expectKey = options.apiKey ?? 'sk-ant-test-key';
  const state: AnthropicFake = { baseURL: '', requests: [], abandoned: 0, frames: 0, rejected: [], cache: new PromptCache(), close: async () => undefined };
  const validator = schemaValidator('anthropic-message-create');
  let paused: unknown;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const sendJson = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req'), ...headers });
      res.end(JSON.stringify(value));
    };
    const apiError = (status: number, type: string, message: string, headers: Record<string, string> = {}) => {
      if (status === 400) state.rejected.push(message);
      sendJson(status, { type: 'error', error: { type, message }, request_id: id('req') }, headers);
    };
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/messages') return apiError(404, 'not_found_error', `Not found: ${req.method} ${req.url}`);
    const key = req.headers['x-api-key'] ?? String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (key !== expectKey) return apiError(401, 'authentication_error', 'invalid x-api-key');
    if (!req.headers['anthropic-version']) return apiError(400, 'invalid_request_error', 'anthropic-version header is required');
    let body: MessagesBody;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return apiError(400, 'invalid_request_error', 'invalid JSON');
    }
    const log: AnthropicRequestLog = { headers: req.headers, body };
    state.requests.push(log);
    const check = validator.check(body);
    if (!check.ok)
      return apiError(
        400,
        'invalid_request_error',
        check.message.replace(/^\/?/, '').replace(/must NOT have additional properties '([^']+)'/, '$1: Extra inputs are not permitted'),
      );
    if (body.stream !== true) return apiError(400, 'invalid_request_error', 'this fake answers streaming requests only (stream: true); use messages.stream()');
    const problem = ruleViolation(body);
    if (problem) return apiError(400, 'invalid_request_error', problem);
    if (Array.isArray(paused) && paused.length) {
      const last = body.messages[body.messages.length - 1]!;
      const essence = (content: unknown) =>
        JSON.stringify(Array.isArray(content) ? content.map((b: { type: string; text?: string }) => ({ type: b.type, text: b.text })) : content);
      if (last.role !== 'assistant' || essence(last.content) !== essence(paused))
        return apiError(
          400,
          'invalid_request_error',
          'messages: a paused turn (stop_reason pause_turn) is continued by sending its assistant content back unchanged as the last message',
        );
    }
    paused = undefined;

    const step: AnthropicStep = script.shift() ?? { text: 'Done.' };
    if ('httpError' in step) {
      const e = step.httpError;
      return apiError(e.status, e.type, e.message, e.retryAfterSeconds !== undefined ? { 'retry-after': String(e.retryAfterSeconds) } : {});
    }
    log.usage = state.cache.usage(body);
    const tick = () => (options.tick === false ? Promise.resolve() : new Promise((r) => setImmediate(r)));
    const frame = (type: string, data: Record<string, unknown>) => {
      state.frames++;
      res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    };
    const usage = { ...log.usage, output_tokens: 30, server_tool_use: null, service_tier: 'standard' };
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': id('req') });
    const message = {
      id: id('msg'),
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    };
    frame('message_start', { message });
    frame('ping', {});
    if ('hang' in step) {
      req.socket.once('close', () => state.abandoned++);
      return; // the client must give up (cancel) on its own
    }
    if ('dropConnection' in step) {
      frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
      frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Let me ' } });
      await tick();
      req.socket.destroy();
      return;
    }
    if ('malformedFrame' in step) {
      res.write('event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":\n\n');
      return res.end();
    }
    if ('streamError' in step) {
      frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
      frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Working on it' } });
      frame('error', { error: step.streamError });
      return res.end();
    }
    if ('pauseTurn' in step) {
      const content = step.text ? [{ type: 'text', text: step.text, citations: null }] : [];
      if (step.text) {
        frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
        frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: step.text } });
        frame('content_block_stop', { index: 0 });
      }
      paused = content.map(({ type, text }) => ({ type, text }));
      frame('message_delta', { delta: { stop_reason: 'pause_turn', stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
      frame('message_stop', {});
      return res.end();
    }
    // An answer longer than max_tokens is cut where the budget ends; the rest comes on a later request.
    const cut = step.outputTokens !== undefined && step.outputTokens > body.max_tokens ? body.max_tokens / step.outputTokens : 1;
    if (cut < 1) {
      if (step.toolUses?.length)
        script.unshift(step); // a cut tool_use is worthless: the client must retry with more room
      else if (step.text)
        script.unshift({ ...step, text: step.text.slice(Math.floor(step.text.length * cut)), outputTokens: step.outputTokens! - body.max_tokens });
    }
    const blocks: Array<{ type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }> = [];
    if (step.text) blocks.push({ type: 'text', text: cut < 1 ? step.text.slice(0, Math.floor(step.text.length * cut)) : step.text });
    for (const use of step.toolUses ?? []) blocks.push({ type: 'tool_use', id: id('toolu'), name: use.name, input: use.input });
    for (const [index, block] of blocks.entries()) {
      if (block.type === 'text') {
        frame('content_block_start', { index, content_block: { type: 'text', text: '' } });
        for (const piece of block.text.match(/[\s\S]{1,12}/g) ?? []) {
          frame('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
          await tick();
        }
      } else {
        frame('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
        frame('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } });
        const full = JSON.stringify(block.input);
        const json = cut < 1 ? full.slice(0, Math.floor(full.length * cut)) : full;
        for (let i = 0; i < json.length; i += 16) {
          frame('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: json.slice(i, i + 16) } });
          await tick();
        }
      }
      frame('content_block_stop', { index });
    }
    const stopReason = cut < 1 ? 'max_tokens' : (step.stopReason ?? (step.toolUses?.length ? 'tool_use' : 'end_turn'));
    const outputTokens = cut < 1 ? body.max_tokens : (step.outputTokens ?? usage.output_tokens);
    frame('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } });
    frame('message_stop', {});
    res.end();
  });
  const listening = await listenOnLoopback(server);
  state.baseURL = listening.baseURL;
  state.close = listening.close;
  return state;
}

/** The tool_result blocks of the last user turn of a logged request. */
export function toolResultsOf(request: AnthropicRequestLog): Array<{ tool_use_id: string; content: string; is_error?: boolean }> {
  const last = request.body.messages[request.body.messages.length - 1];
  return Array.isArray(last?.content)
    ? (last!.content as Array<{ type: string; tool_use_id: string; content: string; is_error?: boolean }>).filter((b) => b.type === 'tool_result')
    : [];
}
