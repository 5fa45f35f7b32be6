// The small part of the browser DOM and Web Audio APIs the voice panel script uses, typed here
// because the project compiles without the DOM library (its code runs in Node). Declared inside
// modules only, so nothing leaks into the Node code's globals.

export interface DomEvent {
  preventDefault(): void;
  readonly key?: string;
  readonly repeat?: boolean;
  readonly data?: unknown;
}

export interface DomElement {
  textContent: string | null;
  className: string;
  disabled: boolean;
  value: string;
  title: string;
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  readonly children: { readonly length: number };
  readonly firstChild: DomElement | null;
  appendChild(child: DomElement): DomElement;
  removeChild(child: DomElement): DomElement;
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): DomElement | null;
  addEventListener(type: string, listener: (event: DomEvent) => void): void;
  focus(): void;
}

export interface DomDocument {
  getElementById(id: string): DomElement | null;
  createElement(tag: string): DomElement;
}

export interface DomWindow {
  addEventListener(type: 'message', listener: (event: DomEvent) => void): void;
  atob(data: string): string;
}

export interface AudioBufferLike {
  readonly duration: number;
  getChannelData(channel: number): Float32Array;
}

export interface AudioSourceNodeLike {
  buffer: AudioBufferLike | null;
  connect(destination: unknown): void;
  start(when?: number): void;
  stop(): void;
  onended: (() => void) | null;
}

export interface AudioContextLike {
  readonly currentTime: number;
  readonly state: string;
  readonly destination: unknown;
  resume(): Promise<void>;
  createBuffer(channels: number, length: number, sampleRate: number): AudioBufferLike;
  createBufferSource(): AudioSourceNodeLike;
}

export interface VsCodeApi {
  postMessage(message: unknown): void;
}
