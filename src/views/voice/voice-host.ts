// The voice orchestrator in VS Code: one RealtimeSession at a time (built from the current settings
// and the OpenAI key in SecretStorage), the microphone through a recorder process, and everything
// the session and the delegates do shown in the Voice panel and sent to observability.
import { promises as fsp } from 'fs';
import * as vscode from 'vscode';
import { ProcessRecorder } from '../../adapters/audio/process-recorder';
import { detectRecorder } from '../../adapters/audio/recorder-detect';
import { BigThreeError } from '../../orchestrator/errors';
import type { EventSink } from '../../orchestrator/observability/event-types';
import type { Disposable, LoggerPort } from '../../orchestrator/ports';
import { RealtimeConfigError } from '../../orchestrator/realtime/errors';
import type { RealtimeActivity } from '../../orchestrator/realtime/realtime-activity';
import { bridgeRealtimeEvents } from '../../orchestrator/realtime/realtime-event-bridge';
import { RealtimeSession } from '../../orchestrator/realtime/realtime-session';
import type { RealtimeEndpoint } from '../../orchestrator/realtime/realtime-transport';
import type { ToolRegistry } from '../../orchestrator/realtime/tool-registry';
import { VoiceController } from '../../orchestrator/realtime/voice-controller';
import type { FeedLevel, VoiceState } from './messages';
import { readVoiceSettings } from './voice-settings';
import type { VoiceViewProvider } from './voice-view';
import { COMMANDS } from '../command-ids';

export interface VoiceHostOptions {
  view: VoiceViewProvider;
  registry: ToolRegistry;
  openAiKey: () => Promise<string | undefined>;
  events: () => EventSink | undefined;
  sessionId: () => string;
  logger: LoggerPort;
}

export class VoiceHost implements vscode.Disposable {
  private session: RealtimeSession | undefined;
  private voice: VoiceController | undefined;
  private subscriptions: Disposable[] = [];
  private recorderName = '';

  constructor(private readonly options: VoiceHostOptions) {}

  get state(): VoiceState {
    return this.session?.state ?? 'idle';
  }

  get current(): RealtimeSession | undefined {
    return this.session;
  }

  get listening(): boolean {
    return !!this.voice?.listening;
  }

  /** Shows a line in the panel's activity feed. */
  feed(level: FeedLevel, text: string): void {
    this.options.view.post({ type: 'feed', level, text: text.slice(0, 4_000), time: Date.now() });
  }

  async start(): Promise<VoiceState> {
    if (this.session && ['connecting', 'ready', 'reconnecting'].includes(this.session.state)) return this.session.state;
    this.teardown();
    const settings = readVoiceSettings();
    const session = new RealtimeSession({
      config: settings.session,
      registry: this.options.registry,
      endpoint: () => this.endpoint(),
      prices: settings.prices,
      logger: this.options.logger,
    });
    this.session = session;
    this.voice = new VoiceController(session, () => new ProcessRecorder(detectRecorder(readVoiceSettings().recorderCommand)), this.options.logger);
    this.subscriptions = [
      session.onActivity((a) => this.onActivity(a)),
      this.voice.onEvent((e) => {
        if (e.kind === 'listening') {
          if (e.source) this.recorderName = e.source;
          this.postState();
        } else if (e.kind === 'turn-committed') this.feed('info', `Sent ${(e.bytes / 48_000).toFixed(1)} s of speech.`);
        else if (e.kind === 'turn-too-short')
          this.feed('info', `Ignored ${Math.round(e.bytes / 48)} ms of speech: hold Talk a little longer (at least 100 ms).`);
        else this.feed('error', e.error.message);
      }),
      bridgeRealtimeEvents(session, { sendEvent: (e) => this.options.events()?.sendEvent(e) }, this.options.sessionId, this.options.logger),
    ];
    this.options.view.post({ type: 'reset' });
    for (const warning of settings.warnings) this.feed('error', warning);
    this.feed('info', `Connecting to ${settings.session.model} at ${settings.baseUrl}…`);
    try {
      await session.start();
    } catch {
      // already reported through the session's error activity (feed + notification)
      return session.state;
    }
    this.checkMicrophone(settings.recorderCommand);
    return session.state;
  }

  async stop(): Promise<VoiceState> {
    await this.voice?.stopListening();
    await this.session?.stop();
    return this.state;
  }

  /** Push-to-talk: pressed starts the recorder, released ends the turn. */
  async talk(pressed: boolean): Promise<void> {
    if (!this.voice || !this.session) {
      if (pressed) this.feed('error', 'Press Start before talking.');
      return;
    }
    try {
      if (pressed) await this.voice.startListening();
      else await this.voice.stopListening();
    } catch (error) {
      this.feed('error', (error as Error).message);
      if (error instanceof BigThreeError && error.code === 'audio-capture') {
        void vscode.window.showWarningMessage(error.message, 'Open Settings').then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'bigThree.voice.recorderCommand');
        });
      }
    }
    this.postState();
  }

  /** The webview stopped the interrupted item after `playedMs` of it: the server forgets the rest. */
  playbackStopped(itemId: string, playedMs: number): void {
    this.session?.truncatePlayback(itemId, playedMs);
  }

  sendText(text: string): void {
    if (!this.session || !['connecting', 'ready', 'reconnecting'].includes(this.session.state)) {
      throw new RealtimeConfigError('The voice session is not running: press Start in the Voice panel (or run "Big Three: Start Voice Session") first.');
    }
    this.session.sendText(text);
  }

  dispose(): void {
    this.teardown();
  }

  private teardown(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.subscriptions = [];
    this.voice?.dispose();
    this.session?.dispose();
    this.voice = undefined;
    this.session = undefined;
  }

  /** Says up front which recorder Talk will use, or how to get one (typing works regardless). */
  private checkMicrophone(recorderCommand: string): void {
    try {
      this.recorderName = detectRecorder(recorderCommand).name;
      this.postState();
    } catch (error) {
      this.feed('info', (error as Error).message);
    }
  }

  private async endpoint(): Promise<RealtimeEndpoint> {
    const settings = readVoiceSettings();
    const apiKey = await this.options.openAiKey();
    if (!apiKey)
      throw new RealtimeConfigError(
        'No OpenAI API key is stored: run "Big Three: Set API Key" and choose OpenAI (any key your OpenAI-compatible server accepts).',
      );
    let ca: string | undefined;
    if (settings.caCertificateFile) {
      try {
        ca = await fsp.readFile(settings.caCertificateFile, 'utf8');
      } catch (error) {
        throw new RealtimeConfigError(`Cannot read bigThree.realtime.caCertificateFile (${settings.caCertificateFile}): ${(error as Error).message}`);
      }
    }
    return { apiKey, baseURL: settings.baseUrl, ...(ca ? { ca } : {}) };
  }

  private postState(detail = ''): void {
    const session = this.session;
    this.options.view.post({
      type: 'state',
      state: session?.state ?? 'idle',
      detail,
      listening: this.listening,
      manualTurns: session?.sessionConfig.turnDetection.mode === 'none',
      recorder: this.recorderName,
    });
  }

  private onActivity(a: RealtimeActivity): void {
    const view = this.options.view;
    switch (a.kind) {
      case 'state':
        this.postState(a.detail ?? '');
        if (a.state === 'ready')
          this.feed(
            'info',
            a.detail === 'reconnected'
              ? 'Reconnected (a new server session: the model does not remember the earlier turns).'
              : 'Voice session ready: hold Talk or type a request.',
          );
        return;
      case 'transcript':
        view.post({ type: 'transcript', role: a.role, itemId: a.itemId, text: a.text, final: a.final });
        return;
      case 'audio':
        view.post({ type: 'audio', itemId: a.itemId, base64: a.base64 });
        return;
      case 'interrupted':
        view.post({ type: 'audio-stop', ...(a.itemId ? { itemId: a.itemId } : {}) });
        return;
      case 'response-status':
        if (a.status === 'cancelled') this.feed('info', 'Answer interrupted.');
        else if (a.status === 'incomplete')
          this.feed(
            'error',
            `The answer was cut short (${a.reason ?? 'incomplete'})${a.reason === 'max_output_tokens' ? ': raise bigThree.realtime.maxOutputTokens' : ''}.`,
          );
        return;
      case 'rate-limits':
        view.post({
          type: 'rate-limits',
          text: a.limits
            .map((l) => `${l.name} ${l.remaining}/${l.limit}${l.remaining === 0 ? ` (resets in ${l.resetSeconds.toFixed(1)} s)` : ''}`)
            .join(' · ')
            .slice(0, 500),
        });
        return;
      case 'tool-call':
        this.feed('tool', `→ ${a.name} ${a.arguments.slice(0, 300)}`);
        return;
      case 'tool-result':
        this.feed(
          a.ok ? 'tool' : 'error',
          `${a.ok ? '✓' : '✗'} ${a.name} (${a.durationMs} ms)${a.ok ? `: ${a.output.slice(0, 300)}` : `: ${a.error ?? ''}`}${a.delivered ? '' : ' — delivered after reconnecting'}`,
        );
        return;
      case 'usage':
        view.post({ type: 'usage', inputTokens: a.totals.inputTokens, outputTokens: a.totals.outputTokens, cost: a.totals.cost });
        return;
      case 'error':
        this.feed('error', a.error.message);
        if (a.fatal) this.offerFix(a.error);
        return;
      default:
        return;
    }
  }

  private offerFix(error: unknown): void {
    const message = (error as Error)?.message ?? String(error);
    const keyProblem = /API key|401/.test(message);
    const endpointProblem = /baseUrl|endpoint|connection refused|404/i.test(message);
    const action = keyProblem ? 'Set API Key' : endpointProblem ? 'Open Settings' : undefined;
    void vscode.window.showErrorMessage(`Big Three voice: ${message}`, ...(action ? [action] : [])).then((choice) => {
      if (choice === 'Set API Key') void vscode.commands.executeCommand(COMMANDS.setApiKey, 'openai');
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'bigThree.realtime');
    });
  }
}
