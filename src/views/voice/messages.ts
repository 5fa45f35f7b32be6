// Messages between the voice panel's webview and the extension host, both directions checked at
// run time: the webview is untrusted, and the webview checks what it renders too. Pure TypeScript,
// bundled into the webview script as well (no vscode, no Node imports).

export type VoiceState = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'stopped' | 'failed';
export type FeedLevel = 'info' | 'tool' | 'task' | 'error';
export type KeyProvider = 'openai' | 'anthropic' | 'gemini';
/** Which provider keys are stored in secret storage (never the keys themselves). */
export type KeyStatus = Record<KeyProvider, boolean>;

export type HostMessage =
  | { type: 'state'; state: VoiceState; detail: string; listening: boolean; manualTurns: boolean; recorder: string }
  | { type: 'transcript'; role: 'user' | 'assistant'; itemId: string; text: string; final: boolean }
  | { type: 'audio'; itemId: string; base64: string }
  /** Stop playback; when `itemId` is set, answer with playback-stopped (how much of it was heard). */
  | { type: 'audio-stop'; itemId?: string }
  | { type: 'rate-limits'; text: string }
  | { type: 'feed'; level: FeedLevel; text: string; time: number }
  | { type: 'usage'; inputTokens: number; outputTokens: number; cost: number }
  | ({ type: 'keys' } & KeyStatus)
  | { type: 'reset' };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'talk'; pressed: boolean }
  | { type: 'send-text'; text: string }
  | { type: 'playback-error'; message: string }
  /** The panel's Set API Key button: the host runs "Big Three: Set API Key" for this provider. */
  | { type: 'set-api-key'; provider: KeyProvider }
  /** How much of the interrupted item's audio was actually played, for conversation.item.truncate. */
  | { type: 'playback-stopped'; itemId: string; playedMs: number };

export const MAX_TYPED_CHARS = 8_000;
const MAX_TEXT = 20_000;
const MAX_AUDIO_BASE64 = 2_000_000;
const STATES: readonly VoiceState[] = ['idle', 'connecting', 'ready', 'reconnecting', 'stopped', 'failed'];
const LEVELS: readonly FeedLevel[] = ['info', 'tool', 'task', 'error'];
const KEY_PROVIDERS: readonly KeyProvider[] = ['openai', 'anthropic', 'gemini'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const only = (o: Obj, keys: readonly string[]) => Object.keys(o).every((k) => keys.includes(k));

/** The message when it is valid, else undefined. Extra keys make a message invalid. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isObj(value)) return undefined;
  switch (value.type) {
    case 'ready':
    case 'start':
    case 'stop':
      return only(value, ['type']) ? { type: value.type } : undefined;
    case 'talk':
      return only(value, ['type', 'pressed']) && typeof value.pressed === 'boolean' ? { type: 'talk', pressed: value.pressed } : undefined;
    case 'send-text':
      return only(value, ['type', 'text']) && text(value.text, MAX_TYPED_CHARS) && value.text.trim() ? { type: 'send-text', text: value.text } : undefined;
    case 'playback-error':
      return only(value, ['type', 'message']) && text(value.message, 2_000) ? { type: 'playback-error', message: value.message } : undefined;
    case 'set-api-key':
      return only(value, ['type', 'provider']) && KEY_PROVIDERS.includes(value.provider as KeyProvider)
        ? { type: 'set-api-key', provider: value.provider as KeyProvider }
        : undefined;
    case 'playback-stopped':
      return only(value, ['type', 'itemId', 'playedMs']) &&
        text(value.itemId, 200) &&
        value.itemId &&
        typeof value.playedMs === 'number' &&
        Number.isFinite(value.playedMs) &&
        value.playedMs >= 0
        ? { type: 'playback-stopped', itemId: value.itemId, playedMs: value.playedMs }
        : undefined;
    default:
      return undefined;
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const count = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** The webview's check of what the host sends (defence in depth: it renders these). */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isObj(value)) return undefined;
  switch (value.type) {
    case 'state':
      return STATES.includes(value.state as VoiceState) &&
        text(value.detail, 2_000) &&
        typeof value.listening === 'boolean' &&
        typeof value.manualTurns === 'boolean' &&
        text(value.recorder, 500)
        ? {
            type: 'state',
            state: value.state as VoiceState,
            detail: value.detail,
            listening: value.listening,
            manualTurns: value.manualTurns,
            recorder: value.recorder,
          }
        : undefined;
    case 'transcript':
      return (value.role === 'user' || value.role === 'assistant') && text(value.itemId, 200) && text(value.text) && typeof value.final === 'boolean'
        ? { type: 'transcript', role: value.role, itemId: value.itemId, text: value.text, final: value.final }
        : undefined;
    case 'audio':
      return text(value.itemId, 200) && text(value.base64, MAX_AUDIO_BASE64) && value.base64.length % 4 === 0 && BASE64.test(value.base64)
        ? { type: 'audio', itemId: value.itemId, base64: value.base64 }
        : undefined;
    case 'audio-stop':
      return value.itemId === undefined ? { type: 'audio-stop' } : text(value.itemId, 200) ? { type: 'audio-stop', itemId: value.itemId } : undefined;
    case 'rate-limits':
      return text(value.text, 500) ? { type: 'rate-limits', text: value.text } : undefined;
    case 'reset':
      return { type: 'reset' };
    case 'keys':
      return only(value, ['type', ...KEY_PROVIDERS]) && KEY_PROVIDERS.every((p) => typeof value[p] === 'boolean')
        ? { type: 'keys', openai: value.openai as boolean, anthropic: value.anthropic as boolean, gemini: value.gemini as boolean }
        : undefined;
    case 'feed':
      return LEVELS.includes(value.level as FeedLevel) && text(value.text, 4_000) && count(value.time)
        ? { type: 'feed', level: value.level as FeedLevel, text: value.text, time: value.time }
        : undefined;
    case 'usage':
      return count(value.inputTokens) && count(value.outputTokens) && count(value.cost)
        ? { type: 'usage', inputTokens: value.inputTokens, outputTokens: value.outputTokens, cost: value.cost }
        : undefined;
    default:
      return undefined;
  }
}
