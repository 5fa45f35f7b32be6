import * as assert from 'assert';
import { OnlineSoftmax } from '../../../src/orchestrator/learning/online-softmax';
import { SIGNAL_NAMES, SignalWeights, type SignalVector, signalVector } from '../../../src/orchestrator/learning/signal-weights';

const options = { rate: 0.05, correctionRate: 0.2, l2: 0.002, limit: 4 };
// (Options of their own: the tests do not depend on the defaults' values.)
const even = new Map([
  ['words', 0.5],
  ['meaning', 0.5],
]);
// Two candidates: one the definitions' words favour, one the sentence encoder favours.
const signals = new Map<string, SignalVector>([
  ['words', [2, 1, 0, 0, 1.5]],
  ['meaning', [1, 0.2, 0, 2.5, 0.3]],
]);

describe('the learned weights of the prior signals (signal-weights.ts)', () => {
  it('start at 0, so a catalog without outcomes ranks by the prior alone', () => {
    const weights = new SignalWeights(options);
    for (const vector of signals.values()) assert.strictEqual(weights.score(vector), 0);
    assert.deepStrictEqual(Object.values(weights.toJSON()), [0, 0, 0, 0, 0]);
  });

  it('learn to trust the signal that names the right expert, and a correction moves them further than an outcome', () => {
    const fromOutcome = new SignalWeights(options);
    const fromCorrection = new SignalWeights(options);
    fromOutcome.update(signals, even, new Map([['meaning', 1]]), false);
    fromCorrection.update(signals, even, new Map([['meaning', 1]]), true);
    for (const weights of [fromOutcome, fromCorrection]) {
      const w = weights.toJSON();
      assert.ok(w.sentence > 0, `sentence ${w.sentence}`);
      assert.ok(w.definitions < 0 && w.strength < 0, JSON.stringify(w));
      assert.ok(weights.score(signals.get('meaning')!) > weights.score(signals.get('words')!));
    }
    assert.ok(fromCorrection.toJSON().sentence > 3 * fromOutcome.toJSON().sentence);
  });

  it('never move past their limit, however many outcomes point one way', () => {
    const weights = new SignalWeights(options);
    for (let i = 0; i < 10_000; i++) weights.update(signals, even, new Map([['meaning', 1]]), true);
    for (const w of Object.values(weights.toJSON())) assert.ok(Math.abs(w) <= options.limit + 1e-12, String(w));
  });

  it('read a candidate the prior does not name as no signal at all', () => {
    assert.deepStrictEqual(signalVector(undefined), [0, 0, 0, 0, 0]);
    const p = { score: Math.E - 1, normalized: 0.5, similarity: 1.25, sentence: -0.5, prior: 2, fromDefinitions: 0.5, fromSimilarity: 1.5 };
    const v = signalVector(p);
    assert.deepStrictEqual(v.slice(0, 4), [2, 0.5, 1.25, -0.5]);
    assert.ok(Math.abs(v[4] - 1) < 1e-12, 'strength is log(1 + the raw score)');
  });

  it('are saved with the selection model and read back; a missing or broken weight reads as 0', () => {
    const model = new OnlineSoftmax(64);
    model.signals.update(signals, even, new Map([['meaning', 1]]), true);
    const back = OnlineSoftmax.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    assert.deepStrictEqual(back.signals.toJSON(), model.signals.toJSON());
    const partial = SignalWeights.fromJSON({ prior: 1, sentence: 'x', strength: null, __proto__: { definitions: 3 } });
    assert.deepStrictEqual(partial.toJSON(), { prior: 1, definitions: 0, similarity: 0, sentence: 0, strength: 0 });
    assert.deepStrictEqual(Object.keys(SignalWeights.fromJSON(undefined).toJSON()), [...SIGNAL_NAMES]);
    const older = model.toJSON();
    delete older.signals;
    assert.deepStrictEqual(Object.values(OnlineSoftmax.fromJSON(older).signals.toJSON()), [0, 0, 0, 0, 0]);
  });
});
