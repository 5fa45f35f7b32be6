// A loopback fake of the Anthropic Messages API (POST /v1/messages, SSE streaming, tool use) that the
// REAL @anthropic-ai/sdk talks to. Each request plays the next step of a script: an assistant turn
// (text and tool_use blocks), an HTTP error (e.g. 529 overloaded), an `event: error` mid-stream, a
// dropped connection, a malformed frame, or a turn that hangs until the client goes away. When the
// script runs out it answers "Done." with end_turn. Like the real API it checks the key, the version
// header and that every tool_result answers a tool_use of the previous assistant turn.
import * as http from 'http';
import { listenOnLoopback } from './loopback-server';

export type AnthropicStep =
  | { text?: string; toolUses?: Array<{ name: string; input: Record<string, unknown> }>; stopReason?: string }
  | { httpError: { status: number; type: string; message: string } }
  | { streamError: { type: string; message: string } }
  | { dropConnection: true }
  | { malformedFrame: true }
  | { hang: true };

export interface AnthropicRequestLog {
  headers: http.IncomingHttpHeaders;
  body: {
    model: string;
    system?: string;
    tools?: Array<{ name: string }>;
    messages: Array<{ role: string; content: unknown }>;
    max_tokens: number;
    stream?: boolean;
  };
}

export interface AnthropicFake {
  baseURL: string;
  requests: AnthropicRequestLog[];
  /** Requests that ended with the client disconnecting before the answer was complete. */
  abandoned: number;
  /** SSE frames written so far. */
  frames: number;
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
  const state: AnthropicFake = { baseURL: '', requests: [], abandoned: 0, frames: 0, close: async () => undefined };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const sendJson = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(JSON.stringify(value));
    };
    const apiError = (status: number, type: string, message: string) => sendJson(status, { type: 'error', error: { type, message }, request_id: id('req') });
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/messages') return apiError(404, 'not_found_error', `Not found: ${req.method} ${req.url}`);
    const key = req.headers['x-api-key'] ?? String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (key !== expectKey) return apiError(401, 'authentication_error', 'invalid x-api-key');
    if (!req.headers['anthropic-version']) return apiError(400, 'invalid_request_error', 'anthropic-version header is required');
    let body: AnthropicRequestLog['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return apiError(400, 'invalid_request_error', 'invalid JSON');
    }
    state.requests.push({ headers: req.headers, body });
    if (!body.model || !Array.isArray(body.messages) || typeof body.max_tokens !== 'number') return apiError(400, 'invalid_request_error', 'model, messages, max_tokens are required');
    const problem = checkToolResults(body.messages);
    if (problem) return apiError(400, 'invalid_request_error', problem);

    const step: AnthropicStep = script.shift() ?? { text: 'Done.' };
    if ('httpError' in step) return apiError(step.httpError.status, step.httpError.type, step.httpError.message);
    const tick = () => (options.tick === false ? Promise.resolve() : new Promise((r) => setImmediate(r)));
    const frame = (type: string, data: Record<string, unknown>) => {
      state.frames++;
      res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    };
    const usage = { input_tokens: 120, output_tokens: 30, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, server_tool_use: null, service_tier: 'standard' };
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': id('req') });
    const message = { id: id('msg'), type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } };
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
    const blocks: Array<{ type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }> = [];
    if (step.text) blocks.push({ type: 'text', text: step.text });
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
        const json = JSON.stringify(block.input);
        for (let i = 0; i < json.length; i += 16) {
          frame('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: json.slice(i, i + 16) } });
          await tick();
        }
      }
      frame('content_block_stop', { index });
    }
    const stopReason = step.stopReason ?? (step.toolUses?.length ? 'tool_use' : 'end_turn');
    frame('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
    frame('message_stop', {});
    res.end();
  });
  const listening = await listenOnLoopback(server);
  state.baseURL = listening.baseURL;
  state.close = listening.close;
  return state;
}

/** The real API refuses a tool_result whose id is not a tool_use of the previous assistant turn. */
function checkToolResults(messages: Array<{ role: string; content: unknown }>): string | undefined {
  for (let i = 0; i < messages.length; i++) {
    const content = messages[i]!.content;
    if (!Array.isArray(content)) continue;
    for (const block of content as Array<{ type: string; tool_use_id?: string }>) {
      if (block.type !== 'tool_result') continue;
      const previous = messages[i - 1]?.content;
      const ok = Array.isArray(previous) && (previous as Array<{ type: string; id?: string }>).some((b) => b.type === 'tool_use' && b.id === block.tool_use_id);
      if (!ok) return `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}`;
    }
  }
  return undefined;
}

/** The tool_result blocks of the last user turn of a logged request. */
export function toolResultsOf(request: AnthropicRequestLog): Array<{ tool_use_id: string; content: string; is_error?: boolean }> {
  const last = request.body.messages[request.body.messages.length - 1];
  return Array.isArray(last?.content) ? (last!.content as Array<{ type: string; tool_use_id: string; content: string; is_error?: boolean }>).filter((b) => b.type === 'tool_result') : [];
}
