// The shipped sentence encoder (Universal Sentence Encoder Lite through @energetic-ai), in this thread and
// in its own process (as the extension host runs it): the same unit vectors, and a clear refusal.
import * as assert from 'assert';
import * as path from 'path';
import { SENTENCE_ENCODER_ID, sentenceEncoderOff, shippedSentenceEncoder } from '../../../src/adapters/shipped-sentence-encoder';
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
