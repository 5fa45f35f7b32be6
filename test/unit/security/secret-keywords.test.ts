// The secret scanner's keyword prefilter: one pass over the text must find exactly the keywords that
// testing each one with `includes` finds (a keyword it missed would skip that rule, and its secrets).
import * as assert from 'assert';
import { GITLEAKS_RULES } from '../../../src/orchestrator/security/secrets/gitleaks-rules';
import { EXTRA_SECRET_RULES } from '../../../src/orchestrator/security/secrets/extra-secret-rules';
import { compileRule } from '../../../src/orchestrator/security/secrets/secret-rule';
import { keywordsIn } from '../../../src/orchestrator/security/secrets/secret-scanner';
import { seededRandom } from '../../../src/orchestrator/learning/statistics';

const keywords = [...new Set([...EXTRA_SECRET_RULES, ...GITLEAKS_RULES].map(compileRule).flatMap((r) => r.keywords))];

describe('secret scanner keyword prefilter', () => {
  it('finds the same keywords as one includes() per keyword, on texts full of overlapping and nested keywords', () => {
    const random = seededRandom(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const filler = 'abcdefghijklmnopqrstuvwxyz0123456789_-=:"\' \n';
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const parts = 1 + Math.floor(random() * 12);
      for (let i = 0; i < parts; i++) {
        const k = pick(keywords);
        // Whole keywords, keywords cut short, and keywords glued to the next one (overlaps).
        text += random() < 0.3 ? k.slice(0, Math.max(1, Math.floor(random() * k.length))) : k;
        if (random() < 0.5) text += pick([...filler]);
      }
      const expected = keywords.filter((k) => text.includes(k)).sort();
      assert.deepStrictEqual([...keywordsIn(text)].sort(), expected, JSON.stringify(text));
    }
  });

  it('finds nothing in text without keywords and every keyword in the text of all of them', () => {
    assert.deepStrictEqual([...keywordsIn('')], []);
    assert.deepStrictEqual([...keywordsIn(keywords.join(' '))].sort(), [...keywords].sort());
  });
});
