// Checks a command line an agent wants to run. Deny rules always win; shell metacharacters (command
// chaining, pipes, redirection, substitution, globbing of variables) are refused unless explicitly
// allowed, in which case every chained part is checked on its own; an allow rule lets the command run
// (subject to auto-approve), anything else needs the user's approval.
import { CommandViolationError } from './errors';

export interface CommandRules {
  /** Command prefixes, e.g. "npm test", "git status", "ls"; "*" allows everything not denied. */
  allow: readonly string[];
  deny: readonly string[];
  allowShellMetacharacters?: boolean;
  /** Longest accepted command line (default 2,000 characters). */
  maxLength?: number;
}

export const DEFAULT_COMMAND_RULES: CommandRules = {
  allow: ['npm test', 'npm run test', 'npm run lint', 'npx tsc', 'git status', 'git diff', 'git log', 'ls', 'pwd', 'node --version'],
  deny: ['rm -rf', 'rm -fr', 'sudo', 'su', 'git push', 'git reset --hard', 'git clean', 'curl', 'wget', 'ssh', 'scp', 'nc', 'dd', 'mkfs', 'chmod -R', 'chown', 'shutdown', 'reboot', 'eval', 'npm publish'],
  allowShellMetacharacters: false,
};

export type CommandVerdict = { verdict: 'allow'; matched: string } | { verdict: 'ask'; reason: string };

/** Characters that make a shell do more than run one program with literal arguments. */
const METACHARACTERS = /[;&|`$<>(){}\n\r!*?[\]~#]/;
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/;
/** Programs that run the rest of the line as another command. */
const WRAPPERS = new Set(['env', 'command', 'exec', 'nohup', 'time', 'nice', 'timeout', 'stdbuf', 'xargs', 'builtin']);

export class CommandGuard {
  constructor(private readonly rules: CommandRules = DEFAULT_COMMAND_RULES) {}

  /** Throws CommandViolationError for a refused command; otherwise says whether it may run unasked. */
  check(command: unknown): CommandVerdict {
    if (typeof command !== 'string' || !command.trim()) throw new CommandViolationError('A command must be a non-empty string.', String(command));
    const refuse = (why: string): never => {
      throw new CommandViolationError(`Refused command "${command.length > 120 ? `${command.slice(0, 117)}…` : command}": ${why}.`, command);
    };
    if (command.length > (this.rules.maxLength ?? 2_000)) refuse(`longer than ${this.rules.maxLength ?? 2_000} characters`);
    if (FORBIDDEN.test(command)) refuse('it contains control, zero-width or bidirectional characters');
    const hasMeta = METACHARACTERS.test(command);
    if (hasMeta && !this.rules.allowShellMetacharacters) refuse('shell metacharacters (; & | ` $ < > ( ) { } ! * ? [ ] ~ # or a newline) are not allowed; enable bigThree.security.allowShellMetacharacters to permit them');
    const parts = hasMeta ? command.split(/&&|\|\||[;&|\n\r]|\$\(|`|\(|\)/) : [command];
    let matched: string | undefined;
    let unmatched: string | undefined;
    for (const part of parts) {
      const words = normalizeWords(tokenize(part));
      if (!words.length) continue;
      const denied = this.rules.deny.find((rule) => denyMatches(rule, words));
      if (denied) refuse(`it matches the deny rule "${denied}"`);
      const allowed = this.rules.allow.find((rule) => rule === '*' || prefixMatches(rule, words));
      if (allowed) matched ??= allowed;
      else unmatched ??= words.join(' ');
    }
    if (!matched && !unmatched) refuse('it contains no command');
    return unmatched ? { verdict: 'ask', reason: `"${unmatched}" is not on the allow list` } : { verdict: 'allow', matched: matched! };
  }
}

/** Splits on whitespace, honouring single and double quotes (quotes are removed). */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let any = false;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = undefined;
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      any = true;
    } else if (/\s/.test(c)) {
      if (current || any) words.push(current);
      current = '';
      any = false;
    } else current += c;
  }
  if (current || any) words.push(current);
  return words;
}

/** Drops leading VAR=value assignments and wrapper programs; reduces /usr/bin/rm to rm. */
function normalizeWords(words: string[]): string[] {
  let i = 0;
  for (;;) {
    const w = words[i];
    if (w === undefined) break;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++;
    else if (WRAPPERS.has(basename(w))) {
      i++;
      while (words[i]?.startsWith('-')) i++; // wrapper options such as nice -n 5, timeout 10 (numbers below)
      while (words[i] !== undefined && /^\d+[smhd]?$/.test(words[i]!)) i++;
    } else break;
  }
  return words.slice(i).map((w, k) => (k === 0 ? basename(w).replace(/\.exe$/i, '') : w)).map((w) => w.toLowerCase());
}

function basename(word: string): string {
  const cut = Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\'));
  return cut >= 0 ? word.slice(cut + 1) : word;
}

/** Allow rules match as a literal word prefix: "npm test" allows "npm test -- --grep x". */
function prefixMatches(rule: string, words: readonly string[]): boolean {
  const ruleWords = tokenize(rule.toLowerCase());
  if (!ruleWords.length || ruleWords.length > words.length) return false;
  return ruleWords.every((w, i) => w === words[i]);
}

const LONG_FLAG_LETTERS: Record<string, string> = { recursive: 'r', force: 'f' };

/**
 * Deny rules match whatever the flag order or spelling: "rm -rf" refuses "rm -r -f x", "rm -fr x" and
 * "rm --recursive --force x"; "git push" refuses "git push --force origin".
 */
function denyMatches(rule: string, words: readonly string[]): boolean {
  const ruleWords = tokenize(rule.toLowerCase());
  if (!ruleWords.length || ruleWords[0] !== words[0]) return false;
  const split = (list: readonly string[]) => {
    const flags = new Set<string>();
    const args: string[] = [];
    for (const w of list.slice(1)) {
      if (w.startsWith('--') && w.length > 2) {
        const name = w.slice(2).split('=')[0]!;
        flags.add(`--${name}`);
        if (LONG_FLAG_LETTERS[name]) flags.add(LONG_FLAG_LETTERS[name]!);
      } else if (w.startsWith('-') && w.length > 1) [...w.slice(1)].forEach((c) => flags.add(c));
      else args.push(w);
    }
    return { flags, args };
  };
  const r = split(ruleWords);
  const c = split(words);
  return [...r.flags].every((f) => c.flags.has(f)) && r.args.every((a, i) => c.args[i] === a);
}
