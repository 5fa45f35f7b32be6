// The red team of stop 30, the rows still open after stop 30's fixes. Invisible characters beyond the
// hand list (U+180E, U+2060, variation selectors, tag characters, the soft hyphen) passed the check, so a
// line could look like another one; a shell reading its script from its input (`sh -s`, `bash
// /dev/stdin`, `source /dev/stdin`) only asked, like a script file.
import * as assert from 'assert';
import * as path from 'path';
import { CommandGuard, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';

const ROOT = path.resolve('/work/space');

describe('command check: the red team of stop 30, the open rows', () => {
  const withMetacharacters = new CommandGuard({ ...DEFAULT_COMMAND_RULES, allowShellMetacharacters: true }, [ROOT], 'linux');
  const byDefault = new CommandGuard(DEFAULT_COMMAND_RULES, [ROOT], 'linux');
  const verdict = (guard: CommandGuard, command: string) => guard.evaluate(command).verdict;

  it('refuses every invisible character: format characters, default-ignorable ones (variation selectors, tags), line separators', () => {
    for (const c of [
      'ls \u180e',
      'git status \u{E0041}\u{E0042}',
      'ls \ufe0f',
      'git status\u2060',
      'ls \u2061',
      'ls \u2064',
      'ls \u00ad',
      'ls \u034f',
      'ls \u{E0100}',
      'ls \u115f',
      'ls \u3164',
      'ls \u{E0001}',
      'ls \u061c',
      'ls \u2028',
      'ls \ud800',
    ]) {
      assert.strictEqual(verdict(byDefault, c), 'deny', JSON.stringify(c));
      assert.strictEqual(verdict(withMetacharacters, c), 'deny', JSON.stringify(c));
    }
    for (const c of ['ls', 'ls src\tsrc', 'ls café', 'ls 日本語']) assert.strictEqual(verdict(byDefault, c), 'allow', JSON.stringify(c));
    assert.strictEqual(verdict(withMetacharacters, 'git status\ngit diff'), 'allow');
  });
});
