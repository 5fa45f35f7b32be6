// Gemini computer use actions (predefined functions on a 0–999 grid) executed against a browser.
// Two action sets exist, chosen by the model: the legacy one of gemini-2.5-computer-use-preview and
// the early Gemini 3 previews (click_at, type_text_at, key_combination, …) and the current one of
// later models (click, type, hotkey, press_key, scroll, wait, …), as in Google's reference
// implementation. Enter is pressed after typing only when the model asks for it.
// The browser itself is a port; Playwright's implementation is in src/adapters/playwright-browser.ts.

export type ScrollDirection = 'up' | 'down' | 'left' | 'right';
export type MouseButton = 'left' | 'middle' | 'right';
export type ActionSet = 'legacy' | 'current';

/** Models that speak the legacy action set (Google's reference implementation's list). */
export const LEGACY_COMPUTER_USE_MODELS: readonly string[] = ['gemini-2.5-computer-use-preview-10-2025', 'gemini-3-flash-preview', 'gemini-3.1-pro-preview'];

export function actionSetFor(model: string): ActionSet {
  return LEGACY_COMPUTER_USE_MODELS.includes(model) ? 'legacy' : 'current';
}

export interface BrowserPort {
  /** Viewport size in CSS pixels; the model's 0–999 grid is scaled to it. */
  readonly width: number;
  readonly height: number;
  url(): string;
  navigate(url: string): Promise<void>;
  /** A click; `clickCount` 2 or 3 for double and triple clicks. */
  click(x: number, y: number, options?: { button?: MouseButton; clickCount?: number }): Promise<void>;
  /** Presses or releases the left button at a point (for drags the model splits up). */
  mouse(x: number, y: number, action: 'down' | 'up'): Promise<void>;
  /** Holds or releases one key. */
  key(key: string, action: 'down' | 'up'): Promise<void>;
  hover(x: number, y: number): Promise<void>;
  /** Types into the focused element; `clear` selects everything first. */
  type(text: string, options: { clear: boolean; pressEnter: boolean }): Promise<void>;
  /** Keys like ["Control", "a"] pressed together. */
  pressKeys(keys: string[]): Promise<void>;
  scroll(direction: ScrollDirection, pixels: number, at?: { x: number; y: number }): Promise<void>;
  drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void>;
  goBack(): Promise<void>;
  goForward(): Promise<void>;
  wait(ms: number): Promise<void>;
  /** PNG bytes of the viewport. */
  screenshot(): Promise<Uint8Array>;
  close(): Promise<void>;
}

export const GRID = 1000;

export function denormalize(value: unknown, size: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`"${name}" must be a number on the 0–999 grid.`);
  const clamped = Math.min(GRID - 1, Math.max(0, value));
  return Math.round((clamped / GRID) * size);
}

const DIRECTIONS = new Set<ScrollDirection>(['up', 'down', 'left', 'right']);

function direction(value: unknown): ScrollDirection {
  if (typeof value === 'string' && DIRECTIONS.has(value as ScrollDirection)) return value as ScrollDirection;
  throw new Error(`"direction" must be one of up, down, left, right.`);
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new Error(`"${name}" must be a string.`);
  return value;
}

/** Only web pages: http(s), or about:blank. */
export function checkUrl(raw: unknown): string {
  const value = text(raw, 'url').trim();
  if (value === 'about:blank') return value;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`"${value}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Only http and https pages may be opened, not ${url.protocol}`);
  return url.toString();
}

export const SUPPORTED_ACTIONS = [
  'open_web_browser',
  'wait_5_seconds',
  'go_back',
  'go_forward',
  'search',
  'navigate',
  'click_at',
  'hover_at',
  'type_text_at',
  'key_combination',
  'scroll_document',
  'scroll_at',
  'drag_and_drop',
] as const;

export const CURRENT_ACTIONS = [
  'open_web_browser',
  'click',
  'double_click',
  'triple_click',
  'middle_click',
  'right_click',
  'mouse_down',
  'mouse_up',
  'move',
  'type',
  'drag_and_drop',
  'wait',
  'press_key',
  'key_down',
  'key_up',
  'hotkey',
  'take_screenshot',
  'scroll',
  'go_back',
  'navigate',
  'go_forward',
] as const;

/** The keys of a hotkey: a list, or "control+a". */
function keyList(value: unknown): string[] {
  const keys = Array.isArray(value) ? value.map((k) => text(k, 'keys')) : text(value, 'keys').split('+');
  const trimmed = keys.map((k) => k.trim()).filter(Boolean);
  if (!trimmed.length) throw new Error('"keys" must name at least one key.');
  return trimmed;
}

/** Executes one predefined action of the model's action set; throws an Error whose message goes back to the model. */
export async function executeAction(
  browser: BrowserPort,
  name: string,
  args: Record<string, unknown>,
  set: ActionSet = 'legacy',
  searchUrl = 'https://www.google.com/',
): Promise<void> {
  return set === 'current' ? executeCurrentAction(browser, name, args) : executeLegacyAction(browser, name, args, searchUrl);
}

async function executeCurrentAction(browser: BrowserPort, name: string, args: Record<string, unknown>): Promise<void> {
  const x = (key = 'x') => denormalize(args[key], browser.width, key);
  const y = (key = 'y') => denormalize(args[key], browser.height, key);
  switch (name) {
    case 'open_web_browser':
    case 'take_screenshot': // every answer carries a fresh screenshot anyway
      return;
    case 'click':
      return browser.click(x(), y());
    case 'double_click':
      return browser.click(x(), y(), { clickCount: 2 });
    case 'triple_click':
      return browser.click(x(), y(), { clickCount: 3 });
    case 'middle_click':
      return browser.click(x(), y(), { button: 'middle' });
    case 'right_click':
      return browser.click(x(), y(), { button: 'right' });
    case 'mouse_down':
      return browser.mouse(x(), y(), 'down');
    case 'mouse_up':
      return browser.mouse(x(), y(), 'up');
    case 'move':
      return browser.hover(x(), y());
    case 'type':
      return browser.type(text(args.text, 'text'), { clear: false, pressEnter: args.press_enter === true });
    case 'hotkey':
      return browser.pressKeys(keyList(args.keys));
    case 'press_key':
      return browser.pressKeys([text(args.key, 'key')]);
    case 'key_down':
      return browser.key(text(args.key, 'key'), 'down');
    case 'key_up':
      return browser.key(text(args.key, 'key'), 'up');
    case 'scroll': {
      const dir = direction(args.direction);
      const magnitude = typeof args.magnitude === 'number' ? Math.min(999, Math.max(0, args.magnitude)) : 800;
      const pixels = Math.round((magnitude / GRID) * (dir === 'up' || dir === 'down' ? browser.height : browser.width));
      return browser.scroll(dir, pixels, { x: x(), y: y() });
    }
    case 'wait': {
      const seconds = typeof args.seconds === 'number' && Number.isFinite(args.seconds) ? Math.min(60, Math.max(0, args.seconds)) : 1;
      return browser.wait(Math.round(seconds * 1000));
    }
    case 'go_back':
      return browser.goBack();
    case 'go_forward':
      return browser.goForward();
    case 'navigate':
      return browser.navigate(checkUrl(args.url));
    case 'drag_and_drop':
      return browser.drag({ x: x(), y: y() }, { x: x('destination_x'), y: y('destination_y') });
    default:
      throw new Error(`The action "${name}" is not supported with this model; use one of ${CURRENT_ACTIONS.join(', ')}.`);
  }
}

async function executeLegacyAction(browser: BrowserPort, name: string, args: Record<string, unknown>, searchUrl: string): Promise<void> {
  const x = (key = 'x') => denormalize(args[key], browser.width, key);
  const y = (key = 'y') => denormalize(args[key], browser.height, key);
  switch (name) {
    case 'open_web_browser':
      return;
    case 'wait_5_seconds':
      return browser.wait(5_000);
    case 'go_back':
      return browser.goBack();
    case 'go_forward':
      return browser.goForward();
    case 'search':
      return browser.navigate(searchUrl);
    case 'navigate':
      return browser.navigate(checkUrl(args.url));
    case 'click_at':
      return browser.click(x(), y());
    case 'hover_at':
      return browser.hover(x(), y());
    case 'type_text_at': {
      await browser.click(x(), y());
      return browser.type(text(args.text, 'text'), { clear: args.clear_before_typing !== false, pressEnter: args.press_enter === true });
    }
    case 'key_combination':
      return browser.pressKeys(keyList(args.keys));
    case 'scroll_document':
      return browser.scroll(
        direction(args.direction),
        Math.round((direction(args.direction) === 'up' || direction(args.direction) === 'down' ? browser.height : browser.width) * 0.8),
      );
    case 'scroll_at': {
      const dir = direction(args.direction);
      const magnitude = typeof args.magnitude === 'number' ? Math.min(999, Math.max(0, args.magnitude)) : 800;
      const pixels = Math.round((magnitude / GRID) * (dir === 'up' || dir === 'down' ? browser.height : browser.width));
      return browser.scroll(dir, pixels, { x: x(), y: y() });
    }
    case 'drag_and_drop':
      return browser.drag({ x: x(), y: y() }, { x: x('destination_x'), y: y('destination_y') });
    default:
      throw new Error(`The action "${name}" is not supported here; use one of ${SUPPORTED_ACTIONS.join(', ')}.`);
  }
}
