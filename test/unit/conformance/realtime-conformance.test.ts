// Conformance of the strict realtime fake, driven by the official `openai` SDK directly (no project
// code): what the GA server accepts and refuses, server VAD on streamed audio energy, truncation,
// cancellation and rate limits. The process prints how many client messages each provider fake
// validated against its generated schema (a root hook, after every test file of the run).
import * as assert from 'assert';
import * as net from 'net';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import { schemaValidator, validatedCounts } from '../../fakes/provider-schemas';
import { RealtimeFake, startRealtimeFake, tonePcm16Base64 } from '../../fakes/realtime-fake';

after(() => {
  const sources = (['openai-realtime-client-event', 'anthropic-message-create', 'gemini-generate-content'] as const).map(
    (n) => `  ${n}: ${validatedCounts()[n] ?? 0} messages validated (${schemaValidator(n).source})`,
  );
  process.stdout.write(`\nProvider fakes, client messages validated against SDK-generated schemas:\n${sources.join('\n')}\n`);
});

type Ev = { type: string; [k: string]: any };

async function connect(
  fake: RealtimeFake,
): Promise<{ rt: OpenAIRealtimeWS; events: Ev[]; errors: Array<{ code?: string; message: string }>; next(type: string, timeoutMs?: number): Promise<Ev> }> {
  const port = fake.port;
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL });
  const rt = new OpenAIRealtimeWS({ model: 'gpt-realtime-2.1', options: { createConnection: () => net.connect(port, '127.0.0.1') } as never }, client);
  const events: Ev[] = [];
  const errors: Array<{ code?: string; message: string }> = [];
  const waiters: Array<{ type: string; resolve: (e: Ev) => void }> = [];
  rt.on('event', (e) => {
    events.push(e as Ev);
    for (const w of [...waiters]) if (w.type === e.type) (waiters.splice(waiters.indexOf(w), 1), w.resolve(e as Ev));
  });
  rt.on('error', (err) => errors.push({ code: (err as { error?: { code?: string } }).error?.code ?? undefined, message: err.message }));
  const next = (type: string, timeoutMs = 3_000) => {
    const seen = events.find((e) => e.type === type && !(e as { _taken?: boolean })._taken);
    if (seen) return Promise.resolve(Object.assign(seen, { _taken: true }));
    return new Promise<Ev>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type}; saw ${events.map((e) => e.type).join(', ')}`)), timeoutMs);
      waiters.push({ type, resolve: (e) => (clearTimeout(timer), resolve(Object.assign(e, { _taken: true }))) });
    });
  };
  await next('session.created');
  return { rt, events, errors, next };
}

const until = async (probe: () => boolean, what: string) => {
  for (let i = 0; i < 300 && !probe(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(probe(), what);
};

describe('conformance: the strict realtime fake under the official openai SDK', () => {
  let fake: RealtimeFake;
  let rt: OpenAIRealtimeWS | undefined;
  afterEach(async () => {
    rt?.close();
    rt = undefined;
    await fake.close();
  });

  it('refuses what the GA server refuses: unknown fields, missing session.type, short commits, idle cancels, unknown events', async () => {
    fake = await startRealtimeFake();
    const c = await connect(fake);
    rt = c.rt;
    c.rt.send({ type: 'session.update', session: { type: 'realtime', temperature: 0.8 } } as unknown as RealtimeClientEvent);
    c.rt.send({ type: 'session.update', session: { instructions: 'x' } } as unknown as RealtimeClientEvent);
    c.rt.send({ type: 'input_audio_buffer.append', audio: tonePcm16Base64(50) });
    c.rt.send({ type: 'input_audio_buffer.commit' });
    c.rt.send({ type: 'response.cancel' });
    c.rt.send({ type: 'session.delete' } as unknown as RealtimeClientEvent);
    await until(
      () => c.errors.length === 5,
      `five errors, got ${JSON.stringify(c.errors)} / ${JSON.stringify(fake.rejected)} / ${c.events.map((e) => e.type)}`,
    );
    const codes = ['unknown_parameter', 'invalid_value', 'input_audio_buffer_commit_empty', 'response_cancel_not_active', 'invalid_value'];
    assert.deepStrictEqual(
      c.errors.map((e) => e.code),
      codes,
      'each refusal reaches the SDK as an error event',
    );
    assert.deepStrictEqual(
      fake.rejected.map((r) => r.code),
      codes,
    );
    assert.match(fake.rejected[0]!.message, /Unknown parameter: 'session.temperature'/);
    assert.match(fake.rejected[2]!.message, /Expected at least 100ms of audio, but buffer only has 50.00ms/);
  });

  it('accepts a full GA session: update, typed turn, response, and refuses a second response.create while one runs', async () => {
    fake = await startRealtimeFake({ chunkIntervalMs: 20 });
    const c = await connect(fake);
    rt = c.rt;
    c.rt.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        output_modalities: ['audio'],
        audio: {
          input: { format: { type: 'audio/pcm', rate: 24_000 }, turn_detection: null, noise_reduction: { type: 'far_field' } },
          output: { format: { type: 'audio/pcm', rate: 24_000 }, voice: 'marin' },
        },
        tools: [{ type: 'function', name: 'f', description: 'd', parameters: { type: 'object', properties: {} } }],
        tool_choice: 'auto',
      },
    });
    await c.next('session.updated');
    c.rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'tell me a story' }] } });
    c.rt.send({ type: 'response.create' });
    c.rt.send({ type: 'response.create' });
    await c.next('response.created');
    const limits = await c.next('rate_limits.updated');
    assert.deepStrictEqual(
      limits.rate_limits.map((l: { name: string }) => l.name),
      ['requests', 'tokens'],
    );
    const done = await c.next('response.done');
    assert.strictEqual(done.response.status, 'completed');
    assert.deepStrictEqual(
      fake.rejected.map((r) => r.code),
      ['conversation_already_has_active_response'],
    );
  });

  it('server VAD follows the audio energy: speech_started, speech_stopped, committed, then an automatic response; barge-in cancels and truncates', async () => {
    fake = await startRealtimeFake({ chunkIntervalMs: 30, msPerWord: 100, script: () => ({ say: 'a long answer with many words in it for you' }) });
    const c = await connect(fake);
    rt = c.rt;
    c.rt.send({
      type: 'session.update',
      session: {
        type: 'realtime',
        audio: { input: { turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 200 } } },
      },
    });
    await c.next('session.updated');
    c.rt.send({ type: 'input_audio_buffer.append', audio: tonePcm16Base64(400, 200) });
    const started = await c.next('input_audio_buffer.speech_started');
    assert.strictEqual(started.audio_start_ms, 0);
    c.rt.send({ type: 'input_audio_buffer.append', audio: Buffer.alloc(48 * 300).toString('base64') });
    const stopped = await c.next('input_audio_buffer.speech_stopped');
    assert.strictEqual(stopped.audio_end_ms, 400);
    await c.next('input_audio_buffer.committed');
    await c.next('response.created');
    const first = await c.next('response.output_audio.delta');
    c.rt.send({ type: 'input_audio_buffer.append', audio: tonePcm16Base64(200, 200) });
    await c.next('input_audio_buffer.speech_started');
    const done = await c.next('response.done');
    assert.strictEqual(done.response.status, 'cancelled');
    assert.strictEqual(done.response.status_details.reason, 'turn_detected');
    c.rt.send({ type: 'conversation.item.truncate', item_id: first.item_id, content_index: 0, audio_end_ms: 50 });
    const truncated = await c.next('conversation.item.truncated');
    assert.strictEqual(truncated.audio_end_ms, 50);
    c.rt.send({ type: 'conversation.item.truncate', item_id: first.item_id, content_index: 0, audio_end_ms: 60_000 });
    await until(() => fake.rejected.length === 1, 'a truncation past the audio is refused');
    assert.match(fake.rejected[0]!.message, /greater than the audio/);
  });
});
