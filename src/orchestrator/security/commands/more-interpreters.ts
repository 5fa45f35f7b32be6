import { lookupTable } from '../../text/lookup-table';
// Interpreters beyond perl, python, node, ruby, php and lua whose code can be given on the command line
// or read from the input (red team 33: `R -e`, `julia -e`, `ts-node -e`, `ipython -c`, `expect -c`,
// `emacs --eval`, `… | julia` only asked), and python modules whose arguments are code (`python3 -m
// timeit -s CODE`, `-m pdb -c CMD`). inline-code.ts reads their options with these tables.

const opts = (text: string): string[] => text.split(' ');
const JS_RUNNER = { options: opts('-e --eval -p --print -r --require --import -i --interactive') };

/** Interpreters and the options that hand them code on the command line (a cluster: letters that do in -xe). */
export const MORE_INLINE_CODE: Record<string, { options: readonly string[]; cluster?: string }> = lookupTable<{ options: readonly string[]; cluster?: string }>(
  {
    expect: { options: opts('-c -i'), cluster: 'ci' },
    guile: { options: opts('-c') },
    racket: { options: opts('-e --eval -i --repl'), cluster: 'ei' },
    sbcl: { options: opts('--eval') },
    clisp: { options: opts('-x') },
    ghci: { options: opts('-e') },
    ghc: { options: opts('-e') },
    swipl: { options: opts('-g -t') },
    gnuplot: { options: opts('-e') },
    octave: { options: opts('--eval') },
    r: { options: opts('-e') },
    julia: { options: opts('-e --eval -E --print -i') },
    scala: { options: opts('-e') },
    groovy: { options: opts('-e') },
    kotlin: { options: opts('-e -expression') },
    erl: { options: opts('-eval -s -run -S') },
    elixir: { options: opts('-e --eval -r --rpc-eval') },
    iex: { options: opts('-e --eval -r --rpc-eval') },
    raku: { options: opts('-e'), cluster: 'e' },
    perl6: { options: opts('-e'), cluster: 'e' },
    rakudo: { options: opts('-e'), cluster: 'e' },
    jruby: { options: opts('-e -r'), cluster: 'er' },
    truffleruby: { options: opts('-e -r'), cluster: 'er' },
    mruby: { options: opts('-e') },
    hhvm: { options: opts('-r') },
    ipython: { options: opts('-c -i') },
    ipython3: { options: opts('-c -i') },
    jython: { options: opts('-c -i'), cluster: 'ci' },
    micropython: { options: opts('-c -i'), cluster: 'ci' },
    graalpy: { options: opts('-c -i'), cluster: 'ci' },
    py: { options: opts('-c -i'), cluster: 'ci' },
    qjs: { options: opts('-e --eval -I --include'), cluster: 'e' },
    d8: { options: opts('-e') },
    jjs: { options: opts('-e') },
    rhino: { options: opts('-e') },
    gjs: { options: opts('-c --command') },
    cjs: { options: opts('-c --command') },
    'ts-node': JS_RUNNER,
    'ts-node-esm': JS_RUNNER,
    'ts-node-script': JS_RUNNER,
    'ts-node-transpile-only': JS_RUNNER,
    tsx: JS_RUNNER,
    'babel-node': JS_RUNNER,
    'vite-node': JS_RUNNER,
    coffee: { options: opts('-e --eval -r --require -i --interactive') },
    emacs: { options: opts('--eval -eval --execute -execute') },
    emacsclient: { options: opts('-e --eval') },
  },
);

/** Interpreters that read every argument as an option or a file in turn: `--eval` after a file still runs (`emacs x.el --eval …`). */
export const SCAN_ALL = new Set(['erl', 'emacs', 'gnuplot', 'sbcl', 'ghc']);

/**
 * Interpreters whose options are whole words after one dash (`erl -sname`, `ghc -eventlog`, `scala
 * -encoding`, `d8 -expose-gc`): a code option's value is never attached, so `-sname` is not `-s name`.
 */
export const WHOLE_WORD_OPTIONS = new Set(['erl', 'ghc', 'ghci', 'scala', 'kotlin', 'rhino', 'd8', 'jjs']);

/**
 * Options that take the next word, so that word is not the script file (`ts-node -P tsconfig.json -e
 * …`): ts-node's as its bin reads them, julia's as getopt_long does with julia's table (`--project`
 * takes only an attached value: `julia --project script.jl` runs script.jl).
 */
export const MORE_VALUED: Record<string, readonly string[]> = lookupTable<readonly string[]>({
  'ts-node': opts('-P --project -C --compiler -O --compiler-options --cwd --dir -I --ignore -D --ignore-diagnostics --transpiler --scope-dir --scopeDir'),
  tsx: opts('--tsconfig'),
  julia: opts(
    '-J --sysimage -t --threads -p --procs -L --load -C --cpu-target -H --home --machine-file --color --history-file --startup-file --compile --check-bounds --depwarn --inline --math-mode --handle-signals --banner --heap-size-hint',
  ),
  emacs: opts('-l --load -f --funcall'),
  r: opts('-f --file'),
});

/**
 * Interpreters that run a program read from their input when given no script file (`… | julia`,
 * `… | R --no-save`, `… | ts-node`), and the options after which they do not.
 */
export const MORE_FROM_INPUT: Record<string, { options: readonly string[]; cluster?: string }> = lookupTable<{ options: readonly string[]; cluster?: string }>({
  expect: { options: opts('-v -h') },
  ipython: { options: opts('--version -h --help -m') },
  ipython3: { options: opts('--version -h --help -m') },
  r: { options: opts('--version -h --help -f --file') },
  julia: { options: opts('-v --version -h --help') },
  'ts-node': { options: opts('-v --version -h --help') },
  tsx: { options: opts('-v --version -h --help') },
  gnuplot: { options: opts('-V --version -h --help') },
  guile: { options: opts('-v --version -h --help') },
});

/**
 * Modules that serve to, or reach, the network (red team 36): `python3 -m http.server` serves the workspace
 * as `httpd` does (a deny rule), pydoc -p/-b a web server, webbrowser opens an address, ftplib, smtplib
 * and telnetlib connect.
 */
const NETWORK_MODULES = new Set([
  'http.server',
  'webbrowser',
  'ftplib',
  'smtplib',
  'smtpd',
  'telnetlib',
  'wsgiref.simple_server',
  'SimpleHTTPServer',
  'CGIHTTPServer',
]);

/** Whether a host name or address is this machine only: localhost, 127.x.x.x, ::1 (bracketed or not). */
export function isLoopback(host: string): boolean {
  return /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i.test(host);
}

/** The address http.server binds: the last -b/--bind (`-bHOST`, `--bind=HOST`, argparse's `--b`, `--bi`…), every address without one. */
function httpServerBinds(args: readonly { value: string }[]): string {
  let host = '';
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    const long = /^--(b|bi|bin|bind)(?:=(.*))?$/s.exec(w);
    if (long) host = long[2] ?? args[++i]?.value ?? '';
    else if (/^-b/.test(w)) host = w.length > 2 ? w.slice(2) : (args[++i]?.value ?? '');
  }
  return host;
}

/** Python modules whose command-line arguments are code they run (timeit's statements, pdb's and IPython's commands), or that serve to the network. */
export function moduleCode(program: string, module: string | undefined, args: readonly { value: string }[]): string | undefined {
  // pydoc -p binds localhost unless -n says otherwise; -b also opens a browser.
  const local = module === 'http.server' && isLoopback(httpServerBinds(args));
  if (module !== undefined && !local && (NETWORK_MODULES.has(module) || (module === 'pydoc' && args.some((a) => /^-[bn]/.test(a.value)))))
    return `${program} -m ${module} serves to or connects to the network`;
  if (module === 'timeit') return `${program} -m timeit runs the statements given on the command line, which cannot be checked`;
  if ((module === 'pdb' || module === 'ipdb') && args.some((a) => /^-c|^--command/.test(a.value)))
    return `${program} -m ${module} -c runs debugger commands (and code) given on the command line, which cannot be checked`;
  if (module === 'IPython' && args.some((a) => a.value === '-c' || a.value === '-i'))
    return `${program} -m IPython -c runs code given on the command line, which cannot be checked`;
  return undefined;
}
