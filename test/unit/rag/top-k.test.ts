// The scan's top-k heap against a plain sort: best first, equal scores by row ascending, any k.
import * as assert from 'assert';
import { TopK } from '../../../src/orchestrator/rag/vector-scan';
import { seededRandom } from '../../../src/orchestrator/seeded-random';

describe('TopK heap of the vector scan', () => {
  it('keeps the k best (score desc, row asc) for small and large k, with many ties, reused between queries', () => {
    const next = seededRandom(11);
    const top = new TopK(2);
    for (const [count, k] of [
      [50, 1],
      [500, 10],
      [2000, 64],
      [2000, 1500],
      [30, 100],
    ] as const) {
      // Scores on a coarse grid, so ties are frequent.
      const scores = Array.from({ length: count }, () => Math.round(next() * 40) / 40);
      top.reset(k);
      scores.forEach((s, row) => {
        if (top.admits(s)) top.push(s, row);
      });
      const got = top.drain();
      const expected = scores
        .map((s, row) => ({ s, row }))
        .sort((a, b) => b.s - a.s || a.row - b.row)
        .slice(0, k);
      assert.deepStrictEqual(
        got.rows,
        expected.map((e) => e.row),
        `count ${count}, k ${k}`,
      );
      assert.deepStrictEqual(
        got.scores,
        expected.map((e) => e.s),
      );
      assert.strictEqual(top.size, 0, 'drained');
    }
  });

  it('admits nothing once full unless strictly better than the worst kept', () => {
    const top = new TopK();
    top.reset(2);
    top.push(0.5, 0);
    top.push(0.7, 1);
    assert.strictEqual(top.admits(0.5), false, 'an equal score of a later row stays out');
    assert.strictEqual(top.admits(0.6), true);
  });
});
