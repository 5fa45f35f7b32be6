// How a wrapper program reads its options, as getopt does (clusters, attached values, `--`), and when
// what it was given makes the command ask: an option this check does not know, or one that writes.
import type { ShellWord } from './shell-words';

export interface OptionSpec {
  /** Options followed by a separate value (their --long=value form is recognised as well). */
  valued: readonly string[];
  /**
   * Options without a value. Together with `valued`, every option the wrapper has: any other (a long
   * option abbreviated, a letter this check does not know) makes the command ask, since the wrapper may
   * read it differently (GNU tools accept abbreviations and clusters such as -vS).
   */
  flags?: readonly string[];
  /**
   * Options whose value is optional: only an attached one counts (`-eEOF`, `--eof=EOF`); the next word is
   * not theirs (`xargs -e curl x` runs curl). GNU xargs's -e, -i, -l and their long forms.
   */
  optional?: readonly string[];
  /** Options that make the command ask, and why (time -o writes a file of the command's choosing). */
  askOn?: Readonly<Record<string, string>>;
}

export type Floor = { verdict: 'ask' | 'deny'; reason: string };

export interface ParsedOptions {
  /** Index of the first word after the options (`--` ends them). */
  index: number;
  /** Every option seen, by its full name (-v, --output), clusters taken apart. */
  seen: string[];
  /** An option this check does not know (an abbreviation, an unknown letter), if any. */
  unknown?: string;
  /** The values given to valued options (checked as arguments: they may name files or folders). */
  values: ShellWord[];
  /** Each value with the option it was given to, in order. */
  pairs: Array<{ name: string; value: ShellWord }>;
}

/**
 * Reads a wrapper's options as getopt does: `--name=value`, `--name value`, and short options that may
 * be clustered (-ao FILE = -a -o FILE, -oFILE). Without a `flags` list only the valued options are
 * known and anything else is taken for a flag (the wrapper then has an ask floor of its own).
 */
export function parseOptions(args: readonly ShellWord[], spec: Pick<OptionSpec, 'valued' | 'flags' | 'optional'>, numericOptions = false): ParsedOptions {
  const out: ParsedOptions = { index: 0, seen: [], values: [], pairs: [] };
  const give = (name: string, value: ShellWord) => {
    out.values.push(value);
    out.pairs.push({ name, value });
  };
  const optional = spec.optional ?? [];
  const known = (name: string) => spec.valued.includes(name) || optional.includes(name) || (spec.flags ? spec.flags.includes(name) : true);
  let i = 0;
  while (i < args.length) {
    const word = args[i]!;
    const w = word.value;
    if (w === '--') {
      out.index = i + 1;
      return out;
    }
    if (!w.startsWith('-') || w === '-') break;
    if (numericOptions && /^-\d+$/.test(w)) {
      i++;
      continue;
    }
    if (w.startsWith('--')) {
      const name = w.split('=')[0]!;
      out.seen.push(name);
      if (!known(name)) out.unknown ??= name;
      if (spec.valued.includes(name)) {
        if (w.includes('=')) give(name, { ...word, value: w.slice(name.length + 1) });
        else if (args[i + 1]) give(name, args[++i]!);
      } else if (optional.includes(name) && w.includes('=')) give(name, { ...word, value: w.slice(name.length + 1) });
      i++;
      continue;
    }
    for (let k = 1; k < w.length; k++) {
      const name = `-${w[k]}`;
      out.seen.push(name);
      if (!known(name)) out.unknown ??= name;
      if (spec.valued.includes(name)) {
        if (k + 1 < w.length) give(name, { ...word, value: w.slice(k + 1) });
        else if (args[i + 1]) give(name, args[++i]!);
        break;
      }
      if (optional.includes(name)) {
        if (k + 1 < w.length) give(name, { ...word, value: w.slice(k + 1) });
        break;
      }
    }
    i++;
  }
  out.index = i;
  return out;
}

/** Ask when the wrapper is given an option this check does not know, or one that writes or changes where it runs. */
export function optionFloor(program: string, spec: Pick<OptionSpec, 'askOn'>, options: ParsedOptions): Floor | undefined {
  if (options.unknown)
    return { verdict: 'ask', reason: `${program} ${options.unknown} is not an option this check knows, so what ${program} runs cannot be told` };
  const asked = options.seen.find((o) => spec.askOn?.[o]);
  return asked ? { verdict: 'ask', reason: spec.askOn![asked]! } : undefined;
}

/**
 * Where the subcommand `sub` may start after a program's global options (`docker --debug run`, `uv -q
 * run`, `kubectl -n prod exec`): every place, first to last. An option in `valued` takes the next word,
 * one in `flags` none; any other option written without `=` may do either as far as this check knows,
 * so both places are tried.
 */
export function subcommandStarts(args: readonly ShellWord[], sub: readonly string[], valued: readonly string[] = [], flags: readonly string[] = []): number[] {
  const starts: number[] = [];
  const reachable = new Set([0]);
  for (let i = 0; i < args.length; i++) {
    if (!reachable.has(i)) continue;
    if (sub.length && sub.every((s, k) => args[i + k]?.value === s)) starts.push(i);
    const w = args[i]!.value;
    if (!w.startsWith('-') || w === '-' || w === '--') continue;
    if (!valued.includes(w)) reachable.add(i + 1);
    if (valued.includes(w) || (!w.includes('=') && !flags.includes(w))) reachable.add(i + 2);
  }
  return starts;
}

/**
 * The values of every `short` or `long` option among `args`, in order (`-C DIR`, `-CDIR`, `--directory=DIR`,
 * `--directory DIR`). `short` may be '' for a program with only the long form.
 */
export function optionValues(args: readonly ShellWord[], short: string, long: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === short || w === long) {
      if (args[i + 1]) values.push(args[++i]!.value);
    } else if (w.startsWith(`${long}=`)) values.push(w.slice(long.length + 1));
    else if (short && w.startsWith(short) && !w.startsWith('--')) values.push(w.slice(short.length));
  }
  return values;
}

/** The last of them: the one a program reads when a later option overrides an earlier one (tar extracts into its last -C). */
export const lastOptionValue = (args: readonly ShellWord[], short: string, long: string): string | undefined => optionValues(args, short, long).at(-1);

/** The words, and the words without their first one, two, … (at most `count` lists). */
export function suffixes<T>(words: readonly T[], count: number): T[][] {
  return Array.from({ length: Math.min(count, words.length) }, (_, k) => words.slice(k));
}

/** Commands guessed after options this check does not know, explored per line, and the length of their scripts. */
export const MAX_GUESSES = 8;
const MAX_GUESSED_TEXT = 4_000;

/**
 * Each guess is checked as a command of its own, and a guess within a guess multiplies them (`parallel
 * --zz parallel --zz …` took seconds): a guess inside another one, or past a few per line, is not
 * explored and the command asks (what a guess could be denied for is then left to the person asked).
 */
export class GuessBudget {
  private count = 0;
  private text = 0;
  /** Whether the command being checked is itself a guess. */
  inside = false;

  /** Counts the guesses a wrapper makes; or, when they are too many, says why the command asks. */
  take(program: string, commands: number, scripts: readonly ShellWord[]): string | undefined {
    const text = scripts.reduce((sum, s) => sum + s.value.length, 0);
    if (this.inside || this.count + commands + scripts.length > MAX_GUESSES || this.text + text > MAX_GUESSED_TEXT)
      return `${program} is given an option this check does not know, and the commands it may run are too many to check (${MAX_GUESSES} at most)`;
    this.count += commands + scripts.length;
    this.text += text;
    return undefined;
  }
}
