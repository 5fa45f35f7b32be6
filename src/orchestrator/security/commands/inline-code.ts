// Code handed to an interpreter on its command line (perl -e, node -e, python -c, pwsh -Command): it
// cannot be checked, so such a command is refused. Options that take a value are skipped (python3 -W
// ignore -c …), and the script file ends the interpreter's own options. PowerShell reads its parameters
// its own way (any unambiguous prefix, any case, - -- / or a dash such as U+2013): pwsh-options.ts.
import type { ShellWord } from './shell-words';
import { awkCode } from './awk-program';
import { namesInput } from './shell-wrappers';
import { pwshCode } from './pwsh-options';
import { MORE_FROM_INPUT, MORE_INLINE_CODE, MORE_VALUED, SCAN_ALL, WHOLE_WORD_OPTIONS, isLoopback, moduleCode } from './more-interpreters';
import { lookupTable } from '../../text/lookup-table';

/**
 * Options of an interpreter that take the next word as their value (python -W ignore), so that word is
 * not the script file: code options after it are still the interpreter's (`python3 -W ignore -c …`).
 */
const NODE_VALUED = [
  '--title',
  '-C',
  '--conditions',
  '--env-file',
  '--env-file-if-exists',
  '--input-type',
  '--stack-size',
  '--cpu-prof-dir',
  '--cpu-prof-name',
  '--cpu-prof-interval',
  '--heap-prof-dir',
  '--heap-prof-name',
  '--heap-prof-interval',
  '--diagnostic-dir',
  '--disable-warning',
  '--disable-proto',
  '--dns-result-order',
  '--heapsnapshot-near-heap-limit',
  '--heapsnapshot-signal',
  '--icu-data-dir',
  '--inspect-port',
  '--debug-port',
  '--inspect-publish-uid',
  '--localstorage-file',
  '--max-http-header-size',
  '--openssl-config',
  '--redirect-warnings',
  '--report-dir',
  '--report-directory',
  '--report-filename',
  '--report-signal',
  '--secure-heap',
  '--secure-heap-min',
  '--snapshot-blob',
  '--tls-cipher-list',
  '--tls-keylog',
  '--trace-event-categories',
  '--trace-event-file-pattern',
  '--unhandled-rejections',
  '--use-largepages',
  '--watch-path',
  '--test-name-pattern',
  '--test-reporter',
  '--test-reporter-destination',
  '--test-shard',
  '--test-skip-pattern',
  '--test-concurrency',
  '--test-timeout',
  '--experimental-sea-config',
  '--experimental-policy',
  '--policy-integrity',
  '--run',
];
const VALUED_OPTIONS: Record<string, readonly string[]> = lookupTable<readonly string[]>({
  node: NODE_VALUED,
  nodejs: NODE_VALUED,
  python: ['-W', '-X', '--check-hash-based-pycs'],
  pypy: ['-W', '-X', '--check-hash-based-pycs'],
  perl: ['-I'], // -x takes only an attached folder (`perl -x script.pl` runs script.pl)
  ruby: ['-I', '-C', '-E', '-F'],
  php: ['-c', '-d', '-z'],
  ...MORE_VALUED,
});

/** node's options that hand it code: inline, a module to preload or a loader, a REPL, an inspector to attach. */
const NODE_CODE_OPTIONS = [
  '-e',
  '--eval',
  '-p',
  '--print',
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-i',
  '--interactive',
  '--inspect',
  '--inspect-brk',
  '--inspect-wait',
] as const;

/** Interpreters and the options that hand them code on the command line. */
const INLINE_CODE: Record<string, { options: readonly string[]; cluster?: string }> = lookupTable<{ options: readonly string[]; cluster?: string }>({
  // nodejs is Debian's name for the same program.
  node: { options: NODE_CODE_OPTIONS },
  nodejs: { options: NODE_CODE_OPTIONS },
  deno: { options: ['eval', 'repl'] },
  bun: { options: ['-e', '--eval', '-p', '--print', 'eval', 'x', 'repl'] },
  // -i: after the script, python reads more code from its input (`… | python3 -i x.py`).
  python: { options: ['-c', '-i'], cluster: 'ci' },
  pypy: { options: ['-c', '-i'], cluster: 'ci' },
  perl: { options: ['-e', '-E', '-M', '-m'], cluster: 'eEmM' },
  ruby: { options: ['-e', '-r'], cluster: 'er' },
  php: { options: ['-r', '-a', '-B', '-E', '-R', '-F'], cluster: 'r' },
  lua: { options: ['-e', '-l', '-i'], cluster: 'ei' },
  luajit: { options: ['-e', '-l', '-i'], cluster: 'ei' },
  rscript: { options: ['-e', '--expr'] },
  osascript: { options: ['-e'] },
  cmd: { options: ['/c', '/k'] },
  tclsh: { options: [] },
  ...MORE_INLINE_CODE,
});

export function interpreterName(program: string): string {
  return program
    .replace(/^(python|pypy)[\d.]*$/, '$1')
    .replace(/^(perl|ruby|php|lua)[\d.]*$/, '$1')
    .replace(/^(g|m|n)awk$/, 'awk')
    .replace(/^pwsh[-\w.]*$/, 'pwsh');
}

/** Why `program` (by its interpreter name) is given code on its command line, if it is. */
export function inlineCode(name: string, program: string, args: readonly ShellWord[]): string | undefined {
  if (name === 'pwsh' || name === 'powershell') return pwshCode(name, program, args);
  if (name === 'awk') return awkCode(program, args);
  const inline = INLINE_CODE[name];
  if (!inline) return undefined;
  const valued = VALUED_OPTIONS[name] ?? [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (givesInlineCode(a.value, inline, name)) return `${program} ${a.value.slice(0, 40)} runs code given on the command line, which cannot be checked`;
    // php -S HOST:PORT (--server, -nS) serves the folder and runs its PHP files: on any address but the
    // loopback to the network, as httpd does (red team 36).
    const address = name === 'php' ? (longValue(args, i, '--server') ?? clusterValue(args, i, 'S', PHP_VALUED_LETTERS)) : undefined;
    if (address && !isLoopback(address.value.replace(/:\d+$/, '')))
      return `${program} -S ${address.value.slice(0, 40)} serves the folder to the network, as httpd does`;
    // node --test-reporter imports its module: a data: or http: URL is code on the command line (red team 36).
    if ((name === 'node' || name === 'nodejs') && /^--test-reporter(?:=|$)/.test(a.value)) {
      const module = a.value.includes('=') ? a.value.slice(a.value.indexOf('=') + 1) : args[i + 1]?.value;
      if (module !== undefined && /^(?:data|https?):/i.test(module))
        return `${program} --test-reporter ${module.slice(0, 30)} runs code given on the command line, which cannot be checked`;
    }
    // python -m MODULE: the module's own arguments follow, and some of them are code (timeit, pdb -c).
    // In a cluster too: `python3 -Im http.server`.
    const module = name === 'python' || name === 'pypy' ? clusterValue(args, i, 'm', PYTHON_VALUED_LETTERS) : undefined;
    if (module) return moduleCode(program, module.value, args.slice(module.next));
    if (valued.includes(a.value))
      i++; // its value, not the script file
    // The script file: options after it belong to the script. (Only cmd's options start with a slash.)
    else if (!a.value.startsWith('-') && (name !== 'cmd' || !a.value.startsWith('/')) && !SCAN_ALL.has(name)) break;
  }
  return undefined;
}

/**
 * Options after which an interpreter given no script file runs no program from its input: it prints and
 * exits (--version, --help), or its program comes from elsewhere (node --test and --run, python -m, php's
 * -S server and -l lint). Short ones may stand in a cluster (python -VV, -mpytest).
 */
const NO_INPUT_PROGRAM: Record<string, { options: readonly string[]; cluster?: string }> = lookupTable<{ options: readonly string[]; cluster?: string }>({
  node: { options: ['-v', '--version', '-h', '--help', '--v8-options', '--test', '--run', '-c', '--check', '--completion-bash'] },
  nodejs: { options: ['-v', '--version', '-h', '--help', '--v8-options', '--test', '--run', '-c', '--check', '--completion-bash'] },
  python: { options: ['-V', '--version', '-h', '--help', '-?', '--help-env', '--help-xoptions', '--help-all', '-m'], cluster: 'Vhm' },
  pypy: { options: ['-V', '--version', '-h', '--help', '-m'], cluster: 'Vhm' },
  perl: { options: ['-v', '-V', '-h'], cluster: 'vVh' },
  ruby: { options: ['-v', '--version', '-h', '--help', '--copyright'], cluster: 'vh' },
  php: {
    options: [
      '-v',
      '--version',
      '-h',
      '--help',
      '-i',
      '--info',
      '-m',
      '--modules',
      '-S',
      '--server',
      '-l',
      '--syntax-check',
      '--ini',
      '--rf',
      '--rc',
      '--re',
      '--rz',
      '--ri',
    ],
  },
  lua: { options: ['-v'], cluster: 'v' },
  luajit: { options: ['-v'], cluster: 'v' },
  tclsh: { options: [] },
  // PowerShell given no command or file runs what its input holds (`… | pwsh`; red team 32's review).
  pwsh: { options: ['-v', '-version', '--version', '-h', '-help', '--help', '-?', '/?'] },
  powershell: { options: ['-v', '-version', '--version', '-h', '-help', '--help', '-?', '/?'] },
  ...MORE_FROM_INPUT,
});

/**
 * Why `program` runs a program read from its input, if it does: no script file (`… | python3`, `… |
 * node`, `perl < x`) or one that names the input (`python3 -`, `node -`, `perl /dev/stdin`), as `… | sh`
 * and `bash /dev/stdin` do (stop 32's red team ran python3, perl and node code piped to them).
 */
export function programFromInput(name: string, program: string, args: readonly ShellWord[]): string | undefined {
  const elsewhere = NO_INPUT_PROGRAM[name];
  if (!elsewhere) return undefined;
  const valued = VALUED_OPTIONS[name] ?? [];
  const why = `${program} would run a program read from its input, which cannot be checked`;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.value === '--') return !args[i + 1] || namesInput(args[i + 1]!) ? why : undefined;
    if (a.value === '-' || !a.value.startsWith('-')) return namesInput(a) ? why : undefined;
    const option = a.value.split('=')[0]!;
    // python -m code is the interactive console: it reads its program from the input (red team 32's review).
    if (name === 'python' || name === 'pypy') {
      if (clusterValue(args, i, 'm', PYTHON_VALUED_LETTERS)?.value === 'code') return why;
    }
    if (elsewhere.options.includes(option) || elsewhere.options.includes(option.toLowerCase()) || (name === 'perl' && a.value.startsWith('-V:')))
      return undefined;
    if (elsewhere.cluster && /^-[A-Za-z?]/.test(a.value) && clusterLetters(a.value, name).some((c) => elsewhere.cluster!.includes(c))) return undefined;
    if (valued.includes(a.value)) i++;
  }
  return why;
}

/**
 * Letters of an interpreter's short options that take a value, written attached (`python3 -Wignore`,
 * `-Ximporttime`): the rest of the word is that value, not more option letters (red team 32's review:
 * the i of -Wignore was read as -i).
 */
const VALUED_LETTERS: Record<string, string> = lookupTable<string>({ python: 'WXQ', pypy: 'WXQ', perl: 'IiCDx0' });

/** Short options that take a value, the rest of the word or the next one: python's and php's. */
const PYTHON_VALUED_LETTERS = 'cmWXQ';
const PHP_VALUED_LETTERS = 'cdfrBREFStz';

/** An option's value and the index of the word after it. */
type OptionValue = { value: string; next: number };

/** The value of short option `letter` in the cluster at `args[i]` (`-m mod`, `-Immod`, `-nS host`), if the cluster reaches it. */
function clusterValue(args: readonly ShellWord[], i: number, letter: string, valued: string): OptionValue | undefined {
  const w = args[i]!.value;
  if (!/^-[^-]/.test(w)) return undefined;
  for (let k = 1; k < w.length; k++) {
    if (w[k] === letter) return k + 1 < w.length ? { value: w.slice(k + 1), next: i + 1 } : { value: args[i + 1]?.value ?? '', next: i + 2 };
    if (valued.includes(w[k]!) || !/[A-Za-z?]/.test(w[k]!)) return undefined;
  }
  return undefined;
}

/** The value of the long option `name` at `args[i]` (`--server=X`, `--server X`). */
function longValue(args: readonly ShellWord[], i: number, name: string): OptionValue | undefined {
  const w = args[i]!.value;
  if (w === name) return { value: args[i + 1]?.value ?? '', next: i + 2 };
  return w.startsWith(`${name}=`) ? { value: w.slice(name.length + 1), next: i + 1 } : undefined;
}

/** The option letters of a cluster (`-pe`, `-bWignore`, `-V:x` → p, e; b, W; V), up to one whose value follows attached. */
function clusterLetters(arg: string, name: string): string[] {
  const letters: string[] = [];
  for (const c of arg.slice(1)) {
    if (!/[A-Za-z?]/.test(c)) break; // the letters end (perl -V:version, -le'print 1')
    letters.push(c);
    if ((VALUED_LETTERS[name] ?? '').includes(c)) break;
  }
  return letters;
}

/**
 * -e CODE, --eval=CODE, -eCODE, a cluster such as -pe or -lc, or a subcommand such as deno eval. Options
 * are read in their case (ts-node's -P is --project, -p --print), except cmd's (/C is /c); an interpreter
 * whose options are whole words takes no attached value (erl's -sname is not -s).
 */
function givesInlineCode(arg: string, inline: { options: readonly string[]; cluster?: string }, name: string): boolean {
  const option = arg.split('=')[0]!;
  if (inline.options.includes(arg) || inline.options.includes(name === 'cmd' ? option.toLowerCase() : option)) return true;
  if (arg.startsWith('--') || !arg.startsWith('-') || WHOLE_WORD_OPTIONS.has(name)) return false;
  const letters = clusterLetters(arg, name);
  if (inline.options.some((o) => o.length === 2 && o.startsWith('-') && arg.startsWith(o))) return true; // -eCODE
  return inline.cluster !== undefined && letters.some((c) => inline.cluster!.includes(c));
}
