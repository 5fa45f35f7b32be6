// The command guard with the default rules and with shell constructs allowed, and assertions that a list of
// command lines gets one verdict in both: what the red team tests of a stop share.
import * as assert from 'assert';
import * as path from 'path';
import { CommandGuard, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';

const ROOT = path.resolve('/work/space');
const byDefault = new CommandGuard(DEFAULT_COMMAND_RULES, [ROOT], 'linux');
const withMetacharacters = new CommandGuard({ ...DEFAULT_COMMAND_RULES, allowShellMetacharacters: true }, [ROOT], 'linux');

/** Asserts that every line gets `expected` from the guard in both modes; the failing line is the message. */
export function expectInBothModes(commands: readonly string[], expected: 'allow' | 'ask' | 'deny'): void {
  for (const c of commands) for (const g of [byDefault, withMetacharacters]) assert.strictEqual(g.evaluate(c).verdict, expected, c);
}

export const denied = (commands: readonly string[]): void => expectInBothModes(commands, 'deny');
export const keeps = (commands: readonly string[], expected: 'allow' | 'ask'): void => expectInBothModes(commands, expected);
