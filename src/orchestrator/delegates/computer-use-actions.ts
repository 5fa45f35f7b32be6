// Gemini computer use actions (predefined functions on a 0–999 grid) executed against a browser.
// The browser itself is a port; Playwright's implementation is in src/adapters/playwright-browser.ts.

export type ScrollDirection = 'up' | 'down' | 'left' | 'right';

export interface BrowserPort {
  /** Viewport size in CSS pixels; the model's 0–999 grid is scaled to it. */
  readonly width: number;
  readonly height: number;
  url(): string;
  navigate(url: string): Promise<void>;
  click(x: number, y: number): Promise<void>;
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
  'open_web_browser', 'wait_5_seconds', 'go_back', 'go_forward', 'search', 'navigate', 'click_at', 'hover_at',
  'type_text_at', 'key_combination', 'scroll_document', 'scroll_at', 'drag_and_drop',
] as const;

/** Executes one predefined action; throws an Error whose message goes back to the model. */
export async function executeAction(browser: BrowserPort, name: string, args: Record<string, unknown>, searchUrl = 'https://www.google.com/'): Promise<void> {
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
      return browser.type(text(args.text, 'text'), { clear: args.clear_before_typing !== false, pressEnter: args.press_enter !== false });
    }
    case 'key_combination':
      return browser.pressKeys(text(args.keys, 'keys').split('+').map((k) => k.trim()).filter(Boolean));
    case 'scroll_document':
      return browser.scroll(direction(args.direction), Math.round((direction(args.direction) === 'up' || direction(args.direction) === 'down' ? browser.height : browser.width) * 0.8));
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
