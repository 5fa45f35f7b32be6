// Conformance of the strict Anthropic fake, driven by the official @anthropic-ai/sdk directly (no
// project code): unknown fields and unanswered tool_use refused as the API does, prompt-cache
// accounting, pause_turn, and a 429's retry-after honoured by the SDK's own retries.
import * as assert from 'assert';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsBase, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { APIError } from '@anthropic-ai/sdk';
import { AnthropicFake, startAnthropicFake } from '../../fakes/anthropic-fake';

const KEY = 'sk-ant-test-key';
/** One streamed request, as the project's clients make them. */
const send = (c: Anthropic, params: MessageCreateParamsBase) => c.messages.stream(params).finalMessage();
const LONG_SYSTEM = 'You are a careful reviewer of TypeScript code. '.repeat(120);

describe('conformance: the strict Anthropic fake under the official SDK', () => {
  let fake: AnthropicFake;
  afterEach(() => fake.close());
  const client = (maxRetries = 0) => new Anthropic({ apiKey: KEY, baseURL: fake.baseURL, maxRetries });

  it('refuses unknown fields, an unanswered tool_use, a stray tool_result and more than 4 cache breakpoints', async () => {
    fake = await startAnthropicFake({ script: [] });
    const c = client();
    const bad = (params: unknown) =>
      send(c, params as MessageCreateParamsBase).then(
        () => assert.fail('accepted'),
        (e: unknown) => e as APIError,
      );
    const base = { model: 'claude-sonnet-4-6', max_tokens: 64 };
    const unknown = await bad({ ...base, temperature_boost: 2, messages: [{ role: 'user', content: 'hi' }] });
    assert.strictEqual(unknown.status, 400);
    assert.match(unknown.message, /temperature_boost: Extra inputs are not permitted/);
    const unanswered: MessageParam[] = [
      { role: 'user', content: 'read it' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'a' } }] },
      { role: 'user', content: 'never mind' },
    ];
    assert.match((await bad({ ...base, messages: unanswered })).message, /tool_use` ids were found without `tool_result` blocks immediately after: toolu_1/);
    const stray: MessageParam[] = [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: 'x' }] }];
    assert.match((await bad({ ...base, messages: stray })).message, /unexpected `tool_use_id`/);
    const five = Array.from({ length: 5 }, (_, i) => ({ type: 'text' as const, text: `part ${i}`, cache_control: { type: 'ephemeral' as const } }));
    assert.match((await bad({ ...base, system: five, messages: [{ role: 'user', content: 'hi' }] })).message, /maximum of 4 blocks with cache_control/);
    assert.strictEqual(fake.rejected.length, 4);
  });

  it('accounts the prompt cache: written on the first request, read on the next one with the same prefix', async () => {
    fake = await startAnthropicFake({ script: [{ text: 'one' }, { text: 'two' }] });
    const c = client();
    const system = [{ type: 'text' as const, text: LONG_SYSTEM, cache_control: { type: 'ephemeral' as const } }];
    const first = await send(c, { model: 'claude-sonnet-4-6', max_tokens: 64, system, messages: [{ role: 'user', content: 'first question' }] });
    const second = await send(c, { model: 'claude-sonnet-4-6', max_tokens: 64, system, messages: [{ role: 'user', content: 'second question' }] });
    assert.ok(first.usage.cache_creation_input_tokens! > 1_024 && first.usage.cache_read_input_tokens === 0, JSON.stringify(first.usage));
    assert.strictEqual(second.usage.cache_read_input_tokens, first.usage.cache_creation_input_tokens);
    assert.strictEqual(second.usage.cache_creation_input_tokens, 0);
    assert.ok(second.usage.input_tokens < 20, 'only the new question is charged in full');
  });

  it('a prompt under 1024 tokens is not cached, as with the real API', async () => {
    fake = await startAnthropicFake({ script: [{ text: 'short' }] });
    const m = await send(client(), {
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.strictEqual(m.usage.cache_creation_input_tokens, 0);
  });

  it('pause_turn must be continued with the paused content; max_tokens cuts an answer that needs more', async () => {
    fake = await startAnthropicFake({
      script: [
        { pauseTurn: true, text: 'Searching' },
        { text: 'Found.', outputTokens: 100 },
      ],
    });
    const c = client();
    const first = await send(c, { model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'look it up' }] });
    assert.strictEqual(first.stop_reason, 'pause_turn');
    const wrong = await send(c, { model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'look it up' }] }).catch((e: APIError) => e);
    assert.match(String((wrong as APIError).message), /paused turn/);
    const resumed = await send(c, {
      model: 'claude-sonnet-4-6',
      max_tokens: 64,
      messages: [
        { role: 'user', content: 'look it up' },
        { role: 'assistant', content: first.content },
      ],
    }).catch((e: APIError) => e);
    assert.ok(!(resumed instanceof Error), String(resumed));
    assert.strictEqual((resumed as Anthropic.Message).stop_reason, 'max_tokens', 'an answer needing 100 tokens is cut at max_tokens 64');
  });

  it("a 429 with retry-after is retried by the SDK's own retries", async () => {
    fake = await startAnthropicFake({
      script: [
        { httpError: { status: 429, type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit', retryAfterSeconds: 0 } },
        { text: 'after the wait' },
      ],
    });
    const m = await send(client(2), { model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    assert.strictEqual((m.content[0] as Anthropic.TextBlock).text, 'after the wait');
    assert.strictEqual(fake.requests.length, 2);
  });
});
