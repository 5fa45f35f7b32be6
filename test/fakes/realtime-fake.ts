// A loopback fake of the OpenAI Realtime GA WebSocket protocol, at least as strict as the real
// server, driven in tests by the official `openai` SDK (OpenAIRealtimeWS). Every client event is
// validated against the schema generated from the SDK's own types (unknown fields are refused as
// the GA server does); commits under 100 ms are refused; a second response.create while one runs
// gets conversation_already_has_active_response; server_vad follows the energy of the streamed
// audio (speech_started / speech_stopped / committed, barge-in cancels the running response);
// conversation.item.truncate is checked against the audio sent; responses may end incomplete or
// cancelled, and rate_limits.updated is sent with each response. Plain ws:// on 127.0.0.1.
import { createHash } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { WebSocket, WebSocketServer } from 'ws';
import { schemaValidator } from './provider-schemas';
import { EnergyVad } from './realtime-fake-vad';

export interface FakeToolCall {
  name: string;
  arguments: Record<string, unknown> | string;
}

/** What the fake model answers: tool calls, or speech (audio + transcript), possibly cut short. */
export type FakeReply = { toolCalls: FakeToolCall[] } | { say: string; status?: 'completed' | 'incomplete'; reason?: string };

export interface FakeTurn {
  userText?: string;
  /** PCM bytes of the last committed audio turn. */
  audio?: Buffer;
  toolOutputs: Array<{ callId: string; output: string }>;
  systemTexts: string[];
}

export interface RealtimeFakeOptions {
  expectKey?: string;
  script?: (turn: FakeTurn) => FakeReply;
  transcribe?: (audio: Buffer) => string;
  usage?: Record<string, unknown>;
  /** Spoken replies stream one word (40 ms of audio) every this many ms; 0 sends them at once. */
  chunkIntervalMs?: number;
  /** Audio per word of a spoken reply, ms (default 40). */
  msPerWord?: number;
}

export interface FakeTruncation {
  itemId: string;
  contentIndex: number;
  audioEndMs: number;
  /** Audio of the item sent so far when the truncate arrived. */
  sentMs: number;
}

export interface RealtimeFake {
  port: number;
  baseURL: string;
  /** Every client event received (valid or not), in order, over all connections. */
  log: Array<Record<string, unknown> & { type: string }>;
  /** Every error event sent back, with the client event type that caused it. */
  rejected: Array<{ type: string; code: string; message: string }>;
  /** Committed audio turns (PCM16) with their sha256. */
  audioTurns: Array<{ bytes: number; sha256: string; by: 'client' | 'server_vad' }>;
  truncations: FakeTruncation[];
  /** Final statuses of responses, in order. */
  responses: Array<{ id: string; status: string }>;
  connections(): number;
  dropConnections(): void;
  sendRaw(text: string): void;
  sendEvent(event: Record<string, unknown>): void;
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

export const MIN_COMMIT_BYTES = 4_800; // 100 ms of PCM16 24 kHz mono

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

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});

export async function startRealtimeFake(options: RealtimeFakeOptions = {}): Promise<RealtimeFake> {
  const expectKey = options.expectKey ?? 'sk-test';
  const script = options.script ?? defaultScript;
  const validator = schemaValidator('openai-realtime-client-event');
  const fake = { log: [], rejected: [], audioTurns: [], truncations: [], responses: [] } as Pick<
    RealtimeFake,
    'log' | 'rejected' | 'audioTurns' | 'truncations' | 'responses'
  >;
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
    const send = (ev: Obj) => ws.readyState === ws.OPEN && ws.send(JSON.stringify({ event_id: id('event'), ...ev }));
    const session: Obj = {
      type: 'realtime',
      object: 'realtime.session',
      id: id('sess'),
      model,
      output_modalities: ['audio'],
      tools: [],
      audio: { input: { turn_detection: null } },
    };
    let audio: Buffer[] = [];
    let vad: EnergyVad | undefined;
    let vadItem = '';
    let turn: FakeTurn = { toolOutputs: [], systemTexts: [] };
    const pending = new Set<string>();
    const audioItems = new Map<string, number>(); // assistant audio item -> ms sent
    let active: { id: string; cancel: (reason: string) => void } | undefined;
    send({ type: 'session.created', session });

    const turnDetection = () => asObj(asObj(asObj(session.audio).input).turn_detection);

    ws.on('message', (data) => {
      let ev: Obj & { type: string };
      try {
        ev = JSON.parse(data.toString());
      } catch {
        return send({ type: 'error', error: { type: 'invalid_request_error', code: 'invalid_json', message: 'Invalid JSON', param: null, event_id: null } });
      }
      fake.log.push(ev);
      const error = (code: string, message: string, param: string | null = null) => {
        fake.rejected.push({ type: String(ev.type), code, message });
        send({ type: 'error', error: { type: 'invalid_request_error', code, message, param, event_id: typeof ev.event_id === 'string' ? ev.event_id : null } });
      };
      const check = validator.check(ev);
      if (!check.ok) {
        const unknown = /must NOT have additional properties '([^']+)'/.exec(check.message);
        const where = /^[^:]+: (\S*)/.exec(check.message)?.[1]?.replace(/^\//, '').replace(/\//g, '.') ?? '';
        if (unknown)
          return error('unknown_parameter', `Unknown parameter: '${where ? `${where}.` : ''}${unknown[1]}'.`, `${where ? `${where}.` : ''}${unknown[1]}`);
        return error('invalid_value', `Invalid event: ${check.message}`);
      }
      switch (ev.type) {
        case 'session.update': {
          const s = asObj(ev.session);
          if (s.type !== 'realtime') return error('missing_required_parameter', "Missing required parameter: 'session.type'.", 'session.type');
          Object.assign(session, s);
          const td = turnDetection();
          vad =
            td.type === 'server_vad'
              ? new EnergyVad({
                  threshold: Number(td.threshold ?? 0.5),
                  prefixPaddingMs: Number(td.prefix_padding_ms ?? 300),
                  silenceDurationMs: Number(td.silence_duration_ms ?? 500),
                })
              : undefined;
          return send({ type: 'session.updated', session });
        }
        case 'input_audio_buffer.append': {
          const pcm = Buffer.from(String(ev.audio), 'base64');
          audio.push(pcm);
          for (const signal of vad?.push(pcm) ?? []) {
            if (signal.kind === 'speech-started') {
              vadItem = id('item');
              send({ type: 'input_audio_buffer.speech_started', audio_start_ms: signal.audioStartMs, item_id: vadItem });
              if (active && turnDetection().interrupt_response !== false) active.cancel('turn_detected');
            } else {
              send({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: signal.audioEndMs, item_id: vadItem });
              commit('server_vad', vadItem);
              if (turnDetection().create_response !== false && !active) respond(script(turn));
            }
          }
          return;
        }
        case 'input_audio_buffer.commit': {
          const bytes = audio.reduce((s, b) => s + b.length, 0);
          if (bytes === 0) return error('input_audio_buffer_commit_empty', 'Error committing input audio buffer: buffer is empty.');
          if (bytes < MIN_COMMIT_BYTES)
            return error(
              'input_audio_buffer_commit_empty',
              `Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has ${(bytes / 48).toFixed(2)}ms of audio.`,
            );
          return commit('client');
        }
        case 'input_audio_buffer.clear':
          audio = [];
          return send({ type: 'input_audio_buffer.cleared' });
        case 'conversation.item.create': {
          const item: Obj = { id: id('item'), ...asObj(ev.item) };
          if (item.type === 'function_call_output') {
            if (!pending.has(String(item.call_id)))
              return error('invalid_value', `Tool call ID '${String(item.call_id)}' not found in conversation.`, 'item.call_id');
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
        case 'conversation.item.truncate': {
          const itemId = String(ev.item_id);
          const sentMs = audioItems.get(itemId);
          if (sentMs === undefined) return error('invalid_value', `Conversation item '${itemId}' is not an assistant audio message.`, 'item_id');
          const end = Number(ev.audio_end_ms);
          if (end > sentMs) return error('invalid_value', `audio_end_ms ${end} is greater than the audio of item '${itemId}' (${sentMs} ms).`, 'audio_end_ms');
          fake.truncations.push({ itemId, contentIndex: Number(ev.content_index), audioEndMs: end, sentMs });
          return send({ type: 'conversation.item.truncated', item_id: itemId, content_index: ev.content_index, audio_end_ms: end });
        }
        case 'response.create':
          if (active)
            return error(
              'conversation_already_has_active_response',
              `Conversation already has an active response in progress: ${active.id}. Wait until the response is finished before creating a new one.`,
            );
          return respond(script(turn));
        case 'response.cancel':
          if (!active) return error('response_cancel_not_active', 'Cancellation failed: no active response found.');
          return active.cancel('client_cancelled');
        default:
          return error('unknown_event', `Unsupported event type '${ev.type}'.`, 'type');
      }
    });

    function commit(by: 'client' | 'server_vad', itemId = id('item')): void {
      const pcm = Buffer.concat(audio);
      audio = [];
      fake.audioTurns.push({ bytes: pcm.length, sha256: createHash('sha256').update(pcm).digest('hex'), by });
      send({ type: 'input_audio_buffer.committed', previous_item_id: null, item_id: itemId });
      send({
        type: 'conversation.item.added',
        previous_item_id: null,
        item: { id: itemId, type: 'message', role: 'user', content: [{ type: 'input_audio', transcript: null }] },
      });
      if (asObj(asObj(session.audio).input).transcription) {
        send({
          type: 'conversation.item.input_audio_transcription.completed',
          item_id: itemId,
          content_index: 0,
          transcript: options.transcribe?.(pcm) ?? `(${pcm.length} bytes of audio)`,
          usage: { type: 'duration', seconds: pcm.length / 48_000 },
        });
      }
      turn = { toolOutputs: [], systemTexts: [], audio: pcm };
    }

    const response = (rid: string, status: string, output: unknown[], details: Obj | null = null) => ({
      object: 'realtime.response',
      id: rid,
      status,
      status_details: details,
      output,
      conversation_id: 'conv_1',
      output_modalities: ['audio'],
      usage: status === 'in_progress' ? null : (options.usage ?? FAKE_USAGE),
      metadata: null,
    });

    function finish(rid: string, status: string, output: unknown[], details: Obj | null): void {
      active = undefined;
      fake.responses.push({ id: rid, status });
      send({ type: 'response.done', response: response(rid, status, output, details) });
    }

    function respond(reply: FakeReply): void {
      const rid = id('resp');
      turn = { toolOutputs: [], systemTexts: [] };
      send({ type: 'response.created', response: response(rid, 'in_progress', []) });
      send({
        type: 'rate_limits.updated',
        rate_limits: [
          { name: 'requests', limit: 5000, remaining: 4999 - fake.responses.length, reset_seconds: 0.012 },
          { name: 'tokens', limit: 40000, remaining: 39000, reset_seconds: 1.5 },
        ],
      });
      const output: unknown[] = [];
      if ('toolCalls' in reply) {
        reply.toolCalls.forEach((call, index) => {
          const callId = id('call');
          const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
          const base = { id: id('item'), object: 'realtime.item', type: 'function_call', name: call.name, call_id: callId };
          send({ type: 'response.output_item.added', response_id: rid, output_index: index, item: { ...base, status: 'in_progress', arguments: '' } });
          for (let i = 0; i < args.length; i += 16)
            send({
              type: 'response.function_call_arguments.delta',
              response_id: rid,
              item_id: base.id,
              output_index: index,
              call_id: callId,
              delta: args.slice(i, i + 16),
            });
          send({
            type: 'response.function_call_arguments.done',
            response_id: rid,
            item_id: base.id,
            output_index: index,
            call_id: callId,
            name: call.name,
            arguments: args,
          });
          const done = { ...base, status: 'completed', arguments: args };
          send({ type: 'response.output_item.done', response_id: rid, output_index: index, item: done });
          pending.add(callId);
          output.push(done);
        });
        return finish(rid, 'completed', output, null);
      }
      const itemId = id('item');
      audioItems.set(itemId, 0);
      const loc = { response_id: rid, item_id: itemId, output_index: 0, content_index: 0 };
      const words = reply.say.split(/(?<= )/);
      const msPerWord = options.msPerWord ?? 40;
      let spoken = '';
      let timer: NodeJS.Timeout | undefined;
      const end = (status: string, details: Obj | null) => {
        if (timer) clearTimeout(timer);
        send({ type: 'response.output_audio.done', ...loc });
        send({ type: 'response.output_audio_transcript.done', ...loc, transcript: spoken });
        const done = {
          id: itemId,
          type: 'message',
          role: 'assistant',
          status: status === 'completed' ? 'completed' : 'incomplete',
          content: [{ type: 'output_audio', transcript: spoken }],
        };
        send({ type: 'response.output_item.done', response_id: rid, output_index: 0, item: done });
        finish(rid, status, [done], details);
      };
      active = { id: rid, cancel: (reason) => end('cancelled', { type: 'cancelled', reason }) };
      send({
        type: 'response.output_item.added',
        response_id: rid,
        output_index: 0,
        item: { id: itemId, type: 'message', role: 'assistant', status: 'in_progress', content: [] },
      });
      let i = 0;
      const step = () => {
        timer = undefined;
        if (active?.id !== rid) return;
        const word = words[i++]!;
        spoken += word;
        send({ type: 'response.output_audio_transcript.delta', ...loc, delta: word });
        send({ type: 'response.output_audio.delta', ...loc, delta: tonePcm16Base64(msPerWord) });
        audioItems.set(itemId, (audioItems.get(itemId) ?? 0) + msPerWord);
        if (i < words.length) {
          if (options.chunkIntervalMs) timer = setTimeout(step, options.chunkIntervalMs);
          else step();
          return;
        }
        if (reply.status === 'incomplete') end('incomplete', { type: 'incomplete', reason: reply.reason ?? 'max_output_tokens' });
        else end('completed', null);
      };
      step();
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    ...fake,
    port,
    baseURL: `http://127.0.0.1:${port}/v1`,
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
