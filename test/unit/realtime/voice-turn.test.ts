// A spoken turn end to end: espeak-ng speaks a request into a WAV, the recorder path (a real
// process configured as bigThree.voice.recorderCommand would be) streams it as PCM16 24 kHz, the
// session appends and commits it, the fake model calls delegate_to_claude, the tool registry runs
// the host's handler, and the answer comes back after function_call_output + response.create.
import * as assert from 'assert';
import { createHash } from 'crypto';
import { ProcessRecorder } from '../../../src/adapters/audio/process-recorder';
import { detectRecorder } from '../../../src/adapters/audio/recorder-detect';
import { WavFileSource } from '../../../src/adapters/audio/wav-file-source';
import { DelegationRequest, registerOrchestratorTools, RealtimeToolDeps } from '../../../src/orchestrator/realtime/orchestrator-tools';
import { AudioCaptureError, RealtimeStateError } from '../../../src/orchestrator/realtime/errors';
import type { RealtimeActivity } from '../../../src/orchestrator/realtime/realtime-activity';
import { DEFAULT_SESSION_CONFIG } from '../../../src/orchestrator/realtime/session-config';
import { VoiceController, VoiceEvent } from '../../../src/orchestrator/realtime/voice-controller';
import { RealtimeFake, startRealtimeFake, tonePcm16Base64 } from '../../fakes/realtime-fake';
import { MANUAL_TURNS, hasProgram, sessionOn, soxRaw, speakToWav, until } from './realtime-helpers';

const REQUEST = 'Claude, add input validation to the invoice total function.';

/** A speech-like PCM16 24 kHz signal: syllables of a 140 Hz voice with harmonics, 180 ms each, 60 ms gaps. */
function speechLikePcm(ms: number): Buffer {
  const samples = Math.round(24 * ms);
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const t = i / 24_000;
    const inSyllable = (t * 1000) % 240 < 180;
    const envelope = inSyllable ? Math.sin((Math.PI * ((t * 1000) % 240)) / 180) : 0;
    const voice = Math.sin(2 * Math.PI * 140 * t) + 0.5 * Math.sin(2 * Math.PI * 280 * t) + 0.25 * Math.sin(2 * Math.PI * 560 * t);
    out.writeInt16LE(Math.round(envelope * voice * 6000), i * 2);
  }
  return out;
}

function recordingDeps(delegated: Array<{ kind: string; request: DelegationRequest }>): RealtimeToolDeps {
  return {
    delegate: (kind, request) => {
      delegated.push({ kind, request });
      return { taskId: `task_${delegated.length}` };
    },
    taskStatus: () => undefined,
    selectExpert: () => [],
    planWorkflow: () => ({}),
    searchCode: () => [],
    poolStatus: () => ({}),
  };
}

describe('a spoken turn through the recorder path', () => {
  let fake: RealtimeFake | undefined;
  const stops: Array<() => Promise<void>> = [];

  afterEach(async () => {
    await Promise.all(stops.splice(0).map((s) => s()));
    await fake?.close();
    fake = undefined;
  });

  it('espeak-ng speech becomes a delegate_to_claude call answered with function_call_output + response.create', async function () {
    if (!hasProgram('espeak-ng') || !hasProgram('sox')) this.skip(); // scripts/setup-vscode.sh installs both
    const wav = speakToWav(REQUEST);
    const expected = soxRaw(wav);
    const expectedHash = createHash('sha256').update(expected).digest('hex');
    fake = await startRealtimeFake({
      transcribe: (pcm) => (createHash('sha256').update(pcm).digest('hex') === expectedHash ? REQUEST : 'garbled audio'),
      script: (turn) =>
        turn.toolOutputs.length
          ? { say: `Claude started ${JSON.parse(turn.toolOutputs[0]!.output).task_id}.` }
          : turn.audio
            ? {
                toolCalls: [
                  { name: 'delegate_to_claude', arguments: { task: 'Add input validation to the invoice total function', files: ['src/invoice.js'] } },
                ],
              }
            : { say: 'Say that again?' },
    });
    const h = sessionOn(fake);
    stops.push(() => h.session.stop());
    const delegated: Array<{ kind: string; request: DelegationRequest }> = [];
    registerOrchestratorTools(h.registry, recordingDeps(delegated));
    await h.session.start();

    const recorder = new ProcessRecorder(detectRecorder(`sox -D '${wav}' -t raw -r 24000 -c 1 -b 16 -e signed-integer -L -`));
    const voice = new VoiceController(h.session, () => recorder);
    const events: VoiceEvent[] = [];
    voice.onEvent((e) => events.push(e));
    await voice.startListening();

    const spoken = await h.waitFor(
      'the answer',
      (a): a is Extract<RealtimeActivity, { kind: 'transcript' }> => a.kind === 'transcript' && a.role === 'assistant' && a.final,
    );
    assert.strictEqual(spoken.text, 'Claude started task_1.');
    assert.deepStrictEqual(fake.audioTurns, [{ bytes: expected.length, sha256: expectedHash, by: 'client' }], 'the server received exactly the spoken PCM');
    const appends = fake.log.filter((e) => e.type === 'input_audio_buffer.append').length;
    assert.strictEqual(appends, Math.ceil(expected.length / 4800), '100 ms frames');
    assert.ok(
      h.activity.some((a) => a.kind === 'transcript' && a.role === 'user' && a.final && a.text === REQUEST),
      'the user transcript is shown',
    );
    assert.deepStrictEqual(delegated, [{ kind: 'claude', request: { task: 'Add input validation to the invoice total function', files: ['src/invoice.js'] } }]);
    assert.ok(events.some((e) => e.kind === 'turn-committed' && e.bytes === expected.length));
    const order = fake.log.map((e) => e.type).filter((t) => t !== 'input_audio_buffer.append');
    assert.deepStrictEqual(order.slice(order.indexOf('input_audio_buffer.commit')), [
      'input_audio_buffer.commit',
      'response.create',
      'conversation.item.create',
      'response.create',
    ]);
  });

  it('default server_vad, hold-to-talk: speech (espeak-ng, or a speech-like signal) -> release ends the turn -> delegate_to_claude -> result spoken back', async () => {
    const spoken = hasProgram('espeak-ng') && hasProgram('sox') ? soxRaw(speakToWav(REQUEST)) : speechLikePcm(1_800);
    fake = await startRealtimeFake({
      transcribe: () => REQUEST,
      script: (turn) =>
        turn.toolOutputs.length
          ? { say: `Claude is on it: ${JSON.parse(turn.toolOutputs[0]!.output).task_id}.` }
          : turn.audio
            ? { toolCalls: [{ name: 'delegate_to_claude', arguments: { task: 'Add input validation to the invoice total function' } }] }
            : { say: 'Say that again?' },
    });
    const h = sessionOn(fake, { config: { ...DEFAULT_SESSION_CONFIG, model: 'gpt-realtime-test' } });
    stops.push(() => h.session.stop());
    const delegated: Array<{ kind: string; request: DelegationRequest }> = [];
    registerOrchestratorTools(h.registry, recordingDeps(delegated));
    await h.session.start();
    assert.strictEqual(h.session.sessionConfig.turnDetection.mode, 'server_vad', 'the default turn detection');
    let release!: () => void;
    const held = {
      description: 'Talk held',
      start: async (sink: { chunk(pcm: Uint8Array): void; end(): void }) => {
        for (let i = 0; i < spoken.length; i += 4800) sink.chunk(spoken.subarray(i, i + 4800));
        release = sink.end;
      },
      stop: async () => release(),
    };
    const voice = new VoiceController(h.session, () => held);
    const events: VoiceEvent[] = [];
    voice.onEvent((e) => events.push(e));
    await voice.startListening();
    await until('the VAD hears speech', () => h.activity.some((a) => a.kind === 'interrupted'));
    await voice.stopListening(); // the user lets go of Talk
    const answer = await h.waitFor(
      'the spoken result',
      (a): a is Extract<RealtimeActivity, { kind: 'transcript' }> => a.kind === 'transcript' && a.role === 'assistant' && a.final,
    );
    assert.strictEqual(answer.text, 'Claude is on it: task_1.');
    assert.deepStrictEqual(
      delegated.map((d) => d.kind),
      ['claude'],
    );
    assert.ok(
      events.some((e) => e.kind === 'turn-committed' && e.how === 'trailing-silence'),
      'release handed the turn end to the server VAD',
    );
    assert.deepStrictEqual(
      fake.audioTurns.map((t) => t.by),
      ['server_vad'],
      'the server VAD ended the turn; the client never committed',
    );
    assert.ok(fake.audioTurns[0]!.bytes >= spoken.length * 0.9, 'the whole utterance was in the turn');
    assert.ok(h.activity.some((a) => a.kind === 'transcript' && a.role === 'user' && a.final && a.text === REQUEST));
    assert.deepStrictEqual(fake.rejected, []);
  });

  it('a WAV file source decodes and frames speech the same way the recorder does (within resampling error)', async function () {
    if (!hasProgram('espeak-ng') || !hasProgram('sox')) this.skip();
    const wav = speakToWav('Check the task result.');
    const viaSox = soxRaw(wav);
    const chunks: Buffer[] = [];
    const source = new WavFileSource(wav);
    await new Promise<void>((resolve, reject) => {
      source.start({ chunk: (c) => chunks.push(Buffer.from(c)), error: reject, end: resolve }).catch(reject);
    });
    const pcm = Buffer.concat(chunks);
    assert.ok(Math.abs(pcm.length - viaSox.length) <= 4, `${pcm.length} vs ${viaSox.length} bytes`);
    assert.ok(chunks.slice(0, -1).every((c) => c.length === 4800));
  });

  it('talking needs a running session', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake);
    const voice = new VoiceController(h.session, () => new WavFileSource('/nonexistent.wav'));
    await assert.rejects(voice.startListening(), RealtimeStateError);
  });

  it('a recorder that fails is reported as a capture error with its stderr', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake);
    stops.push(() => h.session.stop());
    await h.session.start();
    const recorder = new ProcessRecorder(detectRecorder(`sh -c "echo 'rec FAIL formats: can not open audio device' >&2; exit 2"`));
    const voice = new VoiceController(h.session, () => recorder);
    const errors: VoiceEvent[] = [];
    voice.onEvent((e) => e.kind === 'capture-error' && errors.push(e));
    await voice.startListening();
    await until('the capture error', () => errors.length === 1);
    const error = (errors[0] as Extract<VoiceEvent, { kind: 'capture-error' }>).error;
    assert.ok(error instanceof AudioCaptureError);
    assert.match(error.message, /exit code 2: rec FAIL formats: can not open audio device/);
    assert.strictEqual(voice.listening, false);
    assert.strictEqual(fake.log.filter((e) => e.type === 'input_audio_buffer.commit').length, 0, 'no empty turn is committed');
  });

  it('with server VAD, releasing Talk mid-speech streams trailing silence and the server VAD ends the turn', async () => {
    fake = await startRealtimeFake();
    const h = sessionOn(fake, { config: { ...DEFAULT_SESSION_CONFIG, turnDetection: { mode: 'server_vad' } } });
    stops.push(() => h.session.stop());
    await h.session.start();
    const update = fake.log.find((e) => e.type === 'session.update') as any;
    assert.strictEqual(update.session.audio.input.turn_detection.type, 'server_vad');
    const speech = Buffer.from(tonePcm16Base64(500, 200), 'base64');
    let release!: () => void;
    const voice = new VoiceController(h.session, () => ({
      description: 'half a second of voice',
      start: async (sink) => void setImmediate(() => (sink.chunk(speech), (release = sink.end))),
      stop: async () => release(),
    }));
    const events: VoiceEvent[] = [];
    voice.onEvent((e) => events.push(e));
    await voice.startListening();
    await until('the VAD hears speech', () => h.activity.some((a) => a.kind === 'interrupted'));
    await voice.stopListening(); // released while the server VAD is still in the speech
    await until('the answer', () => h.activity.some((a) => a.kind === 'transcript' && a.role === 'assistant' && a.final));
    assert.ok(events.some((e) => e.kind === 'turn-committed' && e.how === 'trailing-silence'));
    assert.strictEqual(fake.log.filter((e) => e.type === 'input_audio_buffer.commit').length, 0, 'the server, not the client, committed');
    assert.deepStrictEqual(
      fake.audioTurns.map((t) => t.by),
      ['server_vad'],
    );
    assert.strictEqual(MANUAL_TURNS.turnDetection.mode, 'none');
  });
});
