// The Claude bugs of issue 14, each reproduced against the strict Anthropic fake (request schema from
// the SDK types, every tool_use answered, prompt-cache accounting, max_tokens cuts, pause_turn):
// prompt caching with the cache hits counted, continuation after max_tokens and pause_turn, in the
// coder and in the observability summarizer.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { ExpertCatalog } from '../../../src/orchestrator/agents/expert-catalog';
import { DEFAULT_CLAUDE_SETTINGS } from '../../../src/orchestrator/delegates/claude-coder';
import { ClaudeEventSummarizer } from '../../../src/orchestrator/delegates/claude-event-summarizer';
import { ObservabilityManager } from '../../../src/orchestrator/observability/observability-manager';
import { systemClock } from '../../../src/orchestrator/ports';
import { AnthropicFake, startAnthropicFake } from '../../fakes/anthropic-fake';
import { RecordingLogger } from '../../fakes/recording-logger';
import { API_KEY, CoderFixture, autoApprove, loadCatalog, makeCoderFixture } from './delegate-fixture';

describe('Claude against the strict Anthropic fake (issue 14)', () => {
  let catalog: ExpertCatalog;
  let x: CoderFixture;
  let fake: AnthropicFake | undefined;

  before(async () => {
    catalog = await loadCatalog();
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
    await x?.cleanup();
  });

  it('caches the system prompt and tools: later turns read them from the cache, and the hits are counted', async () => {
    x = await makeCoderFixture(autoApprove(['read', 'edit']));
    const read = { toolUses: [{ name: 'read_file', input: { path: 'src/a.ts' } }] };
    fake = await startAnthropicFake({ script: [read, read, read, { text: 'Read it three times.' }] });
    const expert = catalog.get('backend-architect');
    const result = await x.coder(fake.baseURL).run({ task: 'Read src/a.ts three times', expert, actor: x.actor(expert.id) });
    assert.strictEqual(result.success, true, result.summary);
    assert.deepStrictEqual(fake.rejected, []);
    const usages = fake.requests.map((r) => r.usage!);
    assert.ok(usages[0]!.cache_creation_input_tokens > 1_000, `the first turn writes the cache: ${JSON.stringify(usages[0])}`);
    const prompt = (u: (typeof usages)[number]) => u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens;
    usages
      .slice(1)
      .forEach((u, i) =>
        assert.strictEqual(
          u.cache_read_input_tokens,
          prompt(usages[i]!),
          `turn ${i + 2} reads the whole previous prompt from the cache: ${JSON.stringify(usages)}`,
        ),
      );
    assert.strictEqual(
      result.usage.cacheReadTokens,
      usages.reduce((s, u) => s + u.cache_read_input_tokens, 0),
    );
    assert.strictEqual(
      result.usage.cacheCreationTokens,
      usages.reduce((s, u) => s + u.cache_creation_input_tokens, 0),
    );
    assert.strictEqual(
      result.usage.inputTokens,
      usages.reduce((s, u) => s + u.input_tokens, 0),
    );
  });

  it('a create_file cut at max_tokens is retried with more room instead of failing the task', async () => {
    x = await makeCoderFixture(autoApprove(['read', 'edit']));
    const content = 'export const big = 1;\n'.repeat(400);
    fake = await startAnthropicFake({
      script: [{ toolUses: [{ name: 'create_file', input: { path: 'src/big.ts', content } }], outputTokens: 12_000 }, { text: 'Created src/big.ts.' }],
    });
    const expert = catalog.get('backend-architect');
    const result = await x.coder(fake.baseURL, { maxTokens: 8_192 }).run({ task: 'Create a big file', expert, actor: x.actor(expert.id) });
    assert.strictEqual(result.success, true, result.summary);
    assert.strictEqual(fs.readFileSync(path.join(x.f.workspace, 'src', 'big.ts'), 'utf8'), content);
    assert.deepStrictEqual(
      fake.requests.map((r) => r.body.max_tokens),
      [8_192, 16_384, 8_192],
    );
    assert.deepStrictEqual(fake.rejected, []);
  });

  it('a text answer cut at max_tokens is continued and joined', async () => {
    x = await makeCoderFixture(autoApprove(['read']));
    const summary = `Summary: ${'all tests pass and the module is documented. '.repeat(20)}`.trim();
    fake = await startAnthropicFake({ script: [{ text: summary, outputTokens: 1_500 }] });
    const expert = catalog.get('backend-architect');
    const result = await x.coder(fake.baseURL, { maxTokens: 1_000 }).run({ task: 'Summarize', expert, actor: x.actor(expert.id) });
    assert.strictEqual(result.success, true, result.summary);
    assert.strictEqual(result.summary, summary);
    assert.strictEqual(fake.requests.length, 2);
    assert.deepStrictEqual(fake.rejected, []);
  });

  it('pause_turn: the paused assistant content is sent back and the turn continues', async () => {
    x = await makeCoderFixture(autoApprove(['read']));
    fake = await startAnthropicFake({ script: [{ pauseTurn: true, text: 'Searching the docs' }, { text: 'Found it.' }] });
    const expert = catalog.get('backend-architect');
    const result = await x.coder(fake.baseURL).run({ task: 'Look it up', expert, actor: x.actor(expert.id) });
    assert.strictEqual(result.success, true, result.summary);
    assert.match(result.summary, /Found it\./);
    assert.strictEqual(fake.requests.length, 2);
    assert.deepStrictEqual(fake.rejected, []);
  });

  it('the summarizer continues a sentence cut at max_tokens and a paused turn', async () => {
    const sentence = 'The Claude coder edited src/a.ts and every test of the invoice module passed after the change.';
    fake = await startAnthropicFake({ script: [{ pauseTurn: true }, { text: sentence, outputTokens: 200 }] });
    const logger = new RecordingLogger(['warn', 'error']);
    const summarizer = new ClaudeEventSummarizer({
      apiKey: async () => API_KEY,
      settings: () => ({ ...DEFAULT_CLAUDE_SETTINGS, baseUrl: fake!.baseURL }),
      logger,
    });
    const manager = new ObservabilityManager({ clock: systemClock, logger, summarizer });
    const event = manager.sendEvent({ agentName: 'claude-coder', hookType: 'tool_call', sessionId: 's1', payload: { tool: 'edit_file', path: 'src/a.ts' } });
    assert.strictEqual(await manager.generateEventSummary(event), sentence);
    assert.strictEqual(fake.requests.length, 3);
    assert.deepStrictEqual(fake.rejected, []);
    assert.deepStrictEqual(logger.warnings(), []);
  });
});
