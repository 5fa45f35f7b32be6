// Observability events: who (agentName) did what (hookType) in which session, with a payload and a
// one-line summary. Stored one JSON object per line with a schema version `v`.
import { InvalidArgumentError } from '../errors';

export const HOOK_TYPES = ['agent_started', 'agent_ended', 'tool_call', 'tool_result', 'message_sent', 'error_occurred'] as const;
export type HookType = (typeof HOOK_TYPES)[number];

export const EVENT_SCHEMA_VERSION = 1;

export interface EventInput {
  agentName: string;
  hookType: HookType;
  sessionId: string;
  payload?: Record<string, unknown>;
  summary?: string;
}

export interface ObservabilityEvent {
  v: number;
  id: string;
  timestamp: number;
  agentName: string;
  hookType: HookType;
  sessionId: string;
  payload: Record<string, unknown>;
  summary: string;
}

export interface EventQuery {
  agentName?: string;
  hookType?: HookType;
  sessionId?: string;
  /** Inclusive bounds, ms since the epoch. */
  since?: number;
  until?: number;
  /** Most events returned, newest first (default 100). */
  limit?: number;
}

/** Anything that accepts events (the ObservabilityManager does). */
export interface EventSink {
  sendEvent(input: EventInput): ObservabilityEvent | undefined;
}

export function isHookType(value: unknown): value is HookType {
  return typeof value === 'string' && (HOOK_TYPES as readonly string[]).includes(value);
}

/**
 * The event's fields, each read once, checked, and returned as a plain object: what is checked (and then
 * scanned for secrets) is what is stored, even when `input` has getters that answer differently each time.
 */
export function checkEventInput(input: EventInput): EventInput {
  if (!input || typeof input !== 'object') throw new InvalidArgumentError('an event must be an object');
  const { agentName, hookType, sessionId, payload, summary } = input;
  if (typeof agentName !== 'string' || !agentName.trim() || agentName.length > 200)
    throw new InvalidArgumentError('event agentName must be a non-empty text of at most 200 characters');
  if (!isHookType(hookType)) throw new InvalidArgumentError(`event hookType ${JSON.stringify(hookType)} is not one of ${HOOK_TYPES.join(', ')}`);
  if (typeof sessionId !== 'string' || sessionId.length > 200) throw new InvalidArgumentError('event sessionId must be a text of at most 200 characters');
  if (payload !== undefined && (typeof payload !== 'object' || payload === null || Array.isArray(payload)))
    throw new InvalidArgumentError('event payload must be an object');
  if (summary !== undefined && typeof summary !== 'string') throw new InvalidArgumentError('event summary must be a text');
  return { agentName, hookType, sessionId, ...(payload !== undefined ? { payload } : {}), ...(summary !== undefined ? { summary } : {}) };
}

/** Parses one stored line; undefined when it is not a valid event of a version we read. */
export function parseEventLine(line: string): { event?: ObservabilityEvent; newer?: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return {};
  }
  const e = value as Partial<ObservabilityEvent> | null;
  if (!e || typeof e !== 'object' || typeof e.v !== 'number') return {};
  if (e.v > EVENT_SCHEMA_VERSION) return { newer: true };
  if (
    typeof e.id !== 'string' ||
    typeof e.timestamp !== 'number' ||
    typeof e.agentName !== 'string' ||
    !isHookType(e.hookType) ||
    typeof e.sessionId !== 'string'
  )
    return {};
  return {
    event: {
      ...e,
      payload: e.payload && typeof e.payload === 'object' ? e.payload : {},
      summary: typeof e.summary === 'string' ? e.summary : '',
    } as ObservabilityEvent,
  };
}

export function matchesQuery(e: ObservabilityEvent, q: EventQuery): boolean {
  return (
    (q.agentName === undefined || e.agentName === q.agentName) &&
    (q.hookType === undefined || e.hookType === q.hookType) &&
    (q.sessionId === undefined || e.sessionId === q.sessionId) &&
    (q.since === undefined || e.timestamp >= q.since) &&
    (q.until === undefined || e.timestamp <= q.until)
  );
}
