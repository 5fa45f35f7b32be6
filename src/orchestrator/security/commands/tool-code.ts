// Programs that are not interpreters but run code or commands given on their command line (stop 32's
// red team): GNU sed's `e` command and the `e` flag of `s///e`, vim's -c/+/--cmd commands, gdb's -ex,
// sqlite3's .shell/.system dot-commands, make's --eval. Such a command is refused like `perl -e`.
import type { ShellWord } from './shell-words';
import { namesInput } from './shell-wrappers';

const VIMS = /^(?:[rg]?vim|vi|nvi|[rg]?view|ex|nex|nview|gvimdiff|vimdiff|nvim|evim|eview|vimx|vim\.[a-z0-9]+|nvim\.[a-z0-9]+)$/;

/** Why `program` runs code given on its command line, if it does. */
export function toolCode(program: string, args: readonly ShellWord[]): string | undefined {
  if (program === 'sed' || program === 'gsed') return sedCode(program, args);
  if (VIMS.test(program)) return vimCode(program, args);
  if (program === 'gdb') return gdbCode(args);
  if (program === 'sqlite3' || program === 'sqlite') return sqliteCode(program, args);
  if (program === 'make' || program === 'gmake') return makeCode(program, args);
  if (program === 'dc') return dcCode(args);
  if (program === 'psql' || program === 'mysql' || program === 'mariadb') return sqlClientCode(program, args);
  return undefined;
}

/**
 * dc's `!` runs a shell command (`!<`, `!>`, `!=` compare); with no expression or file dc reads its program
 * from the input, unless --version or --help makes it exit first (an expression before them still runs,
 * so a `!` in any is refused). Long options by any prefix, as GNU dc's getopt_long takes them (`--e=`).
 */
function dcCode(args: readonly ShellWord[]): string | undefined {
  let given = false;
  let exits = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === '--') {
      given ||= i + 1 < args.length;
      break;
    }
    const long = /^--([^=]+)(?:=(.*))?$/s.exec(w);
    const name = long ? ['expression', 'file', 'help', 'version'].find((n) => n.startsWith(long[1]!)) : undefined;
    if (name === 'help' || name === 'version' || (!long && /^-[^-]/.test(w) && /^-[hV]/.test(w))) exits = true;
    const short = /^-([ef])(.*)$/s.exec(w);
    if (name !== 'expression' && name !== 'file' && !short) {
      if (!w.startsWith('-')) given = true;
      continue;
    }
    given = true;
    const kind = name ? name[0] : short![1];
    const value = (long ? long[2] : short![2] || undefined) ?? args[++i]?.value ?? '';
    if (kind === 'e' && value.replace(/![<>=]/g, '').includes('!')) return inline("dc's ! command");
    if (kind === 'f' && namesInput({ value })) return 'dc would run a program read from its input, which cannot be checked';
  }
  return given || exits ? undefined : 'dc would run a program read from its input (where ! runs shell commands), which cannot be checked';
}

/** psql -c/--command and mysql -e/--execute: `\!` (and mysql's `system`) runs a shell command, psql's `\o |cmd`, `\g |cmd`, `\copy … program` one too. */
function sqlClientCode(program: string, args: readonly ShellWord[]): string | undefined {
  const option = program === 'psql' ? /^(?:-c|--command)(?:=(.*))?$|^-c(.+)$/s : /^(?:-e|--execute)(?:=(.*))?$|^-e(.+)$/s;
  for (let i = 0; i < args.length; i++) {
    const m = option.exec(args[i]!.value);
    if (!m) continue;
    const text = m[1] ?? m[2] ?? args[++i]?.value ?? '';
    if (/\\!|\\[ogw]\s*\||\\copy\b.*\bprogram\b|^\s*system\b|;\s*system\b/is.test(text)) return inline(`${program}'s shell escape`);
  }
  return undefined;
}

/**
 * Files the sed script given on the command line reads or writes (`r FILE`, `R FILE`, `w FILE`, `W FILE`,
 * `s/a/b/w FILE`): `sed -n 'w /root/.bashrc'` wrote outside the workspace unasked (red team 36). They are
 * checked like path arguments.
 */
export function sedFileNames(program: string, args: readonly ShellWord[]): string[] {
  const files: string[] = [];
  if (program === 'sed' || program === 'gsed') sedCode(program, args, files);
  return [...new Set(files)];
}

const inline = (what: string) => `${what} runs code given on the command line, which cannot be checked`;

/**
 * vim's Ex commands can run anything (`:!`, `:call system()`, `:py3`, `:r !cmd`): any -c, --cmd or +CMD
 * is refused, except `+N` and `+` (go to a line); ex mode (-e, -E, ex) reads its commands from the input.
 */
function vimCode(program: string, args: readonly ShellWord[]): string | undefined {
  if (program === 'ex' || program === 'nex') return `${program} runs Ex commands read from its input, which cannot be checked`;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === '--') break;
    // +N, +$ and +/pattern only place the cursor; any other +CMD is an Ex command.
    if (/^\+/.test(w) && !/^\+(?:\d*|\$|\/.*)$/s.test(w)) return inline(`${program} ${w.slice(0, 40)}`);
    if (/^--(?:cmd|remote-send|remote-expr)(?:=|$)/.test(w)) return inline(`${program} ${w.split('=')[0]}`);
    // vim's single-dash options are whole words (-geometry, -iconic), not clusters; only -e and -s combine.
    if (w === '-c') return inline(`${program} -c`);
    if (/^-(?:[eE]s?|s[eE])$/.test(w)) return `${program} ${w} reads Ex commands from its input, which cannot be checked`;
    if (w === '-s' && args[i + 1] && namesInput(args[i + 1]!)) return `${program} -s would read typed commands from its input, which cannot be checked`;
  }
  return undefined;
}

/** gdb reads its options as getopt_long_only does: -ex, --ex, -eval-command, --eval-command=, -iex, -init-eval-command, any unique prefix. */
function gdbCode(args: readonly ShellWord[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === '--' || w === '--args' || w === '-args') break;
    const name = /^--?([^=]+)/.exec(w)?.[1] ?? '';
    if (name === 'ex' || name === 'iex' || (name.length >= 2 && 'eval-command'.startsWith(name)) || (name.length >= 6 && 'init-eval-command'.startsWith(name)))
      return inline(`gdb ${w.slice(0, 40)}`);
    if (['x', 'ix', 'command', 'init-command'].includes(name) || (name.length >= 3 && 'command'.startsWith(name))) {
      const file = w.includes('=') ? { ...args[i]!, value: w.slice(w.indexOf('=') + 1) } : args[i + 1];
      if (file && namesInput(file)) return 'gdb would run commands read from its input, which cannot be checked';
    }
  }
  return undefined;
}

/** sqlite3 DB SQL…: a dot-command can run a program (.shell, .system, .load, `|cmd` in .once/.output/.read/.import, .once -x/-e, .excel); so can -cmd's. */
function sqliteCode(program: string, args: readonly ShellWord[]): string | undefined {
  let db = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    let text: string | undefined;
    if (/^--?cmd$/.test(w)) text = args[++i]?.value;
    else if (/^--?init$/.test(w)) {
      const file = args[++i];
      if (file && namesInput(file)) return `${program} -init would run dot-commands read from its input, which cannot be checked`;
    } else if (/^--?(?:separator|newline|nullvalue|lookaside|maxsize|mmap|pagecache|heap|vfs)$/.test(w)) i++;
    else if (!w.startsWith('-') && !db) db = true;
    else if (!w.startsWith('-')) text = w;
    if (text === undefined) continue;
    const command = /^\s*\.([A-Za-z]+)/.exec(text);
    if (!command) {
      if (/\b(?:edit|load_extension)\s*\(/i.test(text)) return inline(`${program}'s SQL (edit() or load_extension())`);
      continue;
    }
    const name = command[1]!.toLowerCase();
    // A `|` runs a program where a dot-command names a file (.once, .output, .read, .import); elsewhere
    // (.separator |) it is text.
    const namesFile = ['once', 'output', 'read', 'import', 'log', 'save', 'backup', 'restore', 'open'].some((c) => c.startsWith(name));
    if (
      (name.length >= 2 && ['shell', 'system', 'load', 'excel'].some((c) => c.startsWith(name))) ||
      (namesFile && text.includes('|')) ||
      (/^o/.test(name) && /\s-[a-z]*[ex]/.test(text))
    )
      return inline(`${program} .${name}`);
  }
  return undefined;
}

/** make --eval=TEXT / -E TEXT (also -sE, --ev=): a makefile given on the command line, whose recipes run; -f - reads one from the input. */
function makeCode(program: string, args: readonly ShellWord[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    // A variable given on the command line (`make 'X:=$(shell touch x)'`) is expanded, and $(shell) runs.
    if (/\$[({]shell\b/.test(w)) return inline(`${program} ${w.slice(0, 40)}`);
    if (w === '--') break;
    if (w.startsWith('--')) {
      const name = w.slice(2).split('=')[0]!;
      if (name.length >= 2 && 'eval'.startsWith(name)) return inline(`${program} --eval`);
      if ((name.length >= 2 && 'file'.startsWith(name)) || (name.length >= 3 && 'makefile'.startsWith(name))) {
        const file = w.includes('=') ? { ...args[i]!, value: w.slice(w.indexOf('=') + 1) } : args[i + 1];
        if (file && namesInput(file)) return `${program} would read a makefile from its input, which cannot be checked`;
      }
      continue;
    }
    if (!/^-[^-]/.test(w)) continue;
    for (let k = 1; k < w.length; k++) {
      const letter = w[k]!;
      if (letter === 'E') return inline(`${program} -E`);
      if (!'CfIoW'.includes(letter)) continue;
      const value = k + 1 < w.length ? { ...args[i]!, value: w.slice(k + 1) } : args[++i];
      if (letter === 'f' && value && namesInput(value)) return `${program} would read a makefile from its input, which cannot be checked`;
      break;
    }
  }
  return undefined;
}

/**
 * GNU sed's scripts (-e, --expression, or the first operand): the `e` command and the `e` flag of
 * `s///` run a shell command; -f - reads the script from the input. --sandbox turns both off.
 */
function sedCode(program: string, args: readonly ShellWord[], files?: string[]): string | undefined {
  const scripts: string[] = [];
  let fromOption = false;
  let operand: string | undefined;
  let ended = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const w = a.value;
    if (ended || w === '-' || !w.startsWith('-')) {
      if (operand === undefined) operand = w;
      continue;
    }
    if (w === '--') {
      ended = true;
      continue;
    }
    if (w.startsWith('--')) {
      const name = w.slice(2).split('=')[0]!;
      const value = () => (w.includes('=') ? { ...a, value: w.slice(w.indexOf('=') + 1) } : args[++i]);
      if (name.length >= 2 && 'sandbox'.startsWith(name)) return undefined;
      if (name.length >= 1 && 'expression'.startsWith(name)) {
        fromOption = true;
        scripts.push(value()?.value ?? '');
      } else if (name.length >= 2 && 'file'.startsWith(name)) {
        fromOption = true;
        const file = value();
        if (file && namesInput(file)) return `${program} would run a script read from its input, which cannot be checked`;
      } else if (name.length >= 2 && 'line-length'.startsWith(name) && !w.includes('=')) i++;
      continue;
    }
    for (let k = 1; k < w.length; k++) {
      const letter = w[k]!;
      if (letter === 'i') break; // -iSUFFIX
      if (!'efl'.includes(letter)) continue;
      const value = k + 1 < w.length ? { ...a, value: w.slice(k + 1) } : args[++i];
      if (letter === 'e') {
        fromOption = true;
        scripts.push(value?.value ?? '');
      } else if (letter === 'f') {
        fromOption = true;
        if (value && namesInput(value)) return `${program} would run a script read from its input, which cannot be checked`;
      }
      break;
    }
  }
  if (!fromOption && operand !== undefined) scripts.push(operand);
  const text = scripts.join('\n');
  // GNU sed reads a bracket expression as holding the delimiter (`s/[/]/-/`); read both ways, a command
  // found either way is refused, and so is a script neither reading can follow. One that only the other
  // reading cannot follow (`s/[^/]*$//`) is an ordinary script (red team 32's review).
  const readings = [sedRunsCommand(text, true, files), sedRunsCommand(text, false, files)];
  if (readings.includes('runs')) return inline(`the ${program} script (its e command or s///e)`);
  if (!readings.includes('clean')) return `the ${program} script cannot be read as GNU sed reads it, so what it runs cannot be checked`;
  return undefined;
}

/** Whether a sed script holds the `e` command or the `e` flag of `s` ('runs'), read as GNU sed reads it, or cannot be read. */
function sedRunsCommand(script: string, bracketsHoldDelimiter: boolean, files?: string[]): 'runs' | 'clean' | 'unreadable' {
  let i = 0;
  const n = script.length;
  const skip = (re: RegExp) => {
    while (i < n && re.test(script[i]!)) i++;
  };
  const toEnd = (stop: RegExp) => {
    while (i < n && !stop.test(script[i]!)) i += script[i] === '\\' ? 2 : 1;
  };
  // r, R, w, W and the w flag of s name a file: the rest of the line, after blanks (a ; is part of the name).
  const fileName = () => {
    skip(/[ \t]/);
    const start = i;
    toEnd(/\n/);
    files?.push(script.slice(start, i));
  };
  // From just after the opening delimiter to just after the closing one; false when it is not closed.
  const delimited = (d: string, brackets: boolean) => {
    let open = false;
    while (i < n) {
      const c = script[i]!;
      if (c === '\\') i += 2;
      else if (brackets && !open && c === '[') {
        open = true;
        i += script[i + 1] === '^' ? 2 : 1;
        if (script[i] === ']') i++;
      } else if (open && c === '[' && /[:.=]/.test(script[i + 1] ?? '')) {
        const end = script.indexOf(`${script[i + 1]}]`, i + 2);
        i = end < 0 ? n : end + 2;
      } else if (open && c === ']') {
        open = false;
        i++;
      } else if (!open && c === d) {
        i++;
        return true;
      } else if (c === '\n' && !open) return false;
      else i++;
    }
    return false;
  };
  const address = () => {
    const c = script[i];
    if (c === '/' || c === '\\') {
      const d = c === '/' ? '/' : script[i + 1]!;
      i += c === '/' ? 1 : 2;
      if (!delimited(d, bracketsHoldDelimiter)) return false;
      skip(/[IM]/);
    } else if (c === '$') i++;
    else skip(/[0-9~+]/);
    return true;
  };
  while (i < n) {
    skip(/[\s;]/);
    if (i >= n) break;
    if (script[i] === '#') {
      toEnd(/\n/);
      continue;
    }
    if (!address()) return 'unreadable';
    skip(/[ \t]/);
    if (script[i] === ',') {
      i++;
      skip(/[ \t]/);
      if (!address()) return 'unreadable';
    }
    skip(/[ \t!]/);
    const c = script[i++];
    if (c === undefined) break;
    if (c === 'e') return 'runs';
    if (c === 's' || c === 'y') {
      const d = script[i++];
      if (d === undefined || d === '\n' || d === '\\') return 'unreadable';
      if (!delimited(d, c === 's' && bracketsHoldDelimiter) || !delimited(d, false)) return 'unreadable';
      if (c === 's') {
        while (i < n && /[gpiImMe0-9]/.test(script[i]!)) if (script[i++] === 'e') return 'runs';
        if (script[i] === 'w') {
          i++;
          fileName();
        }
      }
    } else if ('rRwW'.includes(c)) fileName();
    else if ('aic'.includes(c)) toEnd(/\n/);
    else if (':btTv'.includes(c)) toEnd(/[\n;]/);
    else if ('lLqQ'.includes(c)) skip(/[ \t0-9]/);
    else if (!'{}=dDgGhHnNpPxzF'.includes(c)) return 'unreadable'; // a command GNU sed does not have
  }
  return 'clean';
}
