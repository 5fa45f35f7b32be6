// Bash builtins that take variable names evaluate an array subscript in a name as arithmetic, where a
// command substitution runs: `unset 'a[$(id)]'`, `test -v 'a[$(id)]'`, `printf -v 'a[$(id)]' x`, `read
// 'a[$(id)]'` all run id, though the quoted word shows nothing to the parser (stop 30's red team). A name
// whose subscript is not numbers and operators only, or a name computed at run time, is refused, as
// arithmetic is elsewhere; mapfile's -C callback is a script.
import type { ShellWord } from './shell-words';
import { parseOptions } from './wrapper-options';

/** A subscript that is numbers and operators only (or @ and *, every element): nothing in it is evaluated again. */
const LITERAL_SUBSCRIPT = /^(?:[\s\d+\-*/%()<>=!&|^~?:,]*|[@*])$/;
/** Text bash evaluates as arithmetic (let's expressions): numbers and operators only. */
const LITERAL_ARITHMETIC = /^[\s\d+\-*/%()<>=!&|^~?:,]*$/;

const READ = { valued: ['-a', '-d', '-i', '-n', '-N', '-p', '-t', '-u'], flags: ['-e', '-r', '-s'] };
const MAPFILE = { valued: ['-d', '-n', '-O', '-s', '-u', '-C', '-c'], flags: ['-t'] };
/** Shell builtins that declare variables (also run through `command` or `builtin`: their NAME=value words assign). */
export const DECLARATIONS: ReadonlySet<string> = new Set(['declare', 'typeset', 'local', 'export', 'readonly']);

/** The words a builtin takes for variable names (bash evaluates their subscripts). */
function names(program: string, args: readonly ShellWord[]): ShellWord[] {
  const operands = () => {
    const end = args.findIndex((a) => a.value === '--');
    return [...args.slice(0, end < 0 ? args.length : end).filter((a) => !/^[-+]/.test(a.value)), ...(end < 0 ? [] : args.slice(end + 1))];
  };
  switch (program) {
    case 'unset':
      return operands();
    case 'test':
    case '[':
      // -v NAME and -R NAME, anywhere in the expression.
      return args.filter((_, i) => i > 0 && (args[i - 1]!.value === '-v' || args[i - 1]!.value === '-R'));
    case 'printf': {
      // Every -v before the format (bash keeps the last: `printf -v x -v HOME 10`, red team 32's review).
      const out: ShellWord[] = [];
      for (let i = 0; i < args.length; i++) {
        const w = args[i]!.value;
        if (w === '--' || !w.startsWith('-v')) break;
        if (w === '-v') {
          if (args[i + 1]) out.push(args[++i]!);
        } else out.push({ ...args[i]!, value: w.slice(2) });
      }
      return out;
    }
    case 'read': {
      const options = parseOptions(args, READ);
      return [...options.pairs.filter((p) => p.name === '-a').map((p) => p.value), ...args.slice(options.index)];
    }
    case 'mapfile':
    case 'readarray':
      return args.slice(parseOptions(args, MAPFILE).index);
    case 'getopts':
      return args.slice(1, 2);
    case 'wait':
      return parseOptions(args, { valued: ['-p'] }).pairs.map((p) => p.value);
    default:
      // NAME or NAME[i]=value
      return DECLARATIONS.has(program) ? operands().map((a) => ({ ...a, value: a.value.split('=')[0]! })) : [];
  }
}

/**
 * A name programs may read from the environment: not all lower case, a proxy, npm's and yarn's
 * settings. Assigning one (also `for NAME in`) is checked as an environment assignment: an exported
 * HOME or PATH reaches every program run after it, as `HOME=10 git status` does.
 */
export function environmentName(name: string): boolean {
  return !/^[a-z_][a-z0-9_]*$/.test(name) || /proxy|^(?:npm|yarn|pnpm)_/.test(name);
}

/** Builtins that assign the variables named among their words (besides the declarations). */
const ASSIGNING = new Set(['printf', 'read', 'mapfile', 'readarray', 'getopts', 'wait']);

/**
 * The variables a builtin reached as words assigns, for the assignment rule: a declaration's NAME=value
 * words (`command export X=1`), and the names `printf -v`, `read`, `mapfile`, `getopts` and `wait -p`
 * assign when programs may read them from the environment (`printf -v HOME 10; git status` read
 * 10/.gitconfig: stop 32's red team). '(computed)' for a name made at run time.
 */
export function builtinAssigns(program: string, args: readonly ShellWord[]): string[] {
  if (DECLARATIONS.has(program)) {
    const assigned = args.filter((a) => /^[A-Za-z_][A-Za-z0-9_]*(?:\[.*\])?\+?=/s.test(a.value)).map((a) => a.value.split(/[[+=]/)[0]!);
    return assigned.length ? assigned : args.some((a) => a.dynamic) ? ['(computed)'] : [];
  }
  if (!ASSIGNING.has(program)) return [];
  return names(program, args)
    .map((n) => (n.dynamic ? '(computed)' : n.value.split('[')[0]!))
    .filter(environmentName);
}

/**
 * Builtins that make a name run something else, as an alias does: `hash -p FILE NAME` (then `NAME` runs
 * FILE: stop 32's red team ran id for ls), and `enable -f LIB NAME`, which loads a builtin from a shared
 * library (any code).
 */
export function standInRefusal(program: string, args: readonly ShellWord[]): string | undefined {
  const options = (letter: string) => args.some((a) => new RegExp(`^-[A-Za-z]*${letter}`).test(a.value) || a.dynamic);
  if (program === 'hash' && options('p')) return 'hash -p makes a name run another file, which can stand in for any program, like an alias';
  if (program === 'enable' && options('f')) return 'enable -f loads a builtin from a shared library, which runs any code';
  return undefined;
}

/** Why the builtin would evaluate a subscript that may run a command, if it would. */
export function subscriptRefusal(program: string, args: readonly ShellWord[]): string | undefined {
  if (program === 'let') {
    const word = args.find((a) => a.dynamic || !LITERAL_ARITHMETIC.test(a.value));
    return word ? `let evaluates "${word.value.slice(0, 40)}" as arithmetic, where a name or a subscript is evaluated again and runs commands` : undefined;
  }
  for (const name of names(program, args)) {
    if (name.dynamic) return `${program} is given a variable name computed at run time (${name.dynamic}), whose subscript bash would evaluate`;
    const open = name.value.indexOf('[');
    if (open < 0) continue;
    const close = name.value.lastIndexOf(']');
    const subscript = name.value.slice(open + 1, close > open ? close : undefined);
    if (!LITERAL_SUBSCRIPT.test(subscript))
      return `${program} evaluates the subscript of "${name.value.slice(0, 40)}" as arithmetic, where a name or a quoted $(…) runs commands`;
  }
  return undefined;
}

/** mapfile/readarray -C CALLBACK: bash evaluates the callback as a command every -c lines. */
export function mapfileCallback(args: readonly ShellWord[]): ShellWord | undefined {
  return parseOptions(args, MAPFILE).pairs.find((p) => p.name === '-C')?.value;
}
