// The one place events go through: validates them, gives each an id, time and summary, keeps the
// recent ones in memory for live views, and writes them to the event store in batches. A failed
// write keeps the batch for the next flush (bounded, with an error naming what was dropped).
import { randomBytes } from 'crypto';
import type { ClockPort, Disposable, LoggerPort } from '../ports';
import { EventEmitter } from '../events';
import {
  EVENT_SCHEMA_VERSION,
  EventInput,
  EventQuery,
  EventSink,
  HookType,
  ObservabilityEvent,
  checkEventInput,
  isHookType,
  matchesQuery,
} from './event-types';
import { EventSummarizer, clip, deterministicSummary } from './event-summary';
import type { JsonlEventStore } from './event-store';
import { InvalidArgumentError } from '../errors';
import { redactSecretsInJson, redactSecretsOnce, surelyWithoutSecrets } from '../security/secrets/secret-scanner';

export interface ObservabilityOptions {
  clock: ClockPort;
  logger: LoggerPort;
  store?: JsonlEventStore;
  summarizer?: EventSummarizer;
  /** Delay between an event and the write that stores it (default 250 ms). */
  flushDelayMs?: number;
  /** Events kept in memory for live views (default 500). */
  recentLimit?: number;
  /** Events waiting for the store before the oldest are dropped (default 20,000). */
  maxPending?: number;
  /** Limit of one LLM summary (default 10 s). */
  summaryTimeoutMs?: number;
}

/** Where a hook reads the current session id when it fires. */
export type SessionIdHolder = { sessionId: string } | (() => string);

export type Hook = (payload?: Record<string, unknown>) => ObservabilityEvent | undefined;

export class ObservabilityManager implements EventSink, Disposable {
  /** The latest events in memory, oldest first (up to twice recentLimit; the newest recentLimit count). */
  private recent: ObservabilityEvent[] = [];
  private pending: ObservabilityEvent[] = [];
  private flushTimer: Disposable | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly emitted = new EventEmitter<ObservabilityEvent>();
  private sequence = 0;
  /** Texts found clean since the last write (see sendEvent). */
  private scanned = new Map<string, string>();
  private readonly prefix = randomBytes(3).toString('hex');
  readonly onDidEmit = this.emitted.event;

  constructor(private readonly options: ObservabilityOptions) {
    const keep = options.recentLimit;
    if (keep !== undefined && !(Number.isInteger(keep) && keep >= 0)) throw new InvalidArgumentError(`recentLimit must be a whole number ≥ 0, got ${keep}`);
  }

  /** Sets (or removes) the model that writes event summaries, e.g. once a provider is configured. */
  setSummarizer(summarizer: EventSummarizer | undefined): void {
    this.options.summarizer = summarizer;
  }

  get summarizerName(): string | undefined {
    return this.options.summarizer?.name;
  }

  /** Records an event; never throws for a store problem (those are logged), only for invalid input. */
  sendEvent(given: EventInput): ObservabilityEvent {
    const input = checkEventInput(given);
    const { agentName, sessionId, payload, summary } = this.withoutSecrets(input);
    const event: ObservabilityEvent = {
      v: EVENT_SCHEMA_VERSION,
      id: `evt_${this.prefix}_${(++this.sequence).toString(36)}`,
      timestamp: this.options.clock.now(),
      agentName,
      hookType: input.hookType,
      sessionId,
      payload,
      summary,
    };
    const keep = this.options.recentLimit ?? 500;
    this.recent.push(event);
    if (this.recent.length >= 2 * keep) this.recent = keep > 0 ? this.recent.slice(-keep) : []; // now and then, not at every event
    this.emitted.fire(event, (error) => this.options.logger.error('an observability listener failed', error));
    if (this.options.store) {
      this.pending.push(event);
      const max = this.options.maxPending ?? 20_000;
      if (this.pending.length > max) {
        const dropped = this.pending.splice(0, this.pending.length - max);
        this.options.logger.error(
          `The event log is not accepting writes; dropped the ${dropped.length} oldest unsaved events (${dropped[0]!.id} … ${dropped[dropped.length - 1]!.id}).`,
        );
      }
      this.flushTimer ??= this.options.clock.setTimer(this.options.flushDelayMs ?? 250, () => {
        this.flushTimer = undefined;
        void this.flush();
      });
    }
    return event;
  }

  /**
   * The event's texts without secrets: not into the live views, the listeners or the log. The id and
   * type are the manager's own (a generated id, one of the hook types); the agent, session, payload and
   * summary are checked together first (most events hold no rule's keyword: one look, no scan); when a
   * rule may match, each text is scanned on its own, each distinct one once until the next write
   * (agents, sessions and summaries repeat). A summary joins texts (agent, tool, input…): a secret may
   * form where they meet, so it is scanned whole.
   */
  private withoutSecrets(input: EventInput): Pick<ObservabilityEvent, 'agentName' | 'sessionId' | 'payload' | 'summary'> {
    const seen = this.scanned;
    if (seen.size > 10_000) seen.clear();
    const { json, payload } = safePayload(input.payload ?? {});
    const summary = summaryOf(input, input.agentName, payload);
    // Agents and sessions repeat: one found clean before is not looked at again.
    let joined = `${json}\n${summary}`;
    if (!seen.has(input.agentName)) joined += `\n${input.agentName}`;
    if (!seen.has(input.sessionId)) joined += `\n${input.sessionId}`;
    if (surelyWithoutSecrets(joined)) {
      seen.set(input.agentName, input.agentName);
      seen.set(input.sessionId, input.sessionId);
      return { agentName: input.agentName, sessionId: input.sessionId, payload, summary };
    }
    const cleanPayload = redactSecretsInJson(payload, seen) as Record<string, unknown>;
    const agentName = redactSecretsOnce(input.agentName, seen);
    return {
      agentName,
      sessionId: redactSecretsOnce(input.sessionId, seen),
      payload: cleanPayload,
      summary: redactSecretsOnce(summaryOf(input, agentName, cleanPayload), seen),
    };
  }

  /**
   * A function that sends one kind of event for one agent: call it with the payload. The session id
   * is read from `sessionIdHolder` each time; `summarize` (optional) writes the summary.
   */
  createHook(agentName: string, hookType: HookType, sessionIdHolder: SessionIdHolder, summarize?: (payload: Record<string, unknown>) => string): Hook {
    checkEventInput({ agentName, hookType, sessionId: '' });
    if (!isHookType(hookType)) throw new Error('unreachable');
    return (payload = {}) => {
      const sessionId = typeof sessionIdHolder === 'function' ? sessionIdHolder() : sessionIdHolder.sessionId;
      let summary: string | undefined;
      try {
        summary = summarize?.(payload);
      } catch (error) {
        this.options.logger.warn(`The summary function of the ${agentName} ${hookType} hook failed: ${(error as Error).message}`);
      }
      return this.sendEvent({ agentName, hookType, sessionId, payload, ...(summary ? { summary } : {}) });
    };
  }

  /** The most recent events in memory, newest first. */
  recentEvents(query: EventQuery = {}): ObservabilityEvent[] {
    const keep = this.options.recentLimit ?? 500;
    // As the event store answers a query: a limit is a whole number ≥ 1.
    if (query.limit !== undefined && !(Number.isInteger(query.limit) && query.limit >= 1))
      throw new InvalidArgumentError(`limit must be a whole number ≥ 1, got ${query.limit}`);
    const limit = Math.min(query.limit ?? keep, keep);
    const out: ObservabilityEvent[] = [];
    for (let i = this.recent.length - 1; i >= Math.max(0, this.recent.length - keep) && out.length < limit; i--) {
      if (matchesQuery(this.recent[i]!, query)) out.push(this.recent[i]!);
    }
    return out;
  }

  /** Stored events (after writing what is pending), newest first; the in-memory ones without a store. */
  async queryEvents(query: EventQuery = {}): Promise<ObservabilityEvent[]> {
    if (!this.options.store) return this.recentEvents(query);
    await this.flush();
    return this.options.store.query(query);
  }

  /** A one-sentence summary by the configured model; the deterministic summary when there is none or it fails. */
  async generateEventSummary(event: ObservabilityEvent): Promise<string> {
    const fallback = deterministicSummary(event.agentName, event.hookType, event.payload);
    const summarizer = this.options.summarizer;
    if (!summarizer || (summarizer.available && !(await summarizer.available().catch(() => false)))) return fallback;
    const controller = new AbortController();
    const timer = this.options.clock.setTimer(this.options.summaryTimeoutMs ?? 10_000, () => controller.abort());
    try {
      const summary = await Promise.race([
        summarizer.summarize(event, controller.signal),
        new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('timed out')), { once: true })),
      ]);
      if (typeof summary === 'string' && summary.trim()) return clip(summary);
      this.options.logger.warn(`${summarizer.name} returned an empty summary; using the built-in one.`);
    } catch (error) {
      this.options.logger.warn(`Summary by ${summarizer.name} failed (${(error as Error).message}); using the built-in one.`);
    } finally {
      timer.dispose();
    }
    return fallback;
  }

  /** Writes every pending event; resolves when they are stored (or the failure is logged). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (!this.options.store || !this.pending.length) return;
      const batch = this.pending;
      this.pending = [];
      this.scanned = new Map();
      try {
        await this.options.store.append(batch);
      } catch (error) {
        this.pending = [...batch, ...this.pending];
        this.options.logger.error(`Could not write ${batch.length} events to the event log (kept for the next try): ${(error as Error).message}`);
      }
    });
    return this.flushing;
  }

  async dispose(): Promise<void> {
    this.flushTimer?.dispose();
    this.flushTimer = undefined;
    await this.flush();
    this.emitted.dispose();
  }
}

/** The event's summary: the one given (on one line), or one built from the agent and the payload. */
function summaryOf(input: EventInput, agentName: string, payload: Record<string, unknown>): string {
  return input.summary?.trim() ? clip(input.summary) : deterministicSummary(agentName, input.hookType, payload);
}

/** Payloads must survive JSON: a JSON copy is stored; anything that does not survive (cycles, BigInt) is replaced by a note. */
function safePayload(payload: Record<string, unknown>): { json: string; payload: Record<string, unknown> } {
  try {
    const json = JSON.stringify(payload) as string | undefined;
    if (json === undefined) throw new TypeError('it has no JSON form');
    return { json, payload: JSON.parse(json) as Record<string, unknown> };
  } catch (error) {
    const note = { unserializable: `payload could not be stored as JSON: ${(error as Error).message}` };
    return { json: JSON.stringify(note), payload: note };
  }
}
