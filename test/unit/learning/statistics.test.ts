import * as assert from 'assert';
import { Z_90, betaMean, sampleBeta, sampleGamma, seededRandom, wilsonLowerBound } from '../../../src/orchestrator/learning/statistics';
import { HashingEmbedder, cosine, normalize } from '../../../src/orchestrator/learning/hashing-embedder';
import { DEFAULT_EVIDENCE_OPTIONS, EvidenceOptions, gatherEvidence } from '../../../src/orchestrator/learning/task-evidence';
import type { TaskOutcome } from '../../../src/orchestrator/learning/outcome-store';
import { DAY_MS, START } from './learning-helpers';

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe('learning statistics', () => {
  describe('wilsonLowerBound', () => {
    it('is 0 with no evidence and with only failures', () => {
      assert.strictEqual(wilsonLowerBound(0, 0), 0);
      assert.strictEqual(wilsonLowerBound(0, 5), 0);
      assert.strictEqual(wilsonLowerBound(-1, 0), 0);
    });

    it('does not treat one success as certainty', () => {
      const one = wilsonLowerBound(1, 0);
      assert.ok(one > 0.3 && one < 0.45, `1/1 gave ${one}`);
      assert.ok(one < 0.7, 'a single success must stay below the history threshold');
    });

    it('passes 0.8 with 20 of 20 and matches the closed form', () => {
      const twenty = wilsonLowerBound(20, 0);
      assert.ok(twenty > 0.8, `20/20 gave ${twenty}`);
      // Closed form with p = 1: n / (n + z²).
      assert.ok(Math.abs(twenty - 20 / (20 + Z_90 * Z_90)) < 1e-12);
    });

    it('grows with more observations at the same rate and stays below the raw rate', () => {
      const rates: number[] = [];
      for (const n of [2, 4, 10, 40, 200]) {
        const lb = wilsonLowerBound(0.75 * n, 0.25 * n);
        assert.ok(lb < 0.75, `lower bound ${lb} must be below the raw rate 0.75 (n=${n})`);
        rates.push(lb);
      }
      for (let i = 1; i < rates.length; i++) assert.ok(rates[i]! > rates[i - 1]!, `not increasing: ${rates.join(', ')}`);
      assert.ok(rates[rates.length - 1]! > 0.7, `200 observations at 75% should bound above 0.7, got ${rates[rates.length - 1]}`);
    });

    it('is lower for a higher z (a stricter bound) and accepts fractional counts', () => {
      assert.ok(wilsonLowerBound(8, 2, 1.96) < wilsonLowerBound(8, 2, Z_90));
      const frac = wilsonLowerBound(2.5, 0.5);
      assert.ok(frac > 0 && frac < 2.5 / 3);
    });
  });

  it('betaMean is alpha / (alpha + beta)', () => {
    assert.strictEqual(betaMean(3, 1), 0.75);
    assert.strictEqual(betaMean(1, 1), 0.5);
    assert.strictEqual(betaMean(0.4, 3.6), 0.1);
  });

  describe('seededRandom', () => {
    it('repeats the same sequence for the same seed and differs for another', () => {
      const a = seededRandom(42);
      const b = seededRandom(42);
      const c = seededRandom(43);
      const seqA = Array.from({ length: 10 }, () => a());
      const seqB = Array.from({ length: 10 }, () => b());
      const seqC = Array.from({ length: 10 }, () => c());
      assert.deepStrictEqual(seqA, seqB);
      assert.notDeepStrictEqual(seqA, seqC);
      assert.strictEqual(new Set(seqA).size, 10);
    });

    it('stays in [0, 1) and is roughly uniform', () => {
      const r = seededRandom(7);
      const values = Array.from({ length: 20000 }, () => r());
      assert.ok(values.every((v) => v >= 0 && v < 1));
      assert.ok(Math.abs(mean(values) - 0.5) < 0.01, `mean ${mean(values)}`);
      const lowQuarter = values.filter((v) => v < 0.25).length / values.length;
      assert.ok(Math.abs(lowQuarter - 0.25) < 0.015, `P(<0.25) = ${lowQuarter}`);
    });
  });

  describe('sampleGamma and sampleBeta', () => {
    it('sampleGamma has mean ≈ shape, above and below 1', () => {
      for (const shape of [0.4, 1, 3.5]) {
        const r = seededRandom(11);
        const values = Array.from({ length: 20000 }, () => sampleGamma(shape, r));
        assert.ok(values.every((v) => v >= 0 && Number.isFinite(v)));
        assert.ok(Math.abs(mean(values) - shape) < 0.05 * Math.max(1, shape), `shape ${shape}: mean ${mean(values)}`);
      }
    });

    it('sampleBeta has mean ≈ alpha / (alpha + beta) and stays in [0, 1]', () => {
      for (const [alpha, beta] of [
        [2, 5],
        [3.4, 0.6],
        [0.5, 0.5],
        [20, 4],
      ] as const) {
        const r = seededRandom(2026);
        const values = Array.from({ length: 20000 }, () => sampleBeta(alpha, beta, r));
        assert.ok(
          values.every((v) => v >= 0 && v <= 1),
          `Beta(${alpha}, ${beta}) left [0, 1]`,
        );
        const m = mean(values);
        assert.ok(Math.abs(m - alpha / (alpha + beta)) < 0.01, `Beta(${alpha}, ${beta}): mean ${m} vs ${alpha / (alpha + beta)}`);
      }
    });

    it('is deterministic for a seed', () => {
      const a = seededRandom(5);
      const b = seededRandom(5);
      const xs = Array.from({ length: 50 }, () => sampleBeta(1.2, 2.8, a));
      const ys = Array.from({ length: 50 }, () => sampleBeta(1.2, 2.8, b));
      assert.deepStrictEqual(xs, ys);
    });
  });
});

describe('HashingEmbedder', () => {
  const embedder = new HashingEmbedder(256);

  it('produces unit vectors of its dimension and names itself by it', async () => {
    assert.strictEqual(embedder.id, 'hashing-256');
    const [v] = await embedder.embed(['Write a Kubernetes Helm chart for the API service']);
    assert.strictEqual(v!.length, 256);
    assert.ok(Math.abs(cosine(v!, v!) - 1) < 1e-5);
  });

  it('scores reworded tasks high and unrelated ones near 0', () => {
    const a = embedder.embedSync('Fix the CSS layout of the React component');
    const b = embedder.embedSync('Fix the CSS layout in the React header component');
    const c = embedder.embedSync('Bake a chocolate cake');
    assert.ok(cosine(a, b) > 0.7, `reworded: ${cosine(a, b)}`);
    // Only hash collisions can relate texts without a shared term: below the evidence threshold.
    const wide = new HashingEmbedder();
    const unrelated = cosine(wide.embedSync('Fix the CSS layout of the React component'), wide.embedSync('Bake a chocolate cake'));
    assert.ok(Math.abs(unrelated) < DEFAULT_EVIDENCE_OPTIONS.minSimilarity, `unrelated: ${unrelated}`);
    assert.ok(cosine(a, c) < cosine(a, b));
  });

  it('applies synonyms and ignores stop words and case', () => {
    const a = embedder.embedSync('Deploy to k8s');
    const b = embedder.embedSync('DEPLOY TO THE KUBERNETES');
    assert.ok(cosine(a, b) > 0.999, `${cosine(a, b)}`);
  });

  it('gives a zero vector for text with no terms, and normalize leaves it zero', () => {
    const v = embedder.embedSync('the and of');
    assert.ok(v.every((x) => x === 0));
    assert.ok(normalize(new Float32Array(3)).every((x) => x === 0));
  });

  it('cosine of vectors of different length is 0', () => {
    assert.strictEqual(cosine(new Float32Array([1, 0]), new Float32Array([1, 0, 0])), 0);
    const n = normalize(new Float32Array([3, 4]));
    assert.ok(Math.abs(n[0]! - 0.6) < 1e-6 && Math.abs(n[1]! - 0.8) < 1e-6);
  });
});

describe('gatherEvidence', () => {
  const now = START + 365 * DAY_MS;
  const task = new Float32Array([1, 0]);
  const at = (s: number) => new Float32Array([s, Math.sqrt(1 - s * s)]);
  const outcome = (id: string, agentId: string, success: boolean, when = now): TaskOutcome => ({
    v: 1,
    id,
    task: `task ${id}`,
    agentId,
    result: '',
    success,
    at: when,
  });
  const noCountDecay: EvidenceOptions = { ...DEFAULT_EVIDENCE_OPTIONS, halfLifeOutcomes: 1e12 };

  it('weights by a linear kernel between minSimilarity and fullSimilarity', () => {
    const outcomes = [outcome('a', 'x', true), outcome('b', 'x', false), outcome('c', 'y', true), outcome('d', 'z', true)];
    const vectors = new Map([
      ['a', at(0.9)], // full weight
      ['b', at(0.375)], // half way: 0.5
      ['c', at(0.2)], // unrelated
      ['d', at(0.5)], // exactly full
    ]);
    const evidence = gatherEvidence(task, outcomes, vectors, now, noCountDecay);
    const x = evidence.byAgent.get('x')!;
    assert.ok(Math.abs(x.successes - 1) < 1e-6, `${x.successes}`);
    assert.ok(Math.abs(x.failures - 0.5) < 1e-5, `${x.failures}`);
    assert.strictEqual(x.count, 2);
    assert.strictEqual(evidence.byAgent.has('y'), false);
    assert.ok(Math.abs(evidence.byAgent.get('z')!.successes - 1) < 1e-5);
    assert.deepStrictEqual(
      evidence.similar.map((s) => s.task),
      ['task a', 'task d', 'task b'],
    );
  });

  it('halves the weight every halfLifeMs and every halfLifeOutcomes later outcomes', () => {
    const outcomes = [outcome('old', 'x', true, now - 30 * DAY_MS), outcome('older', 'y', true, now - 60 * DAY_MS), outcome('skip', 'z', true)];
    const vectors = new Map([
      ['old', at(1)],
      ['older', at(1)],
      ['skip', at(0)],
    ]);
    const timeOnly = gatherEvidence(task, outcomes, vectors, now, noCountDecay);
    assert.ok(Math.abs(timeOnly.byAgent.get('x')!.successes - 0.5) < 1e-6);
    assert.ok(Math.abs(timeOnly.byAgent.get('y')!.successes - 0.25) < 1e-6);

    const countOnly = gatherEvidence(task, outcomes, vectors, now, { ...DEFAULT_EVIDENCE_OPTIONS, halfLifeMs: Infinity, halfLifeOutcomes: 1 });
    // 'old' has two later outcomes, 'older' one (the unrelated one still counts as a later outcome).
    assert.ok(Math.abs(countOnly.byAgent.get('x')!.successes - 0.25) < 1e-6, `${countOnly.byAgent.get('x')!.successes}`);
    assert.ok(Math.abs(countOnly.byAgent.get('y')!.successes - 0.5) < 1e-6);
  });

  it('skips outcomes it has no vector for', () => {
    const evidence = gatherEvidence(task, [outcome('a', 'x', true)], new Map(), now, DEFAULT_EVIDENCE_OPTIONS);
    assert.strictEqual(evidence.byAgent.size, 0);
    assert.deepStrictEqual(evidence.similar, []);
  });
});
