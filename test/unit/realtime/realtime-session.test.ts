// RealtimeSession drives the real `openai` SDK (OpenAIRealtimeWS, GA events) against the loopback
// fake: session setup, typed turns, the function-call loop, server errors, malformed events,
// dropped connections with reconnect, and token accounting.
import * as assert from 'assert';
import { RealtimeConnectionError, RealtimeProtocolError, RealtimeServerError, RealtimeStateError } from '../../../src/orchestrator/realtime/errors';
import type { RealtimeActivity } from '../../../src/orchestrator/realtime/realtime-activity';
import { RealtimeFake, startRealtimeFake } from '../../fakes/realtime-fake';
import { sessionOn, until } from './realtime-helpers';

type Of<K extends RealtimeActivity['kind']> = Extract<RealtimeActivity, { kind: K }>;
const is =
  <K extends RealtimeActivity['kind']>(kind: K, extra: (a: Of<K>) => boolean = () => true) =>
  (a: RealtimeActivity): a is Of<K> =>
    a.kind === kind && extra(a as Of<K>);

describe('RealtimeSession over the official SDK and the loopback fake', () => {
  let fake: RealtimeFake;
  const sessions: Array<{ stop(): Promise<void> }> = [];

  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.stop()));
    await fake?.close();
  });

  it('configures the session (GA session.update with type, PCM 24 kHz, voice, tools, manual turns)', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake);
    sessions.push(h.session);
    h.registry.registerTool('echo', 'Echo the text', { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] }, (a) => a);
    await h.session.start();
    assert.strictEqual(h.session.state, 'ready');
    const update = fake.log.find((e) => e.type === 'session.update') as { session: Record<string, any> } | undefined;
    assert.ok(update, 'a session.update was sent');
    assert.strictEqual(update.session.type, 'realtime');
    assert.deepStrictEqual(update.session.audio.input.format, { type: 'audio/pcm', rate: 24000 });
    assert.strictEqual(update.session.audio.input.turn_detection, null);
    assert.strictEqual(update.session.audio.output.voice, 'marin');
    assert.deepStrictEqual(update.session.output_modalities, ['audio']);
    assert.deepStrictEqual(
      update.session.tools.map((t: { name: string; type: string }) => `${t.type}:${t.name}`),
      ['function:echo'],
    );
    assert.match(h.session.sessionId, /^sess_/);
  });

  it('a typed turn gets a spoken answer with its transcript, audio and usage', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake);
    sessions.push(h.session);
    await h.session.start();
    h.session.sendText('hello there');
    const final = await h.waitFor(
      'the assistant transcript',
      is('transcript', (a) => a.role === 'assistant' && a.final),
    );
    assert.strictEqual(final.text, 'You said: hello there');
    assert.ok(h.activity.some(is('transcript', (a) => a.role === 'user' && a.text === 'hello there')));
    const deltas = h.activity
      .filter(is('transcript', (a) => a.role === 'assistant' && !a.final))
      .map((a) => a.text)
      .join('');
    assert.strictEqual(deltas, 'You said: hello there');
    const audio = h.activity.filter(is('audio'));
    assert.ok(audio.length >= 3 && audio.every((a) => Buffer.from(a.base64, 'base64').length === 1920), 'PCM16 40 ms chunks arrive');
    const usage = await h.waitFor('usage', is('usage'));
    assert.strictEqual(usage.totals.inputTokens, 30);
    assert.strictEqual(usage.totals.audioOutputTokens, 8);
    // 20 text in × $4 + 10 audio in × $32 + 4 text out × $16 + 8 audio out × $64, per million
    assert.ok(Math.abs(usage.responseCost - (20 * 4 + 10 * 32 + 4 * 16 + 8 * 64) / 1e6) < 1e-12);
  });

  it('runs the function-call loop: handler, function_call_output, then response.create', async () => {
    fake = await startRealtimeFake({
      script: (turn) =>
        turn.toolOutputs.length
          ? { say: `Claude says ${JSON.parse(turn.toolOutputs[0]!.output).summary}` }
          : { toolCalls: [{ name: 'lookup', arguments: { id: 7 } }] },
    });
    const h = sessionOn(fake);
    sessions.push(h.session);
    const seen: unknown[] = [];
    h.registry.registerTool('lookup', 'Look up', { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] }, (args) => {
      seen.push(args);
      return { summary: 'item seven' };
    });
    await h.session.start();
    h.session.sendText('what is item 7?');
    const spoken = await h.waitFor(
      'the answer after the tool',
      is('transcript', (a) => a.role === 'assistant' && a.final),
    );
    assert.strictEqual(spoken.text, 'Claude says item seven');
    assert.deepStrictEqual(seen, [{ id: 7 }]);
    const types = fake.log.map((e) => e.type);
    const out = types.indexOf('conversation.item.create', types.indexOf('response.create'));
    assert.ok(out > 0, 'a conversation.item.create follows the first response.create');
    assert.strictEqual((fake.log[out] as any).item.type, 'function_call_output');
    assert.strictEqual(types[out + 1], 'response.create', 'response.create follows the function output');
    const result = h.activity.find(is('tool-result'));
    assert.ok(result && result.ok && result.delivered);
  });

  it('answers every call of a response before asking for the next response once', async () => {
    fake = await startRealtimeFake({
      script: (turn) =>
        turn.toolOutputs.length
          ? { say: `got ${turn.toolOutputs.length}` }
          : {
              toolCalls: [
                { name: 'slow', arguments: { ms: 60 } },
                { name: 'slow', arguments: { ms: 5 } },
              ],
            },
    });
    const h = sessionOn(fake);
    sessions.push(h.session);
    h.registry.registerTool(
      'slow',
      'Wait',
      { type: 'object', properties: { ms: { type: 'integer' } } },
      (a) => new Promise((r) => setTimeout(() => r({ waited: a.ms }), a.ms as number)),
    );
    await h.session.start();
    h.session.sendText('two calls');
    const spoken = await h.waitFor(
      'the answer',
      is('transcript', (a) => a.role === 'assistant' && a.final),
    );
    assert.strictEqual(spoken.text, 'got 2');
    assert.strictEqual(fake.log.filter((e) => e.type === 'response.create').length, 2);
  });

  it('a failing or unknown tool still answers the model with an error output', async () => {
    fake = await startRealtimeFake({
      script: (turn) =>
        turn.toolOutputs.length
          ? { say: turn.toolOutputs.map((o) => o.output).join(' | ') }
          : {
              toolCalls: [
                { name: 'boom', arguments: {} },
                { name: 'nope', arguments: {} },
              ],
            },
    });
    const h = sessionOn(fake);
    sessions.push(h.session);
    h.registry.registerTool('boom', 'Fails', { type: 'object', properties: {} }, () => {
      throw new Error('disk on fire');
    });
    await h.session.start();
    h.session.sendText('go');
    const spoken = await h.waitFor(
      'the answer',
      is('transcript', (a) => a.role === 'assistant' && a.final),
    );
    assert.match(spoken.text, /boom failed: disk on fire/);
    assert.match(spoken.text, /There is no tool named \\"nope\\"/);
    assert.strictEqual(h.activity.filter(is('tool-result', (a) => !a.ok)).length, 2);
  });

  it('reports server error events as RealtimeServerError and keeps the session', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake);
    sessions.push(h.session);
    await h.session.start();
    fake.sendEvent({ type: 'error', error: { type: 'invalid_request_error', code: 'rate_limit_exceeded', message: 'Slow down', param: null, event_id: null } });
    const reported = await h.waitFor('the error', is('error'));
    assert.ok(reported.error instanceof RealtimeServerError);
    assert.strictEqual((reported.error as RealtimeServerError).serverCode, 'rate_limit_exceeded');
    assert.match(reported.error.message, /Slow down/);
    assert.strictEqual(reported.fatal, false);
    h.session.sendText('still there?');
    await h.waitFor(
      'an answer',
      is('transcript', (a) => a.role === 'assistant' && a.final),
    );
  });

  it('ignores malformed events with a RealtimeProtocolError and keeps working', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake);
    sessions.push(h.session);
    await h.session.start();
    fake.sendRaw('{not json');
    fake.sendRaw('[1,2,3]');
    fake.sendEvent({ type: 'response.output_item.done', response_id: 'r1' });
    fake.sendEvent({ type: 'response.output_audio.delta', item_id: 'i1', delta: '***' });
    fake.sendEvent({ type: 'response.done', response: { id: 'r2', output: [{ type: 'function_call', name: 'x' }] } });
    await until('five protocol errors', () => h.activity.filter(is('error', (a) => a.error instanceof RealtimeProtocolError)).length === 5);
    assert.strictEqual(h.session.state, 'ready');
    h.session.sendText('after the noise');
    const final = await h.waitFor(
      'an answer',
      is('transcript', (a) => a.role === 'assistant' && a.final),
    );
    assert.strictEqual(final.text, 'You said: after the noise');
  });

  it('reconnects after a dropped connection, configures the new session and carries on', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake);
    sessions.push(h.session);
    await h.session.start();
    fake.dropConnections();
    await h.waitFor(
      'reconnecting',
      is('state', (a) => a.state === 'reconnecting'),
    );
    await h.waitFor(
      'ready again',
      is('state', (a) => a.state === 'ready' && a.detail === 'reconnected'),
    );
    assert.ok(h.activity.some(is('error', (a) => a.error instanceof RealtimeConnectionError && /lost/.test(a.error.message))));
    assert.strictEqual(fake.log.filter((e) => e.type === 'session.update').length, 2);
    h.session.sendText('back?');
    const final = await h.waitFor(
      'an answer',
      is('transcript', (a) => a.role === 'assistant' && a.final),
    );
    assert.strictEqual(final.text, 'You said: back?');
  });

  it('delivers a tool result that finished during a reconnect to the new session', async () => {
    let release!: () => void;
    fake = await startRealtimeFake({ script: (turn) => (turn.systemTexts.length ? { say: 'noted' } : { toolCalls: [{ name: 'long', arguments: {} }] }) });
    const h = sessionOn(fake);
    sessions.push(h.session);
    h.registry.registerTool('long', 'Takes a while', { type: 'object', properties: {} }, () => new Promise((r) => (release = () => r({ answer: 42 }))));
    await h.session.start();
    h.session.sendText('start the long thing');
    await h.waitFor('the call', is('tool-call'));
    fake.dropConnections();
    await h.waitFor(
      'ready again',
      is('state', (a) => a.state === 'ready' && a.detail === 'reconnected'),
    );
    release();
    const result = await h.waitFor('the result', is('tool-result'));
    assert.strictEqual(result.delivered, false);
    await until('the system message', () => fake.log.some((e) => e.type === 'conversation.item.create' && (e as any).item.role === 'system'));
    const msg = fake.log.find((e) => e.type === 'conversation.item.create' && (e as any).item.role === 'system') as any;
    assert.match(msg.item.content[0].text, /Result of the long call .*"answer":42/);
  });

  it('gives up after the configured attempts and reports a fatal error', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake);
    sessions.push(h.session);
    await h.session.start();
    fake.refuseWith(503);
    fake.dropConnections();
    const failed = await h.waitFor(
      'failed',
      is('state', (a) => a.state === 'failed'),
    );
    assert.match(failed.detail ?? '', /Could not reconnect/);
    assert.ok(h.activity.some(is('error', (a) => a.fatal)));
    assert.strictEqual(h.activity.filter(is('error', (a) => /Reconnect attempt \d failed/.test(a.error.message))).length, 3);
    assert.throws(() => h.session.sendText('anyone?'), RealtimeStateError);
  });

  it('a refused key fails start() with a hint to set the key, and nothing retries', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake, {}, 'sk-wrong-key');
    sessions.push(h.session);
    await assert.rejects(h.session.start(), (e: Error) => e instanceof RealtimeConnectionError && /401/.test(e.message) && /Set API Key/.test(e.message));
    assert.strictEqual(h.session.state, 'failed');
    assert.ok(h.activity.some(is('error', (a) => a.fatal)));
  });

  it('stop() closes the connection without reconnecting; later text is refused', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake);
    await h.session.start();
    await h.session.stop();
    assert.strictEqual(h.session.state, 'stopped');
    await until('the fake to see the close', () => fake.connections() === 0);
    await new Promise((r) => setTimeout(r, 80));
    assert.strictEqual(h.activity.filter(is('state', (a) => a.state === 'reconnecting')).length, 0);
    assert.throws(() => h.session.sendText('late'), RealtimeStateError);
  });
});
