// bestFirst: the order a comparator sort by score (best first) then by the tie-break gives, for any
// scores, ties, infinities and signed zeros.
import * as assert from 'assert';
import { bestFirst } from '../../../src/orchestrator/agents/selection/score-order';
import { seededRandom } from '../../../src/orchestrator/learning/statistics';

interface Item {
  score: number;
  id: string;
}

const byId = (a: Item, b: Item) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const reference = (items: readonly Item[]) => [...items].sort((a, b) => (a.score === b.score ? 0 : b.score - a.score) || byId(a, b));

describe('bestFirst (score order with a native numeric sort)', () => {
  it('gives the comparator sort order on 3,000 random lists with many ties', () => {
    const random = seededRandom(7);
    // 1 ± 1e-9 and 1e-300 round to the same single-precision numbers as 1 and 0: ordered by their exact values.
    // 1e300 and 3.5e38 are beyond single precision (they round to Infinity there).
    const values = [0, -0, 1, 1 + 1e-9, 1 - 1e-9, 2, 0.5, 1e-300, -1e-300, -3, 1e300, -1e300, 3.5e38, Infinity, -Infinity];
    for (let trial = 0; trial < 3000; trial++) {
      const length = Math.floor(random() * 80);
      const items = Array.from({ length }, (_, i) => ({
        score: random() < 0.5 ? values[Math.floor(random() * values.length)]! : random() * 10,
        id: `e${Math.floor(random() * 1e6)}-${i}`,
      }));
      const got = bestFirst(items, (x) => x.score, byId).map((x) => x.id);
      assert.deepStrictEqual(
        got,
        reference(items).map((x) => x.id),
        `trial ${trial}`,
      );
    }
  });

  it('keeps the input order of items the tie-break calls equal (a stable sort), and so does the comparator fallback', () => {
    const random = seededRandom(11);
    const byInitial = (a: Item, b: Item) => (a.id[0]! < b.id[0]! ? -1 : a.id[0]! > b.id[0]! ? 1 : 0);
    for (let trial = 0; trial < 500; trial++) {
      const items = Array.from({ length: Math.floor(random() * 40) }, (_, i) => ({
        score: [0, 1, 1 + 1e-9, 2][Math.floor(random() * 4)]!,
        id: `${'abc'[Math.floor(random() * 3)]}${i}`,
      }));
      const expected = [...items].sort((a, b) => (a.score === b.score ? 0 : b.score - a.score) || byInitial(a, b)).map((x) => x.id);
      assert.deepStrictEqual(
        bestFirst(items, (x) => x.score, byInitial).map((x) => x.id),
        expected,
        `trial ${trial}`,
      );
      // With 3 position bits, lists of 8 or more take the comparator path.
      assert.deepStrictEqual(
        bestFirst(items, (x) => x.score, byInitial, 3).map((x) => x.id),
        expected,
        `trial ${trial}, comparator path`,
      );
    }
  });

  it('returns a new array and leaves the input as it was', () => {
    const items = [
      { score: 1, id: 'b' },
      { score: 3, id: 'a' },
      { score: 1, id: 'a' },
    ];
    const copy = [...items];
    assert.deepStrictEqual(
      bestFirst(items, (x) => x.score, byId).map((x) => `${x.id}${x.score}`),
      ['a3', 'a1', 'b1'],
    );
    assert.deepStrictEqual(items, copy);
    assert.deepStrictEqual(
      bestFirst([], (x: Item) => x.score, byId),
      [],
    );
  });

  it('refuses a NaN score instead of ordering it somewhere', () => {
    assert.throws(() => bestFirst([{ score: NaN, id: 'x' }], (x) => x.score, byId), /not a number \(NaN\)/);
    assert.throws(() => bestFirst([{ score: undefined as unknown as number, id: 'x' }], (x) => x.score, byId), /not a number \(undefined\)/);
  });
});
