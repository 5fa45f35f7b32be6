import { lookupTable } from '../../text/lookup-table';
// How the command check's allow and deny rules match a command's words: an allow rule as a literal
// word prefix, a deny rule whatever the flag order and the spellings programs accept (command-guard.ts
// decides with them).
function ruleWords(rule: string): string[] {
  return rule.toLowerCase().trim().split(/\s+/).filter(Boolean);
}

/**
 * Allow rules match as a literal word prefix, in the rule's own case past the program's name: "npm test"
 * allows "npm test -- --grep x", not "npm TEST" (another script).
 */
export function prefixMatches(rule: string, words: readonly string[]): boolean {
  const written = rule.trim().split(/\s+/).filter(Boolean);
  const r = written.length ? [written[0]!.toLowerCase(), ...written.slice(1)] : [];
  if (!r.length || r.length > words.length) return false;
  return r.every((w, i) => w === words[i]);
}

/**
 * Whether `word` (`--name` or `--name=value`) is the long option `long` (with its dashes) or a prefix of it
 * of `min` letters or more: GNU getopt_long and git take any unambiguous prefix, and one the program
 * finds ambiguous it refuses itself.
 */
export function abbreviatesLong(word: string, long: string, min = 1): boolean {
  const name = word.split('=')[0]!;
  return name.startsWith('--') && name.length >= min + 2 && long.startsWith(name);
}

const LONG_FLAG_LETTERS: Record<string, string> = lookupTable<string>({ recursive: 'r', force: 'f' });
/** rm's --interactive values that mean never (red team of stop 32: `--interactive=n`, `=no`, `=none`). */
export const INTERACTIVE_NEVER: readonly string[] = ['never', 'no', 'none'];
/** Programs that take an unambiguous abbreviation of a subcommand for the whole ("npm publi" publishes). */
const ABBREVIATED_SUBCOMMANDS = new Set(['npm']);

/**
 * Deny rules match whatever the flag order or spelling: "rm -rf" refuses "rm -r -f x", "rm -fr x",
 * "rm --recursive --force x", "rm --r --f x" (GNU tools take any unambiguous abbreviation) and
 * "rm -r --interactive=never x" (or =no, =none, =n); "git reset --hard" refuses "git reset --h" (git's
 * abbreviations, one letter or more); "git push" refuses "git push --force origin"; "npm publish" refuses "npm pu";
 * "git subtree push" refuses "git subtree -P lib push" (words past the subcommand in order, others between); a
 * trailing * in the program name matches its variants ("mkfs*" refuses mkfs.ext4).
 */
export function denyMatches(rule: string, words: readonly string[]): boolean {
  const r = ruleWords(rule);
  const program = r[0];
  if (!program || !words[0]) return false;
  if (program.endsWith('*') ? !words[0].startsWith(program.slice(0, -1)) : program !== words[0]) return false;
  const split = (list: readonly string[]) => {
    const flags = new Set<string>();
    const args: string[] = [];
    let ended = false;
    for (const w of list.slice(1)) {
      if (ended || w === '-' || !w.startsWith('-')) args.push(w);
      else if (w === '--') ended = true;
      else if (w.startsWith('--')) {
        const [name, value] = w.slice(2).split('=') as [string, string | undefined];
        flags.add(`--${name}`);
        for (const [long, letter] of Object.entries(LONG_FLAG_LETTERS)) if (abbreviatesLong(`--${name}`, `--${long}`)) flags.add(letter).add(`--${long}`);
        // --interactive=never removes without asking, as -f does; GNU argmatch takes never, no and none
        // and any prefix of them (n, nev, non: all three mean never, so "n" is not ambiguous).
        if (abbreviatesLong(`--${name}`, '--interactive') && value && INTERACTIVE_NEVER.some((v) => v.startsWith(value))) flags.add('f');
      } else [...w.slice(1)].forEach((c) => flags.add(c));
    }
    return { flags, args };
  };
  const need = split(r);
  const have = split(words);
  const abbreviates = (short: string | undefined, long: string, min: number) => !!short && short.length >= min && long.startsWith(short);
  // Down to one letter after "--" (`git reset --h` is --hard to git) and two letters of a subcommand (`npm pu`
  // is publish to npm): red team 32. A prefix the program finds ambiguous it refuses itself.
  const hasFlag = (f: string) => have.flags.has(f) || (f.startsWith('--') && [...have.flags].some((h) => abbreviatesLong(h, f)));
  if (!need.args.length) return [...need.flags].every(hasFlag);
  const [first, ...rest] = need.args;
  const firstMatches = have.args[0] === first || (ABBREVIATED_SUBCOMMANDS.has(program) && abbreviates(have.args[0], first!, 2));
  // After the subcommand, the rule's words in order, other words between them allowed: an option's value
  // stands between them as a word of its own (`git subtree -P lib push`, red team 33), and which options
  // take one is each program's own business.
  let at = 1;
  const inOrder = rest.every((a) => {
    while (at < have.args.length && have.args[at] !== a) at++;
    return at++ < have.args.length;
  });
  return [...need.flags].every(hasFlag) && firstMatches && inOrder;
}
