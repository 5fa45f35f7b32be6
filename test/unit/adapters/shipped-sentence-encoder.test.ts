// The shipped sentence encoder (Universal Sentence Encoder Lite through @energetic-ai), in this thread and
// in its own process (as the extension host runs it): the same unit vectors, and a clear refusal.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SENTENCE_ENCODER_ID, sentenceEncoderOff, shippedSentenceEncoder } from '../../../src/adapters/shipped-sentence-encoder';
import type { SentenceEncoder } from '../../../src/orchestrator/learning/definition-sentence-similarity';
import { RecordingLogger } from '../../fakes/recording-logger';

const WORKER = path.resolve(__dirname, '../../../src/adapters/sentence-encoder-worker.js');
const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('the shipped sentence encoder', function () {
  this.timeout(60_000);

  it('encodes in this thread and in its own process alike: unit vectors of 512, close in meaning when the texts are', async () => {
    const texts = ['do I need an umbrella tomorrow', 'weather forecast for the weekend', 'a recipe for vegan lasagna', ''];
    const here = await shippedSentenceEncoder(new RecordingLogger()).load();
    const there = await shippedSentenceEncoder(new RecordingLogger(), { processScript: WORKER }).load();
    assert.ok(here && there);
    assert.strictEqual(there.id, SENTENCE_ENCODER_ID);
    const [a, b] = [await here.embed(texts), await there.embed(texts)];
    for (const [i, v] of a.entries()) {
      assert.strictEqual(v.length, 512);
      assert.ok(Math.abs(cosine(v, v) - 1) < 1e-4, 'unit length');
      assert.deepStrictEqual([...v], [...b[i]!], `the same vector from the process, bit for bit (${texts[i]})`);
    }
    assert.ok(cosine(a[0]!, a[1]!) > cosine(a[0]!, a[2]!) + 0.2, 'umbrella is nearer the weather than lasagna');
  });

  it('is not loaded when turned off, and says why once', async () => {
    assert.strictEqual(sentenceEncoderOff({ BIG_THREE_SENTENCE_ENCODER: 'off' }), 'BIG_THREE_SENTENCE_ENCODER=off');
    assert.strictEqual(sentenceEncoderOff({}), undefined);
    const logger = new RecordingLogger();
    const source = shippedSentenceEncoder(logger, { disabled: 'BIG_THREE_SENTENCE_ENCODER=off' });
    assert.strictEqual(await source.load(), undefined);
    assert.strictEqual(await source.load(), undefined);
    assert.strictEqual(logger.messages('info').filter((m) => m.includes('not used')).length, 1);
  });

  it('goes without it, saying why, when its process cannot start', async () => {
    const logger = new RecordingLogger();
    assert.strictEqual(await shippedSentenceEncoder(logger, { processScript: path.join(__dirname, 'no-such-worker.js') }).load(), undefined);
    assert.ok(
      logger.warnings().some((w) => w.includes('sentence encoder not used')),
      logger.warnings().join('\n'),
    );
  });
});

describe("the sentence encoder's process", function () {
  this.timeout(60_000);
  const alive = (pid: number | undefined) => {
    try {
      process.kill(pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const until = async (what: () => boolean) => {
    for (let i = 0; i < 200 && !what(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    return what();
  };
  type Running = SentenceEncoder & { readonly processId: number | undefined };

  it('a process that dies is replaced on the next request: the request in flight fails, the next one is answered', async () => {
    const logger = new RecordingLogger();
    const source = shippedSentenceEncoder(logger, { processScript: WORKER });
    const encoder = (await source.load()) as Running;
    const first = encoder.processId;
    const inFlight = encoder.embed(Array.from({ length: 200 }, (_, i) => `a sentence number ${i} about the weather`));
    process.kill(first!, 'SIGKILL');
    await assert.rejects(inFlight, /stopped \(signal SIGKILL\)/);
    const [v] = await encoder.embed(['do I need an umbrella']);
    assert.strictEqual(v!.length, 512);
    assert.notStrictEqual(encoder.processId, first, 'a new process');
    assert.ok(
      logger.warnings().some((w) => w.includes('starting it again (1 of 3')),
      logger.warnings().join('\n'),
    );
    source.dispose();
    assert.ok(await until(() => !alive(encoder.processId)), 'dispose ends the process');
  });

  it('a process that hangs past the request timeout is killed, and the next request gets a new one', async () => {
    const source = shippedSentenceEncoder(new RecordingLogger(), { processScript: WORKER, requestTimeoutMs: 1500 });
    const encoder = (await source.load()) as Running;
    const hung = encoder.processId!;
    process.kill(hung, 'SIGSTOP');
    await assert.rejects(encoder.embed(['hello']), /did not answer within 1.5 s; it was stopped/);
    assert.ok(await until(() => !alive(hung)), 'the hung process was killed');
    assert.strictEqual((await encoder.embed(['hello again']))[0]!.length, 512);
    source.dispose();
  });

  it('shutting down while the weights load stops the process at once; after it, nothing starts one', async () => {
    const before = new Set(childPids());
    const source = shippedSentenceEncoder(new RecordingLogger(), { processScript: WORKER });
    const loading = source.load();
    assert.ok(await until(() => childPids().some((pid) => !before.has(pid))), 'the process started');
    source.dispose();
    assert.strictEqual(await loading, undefined);
    assert.ok(await until(() => childPids().every((pid) => before.has(pid))), 'the loading process was stopped');
    const closed = shippedSentenceEncoder(new RecordingLogger(), { processScript: WORKER });
    closed.dispose();
    assert.strictEqual(await closed.load(), undefined, 'disposed before anything asked for it');
    assert.ok(childPids().every((pid) => before.has(pid)));
  });

  it('a process that cannot load the weights is not left running', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enc-'));
    const script = path.join(dir, 'fails.js');
    // Answers every request with an error, and would otherwise stay up.
    fs.writeFileSync(script, "process.on('message', (m) => process.send({ id: m.id, error: 'no weights here' })); setInterval(() => {}, 1000);\n");
    const logger = new RecordingLogger();
    const before = new Set(childPids());
    assert.strictEqual(await shippedSentenceEncoder(logger, { processScript: script }).load(), undefined);
    assert.ok(logger.warnings().some((w) => w.includes('no weights here')));
    assert.ok(await until(() => childPids().every((pid) => before.has(pid))), 'no child process left behind');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** This process's child processes (Linux). */
function childPids(): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid && !/\) Z /.test(stat)) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
