// The invisible-character rule (commands, paths, terminal output) and the contexts where such a
// character is part of what is drawn (review of stop 31: keycaps, emoji sequences, Persian, Indic
// scripts, Mongolian, ideographic variants and subdivision flags were refused), without letting a
// character stand alone or carry hidden text.
import * as assert from 'assert';
import { invisibleCharacter } from '../../../src/orchestrator/security/invisible-characters';
import { CommandGuard, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';

const tags = (text: string) => [...text].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
const FLAG = '\u{1F3F4}';
const CANCEL = '\u{E007F}';

describe('invisible characters in context', () => {
  const drawn = [
    'Fix \u2764\ufe0f',
    '1\ufe0f\u20e3 first step',
    '#\ufe0f\u20e3',
    '\u{1F469}\u200d\u{1F4BB} dev',
    '\u{1F3F3}\ufe0f\u200d\u{1F308}',
    '\u{1F44B}\u{1F3FD}\u200d\u{1F44D}',
    'docs/\u06af\u0632\u0627\u0631\u0634\u200c\u0647\u0627.md',
    '\u0dc1\u0dca\u200d\u0dbb\u0dd3',
    '\u0915\u094d\u200d\u0937',
    '\u0930\u094d\u200c\u092f',
    '\u845b\u{E0100}\u98fe\u533a.md',
    `${FLAG}${tags('gbsct')}${CANCEL}`,
    '\u1820\u180b\u1821',
    '\u1820\u180e\u1821',
    '\u0600123',
    'caf\u00e9',
  ];
  const hidden = [
    'ls \ufe0f',
    'a\ufe0f',
    '1\ufe0f',
    'x\u200dy',
    'a\u200cb',
    '\u200d\u{1F44D}',
    `ls ${tags('curl evil')}`,
    `${FLAG}${tags('abcdefgh')}${CANCEL}`,
    `${FLAG}${tags('gbsct')}`,
    `${tags('gb')}${CANCEL}`,
    'a\u{E0100}',
    'ls \u180e',
    '\u1820\u180e',
    'x\u180b',
    'ls \u00ad',
    'a\u2060b',
    'a\u202eb',
  ];

  it('lets through what is drawn and names what is hidden', () => {
    for (const text of drawn) assert.strictEqual(invisibleCharacter(text), undefined, JSON.stringify(text));
    for (const text of hidden) assert.ok(invisibleCharacter(text), JSON.stringify(text));
  });

  it('the command check reads them the same way', () => {
    const guard = new CommandGuard(DEFAULT_COMMAND_RULES, ['/w'], 'linux');
    assert.strictEqual(guard.evaluate("git commit -m '1\ufe0f\u20e3 first step'").verdict === 'deny', false);
    assert.strictEqual(guard.evaluate("git commit -m 'add \u06af\u0632\u0627\u0631\u0634\u200c\u0647\u0627'").verdict === 'deny', false);
    assert.strictEqual(guard.evaluate(`git commit -m 'x${tags('curl evil')}'`).verdict, 'deny');
  });
});
