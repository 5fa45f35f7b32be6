// A BrowserPort test double that records every action (in viewport pixels) and returns a tiny PNG.
import type { BrowserPort, MouseButton, ScrollDirection } from '../../src/orchestrator/delegates/computer-use-actions';

export const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

export class RecordingBrowser implements BrowserPort {
  readonly actions: string[] = [];
  closed = false;
  private current = 'about:blank';

  constructor(
    readonly width = 1000,
    readonly height = 800,
  ) {}

  url(): string {
    return this.current;
  }
  async navigate(url: string): Promise<void> {
    this.current = url;
    this.actions.push(`navigate ${url}`);
  }
  async click(x: number, y: number, options: { button?: MouseButton; clickCount?: number } = {}): Promise<void> {
    this.actions.push(
      `click ${x},${y}${options.clickCount && options.clickCount > 1 ? ` x${options.clickCount}` : ''}${options.button && options.button !== 'left' ? ` ${options.button}` : ''}`,
    );
  }
  async mouse(x: number, y: number, action: 'down' | 'up'): Promise<void> {
    this.actions.push(`mouse ${action} ${x},${y}`);
  }
  async key(key: string, action: 'down' | 'up'): Promise<void> {
    this.actions.push(`key ${action} ${key}`);
  }
  async hover(x: number, y: number): Promise<void> {
    this.actions.push(`hover ${x},${y}`);
  }
  async type(text: string, options: { clear: boolean; pressEnter: boolean }): Promise<void> {
    this.actions.push(`type ${JSON.stringify(text)}${options.clear ? ' clear' : ''}${options.pressEnter ? ' enter' : ''}`);
  }
  async pressKeys(keys: string[]): Promise<void> {
    this.actions.push(`keys ${keys.join('+')}`);
  }
  async scroll(direction: ScrollDirection, pixels: number, at?: { x: number; y: number }): Promise<void> {
    this.actions.push(`scroll ${direction} ${pixels}${at ? ` at ${at.x},${at.y}` : ''}`);
  }
  async drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    this.actions.push(`drag ${from.x},${from.y} -> ${to.x},${to.y}`);
  }
  async goBack(): Promise<void> {
    this.actions.push('back');
  }
  async goForward(): Promise<void> {
    this.actions.push('forward');
  }
  async wait(ms: number): Promise<void> {
    this.actions.push(`wait ${ms}`);
  }
  async screenshot(): Promise<Uint8Array> {
    return PNG_1x1;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}
