// Observability's event summaries written by Claude when an Anthropic key is set; until then the
// manager uses its built-in summary without asking. A sentence cut at max_tokens or a paused turn
// is continued (a few requests at most), so a summary is never half a sentence.
import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { CONTINUE_PROMPT, keptContent, nextStep, textOf } from './claude-continuation';
import type { LoggerPort } from '../ports';
import type { EventSummarizer } from '../observability/event-summary';
import type { ObservabilityEvent } from '../observability/event-types';
import type { ClaudeSettings } from './claude-coder';

const MAX_EVENT_JSON = 4_000;
const MAX_REQUESTS = 4;
const SYSTEM =
  'You summarize events of a coding-agent system for a developer. Answer with one plain sentence of at most 25 words: who did what, and the outcome. No preamble, no markdown.';

export interface ClaudeEventSummarizerOptions {
  apiKey: () => Promise<string | undefined>;
  settings: () => ClaudeSettings;
  logger: LoggerPort;
  /** A smaller model is enough for one sentence; default: the coder's model. */
  model?: string;
}

export class ClaudeEventSummarizer implements EventSummarizer {
  constructor(private readonly options: ClaudeEventSummarizerOptions) {}

  get name(): string {
    const settings = this.options.settings();
    return `${this.options.model ?? settings.model}${settings.baseUrl ? ` at ${settings.baseUrl}` : ''}`;
  }

  async available(): Promise<boolean> {
    return Boolean(await this.options.apiKey());
  }

  async summarize(event: ObservabilityEvent, signal: AbortSignal): Promise<string> {
    const apiKey = await this.options.apiKey();
    if (!apiKey) throw new Error('no Anthropic API key is set');
    const settings = this.options.settings();
    const client = new Anthropic({
      apiKey,
      maxRetries: 0,
      timeout: 15_000,
      logger: this.options.logger,
      logLevel: 'warn',
      ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
    });
    const described = JSON.stringify({ agent: event.agentName, hook: event.hookType, session: event.sessionId, payload: event.payload }).slice(
      0,
      MAX_EVENT_JSON,
    );
    const messages: MessageParam[] = [{ role: 'user', content: described }];
    let text = '';
    for (let request = 1; request <= MAX_REQUESTS; request++) {
      const stream = client.messages.stream({ model: this.options.model ?? settings.model, max_tokens: 120, system: SYSTEM, messages }, { signal });
      const message = await stream.finalMessage();
      text += textOf(message);
      const step = nextStep(message, 120);
      if (step.kind !== 'resume' && step.kind !== 'continue') break;
      const kept = keptContent(message);
      if (kept.length) messages.push({ role: 'assistant', content: kept });
      if (step.kind === 'continue') messages.push({ role: 'user', content: CONTINUE_PROMPT });
    }
    return text.replace(/\s+/g, ' ').trim();
  }
}
