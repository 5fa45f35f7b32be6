// The Voice panel's script (bundled by esbuild to media/webview.js). Renders the transcript and the
// agent activity feed, plays the assistant's PCM16 24 kHz audio with Web Audio, and sends the
// user's actions to the host. Every message from the host is checked before it is rendered; text is
// only ever set with textContent.
import { HostMessage, KeyProvider, MAX_TYPED_CHARS, WebviewMessage, parseHostMessage } from '../views/voice/messages';
import type { AudioContextLike, AudioSourceNodeLike, DomDocument, DomElement, DomWindow, VsCodeApi } from './dom';
import { PlaybackLedger } from './playback-ledger';
import { keyNotice } from '../views/voice/key-notice';

declare const acquireVsCodeApi: () => VsCodeApi;
declare const document: DomDocument;
declare const window: DomWindow;
declare const AudioContext: (new (options?: { sampleRate?: number }) => AudioContextLike) | undefined;

const SAMPLE_RATE = 24_000;
const MAX_LINES = 300;
const vscode = acquireVsCodeApi();
const post = (message: WebviewMessage) => vscode.postMessage(message);

function el(id: string): DomElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`voice panel: #${id} is missing`);
  return found;
}

const ui = {
  state: el('state'),
  start: el('start'),
  stop: el('stop'),
  talk: el('talk'),
  usage: el('usage'),
  transcript: el('transcript'),
  feed: el('feed'),
  form: el('typed'),
  text: el('text'),
  hint: el('hint'),
  keys: el('keys'),
  keysText: el('keys-text'),
  setKey: el('set-key'),
  keysDelegates: el('keys-delegates'),
};
const lines = new Map<string, { node: DomElement; text: string }>();
let talking = false;
let keyToSet: KeyProvider | undefined;
let sessionState = 'idle';

function keepBottom(box: DomElement, add: () => void): void {
  const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
  add();
  while (box.children.length > MAX_LINES && box.firstChild) box.removeChild(box.firstChild);
  if (atBottom) box.scrollTop = box.scrollHeight;
}

function renderTranscript(m: Extract<HostMessage, { type: 'transcript' }>): void {
  let line = lines.get(m.itemId);
  if (!line) {
    const node = document.createElement('div');
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = m.role === 'user' ? 'You' : 'Assistant';
    node.appendChild(who);
    node.appendChild(document.createElement('span'));
    line = { node, text: '' };
    lines.set(m.itemId, line);
    keepBottom(ui.transcript, () => ui.transcript.appendChild(line!.node));
  }
  line.text = m.final ? m.text : line.text + m.text;
  line.node.className = `line ${m.role}${m.final ? '' : ' partial'}`;
  const body = line.node.querySelector('span:last-child');
  if (body) body.textContent = line.text;
  ui.transcript.scrollTop = ui.transcript.scrollHeight;
}

function renderFeed(m: Extract<HostMessage, { type: 'feed' }>): void {
  const node = document.createElement('div');
  node.className = `line feed ${m.level}`;
  const time = document.createElement('time');
  time.textContent = new Date(m.time).toLocaleTimeString();
  const text = document.createElement('span');
  text.textContent = m.text;
  node.appendChild(time);
  node.appendChild(text);
  keepBottom(ui.feed, () => ui.feed.appendChild(node));
}

function renderState(m: Extract<HostMessage, { type: 'state' }>): void {
  sessionState = m.state;
  ui.state.textContent = m.state + (m.listening ? ' · listening' : '');
  ui.state.className = `pill ${m.state}`;
  ui.state.title = m.detail;
  const live = m.state === 'ready' || m.state === 'connecting' || m.state === 'reconnecting';
  ui.start.disabled = live;
  ui.stop.disabled = !live;
  ui.talk.disabled = m.state !== 'ready';
  talking = m.listening;
  ui.talk.className = m.listening ? 'on' : '';
  ui.talk.setAttribute('aria-pressed', String(m.listening));
  ui.talk.textContent = m.listening ? 'Listening… release to send' : 'Hold to talk';
  ui.hint.textContent =
    m.state === 'ready'
      ? (m.manualTurns ? 'Hold Talk while you speak; release to send.' : 'Hold Talk to speak; the model answers when you pause.') +
        (m.recorder ? ` Microphone: ${m.recorder}.` : '')
      : m.detail;
}

// Web Audio playback: chunks are scheduled back to back; "audio-stop" silences what is queued and,
// for an interrupted item, reports how much of it was really heard (for conversation.item.truncate).
let audio: AudioContextLike | undefined;
let playAt = 0;
const playing = new Set<AudioSourceNodeLike>();
const ledger = new PlaybackLedger();
let usageText = '';
let limitsText = '';

function renderUsage(): void {
  ui.usage.textContent = [usageText, limitsText].filter(Boolean).join(' · ');
}

function audioContext(): AudioContextLike | undefined {
  if (!audio && typeof AudioContext === 'function') {
    try {
      audio = new AudioContext({ sampleRate: SAMPLE_RATE });
    } catch {
      audio = new AudioContext();
    }
  }
  return audio;
}

function play(itemId: string, base64: string): void {
  try {
    const ctx = audioContext();
    if (!ctx || !ledger.accepts(itemId)) return; // late chunks of an interrupted answer stay silent
    if (ctx.state === 'suspended') void ctx.resume();
    const bin = window.atob(base64);
    const samples = Math.floor(bin.length / 2);
    if (!samples) return;
    const buffer = ctx.createBuffer(1, samples, SAMPLE_RATE);
    const data = buffer.getChannelData(0);
    for (let i = 0; i < samples; i++) {
      let v = bin.charCodeAt(i * 2) | (bin.charCodeAt(i * 2 + 1) << 8);
      if (v >= 0x8000) v -= 0x10000;
      data[i] = v / 32768;
    }
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    playAt = Math.max(playAt, ctx.currentTime + 0.02);
    source.start(playAt);
    ledger.scheduled(itemId, playAt, buffer.duration);
    playAt += buffer.duration;
    playing.add(source);
    source.onended = () => playing.delete(source);
  } catch (error) {
    post({ type: 'playback-error', message: String((error as Error)?.message ?? error).slice(0, 500) });
  }
}

function stopAudio(itemId?: string): void {
  // What was not played by now never will be: every item is capped at the position reached.
  const now = audio?.currentTime ?? 0;
  ledger.stop(now);
  if (itemId) post({ type: 'playback-stopped', itemId, playedMs: ledger.playedMs(itemId, now) });
  for (const source of playing) {
    try {
      source.stop();
    } catch {
      // already stopped
    }
  }
  playing.clear();
  playAt = 0;
}

window.addEventListener('message', (event) => {
  const m = parseHostMessage(event.data);
  if (!m) return;
  switch (m.type) {
    case 'state':
      return renderState(m);
    case 'transcript':
      return renderTranscript(m);
    case 'feed':
      return renderFeed(m);
    case 'audio':
      return play(m.itemId, m.base64);
    case 'audio-stop':
      return stopAudio(m.itemId);
    case 'usage':
      usageText = `${m.inputTokens + m.outputTokens} tokens · ~$${m.cost.toFixed(4)}`;
      return renderUsage();
    case 'rate-limits':
      limitsText = m.text;
      return renderUsage();
    case 'keys': {
      // Start needs the OpenAI key: say so (with the button) before anyone presses Start.
      const notice = keyNotice(m);
      ui.keysText.textContent = notice.headline;
      keyToSet = notice.provider;
      ui.setKey.className = notice.blocking ? '' : 'secondary';
      ui.setKey.textContent = notice.button;
      ui.keysDelegates.textContent = notice.delegates;
      ui.keys.className = notice.headline || notice.delegates ? 'shown' : '';
      return;
    }
    case 'reset':
      lines.clear();
      while (ui.transcript.firstChild) ui.transcript.removeChild(ui.transcript.firstChild);
      while (ui.feed.firstChild) ui.feed.removeChild(ui.feed.firstChild);
      usageText = limitsText = '';
      ledger.reset();
      renderUsage();
      return;
  }
});

const press = (pressed: boolean) => {
  if (ui.talk.disabled || pressed === talking) return;
  talking = pressed;
  if (pressed) stopAudio();
  post({ type: 'talk', pressed });
};

ui.start.addEventListener('click', () => {
  void audioContext()?.resume(); // a user gesture: allowed to start audio output
  post({ type: 'start' });
});
ui.stop.addEventListener('click', () => post({ type: 'stop' }));
// Asks for the OpenAI key when it is missing, else for the first missing delegate key.
ui.setKey.addEventListener('click', () => keyToSet && post({ type: 'set-api-key', provider: keyToSet }));
ui.talk.addEventListener('pointerdown', (e) => (e.preventDefault(), press(true)));
ui.talk.addEventListener('pointerup', () => press(false));
ui.talk.addEventListener('pointerleave', () => press(false));
ui.talk.addEventListener('keydown', (e) => {
  if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) (e.preventDefault(), press(true));
});
ui.talk.addEventListener('keyup', (e) => {
  if (e.key === ' ' || e.key === 'Enter') (e.preventDefault(), press(false));
});
ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = ui.text.value.trim().slice(0, MAX_TYPED_CHARS);
  if (!text) return;
  if (sessionState !== 'ready' && sessionState !== 'connecting' && sessionState !== 'reconnecting') {
    ui.hint.textContent = 'Press Start first; your text is kept in the box.';
    return;
  }
  post({ type: 'send-text', text });
  ui.text.value = '';
  ui.text.focus();
});
post({ type: 'ready' });
