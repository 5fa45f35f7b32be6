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
import { redactSecretsInJson, redactSecretsOnce } from '../security/secrets/secret-scanner';

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
  private readonly recent: ObservabilityEvent[] = [];
  private pending: ObservabilityEvent[] = [];
  private flushTimer: Disposable | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly emitted = new EventEmitter<ObservabilityEvent>();
  private sequence = 0;
  /** Texts found clean since the last write (see sendEvent). */
  private scanned = new Map<string, string>();
  private readonly prefix = randomBytes(3).toString('hex');
  readonly onDidEmit = this.emitted.event;

  constructor(private readonly options: ObservabilityOptions) {}

  /** Sets (or removes) the model that writes event summaries, e.g. once a provider is configured. */
  setSummarizer(summarizer: EventSummarizer | undefined): void {
    this.options.summarizer = summarizer;
  }

  get summarizerName(): string | undefined {
    return this.options.summarizer?.name;
  }

  /** Records an event; never throws for a store problem (those are logged), only for invalid input. */
  sendEvent(input: EventInput): ObservabilityEvent {
    checkEventInput(input);
    // Secrets never get further than here: not into the live views, the listeners or the log. The id
    // and type are the manager's own (a generated id, one of the hook types); every other text is
    // scanned, each distinct one once until the next write (agents, sessions and summaries repeat).
    const seen = this.scanned;
    if (seen.size > 10_000) seen.clear();
    const payload = redactSecretsInJson(safePayload(input.payload ?? {}), seen) as Record<string, unknown>;
    const agentName = redactSecretsOnce(input.agentName, seen);
    const event: ObservabilityEvent = {
      v: EVENT_SCHEMA_VERSION,
      id: `evt_${this.prefix}_${(++this.sequence).toString(36)}`,
      timestamp: this.options.clock.now(),
      agentName,
      hookType: input.hookType,
      sessionId: redactSecretsOnce(input.sessionId, seen),
      payload,
      // A summary joins texts (agent, tool, input…): a secret may form where they meet, so it is scanned whole.
      summary: redactSecretsOnce(input.summary?.trim() ? clip(input.summary) : deterministicSummary(agentName, input.hookType, payload), seen),
    };
    this.recent.unshift(event);
    if (this.recent.length > (this.options.recentLimit ?? 500)) this.recent.length = this.options.recentLimit ?? 500;
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
    return this.recent.filter((e) => matchesQuery(e, query)).slice(0, query.limit ?? this.recent.length);
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

/** Payloads must survive JSON; anything that does not (cycles, BigInt) is replaced by a note. */
function safePayload(payload: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
  } catch (error) {
    return { unserializable: `payload could not be stored as JSON: ${(error as Error).message}` };
  }
}
