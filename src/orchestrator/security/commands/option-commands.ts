// Programs that run a command named in one of their options (red team 33): tar's --to-command, -I,
// --checkpoint-action=exec=, -F/--info-script and --rsh-command; rsync -e; zip -TT; split --filter;
// sort --compress-program; man -P/--html; less +!CMD; rg --pre; fd -x/-X; bash's compgen/complete -C
// and -W; fc -e. A value run through a shell is checked as a command line, a program's name as a
// command; the program itself then asks.
import type { ShellWord } from './shell-words';
import type { Unwrapped } from './command-wrappers';

type Found = { scripts: ShellWord[]; programs: ShellWord[] };
/** What an option's value is: a script, a program's name, a value that runs nothing, or a function that finds the script in it. */
type Kind = 'script' | 'program' | 'value' | ((value: ShellWord) => ShellWord | undefined);

/** A long option by any prefix of at least `min` letters (GNU getopt_long's abbreviations), with its attached value. */
function longOption(word: string, name: string, min: number): { value?: string } | undefined {
  const m = /^--([^=]+)(?:=(.*))?$/s.exec(word);
  if (!m || m[1]!.length < min || !name.startsWith(m[1]!)) return undefined;
  return m[2] === undefined ? {} : { value: m[2] };
}

/**
 * Walks getopt-style arguments: long options in `longs` (name → minimum prefix, and whether the value is
 * a script or a program), short letters in `shorts` the same way; `valued` letters take a value that is
 * not a command. Stops at `--`.
 */
function scan(args: readonly ShellWord[], longs: Record<string, [number, Kind]>, shorts: Record<string, Kind>, optionalLongs: readonly string[] = []): Found {
  const found: Found = { scripts: [], programs: [] };
  const put = (kind: Kind, value: ShellWord | undefined) => {
    const script = value && typeof kind === 'function' ? kind(value) : kind === 'script' ? value : undefined;
    if (script) found.scripts.push(script);
    else if (value && kind === 'program') found.programs.push(value);
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const w = word.value;
    if (w === '--') break;
    if (w.startsWith('--')) {
      for (const [name, [min, kind]] of Object.entries(longs)) {
        const hit = longOption(w, name, min);
        if (!hit) continue;
        if (hit.value !== undefined) put(kind, { ...word, value: hit.value });
        else if (!optionalLongs.includes(name)) put(kind, args[++i]);
        break;
      }
      continue;
    }
    if (!/^-[^-]/.test(w)) continue;
    for (let k = 1; k < w.length; k++) {
      const kind = shorts[w[k]!];
      if (!kind) continue;
      put(kind, k + 1 < w.length ? { ...word, value: w.slice(k + 1) } : args[++i]);
      break;
    }
  }
  return found;
}

function result(program: string, found: Found, why: string): Unwrapped | undefined {
  if (!found.scripts.length && !found.programs.length) return undefined;
  return {
    ...(found.scripts.length ? { scripts: found.scripts } : {}),
    ...(found.programs.length ? { inner: found.programs.map((p) => [p]) } : {}),
    floor: { verdict: 'ask', reason: `${program} ${why}` },
  };
}

/** The command of a checkpoint action `exec=COMMAND` (tar's --checkpoint-action). */
function checkpointExec(value: ShellWord): ShellWord | undefined {
  const m = /^(?:exec|e)=(.*)$/s.exec(value.value);
  return m ? { ...value, value: m[1]! } : undefined;
}

/**
 * GNU tar runs --to-command, -I/--use-compress-program, -F/--info-script (--new-volume-script),
 * --rsh-command, --rmt-command and a checkpoint's exec= action through /bin/sh -c. Long options count by
 * their shortest unambiguous prefix among GNU tar's options (tar 1.34's --help: `--rs` is --rsh-command,
 * `--new-` --new-volume-script, `--checkpoint-` --checkpoint-action), the value attached or the next word.
 */
function tarCommands(args: readonly ShellWord[]): Found {
  const found = scan(
    args,
    {
      'to-command': [4, 'script'],
      'use-compress-program': [3, 'script'],
      'info-script': [3, 'script'],
      'new-volume-script': [4, 'script'],
      'rsh-command': [2, 'script'],
      'rmt-command': [2, 'script'],
      'checkpoint-action': [11, checkpointExec],
    },
    {
      I: 'script',
      F: 'script',
      f: 'value',
      C: 'value',
      T: 'value',
      X: 'value',
      b: 'value',
      g: 'value',
      H: 'value',
      K: 'value',
      L: 'value',
      N: 'value',
      V: 'value',
    },
  );
  // Old-style letters without a dash (`tar cfI x.tar CMD`): each valued letter takes the next word in turn.
  const first = args[0];
  if (first && /^[A-Za-z]+$/.test(first.value) && /[IF]/.test(first.value)) {
    let next = 1;
    for (const c of first.value) {
      if (!'IFfCTXbgHKLNV'.includes(c)) continue;
      const value = args[next++];
      if (value && (c === 'I' || c === 'F')) found.scripts.push(value);
    }
  }
  return found;
}

/** tar's short letters that take a value (the rest of a cluster, or the next word). */
export const TAR_VALUED = 'IFfCTXbgHKLNV';

/**
 * The archive names tar is given (`-f NAME`, `-fNAME`, `-xf NAME`, `--file[=]NAME`, old-style `cf NAME`):
 * GNU tar opens one with a host part (`host:x.tar`, `user@host:x.tar`) on that host through rsh/rmt.
 */
export function tarArchives(args: readonly ShellWord[]): ShellWord[] {
  const shorts: Record<string, Kind> = Object.fromEntries([...TAR_VALUED].map((c) => [c, c === 'f' ? (v: ShellWord) => v : 'value']));
  const archives = scan(args, { file: [4, (v) => v], 'files-from': [6, 'value'] }, shorts).scripts;
  const first = args[0];
  if (first && /^[A-Za-z]+$/.test(first.value)) {
    let next = 1;
    for (const c of first.value) {
      if (!TAR_VALUED.includes(c)) continue;
      const value = args[next++];
      if (value && c === 'f') archives.push(value);
    }
  }
  return archives;
}

/** fd's short options that take a value (the rest of a cluster, or the next word): -tx is a type, not -x. */
const FD_VALUED = 'dEteSocj';

/**
 * fd's -x/--exec and -X/--exec-batch take the words up to `;` as a command, with the file names put in
 * place of {} or after it. A command attached (`--exec=rm`, `-xrm`, `-Hxrm`) is its first word: fd 8 takes
 * that word alone, older ones the words after it too, so both are checked.
 */
function fdCommands(args: readonly ShellWord[]): Unwrapped | undefined {
  const inner: ShellWord[][] = [];
  const upToSemicolon = (start: number) => {
    let end = start;
    while (end < args.length && args[end]!.value !== ';') end++;
    return end;
  };
  const add = (words: readonly ShellWord[]) => {
    const command = words.map((a) => (/\{[^}]*\}/.test(a.value) && !a.dynamic ? { ...a, dynamic: 'the file names fd puts in place of {}' } : a));
    inner.push(command.length ? [...command, { value: '', dynamic: 'the file names fd puts after the command' }] : []);
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const w = word.value;
    if (w === '--') break;
    let attached: string | undefined;
    if (/^--exec(?:-batch)?$/.test(w)) attached = undefined;
    else if (/^--exec(?:-batch)?=/.test(w)) attached = w.slice(w.indexOf('=') + 1);
    else if (/^-[^-]/.test(w)) {
      const letters = [...w.slice(1)];
      const at = letters.findIndex((c) => c === 'x' || c === 'X' || FD_VALUED.includes(c));
      if (at < 0) continue;
      if (FD_VALUED.includes(letters[at]!)) {
        // Its value is the rest of the word or the next word (clap takes no value that starts with "-").
        if (at === letters.length - 1 && args[i + 1] && !args[i + 1]!.value.startsWith('-')) i++;
        continue;
      }
      // clap reads `-x=rm` as `-x rm`.
      attached = at < letters.length - 1 ? w.slice(at + 2).replace(/^=/, '') : undefined;
    } else continue;
    const end = upToSemicolon(i + 1);
    if (attached !== undefined) {
      add([{ ...word, value: attached }]);
      add([{ ...word, value: attached }, ...args.slice(i + 1, end)]);
    } else add(args.slice(i + 1, end));
    i = end;
  }
  return inner.length ? { inner, floor: { verdict: 'ask', reason: 'fd -x runs a command on every file it finds' } } : undefined;
}

/** less's +CMD runs a less command at the start: `!CMD` runs a shell command, `|` pipes to one. */
function lessCommands(args: readonly ShellWord[]): Found {
  const found: Found = { scripts: [], programs: [] };
  for (const a of args) {
    if (a.value === '--') break;
    const m = /^\++(?:!(.*)|\|.(.*))$/s.exec(a.value);
    if (!m) continue;
    const text = m[1] ?? m[2] ?? '';
    found.scripts.push({ ...a, value: text || 'sh' });
  }
  return found;
}

/**
 * A make variable given on the command line: `NAME=value`, `NAME := value`, `NAME+=value`… (GNU make
 * allows blanks around the name and the operator: `make 'CC =curl x'` sets CC).
 */
const MAKE_ASSIGNMENT = /^\s*[^\s=]+?\s*(?::{1,3}|[+?!])?=/s;
/** Variables whose value make reads as its own options or the shell's: never data (`MAKEFLAGS=--eval=…`, `.SHELLFLAGS='-c …'`). */
const MAKE_OPTION_VARIABLES = new Set(['MAKEFLAGS', 'MFLAGS', 'GNUMAKEFLAGS', '.SHELLFLAGS']);
/**
 * A value that is data, not a command: a number, a switch, nothing, or options of plain characters
 * (`-O2 -g`): no `;`, `|`, `&`, `$`, quotes, parentheses or redirections, which a recipe's shell would
 * read as more commands (`CFLAGS='-O2; curl x | sh'` ran curl).
 */
const MAKE_DATA = /^(?:[-+]?\d+(?:\.\d+)?|true|false|yes|no|on|off|-[-\w.,:/+=@% \t]*|)$/i;
/** A value of one plain word (`gcc`, `release`, `./stage`): at most the name of a program, with no shell syntax. */
const MAKE_WORD = /^[\w.,:/+=@%-]+$/;

/**
 * Variables given to make on its command line override the makefile's, and a recipe that names one runs
 * its value (`make test CC='rm -rf ~'`, `make SHELL=curl`: red team 36). A value of one plain word may
 * name the program a recipe runs: the guard refuses it when a deny rule names it and asks for a shell,
 * an interpreter or a wrapper. Any other value that is not data is checked as a command line, and the
 * command asks.
 */
function makeVariables(args: readonly ShellWord[]): Unwrapped | undefined {
  const scripts: ShellWord[] = [];
  const programs: ShellWord[] = [];
  for (const a of args) {
    const m = a.value.startsWith('-') ? null : MAKE_ASSIGNMENT.exec(a.value);
    if (!m) continue;
    const name = m[0].replace(/[\s:+?!=]+$/, '').trim();
    const value = { ...a, value: a.value.slice(m[0].length) };
    const trimmed = value.value.trim();
    // `NAME != command` runs the command when make reads it.
    if (MAKE_OPTION_VARIABLES.has(name) || /!=$/.test(m[0])) scripts.push(value);
    else if (MAKE_DATA.test(trimmed)) continue;
    else if (MAKE_WORD.test(trimmed)) programs.push({ ...value, value: trimmed });
    else scripts.push(value);
  }
  if (!scripts.length && !programs.length) return undefined;
  return {
    ...(programs.length ? { programNames: programs } : {}),
    ...(scripts.length
      ? { scripts, floor: { verdict: 'ask' as const, reason: "make runs a variable's value given on its command line where a recipe names it" } }
      : {}),
  };
}

const LESSKEY_WHY = 'reads a lesskey file, whose #env section can set LESSOPEN, a command less runs on every file it opens';
/** less's short options that take a value (the rest of a cluster, or the next word). */
const LESS_VALUED = 'bhjkoOpPtTxyz#';

/**
 * A lesskey file or text given to less (`-k FILE`, `--lesskey-file`, `--lesskey-src`, `--lesskey-content`,
 * any prefix less accepts): its #env section sets LESSOPEN, which less runs on every file, also when its
 * output is not a terminal (red team 36).
 */
function lesskeyFile(args: readonly ShellWord[]): string | undefined {
  for (const a of args) {
    const w = a.value;
    if (w === '--') break;
    if (w.startsWith('--')) {
      const name = w.slice(2).split('=')[0]!;
      if (name.length >= 3 && ['lesskey-file', 'lesskey-src', 'lesskey-content'].some((o) => o.startsWith(name))) return w.split('=')[0];
      continue;
    }
    if (!/^-[^-]/.test(w)) continue;
    const letter = [...w.slice(1)].find((c) => LESS_VALUED.includes(c));
    if (letter === 'k') return '-k';
  }
  return undefined;
}

/** bash's compgen and complete: -C COMMAND runs a shell command, -W WORDLIST is expanded as words are (`$(…)` runs). */
function completionCommands(args: readonly ShellWord[]): Found {
  const found = scan(args, {}, { C: 'script', W: 'value', o: 'value', A: 'value', G: 'value', F: 'value', X: 'value', P: 'value', S: 'value' });
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    const m = /^-[a-zA-Z]*W(.*)$/s.exec(w);
    if (!m || w.startsWith('--')) continue;
    const list = m[1] ? { ...args[i]!, value: m[1] } : args[i + 1];
    if (list) found.scripts.push({ ...list, value: `echo ${list.value}` });
  }
  return found;
}

/** How `program` runs a command named in an option, if it does (undefined: not such a program, or no such option given). */
export function unwrapOptionCommand(program: string, args: readonly ShellWord[]): Unwrapped | undefined {
  switch (program) {
    case 'tar':
    case 'gtar':
      return result(program, tarCommands(args), 'runs a command given in an option');
    case 'rsync':
      return result(
        program,
        scan(args, { rsh: [3, 'script'], 'rsync-path': [3, 'script'] }, { e: 'script', f: 'value', T: 'value', B: 'value' }),
        'runs a command given in an option',
      );
    case 'zip': {
      const found: Found = { scripts: [], programs: [] };
      for (let i = 0; i < args.length; i++) {
        const w = args[i]!.value;
        if (w === '-TT' || w === '--unzip-command') found.scripts.push(args[++i] ?? { value: '' });
        else if (/^(?:-TT|--unzip-command)=/.test(w)) found.scripts.push({ ...args[i]!, value: w.slice(w.indexOf('=') + 1) });
      }
      return result(program, found, 'runs a command given in an option');
    }
    case 'split':
      return result(
        program,
        scan(args, { filter: [1, 'script'] }, { a: 'value', b: 'value', C: 'value', l: 'value', n: 'value', t: 'value' }),
        '--filter runs a command',
      );
    case 'sort':
      return result(
        program,
        scan(args, { 'compress-program': [2, 'script'] }, { k: 'value', o: 'value', S: 'value', t: 'value', T: 'value' }),
        '--compress-program runs a program given in an option',
      );
    case 'man':
      return result(
        program,
        scan(
          args,
          { pager: [3, 'script'], html: [2, 'script'] },
          { P: 'script', H: 'script', M: 'value', S: 'value', L: 'value', m: 'value', p: 'value', C: 'value', R: 'value', E: 'value', r: 'value' },
          ['html'],
        ),
        'runs a pager or browser given in an option',
      );
    case 'less': {
      const found = result(program, lessCommands(args), '+! runs a shell command');
      const lesskey = lesskeyFile(args);
      return found ?? (lesskey ? { floor: { verdict: 'ask', reason: `less ${lesskey.slice(0, 40)} ${LESSKEY_WHY}` } } : undefined);
    }
    case 'make':
    case 'gmake':
      return makeVariables(args);
    case 'diff3':
    case 'sdiff':
      // No other long option of theirs starts with d: `--d=PROG` is --diff-program.
      return result(program, scan(args, { 'diff-program': [1, 'program'] }, {}), '--diff-program runs a program given in an option');
    case 'rg':
      return result(
        program,
        scan(
          args,
          // ripgrep 14's --hostname-bin runs a program for the host name in hyperlinks (red team 36).
          { pre: [3, 'script'], 'hostname-bin': [12, 'program'] },
          {
            e: 'value',
            f: 'value',
            g: 'value',
            t: 'value',
            T: 'value',
            m: 'value',
            A: 'value',
            B: 'value',
            C: 'value',
            M: 'value',
            r: 'value',
            E: 'value',
            j: 'value',
            d: 'value',
          },
        ),
        '--pre and --hostname-bin run a program given in an option',
      );
    case 'fd':
    case 'fdfind':
      return fdCommands(args);
    case 'compgen':
    case 'complete':
      return result(program, completionCommands(args), '-C runs a command and -W expands its words');
    case 'fc': {
      const found = scan(args, {}, { e: 'script' });
      return result(program, { ...found, scripts: found.scripts.filter((s) => s.value !== '-') }, '-e runs an editor command on the history');
    }
    default:
      return undefined;
  }
}
