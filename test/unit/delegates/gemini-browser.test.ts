// The Gemini browser driving the REAL @google/genai SDK against a loopback computer-use fake: the
// screenshot → action loop (with a real headless Chromium on a local page, and with a recording
// browser), safety confirmations, the browser_use permission, research mode, errors, turn limit.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { findChromium, playwrightLauncher } from '../../../src/adapters/playwright-browser';
import { DEFAULT_GEMINI_SETTINGS, GeminiBrowser, GeminiSettings, BrowserLauncher } from '../../../src/orchestrator/delegates/gemini-browser';
import type { DelegateEvent } from '../../../src/orchestrator/delegates/delegate-types';
import { DelegateProviderError } from '../../../src/orchestrator/delegates/errors';
import { silentLogger } from '../../../src/orchestrator/ports';
import { AccessDeniedError } from '../../../src/orchestrator/security/errors';
import { GeminiComputerFake, functionResponsesOf, startGeminiComputerFake } from '../../fakes/gemini-computer-fake';
import { RecordingBrowser } from '../../fakes/recording-browser';
import { Fixture, LOCAL, ScriptedApproval, makeFixture } from '../security/security-fixture';
import { autoApprove } from './delegate-fixture';

const KEY = 'gemini-test-key';

describe('Gemini browser (real @google/genai SDK, loopback fake)', () => {
  let f: Fixture;
  let fake: GeminiComputerFake | undefined;
  let confirm: ScriptedApproval;
  let events: DelegateEvent[];

  afterEach(async () => {
    await fake?.close();
    fake = undefined;
    await f?.cleanup();
  });

  async function setup(settings = autoApprove(['browser'])): Promise<void> {
    f = await makeFixture(settings);
    confirm = new ScriptedApproval(true);
    events = [];
  }

  function browserFor(launcher: BrowserLauncher, overrides: Partial<GeminiSettings> = {}): GeminiBrowser {
    return new GeminiBrowser({
      // These tests speak the legacy action set (click_at, type_text_at, …); gemini-strict.test.ts covers the current one.
      settings: () => ({ ...DEFAULT_GEMINI_SETTINGS, computerUseModel: 'gemini-2.5-computer-use-preview-10-2025', baseUrl: fake!.baseURL, ...overrides }),
      apiKey: async () => KEY,
      launcher,
      gate: f.security.gate,
      approval: confirm,
      logger: silentLogger,
    });
  }

  const actor = (expertId = 'qa-expert') => ({ principal: LOCAL, expertId, taskId: 'browse-1' });
  const recording =
    (browser: RecordingBrowser): BrowserLauncher =>
    async () => ({ browser });

  it('drives a real headless Chromium on a local page: navigate, type, submit, finish', async function () {
    const chromium = findChromium();
    if (!chromium.path) this.skip();
    this.timeout(30_000);
    await setup();
    const hits: string[] = [];
    const page = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<html><body style="margin:0"><form action="/search"><input name="q" autofocus style="position:absolute;left:0;top:0;width:100%;height:200px;font-size:40px"></form><p style="margin-top:300px">${req.url}</p></body></html>`,
      );
    });
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    const pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
    try {
      fake = await startGeminiComputerFake({
        apiKey: KEY,
        script: [
          { text: 'I will open the page.', calls: [{ name: 'navigate', args: { url: pageUrl } }] },
          { calls: [{ name: 'type_text_at', args: { x: 500, y: 100, text: 'hello', press_enter: true, clear_before_typing: true } }] },
          { text: 'I searched for hello.' },
        ],
      });
      const launcher = playwrightLauncher(() => ({ executablePath: chromium.path!, headless: true, width: 1000, height: 800, actionTimeoutMs: 10_000 }));
      const result = await browserFor(launcher).run({ task: 'Search the local page for hello', actor: actor(), onEvent: (e) => events.push(e) });
      assert.strictEqual(result.mode, 'browser');
      assert.strictEqual(result.success, true, result.summary);
      assert.strictEqual(result.summary, 'I searched for hello.');
      assert.ok(hits.includes('/search?q=hello'), `page requests: ${hits.join(', ')}`);
      // The SDK spoke v1beta with the computer use tool; the answers carried the URL and a real PNG screenshot.
      assert.strictEqual(fake.requests[0]!.version, 'v1beta');
      assert.deepStrictEqual(fake.requests[0]!.body.tools, [{ computerUse: { environment: 'ENVIRONMENT_BROWSER' } }]);
      const [afterNavigate] = functionResponsesOf(fake.requests[1]!);
      assert.strictEqual(afterNavigate!.name, 'navigate');
      assert.strictEqual(afterNavigate!.response.url, pageUrl);
      const png = Buffer.from(afterNavigate!.parts![0]!.inlineData!.data, 'base64');
      assert.strictEqual(png.subarray(1, 4).toString(), 'PNG');
      assert.ok(png.length > 1000, 'a real screenshot');
      assert.match(String(functionResponsesOf(fake.requests[2]!)[0]!.response.url), /\/search\?q=hello$/);
      const records = await f.security.audit.searchEvents({ type: 'browser_action' });
      assert.strictEqual(records.filter((r) => r.outcome === 'allowed' && r.operation === 'browser.action').length, 1, 'one authorization for the session');
      assert.deepStrictEqual(
        records
          .filter((r) => r.details?.action)
          .map((r) => r.details!.action)
          .sort(),
        ['navigate', 'type_text_at'],
      );
    } finally {
      await new Promise<void>((r) => page.close(() => r()));
    }
  });

  it('maps the 0–999 grid to the viewport and runs every predefined action', async () => {
    await setup();
    fake = await startGeminiComputerFake({
      apiKey: KEY,
      script: [
        {
          calls: [
            { name: 'click_at', args: { x: 500, y: 500 } },
            { name: 'hover_at', args: { x: 999, y: 0 } },
            { name: 'key_combination', args: { keys: 'control+a' } },
            { name: 'scroll_document', args: { direction: 'down' } },
            { name: 'scroll_at', args: { x: 100, y: 100, direction: 'up', magnitude: 500 } },
            { name: 'drag_and_drop', args: { x: 0, y: 0, destination_x: 250, destination_y: 250 } },
            { name: 'go_back', args: {} },
            { name: 'open_the_pod_bay_doors', args: {} },
          ],
        },
        { text: 'ok' },
      ],
    });
    const browser = new RecordingBrowser(1000, 800);
    await browserFor(recording(browser)).run({ task: 'Try everything', actor: actor() });
    assert.deepStrictEqual(browser.actions, [
      'navigate about:blank',
      'click 500,400',
      'hover 999,0',
      'keys control+a',
      'scroll down 640',
      'scroll up 400 at 100,80',
      'drag 0,0 -> 250,200',
      'back',
    ]);
    const answers = functionResponsesOf(fake.requests[1]!);
    assert.strictEqual(answers.length, 8, 'every call is answered, the unsupported one with an error');
    assert.match(String(answers[7]!.response.error), /not supported/);
    assert.ok(browser.closed);
  });

  it('puts a require_confirmation to the user; a refusal stops the task before the action', async () => {
    await setup();
    confirm.answer = false;
    fake = await startGeminiComputerFake({
      apiKey: KEY,
      script: [
        { calls: [{ name: 'click_at', args: { x: 10, y: 10, safety_decision: { decision: 'require_confirmation', explanation: 'This buys the item.' } } }] },
        { text: 'should never be asked' },
      ],
    });
    const browser = new RecordingBrowser();
    const result = await browserFor(recording(browser)).run({ task: 'Buy it', actor: actor(), onEvent: (e) => events.push(e) });
    assert.strictEqual(confirm.requests.length, 1);
    assert.match(confirm.requests[0]!.detail, /This buys the item\./);
    assert.deepStrictEqual(browser.actions, ['navigate about:blank'], 'the click never happened');
    assert.strictEqual(fake.requests.length, 1, 'Gemini was not asked again');
    assert.strictEqual(result.success, false);
    assert.match(result.summary, /you declined "click_at"/);
    assert.ok(events.some((e) => e.type === 'safety' && !e.approved));
    const denied = await f.security.audit.searchEvents({ type: 'authorization_denied' });
    assert.ok(denied.some((r) => r.operation === 'browser.action' && /declined/.test(r.message)));
  });

  it('acknowledges a confirmed action in the function response', async () => {
    await setup();
    fake = await startGeminiComputerFake({
      apiKey: KEY,
      script: [
        { calls: [{ name: 'click_at', args: { x: 10, y: 10, safety_decision: { decision: 'require_confirmation', explanation: 'Accept cookies?' } } }] },
        { text: 'Done.' },
      ],
    });
    const browser = new RecordingBrowser();
    const result = await browserFor(recording(browser)).run({ task: 'Accept cookies', actor: actor() });
    assert.strictEqual(result.success, true);
    assert.deepStrictEqual(browser.actions, ['navigate about:blank', 'click 10,8']);
    assert.strictEqual(functionResponsesOf(fake.requests[1]!)[0]!.response.safety_acknowledgement, 'true');
  });

  it('needs the browser_use permission and an expert with the browser tool before anything launches', async () => {
    await setup({ ...autoApprove(['browser']), localRole: 'viewer' });
    fake = await startGeminiComputerFake({ apiKey: KEY, script: [] });
    let launched = 0;
    const launcher: BrowserLauncher = async () => {
      launched++;
      return { browser: new RecordingBrowser() };
    };
    await assert.rejects(
      browserFor(launcher).run({ task: 'Browse', actor: actor() }),
      (e: unknown) => e instanceof AccessDeniedError && /browser_use/.test(e.message),
    );
    f.security.updateSettings({ localRole: 'developer' });
    await assert.rejects(browserFor(launcher).run({ task: 'Browse', actor: actor('code-reviewer') }), /has none of the tools browser/);
    assert.strictEqual(launched, 0);
    assert.strictEqual(fake.requests.length, 0);
  });

  it('answers in research mode, without browsing, when no browser is available', async () => {
    await setup();
    fake = await startGeminiComputerFake({ apiKey: KEY, script: [{ text: 'Vite serves on port 5173 by default.' }] });
    const result = await browserFor(async () => ({ reason: 'no Chromium was found' }), { model: 'gemini-2.5-flash' }).run({
      task: 'Which port does Vite use?',
      actor: actor(),
      onEvent: (e) => events.push(e),
    });
    assert.strictEqual(result.mode, 'research');
    assert.strictEqual(result.summary, '(research mode, no browser) Vite serves on port 5173 by default.');
    assert.strictEqual(fake.requests[0]!.model, 'gemini-2.5-flash');
    assert.strictEqual(fake.requests[0]!.body.tools, undefined);
    assert.ok(events.some((e) => e.type === 'status' && /no Chromium was found/.test(e.message)));
  });

  it('surfaces provider errors and stops at the turn limit', async () => {
    await setup();
    fake = await startGeminiComputerFake({ apiKey: KEY, script: [{ httpError: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded' } }] });
    const browser = new RecordingBrowser();
    await assert.rejects(
      browserFor(recording(browser), { retry: { ...DEFAULT_GEMINI_SETTINGS.retry, attempts: 1 } }).run({ task: 'x', actor: actor() }),
      (e: unknown) => e instanceof DelegateProviderError && e.status === 429 && /rate limit/.test(e.message),
    );
    assert.ok(browser.closed, 'the browser is closed after an error');
    await fake.close();
    const wait = { calls: [{ name: 'wait_5_seconds', args: {} }] };
    fake = await startGeminiComputerFake({ apiKey: KEY, script: [wait, wait, wait] });
    const result = await browserFor(recording(new RecordingBrowser()), { maxTurns: 2 }).run({ task: 'x', actor: actor() });
    assert.strictEqual(result.success, false);
    assert.match(result.summary, /Stopped after 2 turns/);
    assert.strictEqual(fake.requests.length, 2);
  });

  it('finds the configured browser or reports why there is none', () => {
    assert.deepStrictEqual(
      findChromium('/nope/chrome', () => false),
      { reason: 'the configured browser /nope/chrome (bigThree.browser.executablePath) does not exist' },
    );
    assert.strictEqual(findChromium('/opt/chrome', (p) => p === '/opt/chrome').path, '/opt/chrome');
    assert.match(findChromium(undefined, () => false).reason, /no Chromium, Chrome or Edge was found/);
    if (fs.existsSync('/usr/bin/chromium') && process.platform === 'linux') assert.strictEqual(findChromium().path, '/usr/bin/chromium');
  });
});
