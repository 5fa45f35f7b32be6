// Red team of stop 37: a program (or option, subcommand, file extension) named like a member every plain
// object inherits (`constructor`, `__proto__`, `toString`, …) crashed the command guard with a TypeError
// before any rule ran: its tables were object literals. Every such name now gets a verdict, the one an
// unknown program gets, in both modes and behind every wrapper.
import * as assert from 'assert';
import * as path from 'path';
import { CommandGuard, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';
import { languageOf } from '../../../src/orchestrator/rag/languages';

const ROOT = path.resolve('/work/space');
const NAMES = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'Constructor', 'prototype'];

describe('command check: the red team of stop 37 (names every plain object inherits)', () => {
  const guards = [
    new CommandGuard(DEFAULT_COMMAND_RULES, [ROOT], 'linux'),
    new CommandGuard({ ...DEFAULT_COMMAND_RULES, allowShellMetacharacters: true }, [ROOT], 'linux'),
  ];

  it('gives such a program the verdict of an unknown program, alone, with options and behind wrappers', () => {
    const unknown = guards.map((g) => g.evaluate('frobnicate -x').verdict);
    for (const name of NAMES) {
      for (const line of [
        `${name} -x`,
        `${name} --help a.txt`,
        `env ${name} -x`,
        `timeout 5 ${name} -x`,
        `nice ${name} -x`,
        `xargs ${name} -x`,
        `./${name} -x`,
      ]) {
        guards.forEach((g, i) => {
          const result = g.evaluate(line);
          assert.ok(['allow', 'ask', 'deny'].includes(result.verdict), line);
          if (!line.startsWith('./')) assert.strictEqual(result.verdict, unknown[i], line);
        });
      }
      // Alone, it is not said to read a program from its input.
      for (const g of guards) assert.doesNotMatch(g.evaluate(name).reason ?? '', /from its input/, name);
    }
  });

  it('gives such options and subcommands of known programs a verdict', () => {
    for (const name of NAMES) {
      for (const line of [`git ${name}`, `npm ${name}`, `python3 -${name} x.py`, `node --${name} x.js`, `systemctl ${name}`, `tmux ${name}`]) {
        for (const g of guards) assert.ok(['allow', 'ask', 'deny'].includes(g.evaluate(line).verdict), line);
      }
    }
  });

  it('reads a file named or ending like such a name as plain text', () => {
    for (const name of NAMES) {
      assert.strictEqual(languageOf(name), 'text', name);
      assert.strictEqual(languageOf(`notes.${name}`), 'text', name);
    }
  });
});
