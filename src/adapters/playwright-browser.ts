// The Gemini browser's BrowserPort on playwright-core, driving a Chromium the user already has
// (bigThree.browser.executablePath, else the first one found on the usual paths). playwright-core is
// loaded only when a browser task starts, and a missing browser or library is reported, not thrown.
import { existsSync } from 'fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BrowserPort, MouseButton, ScrollDirection } from '../orchestrator/delegates/computer-use-actions';
import type { BrowserLauncher } from '../orchestrator/delegates/gemini-browser';

export interface PlaywrightBrowserSettings {
  /** A Chromium/Chrome/Edge executable; empty = auto-detect. */
  executablePath?: string;
  headless: boolean;
  width: number;
  height: number;
  /** Per-action timeout. */
  actionTimeoutMs: number;
}

const CANDIDATES: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/snap/bin/chromium',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  ],
};

/** The configured executable when it exists, else the first known one found; undefined with none. */
export function findChromium(configured?: string, exists: (file: string) => boolean = existsSync): { path?: string; reason: string } {
  if (configured?.trim()) {
    return exists(configured)
      ? { path: configured, reason: 'configured' }
      : { reason: `the configured browser ${configured} (bigThree.browser.executablePath) does not exist` };
  }
  const found = (CANDIDATES[process.platform] ?? []).find((file) => exists(file));
  return found
    ? { path: found, reason: 'auto-detected' }
    : { reason: 'no Chromium, Chrome or Edge was found; install one or set bigThree.browser.executablePath' };
}

type PlaywrightModule = typeof import('playwright-core');

function loadPlaywright(): PlaywrightModule {
  // Resolved at run time: playwright-core cannot be bundled (it reads its own package files).
  const id = 'playwright-core';
  return require(id) as PlaywrightModule;
}

export function playwrightLauncher(settings: () => PlaywrightBrowserSettings): BrowserLauncher {
  return async () => {
    const s = settings();
    const found = findChromium(s.executablePath);
    if (!found.path) return { reason: found.reason };
    let playwright: PlaywrightModule;
    try {
      playwright = loadPlaywright();
    } catch (error) {
      return { reason: `playwright-core could not be loaded (${(error as Error).message})` };
    }
    try {
      const browser = await playwright.chromium.launch({ executablePath: found.path, headless: s.headless, args: LAUNCH_ARGS });
      const context = await browser.newContext({ viewport: { width: s.width, height: s.height } });
      const page = await context.newPage();
      page.setDefaultTimeout(s.actionTimeoutMs);
      return { browser: new PlaywrightBrowser(browser, context, page, s.width, s.height) };
    } catch (error) {
      return { reason: `${found.path} could not be started (${(error as Error).message.split('\n')[0]})` };
    }
  };
}

export class PlaywrightBrowser implements BrowserPort {
  constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    private page: Page,
    readonly width: number,
    readonly height: number,
  ) {
    // A link that opens a new tab: follow it in the port.
    context.on('page', (next) => {
      this.page = next;
    });
  }

  url(): string {
    return this.page.url();
  }

  async navigate(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'domcontentloaded' });
  }

  async click(x: number, y: number, options: { button?: MouseButton; clickCount?: number } = {}): Promise<void> {
    await this.settleAfter(() => this.page.mouse.click(x, y, { button: options.button ?? 'left', clickCount: options.clickCount ?? 1 }));
  }

  async mouse(x: number, y: number, action: 'down' | 'up'): Promise<void> {
    await this.page.mouse.move(x, y);
    await (action === 'down' ? this.page.mouse.down() : this.settleAfter(() => this.page.mouse.up()));
  }

  async key(key: string, action: 'down' | 'up'): Promise<void> {
    await (action === 'down' ? this.page.keyboard.down(normalizeKey(key)) : this.page.keyboard.up(normalizeKey(key)));
  }

  async hover(x: number, y: number): Promise<void> {
    await this.page.mouse.move(x, y);
  }

  async type(text: string, options: { clear: boolean; pressEnter: boolean }): Promise<void> {
    if (options.clear) {
      await this.page.keyboard.press(process.platform === 'darwin' ? 'Meta+A' : 'Control+A');
      await this.page.keyboard.press('Backspace');
    }
    await this.page.keyboard.type(text);
    if (options.pressEnter) await this.settleAfter(() => this.page.keyboard.press('Enter'));
  }

  async pressKeys(keys: string[]): Promise<void> {
    await this.settleAfter(() => this.page.keyboard.press(keys.map(normalizeKey).join('+')));
  }

  async scroll(direction: ScrollDirection, pixels: number, at?: { x: number; y: number }): Promise<void> {
    await this.page.mouse.move(at?.x ?? this.width / 2, at?.y ?? this.height / 2);
    const dx = direction === 'left' ? -pixels : direction === 'right' ? pixels : 0;
    const dy = direction === 'up' ? -pixels : direction === 'down' ? pixels : 0;
    await this.page.mouse.wheel(dx, dy);
  }

  async drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x, to.y, { steps: 8 });
    await this.page.mouse.up();
  }

  async goBack(): Promise<void> {
    await this.page.goBack({ waitUntil: 'domcontentloaded' });
  }

  async goForward(): Promise<void> {
    await this.page.goForward({ waitUntil: 'domcontentloaded' });
  }

  async wait(ms: number): Promise<void> {
    await this.page.waitForTimeout(ms);
  }

  /** Headless Chromium occasionally fails a capture while it composites ("Unable to capture screenshot"): retried twice. */
  async screenshot(): Promise<Uint8Array> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.page.screenshot({ type: 'png' });
      } catch (error) {
        if (attempt >= 3) throw error;
        await this.page.waitForTimeout(250 * attempt);
      }
    }
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.browser.close();
  }

  /**
   * Runs an action that may start a navigation (a click, Enter in a form) and, if the main frame starts
   * navigating within a short grace period, waits for the new document before the next screenshot.
   * Never fails the action itself.
   */
  private async settleAfter(action: () => Promise<void>): Promise<void> {
    const navigated = this.page.waitForEvent('framenavigated', { predicate: (frame) => frame === this.page.mainFrame(), timeout: NAVIGATION_GRACE_MS }).then(
      () => true,
      () => false,
    );
    await action();
    if (await navigated) await this.page.waitForLoadState('domcontentloaded', { timeout: 3_000 }).catch(() => undefined);
  }
}

/** How long after a click or Enter a navigation may still begin. */
const NAVIGATION_GRACE_MS = 400;

/** Quiet, headless-friendly flags: no first-run UI, no GPU compositing, no background network traffic. */
const LAUNCH_ARGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const KEY_NAMES: Record<string, string> = {
  control: 'Control',
  ctrl: 'Control',
  alt: 'Alt',
  option: 'Alt',
  shift: 'Shift',
  meta: 'Meta',
  cmd: 'Meta',
  command: 'Meta',
  enter: 'Enter',
  return: 'Enter',
  tab: 'Tab',
  escape: 'Escape',
  esc: 'Escape',
  backspace: 'Backspace',
  delete: 'Delete',
  space: 'Space',
  up: 'ArrowUp',
  down: 'ArrowDown',
  left: 'ArrowLeft',
  right: 'ArrowRight',
  home: 'Home',
  end: 'End',
  pageup: 'PageUp',
  pagedown: 'PageDown',
};

/** Gemini names keys loosely ("control", "ENTER"); Playwright wants its own names. */
export function normalizeKey(key: string): string {
  const lower = key.trim().toLowerCase();
  if (KEY_NAMES[lower]) return KEY_NAMES[lower]!;
  if (/^f\d{1,2}$/.test(lower)) return lower.toUpperCase();
  if (lower.startsWith('arrow')) return `Arrow${lower[5]!.toUpperCase()}${lower.slice(6)}`;
  return key.length === 1 ? key : key[0]!.toUpperCase() + key.slice(1);
}
