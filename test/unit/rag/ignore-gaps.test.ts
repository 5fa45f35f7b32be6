import * as assert from 'assert';
import ignore = require('ignore');
import { linearizeGaps, withLinearGaps } from '../../../src/orchestrator/rag/ignore-gaps';

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

const PATTERN_SEGMENTS = ['**', '**', 'a', 'b', 'a*', '*b', '?', '[ab]', 'ab', '*'];
const PATH_SEGMENTS = ['a', 'b', 'ab', 'ba', 'c', 'a.ts'];

function randomPattern(next: () => number): string {
  const length = 2 + Math.floor(next() * 6);
  const segments = Array.from({ length }, () => pick(next, PATTERN_SEGMENTS));
  const lead = pick(next, ['', '/', '!']);
  const trail = next() < 0.2 ? '/' : '';
  return lead + segments.join('/') + trail;
}

function randomPath(next: () => number): string {
  const length = 1 + Math.floor(next() * 9);
  return Array.from({ length }, () => pick(next, PATH_SEGMENTS)).join('/') + (next() < 0.2 ? '/' : '');
}

describe('gitignore patterns with several ** (linear gaps)', () => {
  it('rewrites every gap but the last of the shape the library compiles, and nothing else', () => {
    const rule = (pattern: string) => (ignore().add(pattern) as unknown as { _rules: { _rules: Array<{ regex: RegExp }> } })._rules._rules[0]!.regex.source;
    assert.strictEqual(linearizeGaps(rule('**/a/**/b')), rule('**/a/**/b'), 'one gap is left as it is');
    assert.strictEqual(linearizeGaps(rule('*.log')), rule('*.log'));
    const three = linearizeGaps(rule('a/**/b/**/c/**/d'));
    assert.strictEqual((three.match(/\(\?=\(\?<gap\d>/g) ?? []).length, 2, three);
    assert.ok(three.includes('(?:\\/[^\\/]+)*\\/d'), 'the last gap still reaches the end');
    // Adjacent gaps are one gap.
    assert.strictEqual(linearizeGaps(rule('a/**/**/b')).split('(?:\\/[^\\/]+)*').length, 2);
  });

  it('gives the library’s answer for 4,000 random patterns and paths', () => {
    const next = random(20261203);
    let checked = 0;
    let matched = 0;
    for (let round = 0; round < 400; round++) {
      const patterns = Array.from({ length: 1 + Math.floor(next() * 3) }, () => randomPattern(next));
      const plain = ignore().add(patterns);
      const linear = withLinearGaps(ignore().add(patterns));
      for (let probe = 0; probe < 10; probe++) {
        const candidate = randomPath(next);
        const expected = plain.test(candidate);
        const actual = linear.test(candidate);
        assert.deepStrictEqual(
          { ignored: actual.ignored, unignored: actual.unignored },
          { ignored: expected.ignored, unignored: expected.unignored },
          `${JSON.stringify(patterns)} on ${candidate}`,
        );
        checked++;
        if (expected.ignored || expected.unignored) matched++;
      }
    }
    assert.strictEqual(checked, 4000);
    assert.ok(matched > 400, `the random cases should often match (${matched} of ${checked})`);
  });

  it('answers a nine-gap pattern on a path 60 folders deep (exponential before: hours)', function () {
    this.timeout(20_000); // a hang guard only: the answer takes milliseconds
    const rules = withLinearGaps(ignore().add('**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/b'));
    const deep = Array.from({ length: 60 }, () => 'a').join('/');
    assert.strictEqual(rules.ignores(`${deep}/c.ts`), false);
    assert.strictEqual(rules.ignores(`${deep}/b`), true);
  });
});
