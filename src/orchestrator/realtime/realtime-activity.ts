// What a realtime session reports to its host (the voice panel, the CLI, the event bridge).
import type { BigThreeError } from '../errors';
import type { RateLimit } from './server-events';
import type { TurnEnding } from './turn-ending';
import type { UsageTotals } from './usage-meter';

export type RealtimeSessionState = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'stopped' | 'failed';

export type RealtimeActivity =
  | { kind: 'state'; state: RealtimeSessionState; detail?: string }
  /** `final: false` carries a delta to append; `final: true` the whole text of the item. */
  | { kind: 'transcript'; role: 'user' | 'assistant'; itemId: string; text: string; final: boolean }
  /** PCM16 24 kHz mono, base64, to play in order. */
  | { kind: 'audio'; itemId: string; base64: string }
  /**
   * The user started speaking (or pressed Talk): stop playing what the assistant was saying, and
   * report how much of `itemId` was played with RealtimeSession.truncatePlayback.
   */
  | { kind: 'interrupted'; itemId?: string; receivedMs?: number }
  /** A response that did not complete: cut short (incomplete, e.g. max_output_tokens) or cancelled. */
  | { kind: 'response-status'; responseId: string; status: 'incomplete' | 'cancelled' | 'failed'; reason?: string }
  | { kind: 'rate-limits'; limits: RateLimit[] }
  /** How releasing Talk ended the turn (see turn-ending.ts). */
  | { kind: 'turn-ended'; how: TurnEnding; bytes: number }
  | { kind: 'audio-committed'; itemId: string; bytes: number }
  | { kind: 'tool-call'; name: string; callId: string; arguments: string }
  | { kind: 'tool-result'; name: string; callId: string; ok: boolean; output: string; durationMs: number; error?: string; delivered: boolean }
  | { kind: 'usage'; totals: UsageTotals; responseCost: number }
  | { kind: 'error'; error: BigThreeError; fatal: boolean };

export interface ReconnectPolicy {
  /** Attempts after a dropped connection before giving up (default 6). */
  maxAttempts: number;
  /** Wait before the first attempt; doubles each time (default 500 ms). */
  baseDelayMs: number;
  /** Longest wait between attempts (default 15 s). */
  maxDelayMs: number;
}

export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 };

export function reconnectDelay(policy: ReconnectPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}
