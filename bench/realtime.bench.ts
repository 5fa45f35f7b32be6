// Realtime benchmark, over the real `openai` SDK and the loopback fake (in this process):
//   turnToToolCall  ms from the final audio chunk of a spoken turn to the tool call being dispatched
//                   (commit + response.create out, function call events in, parse, registry dispatch),
//                   with manual turns, and with hold-to-talk under the default server_vad (release
//                   streams trailing silence; the fake's energy VAD ends the turn and answers)
//   perEvent        µs per server event: the session's own handling (parse + check + activity fan-out),
//                   and end to end through the WebSocket for a burst of audio/transcript deltas
// The strict fake (every client event validated against the SDK-generated schema, energy VAD) runs
// in a worker thread, as a server would run elsewhere: its work is not counted as the client's.
//   node dist/bench/realtime.bench.js [turns=40] [burst=4000]
import { execFileSync } from 'child_process';
import { Worker, isMainThread, parentPort } from 'worker_threads';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AudioSource } from '../src/orchestrator/realtime/audio';
import type { RealtimeActivity } from '../src/orchestrator/realtime/realtime-activity';
import { RealtimeSession } from '../src/orchestrator/realtime/realtime-session';
import { interpretServerEvent } from '../src/orchestrator/realtime/server-events';
import { DEFAULT_SESSION_CONFIG } from '../src/orchestrator/realtime/session-config';
import { ToolRegistry } from '../src/orchestrator/realtime/tool-registry';
import { VoiceController } from '../src/orchestrator/realtime/voice-controller';
import { startRealtimeFake, tonePcm16Base64 } from '../test/fakes/realtime-fake';
import { summarize, timeUs } from './bench-stats';

const root = path.resolve(__dirname, '..', '..');
const TURNS = Number(process.argv[2] ?? 40);
const BURST = Number(process.argv[3] ?? 4000);
const FRAME = 4800; // 100 ms of PCM16 24 kHz mono

function speech(): { pcm: Buffer; source: string } {
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-bench-'));
    const wav = path.join(dir, 'turn.wav');
    execFileSync('espeak-ng', ['-w', wav, 'Claude, add input validation to the invoice total function.'], { stdio: 'ignore' });
    const pcm = execFileSync('sox', ['-D', wav, '-t', 'raw', '-r', '24000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-L', '-']);
    fs.rmSync(dir, { recursive: true, force: true });
    return { pcm, source: 'espeak-ng + sox' };
  } catch {
    return { pcm: Buffer.from(tonePcm16Base64(2500), 'base64'), source: 'synthetic 2.5 s tone (espeak-ng/sox not installed)' };
  }
}

/** Emits the whole utterance frame by frame, then ends; notes when the last frame went out. */
function utterance(pcm: Buffer, marks: { lastChunkAt: bigint }): AudioSource {
  return {
    description: 'bench utterance',
    async start(sink) {
      setImmediate(() => {
        for (let offset = 0; offset < pcm.length; offset += FRAME) {
          if (offset + FRAME >= pcm.length) marks.lastChunkAt = process.hrtime.bigint();
          sink.chunk(pcm.subarray(offset, Math.min(offset + FRAME, pcm.length)));
        }
        sink.end();
      });
    },
    async stop() {},
  };
}

/** In the worker: runs the fake and takes "send a burst" orders from the main thread. */
async function serveFake(): Promise<void> {
  const fake = await startRealtimeFake({
    script: (turn) => (turn.toolOutputs.length ? { say: 'ok' } : { toolCalls: [{ name: 'delegate_to_claude', arguments: { task: 'Add input validation', files: ['src/invoice.js'] } }] }),
  });
  parentPort!.on('message', (m: { burst?: number; delta?: string; close?: boolean }) => {
    if (m.burst) for (let i = 0; i < m.burst; i++) fake.sendEvent({ type: 'response.output_audio.delta', response_id: 'r', item_id: 'i', output_index: 0, content_index: 0, delta: m.delta });
    if (m.close) void fake.close().then(() => parentPort!.close());
  });
  parentPort!.postMessage({ baseURL: fake.baseURL });
}

async function main(): Promise<void> {
  const { pcm, source } = speech();
  const worker = new Worker(__filename);
  const baseURL = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { baseURL: string }) => resolve(m.baseURL));
    worker.once('error', reject);
  });
  const fake = {
    baseURL,
    sendBurst: (burst: number, delta: string) => worker.postMessage({ burst, delta }),
    close: () => new Promise<void>((resolve) => (worker.once('exit', () => resolve()), worker.postMessage({ close: true }))),
  };
  const registry = new ToolRegistry();
  const marks = { lastChunkAt: 0n };
  const latencies: number[] = [];
  let answered: () => void = () => {};
  registry.registerTool('delegate_to_claude', 'Delegate', { type: 'object', properties: { task: { type: 'string' } }, required: ['task'] }, () => ({ task_id: 'bench' }));
  const session = new RealtimeSession({
    config: { ...DEFAULT_SESSION_CONFIG, turnDetection: { mode: 'none' }, inputTranscriptionModel: '' },
    registry,
    endpoint: async () => ({ apiKey: 'sk-test', baseURL: fake.baseURL }),
  });
  const audioSeen: bigint[] = [];
  session.onActivity((a: RealtimeActivity) => {
    if (a.kind === 'tool-call') latencies.push(Number(process.hrtime.bigint() - marks.lastChunkAt) / 1e6);
    if (a.kind === 'transcript' && a.role === 'assistant' && a.final) answered();
    if (a.kind === 'audio') audioSeen.push(process.hrtime.bigint());
  });
  await session.start();
  const voice = new VoiceController(session, () => utterance(pcm, marks));
  for (let i = 0; i < TURNS + 3; i++) {
    const done = new Promise<void>((resolve) => (answered = resolve));
    await voice.startListening();
    await done;
  }
  const turnSamples = latencies.slice(3); // the first turns warm up the JIT

  // The same turns with hold-to-talk under the default server_vad.
  latencies.length = 0;
  const vadSession = new RealtimeSession({ config: { ...DEFAULT_SESSION_CONFIG, inputTranscriptionModel: '' }, registry, endpoint: async () => ({ apiKey: 'sk-test', baseURL: fake.baseURL }) });
  vadSession.onActivity((a: RealtimeActivity) => {
    if (a.kind === 'tool-call') latencies.push(Number(process.hrtime.bigint() - marks.lastChunkAt) / 1e6);
    if (a.kind === 'transcript' && a.role === 'assistant' && a.final) answered();
  });
  await vadSession.start();
  const vadVoice = new VoiceController(vadSession, () => utterance(pcm, marks));
  for (let i = 0; i < TURNS + 3; i++) {
    const done = new Promise<void>((resolve) => (answered = resolve));
    await vadVoice.startListening();
    await done;
  }
  const vadSamples = latencies.slice(3);
  await vadSession.stop();

  // End to end: a burst of audio + transcript deltas through the socket, SDK and session.
  audioSeen.length = 0;
  const delta = tonePcm16Base64(40);
  const burstDone = new Promise<void>((resolve) => {
    const check = setInterval(() => audioSeen.length >= BURST && (clearInterval(check), resolve()), 5);
  });
  const sentAt = process.hrtime.bigint();
  fake.sendBurst(BURST, delta);
  await burstDone;
  const endToEndUs = Number(audioSeen[audioSeen.length - 1]! - sentAt) / 1000 / BURST;

  // The session's own share: parse + check + activity for each event kind it handles.
  const samples = {
    audioDelta: JSON.stringify({ type: 'response.output_audio.delta', event_id: 'e', response_id: 'r', item_id: 'i', output_index: 0, content_index: 0, delta }),
    transcriptDelta: JSON.stringify({ type: 'response.output_audio_transcript.delta', event_id: 'e', response_id: 'r', item_id: 'i', output_index: 0, content_index: 0, delta: 'word ' }),
    functionCallDone: JSON.stringify({ type: 'response.output_item.done', event_id: 'e', response_id: 'r', output_index: 0, item: { id: 'i', type: 'function_call', name: 'delegate_to_claude', call_id: 'c', arguments: '{"task":"x"}', status: 'completed' } }),
  };
  const handler: Record<string, ReturnType<typeof summarize>> = {};
  for (const [name, text] of Object.entries(samples)) {
    for (let i = 0; i < 2000; i++) interpretServerEvent(JSON.parse(text));
    const runs: number[] = [];
    for (let r = 0; r < 30; r++) runs.push(timeUs(() => { for (let i = 0; i < 1000; i++) interpretServerEvent(JSON.parse(text)); }) / 1000);
    handler[name] = summarize(runs.map((us) => Math.round(us * 100) / 100));
  }

  await session.stop();
  await fake.close();
  const result = {
    benchmark: 'realtime',
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    setup: `openai SDK OpenAIRealtimeWS over loopback to the strict fake (test/fakes/realtime-fake.ts) in a worker thread; speech: ${source}, ${(pcm.length / 48_000).toFixed(2)} s in 100 ms frames`,
    turnToToolCallMs: { ...summarize(turnSamples), what: 'manual turns: last audio frame appended -> tool handler dispatched (commit, response.create, fake reply, SDK parse, registry)' },
    turnToToolCallServerVadMs: { ...summarize(vadSamples), what: 'default server_vad, hold-to-talk: last audio frame appended -> release streams trailing silence -> fake energy VAD commits and answers -> tool handler dispatched' },
    fakeValidation: 'every client event is validated by the strict fake against the schema generated from the openai SDK types (in its own thread)',
    perEventUs: {
      endToEndBurst: { events: BURST, usPerEvent: Math.round(endToEndUs * 10) / 10, what: 'fake send -> WebSocket -> SDK parse -> session -> audio activity, 40 ms audio deltas' },
      sessionHandling: { ...handler, what: 'JSON.parse + interpretServerEvent per event, µs (median/p95 over 30 runs of 1000)' },
    },
  };
  const json = JSON.stringify(result, null, 2);
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'realtime.json'), `${json}\n`);
  process.stdout.write(`${json}\n`);
}

(isMainThread ? main() : serveFake()).catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
