// The request types the provider fakes validate against, taken as-is from the installed SDKs'
// published .d.ts files. scripts/generate-provider-schemas.js turns each exported type below into a
// JSON schema (test/fakes/schemas/*.schema.json); rerun `npm run generate:schemas` after an SDK upgrade.
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages/messages';
import type { Content, GenerationConfig, SafetySetting, Tool, ToolConfig } from '@google/genai';

/** Every event a GA Realtime client may send (openai `RealtimeClientEvent`). */
export type OpenAIRealtimeClientEvent = RealtimeClientEvent;

/** The body of POST /v1/messages (@anthropic-ai/sdk `MessageCreateParams`, streaming or not). */
export type AnthropicMessageCreateBody = MessageCreateParamsBase;

/**
 * The body of POST /{version}/models/{model}:generateContent as @google/genai sends it: the SDK moves
 * `config` fields onto these wire fields, each typed by the SDK's own interface.
 */
export interface GeminiGenerateContentBody {
  contents: Content[];
  systemInstruction?: Content;
  tools?: Tool[];
  toolConfig?: ToolConfig;
  safetySettings?: SafetySetting[];
  generationConfig?: GenerationConfig;
  cachedContent?: string;
  labels?: Record<string, string>;
}
