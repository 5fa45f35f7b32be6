// Event summaries by Claude (real SDK, loopback fake), and the built-in summary without a key or on failure.
import * as assert from 'assert';
import { ClaudeEventSummarizer } from '../../../src/orchestrator/delegates/claude-event-summarizer';
import { DEFAULT_CLAUDE_SETTINGS } from '../../../src/orchestrator/delegates/claude-coder';
import { ObservabilityManager } from '../../../src/orchestrator/observability/observability-manager';
import { systemClock } from '../../../src/orchestrator/ports';
import { AnthropicFake, startAnthropicFake, systemText } from '../../fakes/anthropic-fake';
import { API_KEY } from './delegate-fixture';
import { RecordingLogger } from '../../fakes/recording-logger';

describe('ClaudeEventSummarizer', () => {
  let fake: AnthropicFake | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const setup = (baseUrl: string, key: string | undefined) => {
    const logger = new RecordingLogger(['warn', 'error']);
    const summarizer = new ClaudeEventSummarizer({ apiKey: async () => key, settings: () => ({ ...DEFAULT_CLAUDE_SETTINGS, baseUrl }), logger });
    const manager = new ObservabilityManager({ clock: systemClock, logger, summarizer });
    const event = manager.sendEvent({ agentName: 'claude-coder', hookType: 'tool_call', sessionId: 's1', payload: { tool: 'edit_file', path: 'src/a.ts' } });
    return { logger, manager, event };
  };

  it('asks Claude for one sentence about the event', async () => {
    fake = await startAnthropicFake({ script: [{ text: 'The Claude coder edited src/a.ts.' }] });
    const { manager, event, logger } = setup(fake.baseURL, API_KEY);
    assert.strictEqual(await manager.generateEventSummary(event), 'The Claude coder edited src/a.ts.');
    const sent = fake.requests[0]!.body;
    assert.match(systemText(sent), /one plain sentence/);
    assert.match(JSON.stringify(sent.messages), /edit_file/);
    assert.deepStrictEqual(logger.warnings(), []);
  });

  it('uses the built-in summary, silently, while no key is set', async () => {
    const { manager, event, logger } = setup('http://127.0.0.1:9', undefined);
    const summary = await manager.generateEventSummary(event);
    assert.ok(summary.length > 0);
    assert.doesNotMatch(summary, /Claude coder edited/);
    assert.deepStrictEqual(logger.warnings(), []);
  });

  it('falls back to the built-in summary with a warning when the provider fails', async () => {
    fake = await startAnthropicFake({ script: [{ httpError: { status: 529, type: 'overloaded_error', message: 'Overloaded' } }] });
    const { manager, event, logger } = setup(fake.baseURL, API_KEY);
    const summary = await manager.generateEventSummary(event);
    assert.ok(summary.length > 0);
    assert.strictEqual(logger.warnings().length, 1);
    assert.match(logger.warnings()[0]!, /using the built-in one/);
  });
});
