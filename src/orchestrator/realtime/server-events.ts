// Turns the server events the session acts on into checked signals. The SDK only guarantees an
// object with a string `type`; everything else is verified here, and a known event with a broken
// shape becomes a RealtimeProtocolError (reported, then ignored) instead of a crash further down.
import { RealtimeProtocolError } from './errors';
import type { FunctionCallItem } from './function-calls';
import type { ResponseUsage } from './usage-meter';

export type ServerSignal =
  | { kind: 'session-created'; sessionId: string }
  | { kind: 'session-updated' }
  | { kind: 'user-transcript'; itemId: string; text: string; final: boolean }
  | { kind: 'assistant-transcript'; itemId: string; text: string; final: boolean }
  | { kind: 'audio-delta'; itemId: string; base64: string }
  | { kind: 'speech-started' }
  | { kind: 'speech-stopped' }
  | { kind: 'committed'; itemId: string }
  | { kind: 'function-call'; call: FunctionCallItem }
  | { kind: 'response-created'; responseId: string }
  | { kind: 'response-done'; responseId: string; status: string; usage: ResponseUsage | null; calls: FunctionCallItem[]; failure?: string; reason?: string }
  | { kind: 'rate-limits'; limits: RateLimit[] }
  | { kind: 'other'; type: string };

export interface RateLimit {
  name: string;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function str(ev: Obj, key: string, type: string): string {
  const v = ev[key];
  if (typeof v !== 'string')
    throw new RealtimeProtocolError(
      `Ignored a malformed ${type} event from the realtime server: "${key}" is ${v === undefined ? 'missing' : `a ${typeof v}`}.`,
    );
  return v;
}

function obj(ev: Obj, key: string, type: string): Obj {
  const v = ev[key];
  if (!isObj(v)) throw new RealtimeProtocolError(`Ignored a malformed ${type} event from the realtime server: "${key}" is not an object.`);
  return v;
}

function functionCall(item: Obj, responseId: string, type: string): FunctionCallItem {
  return { callId: str(item, 'call_id', type), name: str(item, 'name', type), arguments: typeof item.arguments === 'string' ? item.arguments : '', responseId };
}

/** Throws RealtimeProtocolError for a known event type with a broken shape. */
export function interpretServerEvent(event: unknown): ServerSignal {
  if (!isObj(event) || typeof event.type !== 'string')
    throw new RealtimeProtocolError('Ignored a realtime server message that is not an event object with a type.');
  const ev = event;
  const type = ev.type as string;
  switch (type) {
    case 'session.created':
      return { kind: 'session-created', sessionId: typeof obj(ev, 'session', type).id === 'string' ? (obj(ev, 'session', type).id as string) : '' };
    case 'session.updated':
      return { kind: 'session-updated' };
    case 'conversation.item.input_audio_transcription.delta':
      return { kind: 'user-transcript', itemId: str(ev, 'item_id', type), text: str(ev, 'delta', type), final: false };
    case 'conversation.item.input_audio_transcription.completed':
      return { kind: 'user-transcript', itemId: str(ev, 'item_id', type), text: str(ev, 'transcript', type), final: true };
    case 'response.output_audio_transcript.delta':
    case 'response.output_text.delta':
      return { kind: 'assistant-transcript', itemId: str(ev, 'item_id', type), text: str(ev, 'delta', type), final: false };
    case 'response.output_audio_transcript.done':
      return { kind: 'assistant-transcript', itemId: str(ev, 'item_id', type), text: str(ev, 'transcript', type), final: true };
    case 'response.output_text.done':
      return { kind: 'assistant-transcript', itemId: str(ev, 'item_id', type), text: str(ev, 'text', type), final: true };
    case 'response.output_audio.delta': {
      const delta = str(ev, 'delta', type);
      if (delta.length % 4 !== 0 || !BASE64.test(delta))
        throw new RealtimeProtocolError('Ignored a response.output_audio.delta whose audio is not valid base64.');
      return { kind: 'audio-delta', itemId: str(ev, 'item_id', type), base64: delta };
    }
    case 'input_audio_buffer.speech_started':
      return { kind: 'speech-started' };
    case 'input_audio_buffer.speech_stopped':
      return { kind: 'speech-stopped' };
    case 'input_audio_buffer.committed':
      return { kind: 'committed', itemId: str(ev, 'item_id', type) };
    case 'response.created':
      return { kind: 'response-created', responseId: str(obj(ev, 'response', type), 'id', type) };
    case 'response.output_item.done': {
      const item = obj(ev, 'item', type);
      if (item.type !== 'function_call') return { kind: 'other', type };
      return { kind: 'function-call', call: functionCall(item, str(ev, 'response_id', type), type) };
    }
    case 'response.done': {
      const response = obj(ev, 'response', type);
      const responseId = str(response, 'id', type);
      const output = Array.isArray(response.output) ? response.output : [];
      const calls = output.filter((o): o is Obj => isObj(o) && o.type === 'function_call').map((o) => functionCall(o, responseId, type));
      const status = typeof response.status === 'string' ? response.status : 'completed';
      const details = isObj(response.status_details) ? response.status_details : undefined;
      const error = details && isObj(details.error) ? details.error : undefined;
      const failure =
        status === 'failed'
          ? `the response failed${error && typeof error.message === 'string' ? `: ${error.message}` : details && typeof details.reason === 'string' ? ` (${details.reason})` : ''}`
          : undefined;
      const reason = details && typeof details.reason === 'string' ? details.reason : undefined;
      return {
        kind: 'response-done',
        responseId,
        status,
        usage: isObj(response.usage) ? (response.usage as ResponseUsage) : null,
        calls,
        ...(failure ? { failure } : {}),
        ...(reason ? { reason } : {}),
      };
    }
    case 'rate_limits.updated': {
      const list = Array.isArray(ev.rate_limits) ? ev.rate_limits : [];
      const limits = list.filter(isObj).map((l) => ({
        name: String(l.name ?? ''),
        limit: Number(l.limit ?? 0),
        remaining: Number(l.remaining ?? 0),
        resetSeconds: Number(l.reset_seconds ?? 0),
      }));
      if (limits.some((l) => !l.name || [l.limit, l.remaining, l.resetSeconds].some((n) => !Number.isFinite(n))))
        throw new RealtimeProtocolError('Ignored a malformed rate_limits.updated event from the realtime server.');
      return { kind: 'rate-limits', limits };
    }
    default:
      return { kind: 'other', type };
  }
}
