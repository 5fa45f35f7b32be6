// npm, pnpm and yarn (npmPolicy) and npx (npxPolicy): the options that make them run other programs or
// read another configuration (--prefix, --script-shell, config files) are refused; what they run is
// read with npm-options.ts, as the package runners (runner-specs.ts) read it.
import type { ShellWord } from './shell-words';
import type { ProgramPolicy } from './program-policies';
import { type PackageManager, lastBoolean, readManagerLine } from './npm-options';

const NPM_SAFE_OPTIONS = new Set([
  '--silent',
  '-s',
  '--if-present',
  '--workspace',
  '-w',
  '--workspaces',
  '--ws',
  '--include-workspace-root',
  '--json',
  '--loglevel',
  '--quiet',
  '-q',
  '--verbose',
  '-d',
  '--no-color',
  '--color',
  '--parseable',
  '--long',
  '-l',
  '--all',
  '-a',
  '--depth',
  '--omit',
  '--include',
  '--dry-run',
  '--foreground-scripts',
  '--ignore-scripts',
  '--no-audit',
  '--no-fund',
  '--offline',
  '--prefer-offline',
  '--save-dev',
  '-D',
  '--save-exact',
  '-E',
  '--no-save',
  // How an install resolves and checks what it installs (red team 35: these were refused as configuration).
  '--legacy-peer-deps',
  '--strict-peer-deps',
  '--force',
  '--frozen-lockfile',
  '--no-frozen-lockfile',
  '--prefer-frozen-lockfile',
  '--pure-lockfile',
  '--immutable',
  '--prefer-online',
  '--package-lock-only',
  '--no-package-lock',
  '--no-optional',
  '--production',
  '--prod',
  // Print and leave: the version, the help, the usage (review of stop 34: npm --version was refused).
  '--version',
  '-v',
  '--help',
  '-h',
  '--usage',
  // Answers the questions npm init would ask with their defaults; npm exec's prompt to install is its own runner's.
  '-y',
  '--yes',
  // npm version: no commit and no tag.
  '--no-git-tag-version',
]);
/** npm/pnpm/yarn config subcommands that only read. */
const CONFIG_READS = new Set(['get', 'list', 'ls']);
/** pnpm's and yarn's options that only choose the workspaces a command runs in (pnpm -r, yarn workspaces foreach -A). */
const WORKSPACE_OPTIONS: Record<PackageManager, ReadonlySet<string>> = {
  npm: new Set(),
  pnpm: new Set(['-r', '--recursive', '--filter', '-F', '--parallel', '--stream', '--sequential', '--workspace-root']),
  yarn: new Set([
    '-A',
    '--all',
    '-p',
    '--parallel',
    '-t',
    '--topological',
    '--topological-dev',
    '-i',
    '--interlaced',
    '-R',
    '--recursive',
    '-W',
    '--worktree',
    '-v',
  ]),
};
const NPX_SAFE_OPTIONS = new Set(['--no-install', '--no', '--offline', '--prefer-offline', '--quiet', '-q', '--silent']);

/**
 * Options of the script's own program (a test runner, a linter) that may follow `npm test --`: these
 * only filter or report. Any other (--require, --import=data:…, a reporter's output file, --fix, a
 * config file) asks, since the runner may load code or write files with it.
 */
const SCRIPT_SAFE_OPTIONS = new Set([
  '--grep',
  '-g',
  '--fgrep',
  '--invert',
  '--bail',
  '-b',
  '--timeout',
  '-t',
  '--verbose',
  '--silent',
  '--quiet',
  '--testNamePattern',
  '--testPathPattern',
  '--color',
  '--no-color',
  '--forbid-only',
  '--run',
]);

/** Options of test runners whose value filters tests by name (a regular expression), not by file. */
const FILTER_OPTIONS = new Set(['--grep', '-g', '--fgrep', '--testNamePattern', '-t']);

/**
 * npm, npx, pnpm and yarn run scripts and packages through `sh -c`, quoting each argument again on the
 * way; npm's quoting leaves [ ] { } bare, so a word this check read as quoted text (`'[@]opts'`,
 * `'{-,-}-import=…'`) is a glob or a brace expansion there, and becomes a response file, an option or
 * `..`.
 */
function reshelled(program: string, args: readonly ShellWord[]): ProgramPolicy['refusal'] {
  const word = args.find((a) => /[[\]{}]/.test(a.value));
  if (!word) return undefined;
  return {
    verdict: 'ask',
    reason: `${program} hands "${word.value.slice(0, 60)}" to a shell again, which expands its [ ] { } (globs and braces) into other words`,
  };
}

/** The options that hand a package runner its command, its shell line or the packages it fetches: the runner checks them (runner-specs.ts). */
const RUNNER_OPTIONS: Record<PackageManager, readonly string[]> = {
  npm: ['--package', '-c', '--call'],
  pnpm: ['-c', '--shell-mode', '--filter', '-F', '--resume-from', '--package'],
  yarn: ['-p', '--package'],
};

export function npmPolicy(program: PackageManager, args: readonly ShellWord[]): ProgramPolicy {
  // The subcommand first, as the rules name it: `npm -w pkg publish` is `npm publish -w pkg` (red team 32's review).
  const line = readManagerLine(program, args);
  const at = line.at;
  const words = at > 0 ? [{ value: program }, args[at]!, ...args.slice(0, at), ...args.slice(at + 1)] : [{ value: program }, ...args];
  const again = reshelled(program, args);
  if (again) return { words, refusal: again };
  // Words after the script's name go to its program: a test runner runs the files it is given.
  // A test runner expands the patterns it is given itself, following links no name shows (`'l*/x.js'` through
  // a link `lnk` to elsewhere, red team 41): the files such a word names are only known when it runs.
  // The value of a test filter (`--grep 'user.*login'`) is a regular expression matched against test names, not a file pattern.
  const filterValue = (i: number) =>
    FILTER_OPTIONS.has(args[i - 1]?.value ?? '') || [...FILTER_OPTIONS].some((o) => o.startsWith('--') && args[i]!.value.startsWith(`${o}=`));
  // Extended globs too (`'.@(env)'`, `'!(x)'`; red team 42): mocha's glob expands them.
  const pattern = args.find((a, i) => /[*?]|[@+!]\(/.test(a.value) && !filterValue(i));
  if (pattern)
    return {
      words,
      refusal: {
        verdict: 'ask',
        reason: `${program} hands the pattern "${pattern.value.slice(0, 60)}" to the script's program, which expands it itself: the files it names are only known when it runs`,
      },
    };
  const installed = args.find((a) => a.value.split(/[=,\\/]/).some((part) => part.toLowerCase() === 'node_modules'));
  if (installed)
    return {
      words,
      refusal: { verdict: 'ask', reason: `${program} hands "${installed.value.slice(0, 60)}" (in node_modules) to the script's program, which may run it` },
    };
  // The runner sets npm_config_offline, so that nothing is fetched from the registry: `--offline=false`
  // (`--offline false`) turns that off and npm install, npx and exec fetch and run packages (red team 36).
  if (program !== 'yarn' && lastBoolean(line, args, 'offline') === false)
    return { words, refusal: { verdict: 'deny', reason: `${program} --offline=false fetches packages from the registry, which the runner keeps npm from` } };
  // Only the manager's own options: pnpm and yarn hand what follows `exec` (and a dlx command) to the command.
  const runner = line.runs ? RUNNER_OPTIONS[program] : [];
  const option = line.options.find((o) => !NPM_SAFE_OPTIONS.has(o.name) && !WORKSPACE_OPTIONS[program].has(o.name) && !runner.includes(o.name));
  if (option) {
    const own = program === 'npm' && line.runs && option.index > at ? `; npm reads the options before "--" as its own, after the command too` : '';
    return {
      words,
      refusal: {
        verdict: 'deny',
        reason: `${program} ${option.name} changes ${program}'s configuration (prefix, script shell, config files…), which can make it run other programs${own}`,
      },
    };
  }
  const sub = at >= 0 ? args[at]!.value.toLowerCase() : undefined;
  if (line.runs)
    return {
      words,
      refusal: {
        verdict: 'ask',
        reason:
          line.runs === 'explore'
            ? `${program} ${sub} runs a command in a package's folder`
            : line.runs === 'bin'
              ? `${program} ${sub} runs a script or a program named ${sub}`
              : `${program} ${sub} may download and run a package`,
      },
    };
  const end = args.findIndex((a) => a.value === '--');
  if (end >= 0) {
    const option = args.slice(end + 1).find((a) => a.value.startsWith('-') && !SCRIPT_SAFE_OPTIONS.has(a.value.split('=')[0]!));
    if (option)
      return {
        words,
        refusal: {
          verdict: 'ask',
          reason: `${program} passes ${option.value.split('=')[0]!.slice(0, 40)} to the script's program, which may load code or write files with it`,
        },
      };
  }
  const action = line.operands[0]?.value;
  // Reading the configuration changes nothing (npm config get/list, pnpm config get, yarn config get): it asks.
  if ((sub === 'config' || sub === 'c') && action !== undefined && CONFIG_READS.has(action.toLowerCase()))
    return { words, refusal: { verdict: 'ask', reason: `${program} ${sub} ${action} reads ${program}'s configuration` } };
  if (sub === 'config' || sub === 'c' || sub === 'set')
    return { words, refusal: { verdict: 'deny', reason: `${program} ${sub} changes ${program}'s configuration` } };
  // npm pkg set/delete/fix rewrite package.json, a protected file: its scripts are what `npm test` runs
  // (`npm pkg set scripts.test='curl …'`); npm link installs the package globally, as `npm install -g`
  // does (red team 36).
  if (program !== 'yarn' && sub === 'pkg' && action !== undefined && ['set', 'delete', 'fix'].includes(action.toLowerCase()))
    return { words, refusal: { verdict: 'deny', reason: `${program} pkg ${action} rewrites package.json, whose scripts npm test and npm run run` } };
  if (program === 'npm' && (sub === 'link' || sub === 'ln'))
    return { words, refusal: { verdict: 'deny', reason: 'npm link installs the package globally, as npm install -g does, its programs on the global PATH' } };
  if (program === 'yarn' && sub === 'plugin' && action === 'import')
    return { words, refusal: { verdict: 'deny', reason: 'yarn plugin import installs code that every later yarn command runs' } };
  if (program === 'yarn' && sub === 'global' && action !== undefined && !['list', 'ls', 'bin', 'dir'].includes(action))
    return { words, refusal: { verdict: 'deny', reason: `yarn global ${action} changes packages outside the workspace, as pnpm add -g does` } };
  return { words, ...completedNames(args, at, filterValue) };
}

/** The extensions a test runner adds to a name that does not exist as given (mocha: `cfg` loads `cfg.js`). */
const RUNNER_EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts'];

/**
 * The files a script's program may load for a word without an extension (red team 42: `npm test cfg` loaded
 * `cfg.js`, a link to `.env`): checked like names on the command line, links and secret files included.
 */
function completedNames(args: readonly ShellWord[], at: number, filterValue: (i: number) => boolean): Pick<ProgramPolicy, 'named'> {
  const named = args
    .map((a, i) => ({ a, i }))
    .filter(({ a, i }) => i > at && !a.value.startsWith('-') && !filterValue(i) && a.value !== '' && !/\.[A-Za-z0-9]+$/.test(a.value))
    .flatMap(({ a }) => RUNNER_EXTENSIONS.map((ext) => ({ value: `${a.value.replace(/[\\/]+$/, '')}${ext}` })));
  return named.length ? { named } : {};
}

export function npxPolicy(args: readonly ShellWord[]): ProgramPolicy {
  const words = [{ value: 'npx' }, ...args];
  let i = 0;
  for (; i < args.length && args[i]!.value.startsWith('-'); i++) {
    const word = args[i]!.value;
    const name = word.split('=')[0]!;
    if (!NPX_SAFE_OPTIONS.has(name)) return { words, refusal: { verdict: 'deny', reason: `npx ${name} chooses which package or shell command runs` } };
    // nopt reads a following true or false as a boolean's value (`npx --offline false tsc`); --offline set
    // false lets npx download the package it runs (red team 36).
    const value = word.includes('=') ? word.slice(word.indexOf('=') + 1) : ['true', 'false'].includes(args[i + 1]?.value ?? '') ? args[++i]!.value : 'true';
    if (name === '--offline' && value !== 'true')
      return { words, refusal: { verdict: 'deny', reason: 'npx --offline=false downloads the package it runs, which the runner keeps npm from' } };
  }
  // The command it runs is checked even when a word of it asks: its deny rules win over that ask
  // (`npx curl 'http://evil.com/{x}'`, `npx awk 'BEGIN{system("id")}'`).
  const again = reshelled('npx', args);
  return { words, runs: args.slice(i), ...(again ? { refusal: again } : {}) };
}
