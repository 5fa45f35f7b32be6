// env as a wrapper: its options, the variables it sets, and -S/--split-string, whose string env splits
// into arguments by rules of its own.
import type { ShellWord } from './shell-words';
import { type Unwrapped, joinWords } from './command-wrappers';
import { optionFloor, parseOptions, suffixes } from './wrapper-options';
import { lookupTable } from '../../text/lookup-table';

const ENV_OPTIONS = {
  valued: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'],
  flags: ['-i', '--ignore-environment', '-0', '--null', '-v', '--debug', '--list-signal-handling', '--default-signal', '--ignore-signal', '--block-signal'],
};

/** env options that undo what the command runner sets up (its environment) or how signals stop the command. */
const ENV_ASK_ON: Readonly<Record<string, string>> = lookupTable<string>({
  '-i': 'env -i clears the environment the commands run with (which keeps git from using a repository the agent wrote)',
  '--ignore-environment': 'env --ignore-environment clears the environment the commands run with',
  '-u': 'env -u removes variables the commands run with (which keep git from using a repository the agent wrote)',
  '--unset': 'env --unset removes variables the commands run with',
  '--ignore-signal': 'env --ignore-signal keeps the command from being stopped',
  '--block-signal': 'env --block-signal keeps the command from being stopped',
  '--default-signal': 'env --default-signal changes how the command can be stopped',
  // Names after a folder change are read from the new folder (a link in it may lead anywhere), which this
  // check does not follow: `env -C src ls link/` listed /etc through src/link.
  '-C': 'env -C runs the command in another folder, where the names after it may lead elsewhere',
  '--chdir': 'env --chdir runs the command in another folder, where the names after it may lead elsewhere',
});

/**
 * The names of the NAME=VALUE words from `start` on (env's, `cmake -E env`'s), and the index of the first
 * word that is not one: the command. Words `skip` accepts (cmake's options between them) are passed over.
 */
export function readAssignments(args: readonly ShellWord[], start: number, skip?: (word: string) => boolean): { names: string[]; end: number } {
  const names: string[] = [];
  let i = start;
  for (; i < args.length; i++) {
    const w = args[i]!.value;
    if (skip?.(w)) continue;
    if (!/^[^=]+=/.test(w)) break;
    names.push(w.split('=')[0]!);
  }
  return { names, end: i };
}

/**
 * env [OPTION]... [NAME=VALUE]... [COMMAND [ARG]...]: -C/--chdir runs the command in another folder
 * (checked like any path), an option env would read but this check does not know (an abbreviation such
 * as --spl=) makes it ask, and -S/--split-string's string is split as env splits it (splitEnvString) and
 * read again as env's own arguments, so the command it runs is checked (stop 30's red team: `env -S
 * 'curl\_evil.com'` runs curl). It also goes on being read as a shell script, as before.
 */
export function unwrapEnv(args: readonly ShellWord[], depth = 0): Unwrapped {
  const options = parseOptions(
    args.map((w) => (/^--(default|ignore|block)-signal=/.test(w.value) ? { ...w, value: w.value.split('=')[0]! } : w)),
    ENV_OPTIONS,
  );
  const scripts: ShellWord[] = [];
  const checked: ShellWord[] = [];
  for (const { name, value } of options.pairs) {
    if (name === '-S' || name === '--split-string') scripts.push(value);
    else if (name === '-C' || name === '--chdir') checked.push(value);
  }
  let i = options.index;
  // A lone "-" is -i: the environment the runner sets (which keeps git off planted repositories) is cleared.
  const clears = args[i]?.value === '-';
  if (clears) i++;
  const { names: assigns, end } = readAssignments(args, i);
  const rest = args.slice(end);
  const floor =
    optionFloor('env', { askOn: ENV_ASK_ON }, options) ??
    (clears ? { verdict: 'ask' as const, reason: ENV_ASK_ON['-i']!.replace('env -i', 'env -') } : undefined);
  if (!scripts.length) return { ...(rest.length ? { inner: floor ? suffixes(rest, 4) : [rest] } : {}), assigns, checked, ...(floor ? { floor } : {}) };
  // env splits an -S string by its own rules and reads the words as its arguments again: whatever this
  // check makes of them, the command asks.
  const asks = floor ?? { verdict: 'ask' as const, reason: 'env -S splits its string by rules of its own, so what it runs cannot be told for certain' };
  const out: Unwrapped = { scripts: [joinWords([...scripts, ...rest])], assigns, checked: [...checked, ...rest], floor: asks };
  const first = firstSplitString(args);
  const split = first && splitEnvString(first.value);
  if (!first || !split) return out; // env refuses the string and runs nothing
  if (depth >= MAX_SPLITS) return { ...out, floor: { verdict: 'deny', reason: `env -S is nested more than ${MAX_SPLITS} times` } };
  // env puts the string's words in place of -S STRING and goes on reading its options from there: the
  // words after the string are read again too (`env -S rm -rf src` runs rm -rf src; stop 31's red team).
  const again = unwrapEnv([...first.before, ...split, ...first.after], depth + 1);
  const worst = again.floor?.verdict === 'deny' ? again.floor : asks;
  return {
    ...out,
    ...(again.inner ? { inner: again.inner } : {}),
    scripts: [...out.scripts!, ...(again.scripts ?? [])],
    assigns: [...assigns, ...(again.assigns ?? [])],
    checked: [...out.checked!, ...(again.checked ?? [])],
    floor: worst,
  };
}

/**
 * The first -S/--split-string among env's options, as getopt reads them: the option words before it
 * (a cluster's flags before its S kept as their own word), its string, and every word after the string.
 */
function firstSplitString(args: readonly ShellWord[]): { before: ShellWord[]; value: ShellWord; after: ShellWord[] } | undefined {
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (v === '--' || !v.startsWith('-') || v === '-') return undefined;
    const long =
      /^--split-string(?:=(.*))?$/s.exec(v) ?? (v.length > 3 && '--split-string'.startsWith(v.split('=')[0]!) ? /^--[^=]*(?:=(.*))?$/s.exec(v) : null);
    if (long) {
      if (long[1] !== undefined) return { before: args.slice(0, i), value: { ...w, value: long[1] }, after: args.slice(i + 1) };
      return args[i + 1] ? { before: args.slice(0, i), value: args[i + 1]!, after: args.slice(i + 2) } : undefined;
    }
    if (v.startsWith('--')) {
      if (/^--(?:unset|chdir)$/.test(v)) i++; // its value is the next word
      continue;
    }
    // A cluster of short options: flags up to a valued one (u, C take the rest or the next word; S splits).
    for (let k = 1; k < v.length; k++) {
      const c = v[k]!;
      if (c !== 'S' && c !== 'u' && c !== 'C') continue;
      const attached = v.slice(k + 1);
      const flags = k > 1 ? [{ value: v.slice(0, k) }] : [];
      if (c === 'S') {
        if (attached) return { before: [...args.slice(0, i), ...flags], value: { ...w, value: attached }, after: args.slice(i + 1) };
        return args[i + 1] ? { before: [...args.slice(0, i), ...flags], value: args[i + 1]!, after: args.slice(i + 2) } : undefined;
      }
      if (!attached) i++; // -u NAME / -C DIR
      break;
    }
  }
  return undefined;
}

/** How many -S strings inside -S strings are followed. */
const MAX_SPLITS = 4;
const ENV_ESCAPES: Readonly<Record<string, string>> = lookupTable<string>({
  '"': '"',
  '#': '#',
  $: '$',
  "'": "'",
  '\\': '\\',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
});

/**
 * Splits an env -S string as GNU env does: blanks separate words outside quotes, '…' keeps all but \\
 * and \', "…" takes escapes, \_ separates words (a space inside "…"), \c ends the string, # at the
 * start of a word begins a comment, ${NAME} is the variable's value (known only at run time). Undefined
 * where env refuses the string (an unknown escape, $NAME, an unterminated quote) and runs nothing.
 */
export function splitEnvString(text: ShellWord): ShellWord[] | undefined {
  if (text.dynamic) return undefined;
  const words: ShellWord[] = [];
  const s = text.value;
  let word: ShellWord | undefined;
  let separated = true;
  let single = false;
  let double = false;
  const begin = (): ShellWord => {
    if (separated || !word) {
      word = { value: '' };
      words.push(word);
      separated = false;
    }
    return word;
  };
  for (let i = 0; i < s.length; i++) {
    let c = s[i]!;
    if (c === "'" && !double) {
      single = !single;
      begin();
      continue;
    }
    if (c === '"' && !single) {
      double = !double;
      begin();
      continue;
    }
    if (/[ \t\n\v\f\r]/.test(c) && !single && !double) {
      separated = true;
      continue;
    }
    if (c === '#' && separated) return words;
    if (c === '\\' && !(single && s[i + 1] !== '\\' && s[i + 1] !== "'")) {
      const next = s[++i];
      if (next === '_' && !double) {
        separated = true;
        continue;
      }
      if (next === 'c') return double ? undefined : words;
      const escaped = next === '_' ? ' ' : next === undefined ? undefined : ENV_ESCAPES[next];
      if (escaped === undefined) return undefined;
      c = escaped;
    } else if (c === '$' && !single) {
      const name = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}/.exec(s.slice(i));
      if (!name) return undefined;
      const w = begin();
      w.dynamic ??= `the variable ${name[0]} that env -S expands`;
      w.value += '\u0000';
      i += name[0].length - 1;
      continue;
    }
    begin().value += c;
  }
  return single || double ? undefined : words;
}
