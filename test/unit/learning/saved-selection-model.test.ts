import * as assert from 'assert';
import { DEFAULT_SOFTMAX_OPTIONS, OnlineSoftmax } from '../../../src/orchestrator/learning/online-softmax';
import { MODEL_VERSION, parseSavedModel, serializeSavedModel } from '../../../src/orchestrator/learning/saved-selection-model';

describe('the saved selection model (selection-model.json)', () => {
  const log = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  const model = () => {
    const m = new OnlineSoftmax(64);
    m.update(
      new Map([[3, 1]]),
      new Map([
        ['x', 0.5],
        ['y', 0.5],
      ]),
      new Map([['x', 1]]),
    );
    return m;
  };
  const saved = (fields: Record<string, unknown>) =>
    JSON.stringify({ v: MODEL_VERSION, count: 2, consumed: 'b', encoder: 'enc', model: model().toJSON(), ...fields });

  it('reads back what it wrote when the log still holds the outcome it claims as its last', () => {
    const text = serializeSavedModel({ model: model(), count: 2, consumed: 'b', encoder: 'enc' });
    const state = parseSavedModel(text, log, DEFAULT_SOFTMAX_OPTIONS, 'enc');
    assert.ok(state);
    assert.strictEqual(state.count, 2);
    assert.strictEqual(state.consumed, 'b');
    assert.deepStrictEqual(state.model.toJSON(), model().toJSON());
    assert.ok(parseSavedModel(saved({ count: 0, consumed: undefined }), [], DEFAULT_SOFTMAX_OPTIONS, 'enc'), 'a model of no outcomes fits an empty log');
  });

  it('is not used under another rule, past the end of the log, or when its last outcome is not where it says', () => {
    // Another encoder, or none, in the prior it learned under: retrained (review of stop 35).
    for (const fields of [{ v: MODEL_VERSION - 1 }, { count: 4 }, { consumed: 'c' }, { count: '2' }, { encoder: 'none' }, { encoder: undefined }]) {
      assert.strictEqual(parseSavedModel(saved(fields), log, DEFAULT_SOFTMAX_OPTIONS, 'enc'), undefined, JSON.stringify(fields));
    }
  });

  it('is not used with a count that is negative or not whole (which would claim part of the log before it)', () => {
    // count -1 without a consumed id once matched: outcomes[-2]?.id is undefined, as is the missing id.
    for (const fields of [{ count: -1, consumed: undefined }, { count: 1.5 }]) {
      assert.strictEqual(parseSavedModel(saved(fields), log, DEFAULT_SOFTMAX_OPTIONS, 'enc'), undefined, JSON.stringify(fields));
    }
  });

  it('throws on text that is not a saved model at all (the chooser then retrains from the log)', () => {
    assert.throws(() => parseSavedModel('{not json', log, DEFAULT_SOFTMAX_OPTIONS, 'enc'));
    assert.throws(() => parseSavedModel(saved({ model: { v: 2 } }), log, DEFAULT_SOFTMAX_OPTIONS, 'enc'));
    // Said as such, not as a TypeError from reading a field of null (robustness probe).
    for (const text of ['null', '[]', '5', '"model"']) {
      assert.throws(
        () => parseSavedModel(text, log, DEFAULT_SOFTMAX_OPTIONS, 'enc'),
        /^InvalidArgumentError: it holds .*, not a saved model \(a JSON object\)$/,
        text,
      );
    }
  });
});
