// How npm, pnpm and yarn read their command lines (of the options the command check lets through):
// which words are the manager's own options and their values, which word is the subcommand, and which
// words are the command `exec`, `x`, `dlx` or `explore` runs. Read alike by npmPolicy (npm-policy.ts),
// the package runners (runner-specs.ts) and the registry policy (publish-policies.ts), so that `npm
// --json false exec curl x` is one command to all three (red team 33: `npm --depth test publish`;
// review 34: the runner took `false` for the program).
import type { ShellWord } from './shell-words';
import { lookupTable } from '../../text/lookup-table';

export type PackageManager = 'npm' | 'pnpm' | 'yarn';

/** Options that take the next word as their value. npm's -c is --call; pnpm's -c and -w take none. */
const VALUED: Record<PackageManager, ReadonlySet<string>> = {
  npm: new Set(['-w', '--workspace', '--loglevel', '--depth', '--omit', '--include', '--package', '-c', '--call']),
  pnpm: new Set(['--loglevel', '--depth', '--filter', '-F', '--resume-from', '--package', '--color']),
  yarn: new Set(['-w', '--workspace', '--loglevel', '--depth', '--omit', '--include', '-p', '--package']),
};
/** Shorthands that expand to `--loglevel LEVEL` (npm) or `--reporter=silent` (pnpm), so a following true or false is not theirs. */
const LOGLEVEL_SHORTHANDS = new Set(['-s', '--silent', '-q', '--quiet', '-d', '--verbose']);
/** Words besides true and false that nopt gives a boolean option whose type lists them (npm's --color always, --workspaces null). */
const BOOLEAN_VALUES: Record<string, readonly string[]> = lookupTable<readonly string[]>({
  '--color': ['always'],
  '--no-color': ['always'],
  '--workspaces': ['null'],
  '--ws': ['null'],
});

/**
 * How many words an option takes: its value, or, for a boolean option, a following true or false (nopt,
 * the parser of npm and pnpm: `npm --json false publish` publishes).
 */
export function optionWords(manager: PackageManager, option: string, next: string | undefined): number {
  if (option.includes('=') || next === undefined) return 1;
  if (VALUED[manager].has(option)) return 2;
  if (manager === 'yarn' || LOGLEVEL_SHORTHANDS.has(option)) return 1;
  return ['true', 'false', ...(BOOLEAN_VALUES[option] ?? [])].includes(next) ? 2 : 1;
}

export interface ManagerLine {
  /** Index of the subcommand in the arguments, -1 when there is none. */
  at: number;
  /** The manager's own options, by the index of the option word, with the word that is their value if apart. */
  options: Array<{ index: number; name: string; value?: ShellWord }>;
  /**
   * What the subcommand is when it runs a command: npm's `x` and abbreviations (`exe`) are exec; `init
   * PKG` (npm's aliases `create`, `innit`; pnpm's and yarn's `create PKG`) runs `exec create-PKG`; a
   * word that is not a pnpm or yarn command (`bin`) is run as a script or a program of that name.
   */
  runs?: 'exec' | 'dlx' | 'explore' | 'init' | 'bin';
  /** The words after the subcommand that are not the manager's options: the command it runs (for explore, the package first). */
  operands: ShellWord[];
}

/**
 * pnpm's and yarn's own commands (pnpm 9 with the npm commands it passes to npm; yarn 1 and berry). Any
 * other word is run as a script, or else as a program: pnpm runs it as `pnpm exec` does, from PATH.
 */
const OWN_COMMANDS: Record<'pnpm' | 'yarn', ReadonlySet<string>> = {
  pnpm: new Set(
    (
      'add i install update up upgrade remove rm uninstall un link ln unlink import rebuild rb prune fetch install-test it patch patch-commit ' +
      'patch-remove audit list ls ll la outdated why licenses run run-script test t tst exec dlx create start init store root bin env setup ' +
      'config c get set deploy pack publish server doctor cat-file cat-index find-hash help dedupe self-update approve-builds ' +
      'ignored-builds completion access adduser bugs dist-tag docs edit info login logout owner ping prefix profile pkg repo search ' +
      'show star stars team token unpublish unstar version view whoami'
    ).split(' '),
  ),
  yarn: new Set(
    (
      'add audit autoclean bin cache check config create dedupe dlx exec explain generate-lock-entry global help import info init install ' +
      'licenses link list login logout npm outdated owner pack patch patch-commit plugin policies publish rebuild remove run set stage ' +
      'tag team test unlink unplug unpublish up upgrade upgrade-interactive version versions why workspace workspaces constraints'
    ).split(' '),
  ),
};

/** npm's subcommand as npm resolves it (an alias, or an unambiguous prefix of its name) when it runs a command. */
function runsCommand(manager: PackageManager, sub: string): ManagerLine['runs'] {
  if (manager !== 'npm') return sub === 'exec' || sub === 'dlx' ? sub : sub === 'create' ? 'init' : OWN_COMMANDS[manager].has(sub) ? undefined : 'bin';
  if (sub === 'x' || (sub.length >= 3 && 'exec'.startsWith(sub))) return 'exec';
  if (sub.length >= 3 && ['init', 'create', 'innit'].some((name) => name.startsWith(sub))) return 'init';
  return sub.length >= 5 && 'explore'.startsWith(sub) ? 'explore' : undefined;
}

/**
 * Reads the line as the manager does. npm reads options anywhere before `--` (`npm exec eslint --fix`
 * gives --fix to npm, not to eslint: npm 11 warns of an unknown config); pnpm and yarn pass everything
 * after `exec` to the command, and after `dlx`'s own options everything from the command on.
 */
export function readManagerLine(manager: PackageManager, args: readonly ShellWord[]): ManagerLine {
  const line: ManagerLine = { at: -1, options: [], operands: [] };
  let ended = false;
  let passOn = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const w = word.value;
    if (passOn || (ended && line.at >= 0)) {
      line.operands.push(word);
      continue;
    }
    if (ended) {
      line.at = i;
      line.runs = runsCommand(manager, w.toLowerCase());
      continue;
    }
    if (w === '--') {
      ended = true;
      continue;
    }
    if (w.startsWith('-') && w !== '-') {
      const take = optionWords(manager, w, args[i + 1]?.value);
      line.options.push({ index: i, name: w.split('=')[0]!, ...(take === 2 ? { value: args[i + 1]! } : {}) });
      i += take - 1;
      continue;
    }
    if (line.at < 0) {
      const lower = w.toLowerCase();
      // The commands that run another one where they stand: pnpm's `recursive` (`multi`, `m`: -r), yarn's
      // `workspace NAME` and `workspaces foreach` (whose options are read as yarn's).
      if (manager === 'pnpm' && ['recursive', 'multi', 'm'].includes(lower)) continue;
      if (manager === 'yarn' && lower === 'workspace' && i + 2 < args.length) {
        i++;
        continue;
      }
      if (manager === 'yarn' && lower === 'workspaces' && args[i + 1]?.value === 'foreach') {
        i++;
        continue;
      }
      line.at = i;
      const runs = runsCommand(manager, lower);
      if (runs) line.runs = runs;
      // pnpm and yarn hand every word after `exec` (or a script's name) to the command.
      passOn = manager !== 'npm' && (runs === 'exec' || runs === 'bin');
      continue;
    }
    line.operands.push(word);
    // After dlx's own options, the command and its words are the command's; after `run SCRIPT`, the script's.
    passOn = manager !== 'npm' && (!!line.runs || ['run', 'run-script'].includes(args[line.at]!.value));
  }
  // `npm init` without a package runs nothing: it writes package.json.
  if (line.runs === 'init' && !line.operands.length) delete line.runs;
  return line;
}

/** The package an initializer runs (npm's init-package-spec): `foo@1` → `create-foo@1`, `@s` → `@s/create`, `@s/foo` → `@s/create-foo`. */
export function initializerPackage(spec: string): string {
  const scoped = /^(@[^/@]+)(?:\/(.*))?$/s.exec(spec);
  if (scoped) return scoped[2] ? `${scoped[1]}/create-${scoped[2]}` : `${scoped[1]}/create`;
  return `create-${spec}`;
}

/** A boolean option's last setting on the line as nopt reads it (`--dry-run`, `--dry-run=false`, `--dry-run false`, `--no-dry-run`). */
export function lastBoolean(line: ManagerLine, args: readonly ShellWord[], name: string): boolean | undefined {
  let set: boolean | undefined;
  for (const o of line.options) {
    const word = args[o.index]!.value;
    const attached = word.includes('=') ? word.slice(word.indexOf('=') + 1) : o.value?.value;
    if (o.name === `--no-${name}`) set = false;
    else if (o.name === `--${name}`) set = attached === undefined || attached === 'true';
  }
  return set;
}
