// The Voice webview view: renders the page, checks every message from the webview, posts host
// messages (checked too), and replays the conversation when the view is shown again.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { LogOutputChannel } from 'vscode';
import { EventEmitter } from '../../orchestrator/events';
import { HostMessage, KeyStatus, WebviewMessage, parseHostMessage, parseWebviewMessage } from './messages';
import { voicePage } from './voice-html';
import { VIEWS } from '../command-ids';

const REPLAY_LIMIT = 400;

export interface TranscriptLine {
  role: 'user' | 'assistant';
  itemId: string;
  text: string;
  final: boolean;
}

export class VoiceViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = VIEWS.voice;
  private view: vscode.WebviewView | undefined;
  private readonly received = new EventEmitter<WebviewMessage>();
  /** Valid messages from the webview. */
  readonly onMessage = this.received.event;
  private lastState: HostMessage | undefined;
  private lastUsage: HostMessage | undefined;
  private lastKeys: HostMessage | undefined;
  private readonly lines = new Map<string, TranscriptLine>();
  private readonly feedMessages: Array<Extract<HostMessage, { type: 'feed' }>> = [];
  private webviewReady = false;
  rejectedMessages = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.webviewReady = false;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [media] };
    const nonce = randomBytes(16).toString('base64');
    view.webview.html = voicePage(view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'webview.js')).toString(), view.webview.cspSource, nonce);
    view.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseWebviewMessage(raw);
      if (!message) {
        this.rejectedMessages++;
        this.log.warn(`Voice panel: ignored an invalid message from the webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
        return;
      }
      if (message.type === 'ready') {
        this.webviewReady = true;
        for (const m of this.replayMessages()) void view.webview.postMessage(m);
      }
      this.received.fire(message, (error) => this.log.error('a voice panel handler failed', String(error)));
    });
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
  }

  /** True once the webview's script runs and has asked for the conversation so far. */
  get isReady(): boolean {
    return !!this.view && this.webviewReady;
  }

  get visible(): boolean {
    return !!this.view?.visible;
  }

  /** The conversation as shown (for tests and the "copy transcript" use). */
  get transcript(): TranscriptLine[] {
    return [...this.lines.values()];
  }

  get feed(): string[] {
    return this.feedMessages.map((m) => m.text);
  }

  /** Which provider keys the panel was last told are stored. */
  get keys(): KeyStatus | undefined {
    if (this.lastKeys?.type !== 'keys') return undefined;
    const { openai, anthropic, gemini } = this.lastKeys;
    return { openai, anthropic, gemini };
  }

  post(message: HostMessage): void {
    if (!parseHostMessage(message)) {
      this.log.error(`Voice panel: refused to post an invalid host message of type ${message.type}`);
      return;
    }
    this.remember(message);
    if (this.view && this.webviewReady) void this.view.webview.postMessage(message);
  }

  dispose(): void {
    this.received.dispose();
  }

  private replayMessages(): HostMessage[] {
    const lines: HostMessage[] = this.transcript.map((l) => ({ type: 'transcript', role: l.role, itemId: l.itemId, text: l.text, final: l.final }));
    return [
      ...(this.lastKeys ? [this.lastKeys] : []),
      ...(this.lastState ? [this.lastState] : []),
      ...lines,
      ...this.feedMessages,
      ...(this.lastUsage ? [this.lastUsage] : []),
    ];
  }

  private remember(message: HostMessage): void {
    switch (message.type) {
      case 'state':
        this.lastState = message;
        return;
      case 'usage':
        this.lastUsage = message;
        return;
      case 'keys':
        this.lastKeys = message;
        return;
      case 'reset':
        this.lines.clear();
        this.feedMessages.length = 0;
        this.lastUsage = undefined;
        return;
      case 'transcript': {
        const line = this.lines.get(message.itemId);
        const text = message.final ? message.text : (line && !line.final ? line.text : '') + message.text;
        this.lines.set(message.itemId, { role: message.role, itemId: message.itemId, text, final: message.final });
        if (this.lines.size > REPLAY_LIMIT) this.lines.delete(this.lines.keys().next().value!);
        return;
      }
      case 'feed':
        this.feedMessages.push(message);
        if (this.feedMessages.length > REPLAY_LIMIT) this.feedMessages.shift();
        return;
      default:
        return; // audio is live only
    }
  }
}
