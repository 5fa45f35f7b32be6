// Conformance of the strict Gemini fakes, driven by the official @google/genai SDK directly (no
// project code): unknown fields refused, function-call ids and thought signatures required back
// unchanged, every call answered, MALFORMED_FUNCTION_CALL, 429 with retry-after, and File Search
// uploads whose operations take several polls.
import * as assert from 'assert';
import { ApiError, Environment, FinishReason, GoogleGenAI, type Content } from '@google/genai';
import { GeminiComputerFake, startGeminiComputerFake } from '../../fakes/gemini-computer-fake';
import { FakeGemini, startFakeGemini } from '../../fakes/fake-gemini-server';

const KEY = 'gemini-test-key';
const MODEL = 'gemini-3.5-flash';

describe('conformance: the strict Gemini fakes under the official SDK', () => {
  let fake: GeminiComputerFake | undefined;
  let files: FakeGemini | undefined;
  afterEach(async () => {
    await fake?.close();
    await files?.close();
    fake = files = undefined;
  });
  const ai = (baseUrl: string, apiKey = KEY) => new GoogleGenAI({ apiKey, apiVersion: 'v1beta', httpOptions: { baseUrl } });
  const computerUse = { tools: [{ computerUse: { environment: Environment.ENVIRONMENT_BROWSER } }] };

  it('a function call comes with an id and a thought signature; both must come back, every call answered by id', async () => {
    fake = await startGeminiComputerFake({
      script: [
        {
          calls: [
            { name: 'click', args: { x: 1, y: 2 } },
            { name: 'wait', args: { seconds: 1 } },
          ],
        },
        { text: 'ok' },
        { text: 'ok' },
        { text: 'ok' },
      ],
    });
    const client = ai(fake.baseURL);
    const user: Content = { role: 'user', parts: [{ text: 'go' }] };
    const first = await client.models.generateContent({ model: MODEL, contents: [user], config: computerUse });
    const model = first.candidates![0]!.content!;
    const calls = model.parts!.map((p) => p.functionCall!);
    assert.deepStrictEqual(
      calls.map((c) => c.id),
      ['fc-1-0', 'fc-1-1'],
    );
    assert.ok(model.parts![0]!.thoughtSignature, 'the first call part carries a thought signature');
    const answers: Content = { role: 'user', parts: calls.map((c) => ({ functionResponse: { id: c.id!, name: c.name!, response: { url: 'about:blank' } } })) };
    const refused = async (contents: Content[]) =>
      client.models.generateContent({ model: MODEL, contents, config: computerUse }).then(
        () => assert.fail('accepted'),
        (e: unknown) => e as ApiError,
      );
    const stripped: Content = { role: 'model', parts: model.parts!.map(({ thoughtSignature: _drop, ...rest }) => rest) };
    assert.match((await refused([user, stripped, answers])).message, /missing a thought_signature/);
    assert.match((await refused([user, model, { role: 'user', parts: answers.parts!.slice(0, 1) }])).message, /number of function response parts/);
    const wrongId: Content = { role: 'user', parts: calls.map((c, i) => ({ functionResponse: { id: `other-${i}`, name: c.name!, response: {} } })) };
    assert.match((await refused([user, model, wrongId])).message, /does not answer function call/);
    const ok = await client.models.generateContent({ model: MODEL, contents: [user, model, answers], config: computerUse });
    assert.strictEqual(ok.text, 'ok');
    assert.strictEqual(fake.rejected.length, 3);
  });

  it("refuses a field the API does not know (sent raw: the SDK's converters drop unknown fields themselves)", async () => {
    fake = await startGeminiComputerFake({ script: [] });
    const client = ai(fake.baseURL);
    const sdkSent = await client.models.generateContent({ model: MODEL, contents: [{ role: 'user', parts: [{ text: 'hi', bogusField: 1 } as never] }] });
    assert.strictEqual(sdkSent.text, 'Done.', 'the SDK never sends it');
    const raw = await fetch(`${fake.baseURL}/v1beta/models/${MODEL}:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { temperature: 1, creativity: 11 } }),
    });
    assert.strictEqual(raw.status, 400);
    assert.match(await raw.text(), /Unknown name \\"creativity\\"/);
  });

  it('MALFORMED_FUNCTION_CALL finishes with no content; a 429 carries retry-after and RetryInfo', async () => {
    fake = await startGeminiComputerFake({
      script: [{ malformedFunctionCall: true }, { httpError: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded', retryAfterSeconds: 5 } }],
    });
    const client = ai(fake.baseURL);
    const malformed = await client.models.generateContent({ model: MODEL, contents: 'go', config: computerUse });
    assert.strictEqual(malformed.candidates![0]!.finishReason, FinishReason.MALFORMED_FUNCTION_CALL);
    assert.strictEqual(malformed.candidates![0]!.content, undefined);
    const limited = await client.models.generateContent({ model: MODEL, contents: 'go', config: computerUse }).then(
      () => assert.fail('accepted'),
      (e: unknown) => e as ApiError,
    );
    assert.strictEqual(limited.status, 429);
    assert.match(limited.message, /"retryDelay":"5s"/);
  });

  it('File Search: an upload is a long-running operation that takes several polls', async () => {
    files = await startFakeGemini({ apiKey: KEY, pollsUntilDone: 3 });
    const client = ai(files.baseUrl);
    const store = await client.fileSearchStores.create({ config: { displayName: 'conformance' } });
    let op = await client.fileSearchStores.uploadToFileSearchStore({
      fileSearchStoreName: store.name!,
      file: new Blob(['The invoice total is rounded.'], { type: 'text/plain' }),
      config: { displayName: 'a.md', mimeType: 'text/plain' },
    });
    let polls = 0;
    while (!op.done) {
      op = await client.operations.get({ operation: op });
      polls++;
    }
    assert.strictEqual(polls, 3);
    assert.match(String(op.response?.documentName), /^fileSearchStores\/.+\/documents\//);
  });
});
