// tsc's argument policy: tsc may run unasked only when it writes nothing (--noEmit, or it only
// prints), reads its options from the command line (no @response file) and a protected configuration.
import type { ProgramPolicy } from './program-policies';
import type { ShellWord } from './shell-words';

/** tsc options that write where the command line says (case-insensitive, as tsc reads them), or never end. */
const TSC_WRITES = new Set([
  'init', // writes tsconfig.json
  'pprofdir',
  'incremental',
  'i',
  'composite', // writes .tsbuildinfo beside the configuration or output
  'outdir',
  'outfile',
  'out',
  'tsbuildinfofile',
  'declarationdir',
  'generatetrace',
  'generatecpuprofile',
  'build',
  'b',
  'watch',
  'w',
]);

/**
 * Projects tsc may be pointed at without asking: a tsconfig/jsconfig file (protected, so the user chose
 * what it says) or a folder written as one (".", "src/"), whose tsconfig.json is read. Any other name may
 * be a file, which tsc would read as the configuration, whatever its name.
 */
const TSC_PROJECT = /(^|[\\/])(tsconfig|jsconfig)[^\\/]*\.json$|^\.{1,2}$|[\\/]$/i;

export function tscPolicy(args: readonly ShellWord[]): ProgramPolicy {
  const words = [{ value: 'tsc' }, ...args];
  // @FILE reads more options (any of the above) from a file, wherever it is.
  const responseFile = args.find((a) => a.value.startsWith('@'));
  if (responseFile) return { words, refusal: { verdict: 'ask', reason: `tsc ${responseFile.value.slice(0, 60)} reads its options from a file` } };
  // --project FILE: the file is read as the configuration, which says where to write (outDir…) and what
  // to read (extends, files).
  let tscProject = '';
  for (let i = 0; i < args.length; i++) {
    const [name, attached] = splitOption(args[i]!.value);
    if (name !== 'p' && name !== 'project') continue;
    const project = attached ?? args[i + 1]?.value ?? '';
    // tsc drops a trailing separator: "evil.json/" is read as the file evil.json.
    if (!TSC_PROJECT.test(project) || FILE_WITH_SEPARATOR.test(project))
      return {
        words,
        refusal: { verdict: 'ask', reason: `tsc ${args[i]!.value.split('=')[0]} ${project.slice(0, 60)} reads a configuration that is not a protected file` },
      };
    tscProject = project;
  }
  // tsc reads -outDir as --outDir, and option names in any case.
  const writes = args.find((a) => a.value.startsWith('-') && TSC_WRITES.has(splitOption(a.value)[0]));
  if (!writes && !emitsNothing(args))
    return {
      words,
      refusal: {
        verdict: 'ask',
        reason:
          'tsc without --noEmit writes the compiled files (beside their sources, where the configuration says, or beside files it imports from elsewhere)',
      },
    };
  if (writes)
    return {
      words,
      refusal: { verdict: 'ask', reason: `tsc ${writes.value.split('=')[0]} writes files where the command line says (or keeps running)` },
    };
  return { words, tscProject };
}

/** A name with an extension written with a trailing separator ("evil.json/"): tsc reads it as a file. */
const FILE_WITH_SEPARATOR = /\.[^\\/.]+[\\/]+$/;

/** tsc options after which it compiles nothing (it prints and stops), when given alone. */
const TSC_PRINTS_ONLY = new Set(['version', 'v', 'help', 'h', 'all', 'showconfig', 'listfilesonly']);
/** Values that turn a boolean option off, or reset any option ("null"). */
const TSC_OFF = new Set(['false', 'null']);

/**
 * Whether tsc surely emits nothing. tsc reads an option's value from the next word (`--sourceRoot
 * --noEmit` gives sourceRoot the text "--noEmit"), a boolean's from a following true/false, and "null"
 * resets any option; this check does not know which options take values, so it counts only a --noEmit
 * that cannot be a value (first, after a word that is not an option, or after --option=value), not
 * followed by false or null, and not given again later. A print-only option counts alone (`tsc --version`).
 */
function emitsNothing(args: readonly ShellWord[]): boolean {
  if (args.length === 1 && TSC_PRINTS_ONLY.has(splitOption(args[0]!.value)[0])) return true;
  let noEmit = false;
  for (let i = 0; i < args.length; i++) {
    const [name, attached] = splitOption(args[i]!.value);
    if (name !== 'noemit') continue;
    const before = args[i - 1]?.value;
    const standalone = before === undefined || !before.startsWith('-') || before.includes('='); // --project=src/ took its value
    const value = (attached ?? args[i + 1]?.value ?? '').toLowerCase();
    noEmit = standalone && !TSC_OFF.has(value) && (attached === undefined || value === 'true');
  }
  return noEmit;
}

/** A tsc option word as tsc reads it: the name without its dashes, lowercased, and a value after "=". */
function splitOption(word: string): [string, string | undefined] {
  if (!word.startsWith('-')) return ['', undefined];
  const eq = word.indexOf('=');
  const name = (eq < 0 ? word : word.slice(0, eq)).replace(/^--?/, '').toLowerCase();
  return [name, eq < 0 ? undefined : word.slice(eq + 1)];
}
