// The delegates' settings and their defaults, apart from the delegates themselves: a host reads its
// settings at startup without loading the provider SDKs, which load on a delegate's first task.
import { DEFAULT_HTTP_RETRY, type HttpRetryPolicy } from '../retrying-fetch';

export interface ClaudeSettings {
  model: string;
  /** An Anthropic-compatible origin without /v1 (default: the SDK's, api.anthropic.com). */
  baseUrl?: string;
  maxTokens: number;
  maxTurns: number;
  /** Retries of 429/5xx/529 and dropped connections, with the SDK's backoff. */
  maxRetries: number;
  timeoutMs: number;
  /** Cache breakpoints on the tools, system prompt and conversation (default on). */
  promptCaching?: boolean;
}

export const DEFAULT_CLAUDE_SETTINGS: ClaudeSettings = { model: 'claude-sonnet-4-6', maxTokens: 8192, maxTurns: 25, maxRetries: 2, timeoutMs: 600_000 };

export interface GeminiSettings {
  /** Origin of a Gemini-compatible API (default: the SDK's, generativelanguage.googleapis.com). */
  baseUrl?: string;
  apiVersion: string;
  /** Model for research mode. */
  model: string;
  /** Model with the computer use tool. */
  computerUseModel: string;
  maxTurns: number;
  /** Page opened before the first screenshot. */
  startUrl: string;
  /** Screenshots kept in the conversation (older ones are dropped to bound the request size). */
  keepScreenshots: number;
  /** Retries of 408/429/5xx answers (retry-after honoured). */
  retry: HttpRetryPolicy;
  /** Times one turn is asked again after a MALFORMED_FUNCTION_CALL. */
  malformedRetries: number;
}

export const DEFAULT_GEMINI_SETTINGS: GeminiSettings = {
  apiVersion: 'v1beta',
  model: 'gemini-2.5-flash',
  computerUseModel: 'gemini-3.5-flash',
  maxTurns: 20,
  startUrl: 'about:blank',
  keepScreenshots: 3,
  retry: DEFAULT_HTTP_RETRY,
  malformedRetries: 2,
};
