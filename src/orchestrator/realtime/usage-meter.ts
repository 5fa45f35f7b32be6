// Token and cost accounting of a realtime session, from the `usage` of every `response.done`.
// Prices are per million tokens and configurable; the defaults are OpenAI's list prices for
// gpt-realtime (USD) and are only an estimate.

export interface RealtimePrices {
  textInputPerM: number;
  audioInputPerM: number;
  cachedInputPerM: number;
  textOutputPerM: number;
  audioOutputPerM: number;
}

export const DEFAULT_REALTIME_PRICES: RealtimePrices = {
  textInputPerM: 4,
  audioInputPerM: 32,
  cachedInputPerM: 0.4,
  textOutputPerM: 16,
  audioOutputPerM: 64,
};

export interface UsageTotals {
  responses: number;
  inputTokens: number;
  outputTokens: number;
  textInputTokens: number;
  audioInputTokens: number;
  cachedInputTokens: number;
  textOutputTokens: number;
  audioOutputTokens: number;
  /** Estimated cost in the prices' currency. */
  cost: number;
}

/** The shape of `response.done.response.usage` (fields may be missing on compatible servers). */
export interface ResponseUsage {
  input_tokens?: number;
  output_tokens?: number;
  input_token_details?: {
    text_tokens?: number;
    audio_tokens?: number;
    cached_tokens?: number;
    cached_tokens_details?: { text_tokens?: number; audio_tokens?: number };
  };
  output_token_details?: { text_tokens?: number; audio_tokens?: number };
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);

export function emptyTotals(): UsageTotals {
  return {
    responses: 0,
    inputTokens: 0,
    outputTokens: 0,
    textInputTokens: 0,
    audioInputTokens: 0,
    cachedInputTokens: 0,
    textOutputTokens: 0,
    audioOutputTokens: 0,
    cost: 0,
  };
}

export class UsageMeter {
  private totals = emptyTotals();

  constructor(private prices: RealtimePrices = DEFAULT_REALTIME_PRICES) {}

  setPrices(prices: RealtimePrices): void {
    this.prices = prices;
  }

  /** Adds one response's usage; returns the cost of that response. */
  add(usage: ResponseUsage | null | undefined): number {
    if (!usage || typeof usage !== 'object') return 0;
    const inDetails = usage.input_token_details ?? {};
    const outDetails = usage.output_token_details ?? {};
    const input = count(usage.input_tokens);
    const output = count(usage.output_tokens);
    // When the split is missing, everything counts as text (the cheaper guess is not taken: audio is
    // only counted when the server says so).
    const textIn = inDetails.text_tokens !== undefined || inDetails.audio_tokens !== undefined ? count(inDetails.text_tokens) : input;
    const audioIn = count(inDetails.audio_tokens);
    const textOut = outDetails.text_tokens !== undefined || outDetails.audio_tokens !== undefined ? count(outDetails.text_tokens) : output;
    const audioOut = count(outDetails.audio_tokens);
    const cached = Math.min(count(inDetails.cached_tokens), textIn + audioIn);
    const cachedAudio = Math.min(count(inDetails.cached_tokens_details?.audio_tokens), audioIn, cached);
    const cachedText = Math.min(cached - cachedAudio, textIn);
    const p = this.prices;
    const cost =
      ((textIn - cachedText) * p.textInputPerM +
        (audioIn - cachedAudio) * p.audioInputPerM +
        (cachedText + cachedAudio) * p.cachedInputPerM +
        textOut * p.textOutputPerM +
        audioOut * p.audioOutputPerM) /
      1_000_000;
    const t = this.totals;
    this.totals = {
      responses: t.responses + 1,
      inputTokens: t.inputTokens + input,
      outputTokens: t.outputTokens + output,
      textInputTokens: t.textInputTokens + textIn,
      audioInputTokens: t.audioInputTokens + audioIn,
      cachedInputTokens: t.cachedInputTokens + cachedText + cachedAudio,
      textOutputTokens: t.textOutputTokens + textOut,
      audioOutputTokens: t.audioOutputTokens + audioOut,
      cost: t.cost + cost,
    };
    return cost;
  }

  snapshot(): UsageTotals {
    return { ...this.totals };
  }

  reset(): void {
    this.totals = emptyTotals();
  }
}
