// The provider SDKs (Anthropic, Google GenAI) load on first use, not when a host starts: each
// delegate's module is required (and so evaluated, in the bundle too) the first time it is asked to work.
import type { ClaudeCoder, ClaudeCoderOptions, CoderRequest } from '../delegates/claude-coder';
import type { ClaudeEventSummarizerOptions } from '../delegates/claude-event-summarizer';
import type { DelegateResult } from '../delegates/delegate-types';
import type { BrowserRequest, GeminiBrowser, GeminiBrowserOptions } from '../delegates/gemini-browser';
import type { EventSummarizer } from '../observability/event-summary';
import type { ObservabilityEvent } from '../observability/event-types';

/** Creates `make()` once, on the first call. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

export type Coder = Pick<ClaudeCoder, 'run'>;
export type Browser = Pick<GeminiBrowser, 'run'>;

export function lazyClaudeCoder(options: ClaudeCoderOptions): Coder {
  // The module is bound first: tsc 7 drops the parentheses of `new (require(…) as T).C()`, which then calls `new require(…)`.
  const coder = once(async () => {
    const { ClaudeCoder: Coder } = require('../delegates/claude-coder') as typeof import('../delegates/claude-coder');
    return new Coder(options);
  });
  return { run: async (request: CoderRequest): Promise<DelegateResult> => (await coder()).run(request) };
}

export function lazyGeminiBrowser(options: GeminiBrowserOptions): Browser {
  const browser = once(async () => {
    const { GeminiBrowser: Browser } = require('../delegates/gemini-browser') as typeof import('../delegates/gemini-browser');
    return new Browser(options);
  });
  return { run: async (request: BrowserRequest) => (await browser()).run(request) };
}

export function lazyClaudeSummarizer(options: ClaudeEventSummarizerOptions): EventSummarizer {
  const summarizer = once(async () => {
    const { ClaudeEventSummarizer: Summarizer } = require('../delegates/claude-event-summarizer') as typeof import('../delegates/claude-event-summarizer');
    return new Summarizer(options);
  });
  return {
    get name() {
      const settings = options.settings();
      return `${options.model ?? settings.model}${settings.baseUrl ? ` at ${settings.baseUrl}` : ''}`;
    },
    available: async () => Boolean(await options.apiKey()),
    summarize: async (event: ObservabilityEvent, signal: AbortSignal) => (await summarizer()).summarize(event, signal),
  };
}
