// A loopback fake of the OpenAI Realtime GA WebSocket protocol, driven in tests by the official
// `openai` SDK (OpenAIRealtimeWS). Plain ws:// on 127.0.0.1: the client hands `ws` a TCP socket
// (options.createConnection), as src/orchestrator/realtime/realtime-transport.ts does for http://.
// What the model "does" on each response.create is decided by a script the test provides.
import { createHash } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { WebSocket, WebSocketServer } from 'ws';

export interface FakeToolCall {
  name: string;
  arguments: Record<string, unknown> | string;
}

/** What the fake model answers: tool calls, or speech (audio + transcript). */
export type FakeReply = { toolCalls: FakeToolCall[] } | { say: string };

export interface FakeTurn {
  /** The user's last typed text, if the turn was typed. */
  userText?: string;
  /** PCM bytes of the last committed audio turn. */
  audio?: Buffer;
  /** Outputs of function calls given since the last response. */
  toolOutputs: Array<{ callId: string; output: string }>;
  /** System messages added since the last response (e.g. results delivered after a reconnect). */
  systemTexts: string[];
}

export interface RealtimeFakeOptions {
  expectKey?: string;
  /** Decides each reply; the default answers a user turn with speech and tool outputs with "Done.". */
  script?: (turn: FakeTurn) => FakeReply;
  /** Transcript reported for a committed audio turn (when the session asked for transcription). */
  transcribe?: (audio: Buffer) => string;
  /** Sent as response.done usage. */
  usage?: Record<string, unknown>;
}

export interface RealtimeFake {
  port: number;
  baseURL: string;
  /** Every client event received, in order, over all connections. */
  log: Array<Record<string, unknown> & { type: string }>;
  /** Committed audio turns (PCM16) with their sha256. */
  audioTurns: Array<{ bytes: number; sha256: string }>;
  connections(): number;
  /** Cuts every open connection as a network failure would (no close frame). */
  dropConnections(): void;
  /** Sends raw text to every open connection (for malformed-event tests). */
  sendRaw(text: string): void;
  /** Sends an event object to every open connection. */
  sendEvent(event: Record<string, unknown>): void;
  /** While set, new WebSocket upgrades are refused with this HTTP status. */
  refuseWith(status: number | undefined): void;
  close(): Promise<void>;
}

export const FAKE_USAGE = {
  total_tokens: 42,
  input_tokens: 30,
  output_tokens: 12,
  input_token_details: { text_tokens: 20, audio_tokens: 10, cached_tokens: 0 },
  output_token_details: { text_tokens: 4, audio_tokens: 8 },
};

/** 24 kHz mono PCM16 sine tone, base64. */
export function tonePcm16Base64(ms: number, freq = 440): string {
  const samples = Math.round((24_000 * ms) / 1000);
  const buf = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(Math.sin((2 * Math.PI * freq * i) / 24_000) * 8000), i * 2);
  return buf.toString('base64');
}

function defaultScript(turn: FakeTurn): FakeReply {
  if (turn.toolOutputs.length) return { say: 'Done.' };
  return { say: `You said: ${turn.userText ?? `${turn.audio?.length ?? 0} bytes of audio`}` };
}

export async function startRealtimeFake(options: RealtimeFakeOptions = {}): Promise<RealtimeFake> {
  const expectKey = options.expectKey ?? 'sk-test';
  const script = options.script ?? defaultScript;
  const log: RealtimeFake['log'] = [];
  const audioTurns: RealtimeFake['audioTurns'] = [];
  const sockets = new Set<WebSocket>();
  let refuse: number | undefined;
  let n = 0;
  const id = (p: string) => `${p}_${(++n).toString().padStart(6, '0')}`;

  const server = http.createServer((_req, res) => {
    res.writeHead(426);
    res.end('upgrade required');
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const reject = (status: number, text: string) => socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Length: 0\r\n\r\n`);
    if (refuse) return reject(refuse, 'Refused');
    if (url.pathname !== '/v1/realtime' || !url.searchParams.get('model')) return reject(404, 'Not Found');
    if (req.headers.authorization !== `Bearer ${expectKey}`) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, url.searchParams.get('model')!));
  });

  function onConnection(ws: WebSocket, model: string): void {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => sockets.delete(ws));
    const send = (ev: Record<string, unknown>) => ws.readyState === ws.OPEN && ws.send(JSON.stringify({ event_id: id('event'), ...ev }));
    const session: Record<string, unknown> = { type: 'realtime', object: 'realtime.session', id: id('sess'), model, output_modalities: ['audio'], tools: [] };
    let audio: Buffer[] = [];
    let turn: FakeTurn = { toolOutputs: [], systemTexts: [] };
    const pending = new Set<string>();
    send({ type: 'session.created', session });

    ws.on('message', (data) => {
      let ev: Record<string, unknown> & { type: string };
      try {
        ev = JSON.parse(data.toString());
      } catch {
        return send({ type: 'error', error: { type: 'invalid_request_error', code: 'invalid_json', message: 'Invalid JSON', param: null, event_id: null } });
      }
      log.push(ev);
      const error = (code: string, message: string, param: string | null = null) => send({ type: 'error', error: { type: 'invalid_request_error', code, message, param, event_id: ev.event_id ?? null } });
      switch (ev.type) {
        case 'session.update': {
          const s = (ev.session ?? {}) as Record<string, unknown>;
          if (s.type !== 'realtime') return error('missing_required_parameter', "Missing required parameter: 'session.type'.", 'session.type');
          Object.assign(session, s);
          return send({ type: 'session.updated', session });
        }
        case 'input_audio_buffer.append':
          audio.push(Buffer.from(String(ev.audio ?? ''), 'base64'));
          return;
        case 'input_audio_buffer.commit': {
          const pcm = Buffer.concat(audio);
          audio = [];
          if (!pcm.length) return error('input_audio_buffer_commit_empty', 'Error committing input audio buffer: buffer is empty.');
          audioTurns.push({ bytes: pcm.length, sha256: createHash('sha256').update(pcm).digest('hex') });
          const itemId = id('item');
          send({ type: 'input_audio_buffer.committed', previous_item_id: null, item_id: itemId });
          send({ type: 'conversation.item.added', previous_item_id: null, item: { id: itemId, type: 'message', role: 'user', content: [{ type: 'input_audio', transcript: null }] } });
          const audioInput = (session.audio as { input?: { transcription?: unknown } } | undefined)?.input;
          if (audioInput?.transcription) {
            send({ type: 'conversation.item.input_audio_transcription.completed', item_id: itemId, content_index: 0, transcript: options.transcribe?.(pcm) ?? `(${pcm.length} bytes of audio)`, usage: { type: 'duration', seconds: pcm.length / 48_000 } });
          }
          turn = { toolOutputs: [], systemTexts: [], audio: pcm };
          return;
        }
        case 'conversation.item.create': {
          const item = { id: id('item'), ...((ev.item ?? {}) as Record<string, unknown>) } as Record<string, unknown>;
          if (item.type === 'function_call_output') {
            if (!pending.has(String(item.call_id))) return error('invalid_value', `Tool call ID '${String(item.call_id)}' not found in conversation.`, 'item.call_id');
            pending.delete(String(item.call_id));
            turn.toolOutputs.push({ callId: String(item.call_id), output: String(item.output) });
          } else if (item.type === 'message') {
            const text = ((item.content as Array<{ text?: string }> | undefined) ?? []).map((c) => c.text ?? '').join('');
            if (item.role === 'system') turn.systemTexts.push(text);
            else turn = { toolOutputs: [], systemTexts: [], userText: text };
          }
          send({ type: 'conversation.item.added', previous_item_id: null, item });
          send({ type: 'conversation.item.done', previous_item_id: null, item });
          return;
        }
        case 'response.create':
          return respond(script(turn));
        case 'response.cancel':
          return;
        default:
          return error('unknown_event', `Invalid value: '${ev.type}'.`, 'type');
      }
    });

    const response = (rid: string, status: string, output: unknown[]) => ({ object: 'realtime.response', id: rid, status, status_details: null, output, conversation_id: 'conv_1', output_modalities: ['audio'], usage: status === 'in_progress' ? null : options.usage ?? FAKE_USAGE, metadata: null });

    function respond(reply: FakeReply): void {
      const rid = id('resp');
      turn = { toolOutputs: [], systemTexts: [] };
      send({ type: 'response.created', response: response(rid, 'in_progress', []) });
      const output: unknown[] = [];
      if ('toolCalls' in reply) {
        reply.toolCalls.forEach((call, index) => {
          const callId = id('call');
          const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
          const base = { id: id('item'), object: 'realtime.item', type: 'function_call', name: call.name, call_id: callId };
          send({ type: 'response.output_item.added', response_id: rid, output_index: index, item: { ...base, status: 'in_progress', arguments: '' } });
          for (let i = 0; i < args.length; i += 16) send({ type: 'response.function_call_arguments.delta', response_id: rid, item_id: base.id, output_index: index, call_id: callId, delta: args.slice(i, i + 16) });
          send({ type: 'response.function_call_arguments.done', response_id: rid, item_id: base.id, output_index: index, call_id: callId, name: call.name, arguments: args });
          const done = { ...base, status: 'completed', arguments: args };
          send({ type: 'response.output_item.done', response_id: rid, output_index: index, item: done });
          pending.add(callId);
          output.push(done);
        });
      } else {
        const itemId = id('item');
        const loc = { response_id: rid, item_id: itemId, output_index: 0, content_index: 0 };
        send({ type: 'response.output_item.added', response_id: rid, output_index: 0, item: { id: itemId, type: 'message', role: 'assistant', status: 'in_progress', content: [] } });
        for (const word of reply.say.split(/(?<= )/)) {
          send({ type: 'response.output_audio_transcript.delta', ...loc, delta: word });
          send({ type: 'response.output_audio.delta', ...loc, delta: tonePcm16Base64(40) });
        }
        send({ type: 'response.output_audio.done', ...loc });
        send({ type: 'response.output_audio_transcript.done', ...loc, transcript: reply.say });
        const done = { id: itemId, type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_audio', transcript: reply.say }] };
        send({ type: 'response.output_item.done', response_id: rid, output_index: 0, item: done });
        output.push(done);
      }
      send({ type: 'response.done', response: response(rid, 'completed', output) });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    baseURL: `http://127.0.0.1:${port}/v1`,
    log,
    audioTurns,
    connections: () => sockets.size,
    dropConnections: () => sockets.forEach((s) => s.terminate()),
    sendRaw: (text) => sockets.forEach((s) => s.send(text)),
    sendEvent: (event) => sockets.forEach((s) => s.send(JSON.stringify({ event_id: id('event'), ...event }))),
    refuseWith: (status) => {
      refuse = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.terminate());
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
