// Programs that run a command for each input: xargs (arguments from its input), GNU parallel (arguments
// from its input, files or ::: lists; it runs the command through a shell) and find -exec/-execdir/
// -ok/-okdir. Their options are read as they read them (xargs -e, -i and -l take a value only when it is
// attached: `xargs -e curl x` runs curl), and find's -exec command ends at `;` or at a `+` right after
// `{}`, nowhere else (`find . -exec rm -r + -f / ;` runs rm -r + -f /).
import type { ParsedScript } from './shell-script';
import type { ShellWord } from './shell-words';
import { type Replacing, type Unwrapped, joinWords } from './command-wrappers';
import { optionFloor, parseOptions, suffixes } from './wrapper-options';

/** GNU xargs's options: -e, -i and -l (and --eof, --replace, --max-lines) take only an attached value. */
const XARGS = {
  valued: ['-a', '--arg-file', '-d', '--delimiter', '-E', '-I', '-L', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars', '--process-slot-var'],
  optional: ['-e', '--eof', '-i', '--replace', '-l', '--max-lines'],
  flags: [
    '-0',
    '--null',
    '-p',
    '--interactive',
    '-r',
    '--no-run-if-empty',
    '-t',
    '--verbose',
    '-x',
    '--exit',
    '-o',
    '--open-tty',
    '--show-limits',
    '--help',
    '--version',
  ],
};

/**
 * The words that hold a replacement string (find's {}, xargs -I R, parallel's {}, {.}, {1}…) are only
 * known at run time: as the program, or as a shell's script, that is a command the check cannot see
 * (`xargs -I% %`, `xargs -I{} sh -c {}`, `find . -exec {} \;`).
 */
function replaced(words: readonly ShellWord[], holds: (value: string) => boolean, by: string): ShellWord[] {
  return words.map((w) => (!w.dynamic && holds(w.value) ? { ...w, dynamic: `what ${by} puts in place of a replacement string` } : w));
}

/** The words of a script that hold a replacement string are only known at run time (parallel's `{}`). */
export function markReplaced(parsed: ParsedScript, { holds, by }: Replacing): ParsedScript {
  const mark = (w: ShellWord): ShellWord => (!w.dynamic && holds(w.value) ? { ...w, dynamic: `what ${by} puts in place of a replacement string` } : w);
  return {
    ...parsed,
    commands: parsed.commands.map((c) => ({ ...c, words: c.words.map(mark) })),
    redirects: parsed.redirects.map((r) => ({ ...r, target: mark(r.target) })),
    operands: parsed.operands.map(mark),
    readOperands: parsed.readOperands.map(mark),
  };
}

export function unwrapXargs(args: readonly ShellWord[]): Unwrapped {
  const options = parseOptions(args, XARGS);
  // -I R, -iR, --replace=R; -i and --replace alone mean {}.
  const strings = options.pairs.filter((p) => ['-I', '-i', '--replace'].includes(p.name)).map((p) => p.value.value);
  if (options.seen.some((o) => o === '-i' || o === '--replace')) strings.push('{}');
  const rest = replaced(args.slice(options.index), (v) => strings.some((r) => v.includes(r)), 'xargs');
  const floor = optionFloor('xargs', {}, options) ?? { verdict: 'ask' as const, reason: 'its arguments come from standard input' };
  // Without a replacement string the words read are put after the command: a wrapper given no command
  // of its own runs one of them (`xargs env`, `xargs timeout 5`).
  const input = options.seen.some((o) => o === '-I' || o === '-i' || o === '--replace') ? [] : [INPUT('xargs')];
  // An option it does not know may take a value: each of the next words may be the program.
  if (options.unknown)
    return { ...(rest.length ? { inner: suffixes(rest, 4).map((s) => [...s, ...input]) } : {}), floor, checked: options.values, guesses: true };
  return { inner: [[...(rest.length ? rest : [{ value: 'echo' }]), ...input]], floor, checked: options.values };
}

/** The words xargs or parallel put after the command (read from the input, a file or a ::: list). */
const INPUT = (by: string): ShellWord => ({ value: '', dynamic: `the arguments ${by} puts after the command` });

/**
 * GNU parallel's options this check knows (it has some two hundred). Any other makes the command ask,
 * and each of the words after it is checked as the possible start of the command.
 */
const PARALLEL = {
  valued: [
    '-j',
    '--jobs',
    '-P',
    '--max-procs',
    '-n',
    '--max-args',
    '-N',
    '--max-replace-args',
    '-a',
    '--arg-file',
    '-d',
    '--delimiter',
    '-C',
    '--colsep',
    '-E',
    '-I',
    '-L',
    '--delay',
    '--timeout',
    '--retries',
    '--halt',
    '--halt-on-error',
    '--joblog',
    '--results',
    '--res',
    '--header',
    '--nice',
    '--memfree',
    '--load',
    '--block',
    '--block-size',
    '--tagstring',
    '-S',
    '--sshlogin',
    '--slf',
    '--sshloginfile',
    '--ssh',
    '--compress-program',
    '--decompress-program',
    '--limit',
    '--rpl',
    '--filter',
    // sem (parallel --semaphore): the semaphore's name and how long to wait for it.
    '--id',
    '--semaphorename',
    '--semaphoretimeout',
    '--st',
  ],
  optional: ['-e', '--eof', '-i', '--replace', '-l', '--max-lines'],
  flags: [
    '-0',
    '--null',
    '-k',
    '--keep-order',
    '-v',
    '--verbose',
    '-t',
    '--dry-run',
    '--dryrun',
    '-q',
    '--quote',
    '-u',
    '--ungroup',
    '--line-buffer',
    '--lb',
    '--group',
    '--tag',
    '-X',
    '-m',
    '--xargs',
    '--bar',
    '--eta',
    '--progress',
    '--no-notice',
    '--will-cite',
    '-r',
    '--no-run-if-empty',
    '--shuf',
    '--plus',
    '--files',
    '--silent',
    '--pipe',
    '--compress',
    '--semaphore',
    '--fg',
    '--bg',
    '--wait',
  ],
};
/** Options whose value is Perl code (parallel evaluates it): refused like any inline code, as is a {= … =} replacement string. */
const PARALLEL_PERL = new Set(['--rpl', '--filter']);
/** Options whose value is a command parallel runs: checked as a script. */
const PARALLEL_PROGRAMS = new Set(['--ssh', '--compress-program', '--decompress-program', '--limit']);
/** Options that run the commands on other machines, through ssh (or --ssh's program): checked as that program. */
const PARALLEL_REMOTE = new Set(['-S', '--sshlogin', '--slf', '--sshloginfile']);
/** What a shell reads as other than a plain word: a command word holding one makes parallel's command a script. */
const SHELL_SPECIAL = /[\s|&;<>()$`\\"'*?[\]#~={}!]/;
/** parallel's replacement strings ({}, {.}, {/}, {#}, {1}, --plus's {%x}…): what stands there is only known at run time. */
const REPLACEMENT = /\{[^{}\s]*\}/g;

export function unwrapParallel(args: readonly ShellWord[]): Unwrapped {
  const perl = args.find((w) => w.value.includes('{='));
  if (perl) return { floor: { verdict: 'deny', reason: `parallel evaluates the Perl code in "${perl.value.slice(0, 40)}", which cannot be checked` } };
  const options = parseOptions(args, PARALLEL);
  const floor = optionFloor('parallel', {}, options) ?? { verdict: 'ask' as const, reason: 'parallel runs a command for each of its arguments' };
  const scripts: ShellWord[] = [];
  const inner: ShellWord[][] = [];
  const ssh = options.pairs.filter((p) => p.name === '--ssh').map((p) => p.value);
  for (const { name, value } of options.pairs) {
    if (PARALLEL_PERL.has(name))
      return { floor: { verdict: 'deny', reason: `parallel ${name} evaluates Perl code given on the command line, which cannot be checked` } };
    if (PARALLEL_PROGRAMS.has(name)) scripts.push(value);
    if (PARALLEL_REMOTE.has(name)) scripts.push(joinWords([...(ssh.length ? ssh : [{ value: 'ssh' }]), value]));
  }
  // An option it does not know, given as --name=value: the value may be a command too.
  for (const word of args.slice(0, options.index))
    if (word.value.startsWith('--') && word.value.includes('=') && !PARALLEL.valued.includes(word.value.split('=')[0]!))
      scripts.push({ ...word, value: word.value.slice(word.value.indexOf('=') + 1) });
  const rest = args.slice(options.index);
  const separator = rest.findIndex((w) => /^:{3,4}\+?$/.test(w.value));
  // -I R, -iR, --replace=R; -i and --replace alone mean {}.
  const strings = options.pairs.filter((p) => ['-I', '-i', '--replace'].includes(p.name)).map((p) => p.value.value);
  const holds = (v: string) => v.search(REPLACEMENT) >= 0 || strings.some((r) => r !== '' && v.includes(r));
  const command = separator < 0 ? rest : rest.slice(0, separator);
  // In a script, what parallel puts in place of a replacement string is a quoted word: data as an
  // argument, but the program itself where it stands first (`parallel '{} evil.com' ::: curl`).
  const base = { floor, checked: options.values, replacing: { holds, by: 'parallel' } };
  // An option it does not know may take a value: each of the next words may start the command (read as a
  // script only when a word holds what a shell reads specially: parsing is what costs).
  if (options.unknown) {
    const guesses = suffixes(command, 4);
    if (command.some((w) => SHELL_SPECIAL.test(w.value))) return { ...base, scripts: [...scripts, ...guesses.map(joinWords)], inner, guesses: true };
    return { ...base, scripts, inner: guesses.map((g) => replaced(g, holds, 'parallel')), guesses: true };
  }
  if (!command.length) {
    // No command: each argument is a command line. Only one ::: list can be read here; arguments from the
    // input, a file (::::, -a) or several lists (combined word by word) cannot be checked.
    const lists = rest.slice(separator + 1);
    const fromFile = options.pairs.some((p) => p.name === '-a' || p.name === '--arg-file');
    if (separator < 0 || rest[separator]!.value !== ':::' || fromFile || lists.some((w) => /^:{3,4}\+?$/.test(w.value)))
      return { floor: { verdict: 'deny', reason: 'parallel would run commands read from its input, a file or several lists, which cannot be checked' } };
    return { ...base, scripts: [...scripts, ...lists], inner };
  }
  // parallel joins the command's words with spaces and hands them to a shell, quoting what it puts in
  // place of a replacement string: a word computed at run time either way (the program, where it stands first).
  // Without a replacement string it puts {} after the command (not with --pipe, or -n 0, which give none).
  const appends =
    !command.some((w) => holds(w.value)) &&
    !options.seen.includes('--pipe') &&
    !options.pairs.some((p) => /^-[nN]$|^--max-(replace-)?args$/.test(p.name) && /^\s*0+\s*$/.test(p.value.value));
  if (command.some((w) => SHELL_SPECIAL.test(w.value.replace(REPLACEMENT, '')))) scripts.push(joinWords(appends ? [...command, { value: '{}' }] : command));
  else inner.push([...replaced(command, holds, 'parallel'), ...(appends ? [INPUT('parallel')] : [])]);
  return { ...base, scripts, inner };
}

export function unwrapFind(args: readonly ShellWord[]): Unwrapped {
  const inner: ShellWord[][] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === '-delete') return { floor: { verdict: 'deny', reason: 'find -delete removes files' } };
    if (['-exec', '-execdir', '-ok', '-okdir'].includes(w)) {
      // The command ends at ";", or at a "+" right after "{}" (anywhere else a "+" is one of its words).
      const end = args.findIndex((a, k) => k > i && (a.value === ';' || (a.value === '+' && args[k - 1]!.value === '{}')));
      const stop = end < 0 ? args.length : end;
      inner.push(replaced(args.slice(i + 1, stop), (v) => v.includes('{}'), 'find'));
      i = stop;
    }
  }
  return inner.length ? { inner, floor: { verdict: 'ask', reason: 'find runs a command for every file it finds' } } : {};
}
