// The secret scanner's keyword prefilter: one pass over the text must find exactly the keywords that
// testing each one with `includes` finds (a keyword it missed would skip that rule, and its secrets).
import * as assert from 'assert';
import { GITLEAKS_RULES } from '../../../src/orchestrator/security/secrets/gitleaks-rules';
import { EXTRA_SECRET_RULES } from '../../../src/orchestrator/security/secrets/extra-secret-rules';
import { compileRule, leadingLiteral } from '../../../src/orchestrator/security/secrets/secret-rule';
import { findSecrets, keywordsIn } from '../../../src/orchestrator/security/secrets/secret-scanner';
import { seededRandom } from '../../../src/orchestrator/learning/statistics';

const keywords = [...new Set([...EXTRA_SECRET_RULES, ...GITLEAKS_RULES].map(compileRule).flatMap((r) => r.keywords))];

describe('secret scanner keyword prefilter', () => {
  it('finds the same keywords as one includes() per keyword, on texts full of overlapping and nested keywords', () => {
    const random = seededRandom(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    // Outside ASCII too: characters whose low 7 bits are a letter or digit ('á' is 0xe1, 'š' 0x161…),
    // the Kelvin sign, a dotted capital I, an emoji (two UTF-16 units).
    const filler = 'abcdefghijklmnopqrstuvwxyz0123456789_-=:"\' \náš\u0173\u212aİ😀\u0000';
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

  it('skips a rule whose literal start is missing only when no match could lack it', () => {
    assert.strictEqual(leadingLiteral('ghp_[0-9a-zA-Z]{36}', 'g'), 'ghp_');
    assert.strictEqual(leadingLiteral('SK[0-9a-fA-F]{32}', ''), 'SK');
    assert.strictEqual(leadingLiteral('abc?d', ''), 'ab', 'c is optional');
    assert.strictEqual(leadingLiteral('ab{0,1}x', ''), undefined, 'b may be absent: only "a" is sure, too short');
    assert.strictEqual(leadingLiteral('xox[os]-\\d+', ''), 'xox');
    assert.strictEqual(leadingLiteral('SK[0-9]{32}|AC[0-9]{32}', ''), undefined, 'an alternation offers another start');
    assert.strictEqual(leadingLiteral('sk_live_[0-9]+', 'i'), undefined, 'case-insensitive');
    assert.strictEqual(leadingLiteral('(?:ghp|gho)_x', ''), undefined);
    // Every vendored rule with a literal: its regex, run on texts with and without the literal, agrees
    // with the skip (a text without the literal has no match).
    const rules = [...EXTRA_SECRET_RULES, ...GITLEAKS_RULES].map(compileRule).filter((r) => r.literal);
    assert.ok(rules.length >= 20, `${rules.length} rules with a literal`);
    for (const rule of rules) assert.ok(rule.regex.source.startsWith(rule.literal!), rule.id);
    assert.deepStrictEqual(findSecrets('SK0123456789abcdef0123456789abcdef').length, 1, 'a Twilio key is still found');
    assert.deepStrictEqual(findSecrets('task sk0123456789abcdef0123456789abcdef'), [], 'lower-case sk is not one');
  });

  it('runs no rule from an unbounded identifier prefix, and still finds the secret after the keyword', () => {
    // gitleaks' `[\w.-]{0,50}?` prefix made a backtracking engine try 51 lengths at every position of a
    // long run of such characters: a text of keywords and `a.a.a…` took 0.5 s per 4,000 characters.
    for (const rule of [...EXTRA_SECRET_RULES, ...GITLEAKS_RULES].map(compileRule))
      assert.ok(!/^(\(\?:)?\[\\w\.-\]\{0,50\}\?|^\\b\[a-z0-9_\.-\]\*/.test(rule.regex.source), `${rule.id}: ${rule.regex.source.slice(0, 60)}`);
    const text = 'config.adafruit_io.api_key = "abcdefghijklmnopqrstuvwxyz012345"\nexport DB_PASSWORD=hunter2hunter2';
    const found = findSecrets(text).map((m) => text.slice(m.start, m.end));
    assert.ok(found.includes('abcdefghijklmnopqrstuvwxyz012345') && found.includes('hunter2hunter2'), found.join(' | '));
  });

  it('lets no rule run an unbounded name after its keyword, and still finds an assignment to a long name', () => {
    // `pwd[a-z0-9_]*` tried every keyword of a `pwd000pwd000…` run to its end: quadratic (thirteenth red team).
    for (const rule of [...EXTRA_SECRET_RULES, ...GITLEAKS_RULES].map(compileRule))
      assert.ok(!/\[a-z0-9_\]\*|\[\\w\]\*/.test(rule.regex.source), `${rule.id}: ${rule.regex.source.slice(0, 80)}`);
    const text = 'password_for_the_production_reporting_database = hunter2hunter2';
    assert.deepStrictEqual(
      findSecrets(text).map((m) => text.slice(m.start, m.end)),
      ['hunter2hunter2'],
    );
  });
});
