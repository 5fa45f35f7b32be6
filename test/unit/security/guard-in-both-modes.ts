// The command guard with the default rules and with shell constructs allowed, and assertions that a list of
// command lines gets one verdict in both: what the red team tests of a stop share.
import * as assert from 'assert';
import * as path from 'path';
import { CommandGuard, type CommandRules, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';

const ROOT = path.resolve('/work/space');

type Verdict = 'allow' | 'ask' | 'deny';

/** The guard over `rules` in both modes: as given, and with shell constructs allowed. */
function bothModes(rules: CommandRules): CommandGuard[] {
  return [new CommandGuard(rules, [ROOT], 'linux'), new CommandGuard({ ...rules, allowShellMetacharacters: true }, [ROOT], 'linux')];
}

/** Asserts that every line gets `expected` from every guard; the failing line is the message. */
function expectFrom(guards: readonly CommandGuard[], commands: readonly string[], expected: Verdict): void {
  for (const c of commands) for (const g of guards) assert.strictEqual(g.evaluate(c).verdict, expected, c);
}

const byDefault = bothModes(DEFAULT_COMMAND_RULES);

/** Asserts that every line gets `expected` from the guard in both modes; the failing line is the message. */
export function expectInBothModes(commands: readonly string[], expected: Verdict): void {
  expectFrom(byDefault, commands, expected);
}

export const denied = (commands: readonly string[]): void => expectInBothModes(commands, 'deny');
export const keeps = (commands: readonly string[], expected: 'allow' | 'ask'): void => expectInBothModes(commands, expected);

/**
 * The same assertions for a user whose allow list adds `extra` (`tar`, `git`, `docker`…): a bypass is a
 * line that such a rule would allow while the command it runs is denied.
 */
export function withAllowed(extra: readonly string[]): {
  denied: (commands: readonly string[]) => void;
  keeps: (commands: readonly string[], expected: 'allow' | 'ask') => void;
} {
  const guards = bothModes({ ...DEFAULT_COMMAND_RULES, allow: [...DEFAULT_COMMAND_RULES.allow, ...extra] });
  return { denied: (commands) => expectFrom(guards, commands, 'deny'), keeps: (commands, expected) => expectFrom(guards, commands, expected) };
}
