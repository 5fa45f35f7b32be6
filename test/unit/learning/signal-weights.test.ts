import * as assert from 'assert';
import { OnlineSoftmax } from '../../../src/orchestrator/learning/online-softmax';
import { SIGNAL_NAMES, SignalWeights, type SignalVector, signalVector } from '../../../src/orchestrator/learning/signal-weights';

// (Options of their own: the tests do not depend on the defaults' values.)
const options = { rate: 0.02, correctionRate: 0.06, l2: 0, rampIn: 10 };
const even = new Map([
  ['words', 0.5],
  ['meaning', 0.5],
]);
// Two candidates' prior parts in logits: one the definitions' words favour, one the sentence encoder favours.
const signals = new Map<string, SignalVector>([
  ['words', [5, 0, 0.5, 6]],
  ['meaning', [1, 0, 4, 1]],
]);
const toMeaning = new Map([['meaning', 1]]);
const lead = (weights: SignalWeights) => {
  const s = weights.scores(signals);
  return s.get('meaning')! - s.get('words')!;
};

describe('the learned weights of the prior parts (signal-weights.ts)', () => {
  it('start at 0, so a catalog without outcomes ranks by the prior alone', () => {
    const weights = new SignalWeights(options);
    assert.deepStrictEqual([...weights.scores(signals).values()], [0, 0]);
    assert.deepStrictEqual(weights.toJSON(), { definitions: 0, wordVectors: 0, sentence: 0, strength: 0, answers: 0 });
  });

  it('learn to trust the part that names the right expert, a correction further than an outcome, each step capped', () => {
    const fromOutcome = new SignalWeights(options);
    const fromCorrection = new SignalWeights(options);
    fromOutcome.update(signals, even, toMeaning, false);
    fromCorrection.update(signals, even, toMeaning, true);
    for (const weights of [fromOutcome, fromCorrection]) {
      const w = weights.toJSON();
      assert.ok(w.sentence > 0 && w.definitions < 0, JSON.stringify(w));
      assert.ok(lead(weights) > 0);
      for (const name of SIGNAL_NAMES) assert.ok(Math.abs(w[name]) <= 0.05 + 1e-12, `${name} ${w[name]}: a step moves a weight by 0.05 at most`);
    }
    assert.ok(fromCorrection.toJSON().sentence > fromOutcome.toJSON().sentence);
    const scaled = new SignalWeights(options);
    scaled.update(signals, even, toMeaning, true, 0.25);
    assert.ok(Math.abs(scaled.toJSON().sentence - fromCorrection.toJSON().sentence / 4) < 1e-12, 'a report on a task reported before counts less');
  });

  it('count more as more answers are learned (n / (n + rampIn))', () => {
    const once = new SignalWeights(options);
    once.update(signals, even, toMeaning, true);
    const w = once.toJSON();
    // The same weights, learned from 30 answers, count 31 / 40 instead of 1 / 11.
    const many = SignalWeights.fromJSON({ ...w, answers: 30 }, options);
    assert.ok(Math.abs(lead(many) / lead(once) - 30 / 40 / (1 / 11)) < 1e-9, `${lead(many)} vs ${lead(once)}`);
  });

  it('never let a part lose more than 30 % of its say or more than double it, whatever the outcomes say', () => {
    const against = new SignalWeights(options);
    const towards = new SignalWeights(options);
    for (let i = 0; i < 5_000; i++) {
      against.update(
        signals,
        even,
        new Map([
          ['words', 0],
          ['meaning', 1],
        ]),
        true,
      );
      towards.update(signals, even, new Map([['words', 1]]), true);
    }
    for (const weights of [against, towards]) {
      const w = weights.toJSON();
      for (const name of ['definitions', 'wordVectors', 'sentence'] as const) assert.ok(w[name] >= -0.3 && w[name] <= 1, `${name} ${w[name]}`);
      assert.ok(w.strength >= 0 && w.strength <= 0.2, `strength ${w.strength}`);
    }
    assert.strictEqual(against.toJSON().definitions, -0.3);
    assert.strictEqual(against.toJSON().sentence, 1);
  });

  it("reads a candidate's prior parts in logits, and one the prior does not name as none", () => {
    assert.deepStrictEqual(signalVector(undefined, 5), [0, 0, 0, 0]);
    const p = {
      score: Math.E - 1,
      normalized: 0.5,
      similarity: 1.25,
      sentence: -0.5,
      prior: 2,
      fromDefinitions: 0.5,
      fromSimilarity: 1.5,
      fromWordVectors: 1,
      fromSentence: 0.5,
    };
    const v = signalVector(p, 5);
    assert.deepStrictEqual(v.slice(0, 3), [2.5, 5, 2.5]);
    assert.ok(Math.abs(v[3] - 5) < 1e-12, 'strength is the temperature times log(1 + the raw score)');
  });

  it('are saved with the selection model and read back; a missing, broken or inherited weight reads as 0, one out of range as its bound', () => {
    const model = new OnlineSoftmax(64);
    model.signals.update(signals, even, toMeaning, true);
    const back = OnlineSoftmax.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    assert.deepStrictEqual(back.signals.toJSON(), model.signals.toJSON());
    const partial = SignalWeights.fromJSON({ definitions: -3, sentence: 'x', strength: 9, answers: -4, __proto__: { wordVectors: 0.7 } });
    assert.deepStrictEqual(partial.toJSON(), { definitions: -0.3, wordVectors: 0, sentence: 0, strength: 0.2, answers: 0 });
    const older = model.toJSON();
    delete older.signals;
    assert.deepStrictEqual(OnlineSoftmax.fromJSON(older).signals.toJSON(), { definitions: 0, wordVectors: 0, sentence: 0, strength: 0, answers: 0 });
  });
});
