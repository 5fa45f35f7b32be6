// One voice conversation with an OpenAI Realtime (GA) model over the official SDK: connects,
// configures the session (config + registered tools), streams microphone audio and typed text in,
// reports transcripts, audio, tool activity, usage and every error out, runs the function-call
// loop, and reconnects with backoff when the connection drops. Each connection is opened by
// realtime-connection.ts.
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import { BigThreeError, InvalidArgumentError } from '../errors';
import { EventEmitter } from '../events';
import type { ClockPort, Disposable, LoggerPort } from '../ports';
import { silentLogger, systemClock } from '../ports';
import { RealtimeConfigError, RealtimeConnectionError, RealtimeProtocolError, RealtimeServerError, RealtimeStateError } from './errors';
import { FunctionCallItem, orphanResultMessage } from './function-calls';
import { DEFAULT_RECONNECT_POLICY, ReconnectPolicy, RealtimeActivity, RealtimeSessionState, reconnectDelay } from './realtime-activity';
import { modelWarnings } from './model-deprecations';
import { type Connection, type ConnectionHost, connect } from './realtime-connection';
import type { RealtimeEndpoint } from './realtime-transport';
import { interpretServerEvent } from './server-events';
import { SdkError, classifySdkError, closeSocket, toTyped } from './session-support';
import { SessionConfig, buildSessionUpdate, validateSessionConfig } from './session-config';
import type { ToolExecution, ToolRegistry } from './tool-registry';
import { TurnAudio } from './turn-audio';
import type { TurnEnding } from './turn-ending';
import { RealtimePrices, UsageMeter, UsageTotals } from './usage-meter';

export interface RealtimeSessionOptions {
  config: SessionConfig;
  registry: ToolRegistry;
  /** Resolved at every (re)connect, so a changed key or endpoint is picked up. */
  endpoint: () => Promise<RealtimeEndpoint>;
  clock?: ClockPort;
  logger?: LoggerPort;
  prices?: RealtimePrices;
  reconnect?: Partial<ReconnectPolicy>;
  /** How long to wait for session.created + session.updated (default 15 s). */
  readyTimeoutMs?: number;
}

export const MAX_TEXT_CHARS = 8_000;

export class RealtimeSession implements Disposable {
  private readonly emitter = new EventEmitter<RealtimeActivity>();
  readonly onActivity = this.emitter.event;
  private currentState: RealtimeSessionState = 'idle';
  private conn: Connection | undefined;
  private config: SessionConfig;
  private readonly clock: ClockPort;
  private readonly logger: LoggerPort;
  private readonly meter: UsageMeter;
  private readonly policy: ReconnectPolicy;
  private stopping = false;
  private wake: { timer: Disposable; resolve: () => void } | undefined;
  private textQueue: RealtimeClientEvent[][] = [];
  private orphans: Array<{ call: FunctionCallItem; execution: ToolExecution }> = [];
  private responseActive = false;
  private responseWanted = false;
  private createPending = false;
  private localItems = 0;
  private remoteSessionId = '';
  private readonly turns: TurnAudio;
  /** What each connection (realtime-connection.ts) reads from and reports to this session. */
  private readonly host: ConnectionHost;

  constructor(private readonly options: RealtimeSessionOptions) {
    this.config = validateSessionConfig(options.config);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.meter = new UsageMeter(options.prices);
    this.policy = { ...DEFAULT_RECONNECT_POLICY, ...options.reconnect };
    const connected = () => this.conn?.ready === true;
    const fire = (activity: RealtimeActivity) => this.emitter.fire(activity, this.listenerError);
    this.turns = new TurnAudio(
      { connected, fire, send: (e) => this.send(e), requestResponse: () => this.requestResponse(), turnDetection: () => this.config.turnDetection },
      this.clock,
    );
    this.host = {
      options,
      clock: this.clock,
      logger: this.logger,
      stopping: () => this.stopping,
      current: () => this.conn,
      setCurrent: (conn) => (this.conn = conn),
      send: (e) => this.send(e),
      requestResponse: () => this.requestResponse(),
      fire,
      orphaned: (call, execution) => {
        this.orphans.push({ call, execution });
        if (this.conn?.ready) this.flushQueues();
      },
      onSdkError: (conn, err) => this.onSdkError(conn, err),
      onServerEvent: (conn, event) => this.onServerEvent(conn, event),
      onClosed: (conn, code, reason) => this.onClosed(conn, code, reason),
    };
  }

  get state(): RealtimeSessionState {
    return this.currentState;
  }

  /** The id the server gave the current session ('' before the first session.created). */
  get sessionId(): string {
    return this.remoteSessionId;
  }

  get usage(): UsageTotals {
    return this.meter.snapshot();
  }

  get sessionConfig(): SessionConfig {
    return this.config;
  }

  /** Connects and configures the session; rejects (and reports) when that fails. */
  async start(): Promise<void> {
    if (this.currentState === 'connecting' || this.currentState === 'ready' || this.currentState === 'reconnecting') return;
    this.stopping = false;
    this.setState('connecting');
    for (const w of modelWarnings(this.config, new Date(this.clock.now()))) this.report(new RealtimeConfigError(w.message), false);
    try {
      await this.connectOnce();
    } catch (error) {
      const typed = toTyped(error);
      this.setState('failed', typed.message);
      this.report(typed, true);
      throw typed;
    }
    this.setState('ready');
    this.flushQueues();
  }

  /** Closes the connection; running tool handlers see their signal aborted. Queued text is reported. */
  async stop(): Promise<void> {
    if (this.currentState === 'idle' || this.currentState === 'stopped') return;
    this.stopping = true;
    this.wake?.timer.dispose();
    this.wake?.resolve();
    const conn = this.conn;
    this.conn = undefined;
    if (conn) {
      conn.loop.cancel();
      await closeSocket(conn.rt, this.clock);
    }
    if (this.textQueue.length) {
      this.report(
        new RealtimeStateError(`${this.textQueue.length} typed message${this.textQueue.length > 1 ? 's were' : ' was'} not sent because the session stopped.`),
        false,
      );
      this.textQueue = [];
    }
    this.responseActive = this.responseWanted = false;
    this.setState('stopped');
  }

  /** Changes the settings; a live session gets a session.update at once. */
  updateConfig(config: SessionConfig): void {
    this.config = validateSessionConfig(config);
    this.refreshSession();
  }

  /** Sends the current tool list and settings again (after tools were registered or removed). */
  refreshSession(): void {
    if (this.conn?.ready) this.send({ type: 'session.update', session: buildSessionUpdate(this.config, this.options.registry.definitions()) });
  }

  /** A typed user turn; queued while (re)connecting, refused when the session is not started. */
  sendText(text: string): void {
    const trimmed = typeof text === 'string' ? text.trim() : '';
    if (!trimmed) throw new InvalidArgumentError('Type something to send.');
    if (trimmed.length > MAX_TEXT_CHARS)
      throw new InvalidArgumentError(`A typed message may be at most ${MAX_TEXT_CHARS} characters (this one has ${trimmed.length}).`);
    const events: RealtimeClientEvent[] = [
      { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: trimmed }] } },
    ];
    if (this.currentState === 'connecting' || this.currentState === 'reconnecting') {
      this.textQueue.push(events);
    } else if (this.currentState !== 'ready') {
      throw new RealtimeStateError('The voice session is not running: press Start first.');
    } else {
      events.forEach((e) => this.send(e));
      this.requestResponse();
    }
    this.emitter.fire({ kind: 'transcript', role: 'user', itemId: `local_${++this.localItems}`, text: trimmed, final: true }, this.listenerError);
  }

  /** Streams PCM16 24 kHz mono microphone audio; dropped (and counted) while not connected. */
  appendAudio(pcm: Uint8Array): void {
    this.turns.append(pcm);
  }

  /** Ends a push-to-talk turn in any turn-detection mode (commit, VAD trailing silence, or clear < 100 ms). */
  endTurn(): TurnEnding {
    return this.turns.endTurn();
  }

  /** The user pressed Talk: cancels the answer being generated and stops the one still playing. */
  cancelResponse(): void {
    if (!this.conn?.ready) return;
    if (this.responseActive) this.send({ type: 'response.cancel' });
    this.turns.interrupt(true);
  }

  /** After 'interrupted': the player stopped `itemId` after `playedMs`; the server truncates it there. */
  truncatePlayback(itemId: string, playedMs: number): void {
    // Once the response is done every byte of it arrived: an item played to its end needs no truncation.
    this.turns.truncate(itemId, playedMs, !this.responseActive);
  }

  /** Asks for a model response now, or right after the one in progress. */
  requestResponse(): void {
    if (!this.conn?.ready) return;
    if (this.responseActive) {
      this.responseWanted = true;
      return;
    }
    this.responseActive = this.createPending = true;
    this.send({ type: 'response.create' });
  }

  /** Stops the session; listeners still hear the final 'stopped' state, then are removed. */
  dispose(): void {
    void this.stop().finally(() => this.emitter.dispose());
  }

  private readonly listenerError = (error: unknown) => this.logger.error('a realtime activity listener failed', error);

  private setState(state: RealtimeSessionState, detail?: string): void {
    if (this.currentState === state && detail === undefined) return;
    this.currentState = state;
    this.emitter.fire({ kind: 'state', state, ...(detail ? { detail } : {}) }, this.listenerError);
  }

  private report(error: BigThreeError, fatal: boolean): void {
    (fatal ? this.logger.error : this.logger.warn).call(this.logger, `Realtime: ${error.message}`);
    this.emitter.fire({ kind: 'error', error, fatal }, this.listenerError);
  }

  private send(event: RealtimeClientEvent): void {
    this.conn?.rt.send(event);
  }

  private async connectOnce(): Promise<void> {
    const endpoint = await this.options.endpoint();
    await connect(endpoint, this.config.model, this.host);
  }

  private onSdkError(conn: Connection, err: SdkError): void {
    const typed = classifySdkError(err);
    const code = typed instanceof RealtimeServerError ? typed.serverCode : undefined;
    // A cancel that crossed the response's end is harmless.
    if (code === 'response_cancel_not_active') return;
    // A response.create the server refused leaves no response running; do not wait for its response.done.
    if (code && this.createPending && code !== 'conversation_already_has_active_response') this.responseActive = this.createPending = false;
    if (conn.settle && !(typed instanceof RealtimeProtocolError)) return conn.settle(typed);
    if (this.conn !== conn && !(typed instanceof RealtimeProtocolError)) return;
    this.report(typed, false);
  }

  private onServerEvent(conn: Connection, event: unknown): void {
    if (this.conn !== conn) return;
    let signal;
    try {
      signal = interpretServerEvent(event);
    } catch (error) {
      this.report(toTyped(error), false);
      return;
    }
    const fire = (activity: RealtimeActivity) => this.emitter.fire(activity, this.listenerError);
    switch (signal.kind) {
      case 'session-created':
        this.remoteSessionId = signal.sessionId;
        if (!conn.ready) conn.rt.send({ type: 'session.update', session: buildSessionUpdate(this.config, this.options.registry.definitions()) });
        return;
      case 'session-updated':
        conn.settle?.();
        return;
      case 'user-transcript':
        return fire({ kind: 'transcript', role: 'user', itemId: signal.itemId, text: signal.text, final: signal.final });
      case 'assistant-transcript':
        return fire({ kind: 'transcript', role: 'assistant', itemId: signal.itemId, text: signal.text, final: signal.final });
      case 'audio-delta':
        this.turns.assistantAudio(signal.itemId, signal.base64);
        return fire({ kind: 'audio', itemId: signal.itemId, base64: signal.base64 });
      case 'speech-started':
        return this.turns.speechStarted();
      case 'speech-stopped':
        return this.turns.speechStopped();
      case 'rate-limits':
        return fire({ kind: 'rate-limits', limits: signal.limits });
      case 'committed': {
        const bytes = this.turns.committed();
        return fire({ kind: 'audio-committed', itemId: signal.itemId, bytes });
      }
      case 'response-created':
        this.responseActive = true;
        this.createPending = false;
        return;
      case 'function-call':
        return conn.loop.dispatch(signal.call);
      case 'response-done': {
        signal.calls.forEach((call) => conn.loop.dispatch(call));
        if (signal.failure) this.report(new RealtimeServerError('response_failed', signal.failure), false);
        if (signal.status === 'incomplete' || signal.status === 'cancelled' || signal.status === 'failed') {
          fire({ kind: 'response-status', responseId: signal.responseId, status: signal.status, ...(signal.reason ? { reason: signal.reason } : {}) });
        }
        if (signal.usage) fire({ kind: 'usage', responseCost: this.meter.add(signal.usage), totals: this.meter.snapshot() });
        this.responseActive = false;
        conn.loop.responseDone(signal.responseId);
        if (this.responseWanted) {
          this.responseWanted = false;
          this.requestResponse();
        }
        return;
      }
      default:
        return;
    }
  }

  private onClosed(conn: Connection, code: number, reason: string): void {
    if (conn.settle) {
      conn.settle(new RealtimeConnectionError(`The realtime server closed the connection during setup (code ${code}${reason ? `, ${reason}` : ''}).`));
      return;
    }
    if (this.conn !== conn) return;
    this.conn = undefined;
    conn.loop.detach();
    this.responseActive = this.responseWanted = this.createPending = false;
    this.turns.reset();
    if (this.stopping) return;
    this.report(new RealtimeConnectionError(`The realtime connection was lost (code ${code}${reason ? `, ${reason}` : ''}); reconnecting.`), false);
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
      this.setState('reconnecting', `attempt ${attempt} of ${this.policy.maxAttempts}`);
      await this.sleep(reconnectDelay(this.policy, attempt));
      if (this.stopping) return;
      try {
        await this.connectOnce();
        this.setState('ready', 'reconnected');
        this.flushQueues();
        return;
      } catch (error) {
        const typed = toTyped(error);
        if (this.stopping) return;
        this.report(new RealtimeConnectionError(`Reconnect attempt ${attempt} failed: ${typed.message}`, typed), false);
        if (typed instanceof RealtimeConfigError || /\b(401|403)\b/.test(typed.message)) break;
      }
    }
    if (this.stopping) return;
    const error = new RealtimeConnectionError('Could not reconnect to the realtime server; press Start to try again.');
    this.setState('failed', error.message);
    this.report(error, true);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimer(ms, () => {
        this.wake = undefined;
        resolve();
      });
      this.wake = { timer, resolve };
    });
  }

  /** Sends what waited for a connection: typed text, then results of calls cut off by a reconnect. */
  private flushQueues(): void {
    if (!this.conn?.ready) return;
    const ms = this.turns.takeDroppedMs();
    if (ms)
      this.report(new RealtimeConnectionError(`${ms} ms of microphone audio could not be sent while the session was not connected; please repeat it.`), false);
    const texts = this.textQueue;
    const orphans = this.orphans;
    this.textQueue = [];
    this.orphans = [];
    for (const { call, execution } of orphans) this.send(orphanResultMessage(call, execution));
    for (const events of texts) events.forEach((e) => this.send(e));
    if (texts.length) this.requestResponse();
  }
}
