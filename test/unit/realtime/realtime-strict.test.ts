// The realtime bugs of issue 14, each reproduced against the strict fake (schemas generated from the
// openai SDK types, server VAD on audio energy, 100 ms commit minimum, truncation checks):
// temperature at setup, hold-to-talk under server_vad, barge-in truncation, short manual commits,
// incomplete/cancelled responses, rate limits and noise reduction.
import * as assert from 'assert';
import type { AudioSource } from '../../../src/orchestrator/realtime/audio';
import type { RealtimeActivity } from '../../../src/orchestrator/realtime/realtime-activity';
import { DEFAULT_SESSION_CONFIG, SessionConfig } from '../../../src/orchestrator/realtime/session-config';
import { VoiceController, VoiceEvent } from '../../../src/orchestrator/realtime/voice-controller';
import { RealtimeFake, startRealtimeFake, tonePcm16Base64 } from '../../fakes/realtime-fake';
import { MANUAL_TURNS, sessionOn, until } from './realtime-helpers';

type Of<K extends RealtimeActivity['kind']> = Extract<RealtimeActivity, { kind: K }>;
const is =
  <K extends RealtimeActivity['kind']>(kind: K, extra: (a: Of<K>) => boolean = () => true) =>
  (a: RealtimeActivity): a is Of<K> =>
    a.kind === kind && extra(a as Of<K>);

const SERVER_VAD: SessionConfig = { ...DEFAULT_SESSION_CONFIG, model: 'gpt-realtime-test', turnDetection: { mode: 'server_vad', silenceDurationMs: 300 } };

/** An audio source that plays the given PCM in 100 ms frames, then waits for stop() (the Talk button held). */
function heldSource(pcm: Buffer): AudioSource & { released: boolean } {
  let end: (() => void) | undefined;
  return {
    description: 'held test source',
    released: false,
    async start(sink) {
      end = sink.end;
      for (let i = 0; i < pcm.length; i += 4800) sink.chunk(pcm.subarray(i, i + 4800));
    },
    async stop() {
      this.released = true;
      end?.();
    },
  };
}

const speech = (ms: number) => Buffer.from(tonePcm16Base64(ms, 220), 'base64');

describe('realtime against the strict fake (issue 14)', () => {
  let fake: RealtimeFake;
  const stops: Array<() => Promise<void>> = [];

  afterEach(async () => {
    await Promise.all(stops.splice(0).map((s) => s()));
    await fake?.close();
  });

  it('a temperature setting is never sent: the GA session starts and the update has only GA fields', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake, { config: { ...MANUAL_TURNS, temperature: 0.8 } as SessionConfig });
    stops.push(() => h.session.stop());
    await h.session.start();
    const update = fake.log.find((e) => e.type === 'session.update') as unknown as { session: Record<string, unknown> };
    assert.strictEqual(update.session.temperature, undefined);
    assert.deepStrictEqual(fake.rejected, []);
  });

  it('hold-to-talk under server_vad: releasing Talk ends the turn (trailing silence), the model answers', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake, { config: SERVER_VAD });
    stops.push(() => h.session.stop());
    await h.session.start();
    const source = heldSource(speech(600));
    const voice = new VoiceController(h.session, () => source);
    await voice.startListening();
    await until('speech detected', () => h.activity.some(is('interrupted')));
    await voice.stopListening();
    const answer = await h.waitFor(
      'the answer',
      is('transcript', (a) => a.role === 'assistant' && a.final),
      3_000,
    );
    assert.match(answer.text, /You said: \d+ bytes of audio/);
    assert.deepStrictEqual(
      fake.audioTurns.map((t) => t.by),
      ['server_vad'],
    );
    assert.deepStrictEqual(fake.rejected, []);
  });

  it('hold-to-talk under server_vad with speech the VAD never caught: release commits the turn itself', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake, { config: { ...SERVER_VAD, turnDetection: { mode: 'server_vad', threshold: 1, silenceDurationMs: 300 } } });
    stops.push(() => h.session.stop());
    await h.session.start();
    const quiet = Buffer.from(tonePcm16Base64(400, 220), 'base64').map((b, i) => (i % 2 ? 0 : b)) as Buffer;
    const source = heldSource(Buffer.from(quiet));
    const voice = new VoiceController(h.session, () => source);
    await voice.startListening();
    await voice.stopListening();
    await h.waitFor(
      'the answer',
      is('transcript', (a) => a.role === 'assistant' && a.final),
      3_000,
    );
    assert.deepStrictEqual(
      fake.audioTurns.map((t) => t.by),
      ['client'],
    );
    assert.deepStrictEqual(fake.rejected, []);
  });

  it('manual mode never commits under 100 ms: the short turn is dropped and reported', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake);
    stops.push(() => h.session.stop());
    await h.session.start();
    const voice = new VoiceController(h.session, () => heldSource(speech(60)));
    const events: VoiceEvent[] = [];
    voice.onEvent((e) => events.push(e));
    await voice.startListening();
    await voice.stopListening();
    await until('the too-short report', () => events.some((e) => e.kind === 'turn-too-short'));
    await new Promise((r) => setTimeout(r, 50));
    assert.strictEqual(fake.log.filter((e) => e.type === 'input_audio_buffer.commit' || e.type === 'response.create').length, 0);
    assert.deepStrictEqual(fake.rejected, []);
  });

  it('barge-in truncates the interrupted item at the position the player reports', async () => {
    fake = await startRealtimeFake({
      chunkIntervalMs: 25,
      msPerWord: 100,
      script: () => ({ say: 'one two three four five six seven eight nine ten eleven twelve' }),
    });
    const h = sessionOn(fake, { config: SERVER_VAD });
    stops.push(() => h.session.stop());
    await h.session.start();
    // The "player": has played 230 ms of the item when it is told to stop.
    h.session.onActivity((a) => {
      if (a.kind === 'interrupted' && a.itemId) h.session.truncatePlayback(a.itemId, 230);
    });
    h.session.sendText('tell me a long story');
    await until('some audio', () => h.activity.filter(is('audio')).length >= 4);
    h.session.appendAudio(speech(300));
    await until('the truncation', () => fake.truncations.length === 1);
    assert.strictEqual(fake.truncations[0]!.audioEndMs, 230);
    assert.ok(fake.truncations[0]!.sentMs >= 400);
    await h.waitFor(
      'the cancelled response',
      is('response-status', (a) => a.status === 'cancelled'),
    );
    assert.deepStrictEqual(fake.rejected, []);
  });

  it('a truncation past what was received is clamped to the audio the client got; a finished answer heard to its end is left alone', async () => {
    fake = await startRealtimeFake({ chunkIntervalMs: 25, msPerWord: 100, script: () => ({ say: 'one two three four five six seven eight' }) });
    const h = sessionOn(fake);
    stops.push(() => h.session.stop());
    await h.session.start();
    h.session.sendText('talk');
    await until('three chunks', () => h.activity.filter(is('audio')).length >= 3);
    const item = h.activity.find(is('audio'))!.itemId;
    const received = h.activity.filter(is('audio')).length * 100;
    h.session.truncatePlayback(item, 99_999); // while the answer still streams
    await until('the truncation', () => fake.truncations.length === 1);
    assert.strictEqual(fake.truncations[0]!.audioEndMs, received);
    h.session.sendText('again');
    await until('the second answer done', () => fake.responses.length === 2);
    await until('its audio', () => h.activity.filter(is('audio')).length >= 16);
    const second = h.activity.filter(is('audio')).at(-1)!.itemId;
    h.session.truncatePlayback(second, 800);
    await new Promise((r) => setTimeout(r, 50));
    assert.strictEqual(fake.truncations.length, 1, 'nothing to cut: the whole answer arrived and was heard');
    assert.deepStrictEqual(fake.rejected, []);
  });

  it('incomplete responses and rate limits reach the host', async () => {
    fake = await startRealtimeFake({ script: () => ({ say: 'I was cut', status: 'incomplete', reason: 'max_output_tokens' }) });
    const h = sessionOn(fake);
    stops.push(() => h.session.stop());
    await h.session.start();
    h.session.sendText('say a lot');
    const status = await h.waitFor('the status', is('response-status'));
    assert.strictEqual(status.status, 'incomplete');
    assert.strictEqual(status.reason, 'max_output_tokens');
    const limits = await h.waitFor('rate limits', is('rate-limits'));
    assert.deepStrictEqual(
      limits.limits.map((l) => l.name),
      ['requests', 'tokens'],
    );
  });

  it('noise reduction is configured with the GA field and accepted by the strict fake', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake, { config: { ...MANUAL_TURNS, noiseReduction: 'near_field' } });
    stops.push(() => h.session.stop());
    await h.session.start();
    const update = fake.log.find((e) => e.type === 'session.update') as any;
    assert.deepStrictEqual(update.session.audio.input.noise_reduction, { type: 'near_field' });
    assert.deepStrictEqual(fake.rejected, []);
  });
});
