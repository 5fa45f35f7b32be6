// The smaller parts of the realtime area: session settings, usage and cost, WAV decoding and
// framing, recorder detection, endpoint checks, and the observability bridge.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { detectRecorder, knownRecorders, splitCommandLine } from '../../../src/adapters/audio/recorder-detect';
import { EventEmitter } from '../../../src/orchestrator/events';
import type { EventInput } from '../../../src/orchestrator/observability/event-types';
import { silentLogger } from '../../../src/orchestrator/ports';
import { PcmFramer, parseWav, toPcm16Mono24k } from '../../../src/orchestrator/realtime/audio';
import { AudioCaptureError, RealtimeConfigError, RealtimeServerError } from '../../../src/orchestrator/realtime/errors';
import type { RealtimeActivity } from '../../../src/orchestrator/realtime/realtime-activity';
import { reconnectDelay } from '../../../src/orchestrator/realtime/realtime-activity';
import { REALTIME_AGENT_NAME, bridgeRealtimeEvents } from '../../../src/orchestrator/realtime/realtime-event-bridge';
import { parseBaseUrl } from '../../../src/orchestrator/realtime/realtime-transport';
import {
  DEFAULT_SESSION_CONFIG,
  SessionConfig,
  buildSessionUpdate,
  nonGaSettingMessages,
  validateSessionConfig,
} from '../../../src/orchestrator/realtime/session-config';
import { modelWarnings } from '../../../src/orchestrator/realtime/model-deprecations';
import { UsageMeter, emptyTotals } from '../../../src/orchestrator/realtime/usage-meter';

function wav(samples: number[], rate: number, channels = 1, bits = 16, streamed = false): Buffer {
  const bytes = bits / 8;
  const data = Buffer.alloc(samples.length * bytes);
  samples.forEach((s, i) => (bits === 16 ? data.writeInt16LE(s, i * 2) : data.writeUInt8(s, i)));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * channels * bytes, 28);
  header.writeUInt16LE(channels * bytes, 32);
  header.writeUInt16LE(bits, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(streamed ? 0xffffffff : data.length, 40);
  return Buffer.concat([header, data]);
}

describe('realtime parts', () => {
  it('session settings are validated and become a GA session.update', () => {
    assert.throws(() => validateSessionConfig({ ...DEFAULT_SESSION_CONFIG, noiseReduction: 'loud' as never }), RealtimeConfigError);
    assert.throws(() => validateSessionConfig({ ...DEFAULT_SESSION_CONFIG, model: 'bad model' }), /not a valid model name/);
    assert.throws(
      () => validateSessionConfig({ ...DEFAULT_SESSION_CONFIG, turnDetection: { mode: 'server_vad', silenceDurationMs: -1 } }),
      /silenceDurationMs/,
    );
    // A temperature that reaches the config anyway (an old settings object) is not sent: the GA session has none.
    const s = buildSessionUpdate(
      {
        ...DEFAULT_SESSION_CONFIG,
        modalities: 'text',
        temperature: 0.8,
        turnDetection: { mode: 'semantic_vad', eagerness: 'high' },
        inputTranscriptionModel: '',
      } as SessionConfig,
      [],
    ) as any;
    assert.deepStrictEqual(s.output_modalities, ['text']);
    assert.strictEqual(s.temperature, undefined);
    assert.deepStrictEqual(s.audio.input.noise_reduction, { type: 'near_field' });
    assert.match(nonGaSettingMessages({ temperature: 0.8 })[0]!, /temperature \(0\.8\) is not sent: the GA Realtime session has no temperature/);
    assert.deepStrictEqual(nonGaSettingMessages({ temperature: null }), []);
    assert.deepStrictEqual(s.audio.input.turn_detection, { type: 'semantic_vad', eagerness: 'high', create_response: true, interrupt_response: true });
    assert.strictEqual(s.audio.input.transcription, undefined);
    assert.strictEqual((buildSessionUpdate({ ...DEFAULT_SESSION_CONFIG, noiseReduction: 'off' }, []) as any).audio.input.noise_reduction, undefined);
  });

  it('default models are current; a configured model past its announced shutdown gets a warning', () => {
    assert.deepStrictEqual(modelWarnings(DEFAULT_SESSION_CONFIG, new Date('2027-06-01')), []);
    const before = modelWarnings({ model: 'gpt-realtime', inputTranscriptionModel: 'gpt-4o-mini-transcribe' }, new Date('2026-12-02'));
    assert.deepStrictEqual(
      before.map((w) => w.pastShutdown),
      [false, false],
    );
    assert.match(before[0]!.message, /deprecated with an announced shutdown on 2027-01-20/);
    const after = modelWarnings({ model: 'gpt-realtime', inputTranscriptionModel: 'gpt-4o-mini-transcribe' }, new Date('2027-01-20'));
    assert.deepStrictEqual(
      after.map((w) => w.pastShutdown),
      [true, false],
    );
    assert.match(after[0]!.message, /bigThree.realtime.model is "gpt-realtime", which OpenAI shut down on 2027-01-20: set it to gpt-realtime-2.1/);
  });

  it('usage: cached tokens are charged at the cached price and missing splits count as text', () => {
    const m = new UsageMeter({ textInputPerM: 1, audioInputPerM: 10, cachedInputPerM: 0.1, textOutputPerM: 2, audioOutputPerM: 20 });
    const cost = m.add({
      input_tokens: 300,
      output_tokens: 50,
      input_token_details: { text_tokens: 100, audio_tokens: 200, cached_tokens: 150, cached_tokens_details: { text_tokens: 50, audio_tokens: 100 } },
      output_token_details: { text_tokens: 10, audio_tokens: 40 },
    });
    assert.ok(Math.abs(cost - (50 * 1 + 100 * 10 + 150 * 0.1 + 10 * 2 + 40 * 20) / 1e6) < 1e-15);
    m.add({ input_tokens: 10, output_tokens: 5 });
    m.add(null);
    const t = m.snapshot();
    assert.deepStrictEqual([t.responses, t.textInputTokens, t.textOutputTokens, t.cachedInputTokens], [2, 110, 15, 150]);
    m.reset();
    assert.deepStrictEqual(m.snapshot(), emptyTotals());
  });

  it('reconnect waits double up to the cap', () => {
    assert.deepStrictEqual(
      [1, 2, 3, 4, 5].map((n) => reconnectDelay({ maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 3000 }, n)),
      [500, 1000, 2000, 3000, 3000],
    );
  });

  it('endpoints: https anywhere, plain http only on loopback, no credentials in the URL', () => {
    assert.deepStrictEqual(parseBaseUrl('wss://api.example.com/v1').secure, true);
    assert.strictEqual(parseBaseUrl('http://127.0.0.1:8080/v1').port, 8080);
    assert.strictEqual(parseBaseUrl('http://localhost/v1').port, 80);
    assert.throws(() => parseBaseUrl('http://10.0.0.5:8080/v1'), /unencrypted/);
    assert.throws(() => parseBaseUrl('https://user:pw@api.example.com/v1'), /credentials/);
    assert.throws(() => parseBaseUrl('ftp://x/v1'), /http\(s\) or ws\(s\)/);
    assert.throws(() => parseBaseUrl('not a url'), RealtimeConfigError);
  });

  it('WAV: 16-bit stereo is mixed down, 8-bit and streamed headers are read, 12 kHz is upsampled', () => {
    const stereo = toPcm16Mono24k(parseWav(wav([1000, 3000, -2000, -4000], 24_000, 2)));
    assert.deepStrictEqual([stereo.readInt16LE(0), stereo.readInt16LE(2)], [2000, -3000]);
    const eight = parseWav(wav([128, 255, 0], 24_000, 1, 8, true));
    assert.strictEqual(eight.data.length, 3);
    const up = toPcm16Mono24k(parseWav(wav([0, 1000, 2000, 3000], 12_000)));
    assert.strictEqual(up.length, 16);
    assert.deepStrictEqual(
      [0, 1, 2, 3].map((i) => up.readInt16LE(i * 2)),
      [0, 500, 1000, 1500],
    );
    assert.throws(() => parseWav(Buffer.from('RIFFxxxxWAVE')), /no fmt chunk/);
    assert.throws(() => parseWav(Buffer.from('hello world!')), AudioCaptureError);
  });

  it('PcmFramer emits fixed frames and keeps whole samples', () => {
    const f = new PcmFramer(4);
    const frames: number[] = [];
    f.push(Buffer.alloc(3), (x) => frames.push(x.length));
    f.push(Buffer.alloc(6), (x) => frames.push(x.length));
    f.push(Buffer.alloc(2), (x) => frames.push(x.length));
    f.flush((x) => frames.push(x.length));
    assert.deepStrictEqual(frames, [4, 4, 2]);
    assert.throws(() => new PcmFramer(3), /even number/);
  });

  it('recorders: command lines split without a shell, PATH is searched in order, guidance when none', () => {
    assert.deepStrictEqual(splitCommandLine(`sox -D '/tmp/my file.wav' "-t" raw a\\ b ""`), ['sox', '-D', '/tmp/my file.wav', '-t', 'raw', 'a b', '']);
    assert.throws(() => splitCommandLine('sox "open'), /unclosed/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-path-'));
    const env = { PATH: dir };
    assert.throws(
      () => detectRecorder(undefined, env, 'linux'),
      (e: Error) => e instanceof AudioCaptureError && e.reason === 'not-installed' && /sudo apt install sox/.test(e.message),
    );
    for (const name of ['ffmpeg', 'arecord']) fs.writeFileSync(path.join(dir, name), '#!/bin/sh\n', { mode: 0o755 });
    const found = detectRecorder(undefined, env, 'linux');
    assert.strictEqual(found.name, 'arecord');
    assert.strictEqual(found.command, path.join(dir, 'arecord'));
    assert.deepStrictEqual(found.args.slice(-7), ['-f', 'S16_LE', '-r', '24000', '-c', '1', '-']);
    assert.strictEqual(detectRecorder(undefined, env, 'darwin').name, 'ffmpeg', 'no arecord outside Linux');
    assert.deepStrictEqual(detectRecorder('ffmpeg -i x -', env, 'linux').args, ['-i', 'x', '-']);
    assert.throws(() => detectRecorder('rec -q -', env, 'linux'), /configured recorder "rec"/);
    assert.ok(knownRecorders('win32').every((r) => r.name !== 'arecord'));
  });

  it('the bridge records session start/end with usage, tool calls, results, final lines and errors', () => {
    const emitter = new EventEmitter<RealtimeActivity>();
    const sent: EventInput[] = [];
    const source = { onActivity: emitter.event, usage: { ...emptyTotals(), inputTokens: 30, outputTokens: 12, cost: 0.001 }, sessionId: 'sess_1' };
    bridgeRealtimeEvents(source, { sendEvent: (e) => (sent.push(e), undefined) }, () => 'host-1', silentLogger);
    emitter.fire({ kind: 'state', state: 'connecting' });
    emitter.fire({ kind: 'state', state: 'ready' });
    emitter.fire({ kind: 'transcript', role: 'user', itemId: 'i', text: 'partial', final: false });
    emitter.fire({ kind: 'transcript', role: 'user', itemId: 'i', text: 'fix the bug', final: true });
    emitter.fire({ kind: 'tool-call', name: 'delegate_to_claude', callId: 'c1', arguments: '{"task":"fix"}' });
    emitter.fire({ kind: 'tool-result', name: 'delegate_to_claude', callId: 'c1', ok: true, output: '{"task_id":"t1"}', durationMs: 3, delivered: true });
    emitter.fire({ kind: 'error', error: new RealtimeServerError('unknown_event', 'bad'), fatal: false });
    emitter.fire({ kind: 'state', state: 'stopped' });
    assert.deepStrictEqual(
      sent.map((e) => e.hookType),
      ['agent_started', 'message_sent', 'tool_call', 'tool_result', 'error_occurred', 'agent_ended'],
    );
    assert.ok(sent.every((e) => e.agentName === REALTIME_AGENT_NAME && e.sessionId === 'host-1' && e.payload?.realtimeSession === 'sess_1'));
    assert.deepStrictEqual((sent[5]!.payload as any).usage.inputTokens, 30);
    assert.match(sent[5]!.summary!, /42 tokens/);
  });
});
