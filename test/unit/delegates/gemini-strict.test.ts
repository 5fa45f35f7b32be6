// The Gemini bugs of issue 14, each reproduced against the strict fake (request schema from the
// @google/genai types, function-call ids and thought signatures checked, 429/503 with retry-after,
// MALFORMED_FUNCTION_CALL): retries with backoff honouring retry-after, a malformed call retried,
// both computer-use action sets chosen by model, press_enter off by default, and unknown safety
// decisions refused.
import * as assert from 'assert';
import { DEFAULT_GEMINI_SETTINGS, GeminiBrowser, GeminiSettings } from '../../../src/orchestrator/delegates/gemini-browser';
import { actionSetFor } from '../../../src/orchestrator/delegates/computer-use-actions';
import { silentLogger } from '../../../src/orchestrator/ports';
import { GeminiComputerFake, functionResponsesOf, startGeminiComputerFake } from '../../fakes/gemini-computer-fake';
import { RecordingBrowser } from '../../fakes/recording-browser';
import { Fixture, LOCAL, ScriptedApproval, makeFixture } from '../security/security-fixture';
import { autoApprove } from './delegate-fixture';

const KEY = 'gemini-test-key';
const LEGACY = 'gemini-2.5-computer-use-preview-10-2025';
const CURRENT = 'gemini-3.5-flash';

describe('Gemini browser against the strict fake (issue 14)', () => {
  let f: Fixture;
  let fake: GeminiComputerFake | undefined;
  let waits: number[];

  beforeEach(async () => {
    f = await makeFixture(autoApprove(['browser']));
    waits = [];
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
    await f?.cleanup();
  });

  const run = (browser: RecordingBrowser, overrides: Partial<GeminiSettings> = {}, approve = true) =>
    new GeminiBrowser({
      settings: () => ({ ...DEFAULT_GEMINI_SETTINGS, baseUrl: fake!.baseURL, ...overrides }),
      apiKey: async () => KEY,
      launcher: async () => ({ browser }),
      gate: f.security.gate,
      approval: new ScriptedApproval(approve),
      logger: silentLogger,
      sleep: async (ms) => void waits.push(ms),
    }).run({ task: 'Do the thing', actor: { principal: LOCAL, expertId: 'qa-expert', taskId: 'browse-1' } });

  it('a 429 with retry-after is waited out and retried; 503s back off exponentially', async () => {
    fake = await startGeminiComputerFake({
      apiKey: KEY,
      script: [
        { httpError: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded', retryAfterSeconds: 7 } },
        { httpError: { code: 503, status: 'UNAVAILABLE', message: 'The model is overloaded' } },
        { httpError: { code: 503, status: 'UNAVAILABLE', message: 'The model is overloaded' } },
        { text: 'All done.' },
      ],
    });
    const result = await run(new RecordingBrowser(), { computerUseModel: LEGACY });
    assert.strictEqual(result.success, true, result.summary);
    assert.strictEqual(fake.requests.length, 4);
    assert.strictEqual(waits[0], 7_000, 'retry-after honoured');
    assert.ok(waits[2]! > waits[1]!, `backoff grows: ${waits.join(', ')}`);
  });

  it('a MALFORMED_FUNCTION_CALL is asked again instead of failing the task', async () => {
    fake = await startGeminiComputerFake({
      apiKey: KEY,
      script: [{ malformedFunctionCall: true }, { calls: [{ name: 'click_at', args: { x: 10, y: 10 } }] }, { text: 'Clicked.' }],
    });
    const browser = new RecordingBrowser(1000, 1000);
    const result = await run(browser, { computerUseModel: LEGACY });
    assert.strictEqual(result.success, true, result.summary);
    assert.deepStrictEqual(browser.actions, ['navigate about:blank', 'click 10,10']);
    assert.deepStrictEqual(fake.rejected, []);
  });

  it('the current action set (click, type, hotkey, press_key, scroll, wait, …) runs with a current model', async () => {
    assert.strictEqual(actionSetFor(LEGACY), 'legacy');
    assert.strictEqual(actionSetFor(CURRENT), 'current');
    fake = await startGeminiComputerFake({
      apiKey: KEY,
      script: [
        {
          calls: [
            { name: 'click', args: { x: 500, y: 500 } },
            { name: 'double_click', args: { x: 100, y: 100 } },
            { name: 'right_click', args: { x: 100, y: 100 } },
            { name: 'type', args: { text: 'hello' } },
            { name: 'hotkey', args: { keys: ['control', 'a'] } },
            { name: 'press_key', args: { key: 'Enter' } },
            { name: 'scroll', args: { x: 500, y: 500, direction: 'down', magnitude: 500 } },
            { name: 'wait', args: { seconds: 2 } },
            { name: 'move', args: { x: 0, y: 999 } },
            { name: 'click_at', args: { x: 1, y: 1 } },
          ],
        },
        { text: 'ok' },
      ],
    });
    const browser = new RecordingBrowser(1000, 800);
    const result = await run(browser, { computerUseModel: CURRENT });
    assert.strictEqual(result.success, true, result.summary);
    assert.deepStrictEqual(browser.actions, [
      'navigate about:blank',
      'click 500,400',
      'click 100,80 x2',
      'click 100,80 right',
      'type "hello"',
      'keys control+a',
      'keys Enter',
      'scroll down 400 at 500,400',
      'wait 2000',
      'hover 0,799',
    ]);
    const answers = functionResponsesOf(fake.requests[1]!);
    assert.match(String(answers[9]!.response.error), /not supported/, 'a legacy action is refused with the current set');
    assert.deepStrictEqual(
      answers.map((a) => a.id),
      Array.from({ length: 10 }, (_, i) => `fc-1-${i}`),
      'every call answered by id',
    );
    assert.deepStrictEqual(fake.rejected, [], 'thought signatures and ids went back unchanged');
  });

  it('type_text_at does not press Enter unless asked', async () => {
    fake = await startGeminiComputerFake({
      apiKey: KEY,
      script: [{ calls: [{ name: 'type_text_at', args: { x: 10, y: 10, text: 'query' } }] }, { text: 'typed' }],
    });
    const browser = new RecordingBrowser(1000, 1000);
    await run(browser, { computerUseModel: LEGACY });
    assert.deepStrictEqual(browser.actions, ['navigate about:blank', 'click 10,10', 'type "query" clear']);
  });

  it('a safety decision it does not understand is refused: nothing is executed, the task stops', async () => {
    fake = await startGeminiComputerFake({
      apiKey: KEY,
      script: [
        { calls: [{ name: 'click_at', args: { x: 10, y: 10, safety_decision: { decision: 'block_unless_admin', explanation: 'New policy.' } } }] },
        { text: 'never' },
      ],
    });
    const browser = new RecordingBrowser(1000, 1000);
    const result = await run(browser, { computerUseModel: LEGACY });
    assert.strictEqual(result.success, false);
    assert.match(result.summary, /unknown safety decision "block_unless_admin"/);
    assert.deepStrictEqual(browser.actions, ['navigate about:blank']);
    assert.strictEqual(fake.requests.length, 1);
  });
});
