// An awk program can run commands: `print … | CMD`, `CMD | getline`, gawk's `|&`, system(), and gawk's
// indirect calls (`f = "system"; @f("id")`) and @load. Such a program is code given on the command line
// and is refused. The program text is read as awk reads it, so that a | inside a string ("a|b") or a
// regular expression (/foo|bar/) is text, while one after a string holding a ; is not (stop 30's red
// team: `print "id;" | c` passed a pattern that stopped at the ;).
import type { ShellWord } from './shell-words';
import { namesInput } from './shell-wrappers';

/** Words after which a / starts a regular expression, not a division (print /x/, return /x/, else /x/). */
const REGEX_AFTER_WORD = new Set(['print', 'printf', 'return', 'else', 'do', 'exit', 'in']);
/** Words whose parenthesis holds a condition: after its ) a statement starts, so a / starts a regular expression. */
const CONDITION_WORDS = new Set(['if', 'while', 'for']);
/**
 * gawk's keywords that are plain names in mawk, busybox and the one true awk: after `case` gawk reads a
 * / as a regular expression, mawk as a division (`c = case / 1; print "id" | "sh"; d = 1 / 1`).
 */
const GAWK_REGEX_AFTER_WORD = new Set([...REGEX_AFTER_WORD, 'case']);
const GAWK_CONDITION_WORDS = new Set([...CONDITION_WORDS, 'switch']);

/** How one awk reads the text where awks differ. */
interface Reading {
  /** gawk lets a / inside a bracket expression ([/]) stay in the regular expression, other awks end it there. */
  bracketsHoldSlash: boolean;
  /** gawk's case and switch are keywords, elsewhere names. */
  gawkKeywords: boolean;
}

/**
 * What in `text` runs a command, if anything. Where awks read the text differently (a / as a regular
 * expression or a division) it is read each way and anything found counts.
 */
export function awkRunsCommand(text: string): string | undefined {
  for (const bracketsHoldSlash of [true, false])
    for (const gawkKeywords of [true, false]) {
      const found = scan(text, { bracketsHoldSlash, gawkKeywords });
      if (found) return found;
    }
  return undefined;
}

/** The files an awk program names in its redirections: string constants, and whether any is computed at run time. */
export interface AwkFiles {
  names: string[];
  computed: boolean;
}

/**
 * The files `text` writes or reads by redirection (`print > "F"`, `printf … >> "F"`, `getline < "F"`,
 * `getline x < "F"`), read each way awks read it (red team 36: `awk '{print > "/root/.bashrc"}'` wrote
 * outside the workspace unasked). A `>` is a redirection in a print statement outside parentheses, a `<`
 * after getline at its depth; elsewhere they compare.
 */
export function awkFiles(text: string): AwkFiles {
  const files: AwkFiles = { names: [], computed: ARGV_WRITE.test(text) };
  for (const bracketsHoldSlash of [true, false]) for (const gawkKeywords of [true, false]) scan(text, { bracketsHoldSlash, gawkKeywords }, files);
  return { names: [...new Set(files.names)], computed: files.computed };
}

/**
 * A program that changes ARGV reads the files it puts there after BEGIN (`ARGV[1]="/etc/shadow"; ARGC=2`):
 * an assignment to an element, or ARGV given to split, sub, gsub or getline.
 */
const ARGV_WRITE = /\bARGV\s*\[[^\]]*\]\s*(?:[-+*\/%^]?=(?!=)|\+\+|--)|\b(?:split|g?sub|getline)\b[^;\n}]*\bARGV\b/;

/** The target of a redirection from `start`: a string constant that ends the expression, or undefined (computed). */
function redirectionTarget(text: string, start: number): { name?: string; end: number } {
  let i = start;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] !== '"') return { end: i };
  const end = endOfString(text, i);
  let after = end;
  while (text[after] === ' ' || text[after] === '\t') after++;
  const literal = text[end - 1] === '"' && end - 1 > i && (after >= text.length || ';})\n'.includes(text[after]!));
  return literal ? { name: text.slice(i + 1, end - 1).replace(/\\(.)/gs, '$1'), end } : { end };
}

function scan(text: string, { bracketsHoldSlash, gawkKeywords }: Reading, files?: AwkFiles): string | undefined {
  const regexAfter = gawkKeywords ? GAWK_REGEX_AFTER_WORD : REGEX_AFTER_WORD;
  const conditionWords = gawkKeywords ? GAWK_CONDITION_WORDS : CONDITION_WORDS;
  // Whether a / here starts a regular expression (an operand is expected) rather than a division.
  let regexNext = true;
  let word = '';
  const conditions: boolean[] = [];
  // The parenthesis depth of the print (printf) or getline of the statement being read: a > or < there redirects.
  let printAt: number | undefined;
  let getlineAt: number | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const was = word;
    word = '';
    if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
    else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      word = was;
    } else if (c === '\n') {
      i++;
      // A newline ends a statement, except inside parentheses (where awk refuses it or reads on).
      if (!conditions.length) {
        regexNext = true;
        printAt = getlineAt = undefined;
      } else word = was;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"') {
      i = endOfString(text, i);
      regexNext = false;
    } else if (c === '/' && regexNext) {
      i = endOfRegex(text, i, bracketsHoldSlash);
      regexNext = false;
    } else if (/[A-Za-z_]/.test(c)) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 256))![0];
      if (name === 'system') return 'system()';
      if (name === 'print' || name === 'printf') printAt = conditions.length;
      if (name === 'getline') getlineAt = conditions.length;
      i += name.length;
      word = name;
      regexNext = regexAfter.has(name) || conditionWords.has(name);
    } else if (/[0-9.]/.test(c)) {
      i += /^[0-9.]+(?:[eE][-+]?[0-9]+)?[A-Za-z0-9_]*/.exec(text.slice(i, i + 256))?.[0].length ?? 1;
      regexNext = false;
    } else if (c === '|') {
      if (text[i + 1] !== '|') return text[i + 1] === '&' ? 'a two-way pipe (|&)' : 'a pipe (|) to or from a command';
      i += 2;
      regexNext = true;
    } else if (c === '@') return 'an indirect call or a directive (@)';
    else if (c === '(') {
      conditions.push(conditionWords.has(was));
      i++;
      regexNext = true;
    } else if (c === ')') {
      // After an if/while/for condition a statement starts (/x/ is a pattern); after any other ) an operand ends.
      regexNext = conditions.pop() ?? false;
      i++;
    } else if (c === ']') {
      i++;
      regexNext = false;
    } else if (files && text[i + 1] !== '=' && ((c === '>' && printAt === conditions.length) || (c === '<' && getlineAt === conditions.length))) {
      const target = redirectionTarget(text, i + (c === '>' && text[i + 1] === '>' ? 2 : 1));
      if (target.name === undefined) files.computed = true;
      else files.names.push(target.name);
      i = Math.max(target.end, i + 1);
      regexNext = false;
    } else if ((c === '+' || c === '-') && text[i + 1] === c) {
      i += 2;
      regexNext = false; // x++ / 2 divides (++ /x/ is no valid awk)
    } else {
      if (c === ';' || c === '{' || c === '}') printAt = getlineAt = undefined;
      i++;
      regexNext = true; // an operator, ; { } , $ and the like: an operand follows
    }
  }
  return undefined;
}

/** The index after a string that starts at `start` (awk ends an unterminated one at the line's end). */
function endOfString(text: string, start: number): number {
  for (let j = start + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
    else if (text[j] === '\n') return j;
  }
  return text.length;
}

/** The index after a regular expression that starts at `start`; gawk's bracket counting where brackets hold a /. */
function endOfRegex(text: string, start: number, bracketsHoldSlash: boolean): number {
  let brackets = 0;
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j]!;
    const sofar = text.slice(start + 1, j);
    if (c === '\\') j++;
    else if (c === '\n') return j;
    else if (bracketsHoldSlash && c === '[') {
      if (text[j + 1] === ':' || brackets === 0) brackets++;
    } else if (bracketsHoldSlash && c === ']') {
      if (sofar !== '[' && sofar !== '[^') brackets--;
    } else if (c === '/' && brackets <= 0) return j + 1;
  }
  return text.length;
}

/** gawk's -l LIB / --load LIB loads a shared library extension: native code (stop 32's red team). */
const LOADS_LIBRARY = 'gawk -l (--load) loads a shared library, which runs any code';
const INCLUDED_INPUT = 'awk would include a program file read from its input (-i, --include), which cannot be checked';

/** Short options that take a value, attached or as the next word (gawk's, mawk's, busybox's and POSIX awk's). */
const VALUED_SHORT = 'fFvEeilW';
/** Short options whose value can only be attached (gawk -d[file], -o[file], -p[file], -L[fatal]). */
const OPTIONAL_SHORT = 'dDLop';
/** Long options that take a value (gawk accepts any unambiguous abbreviation). */
const VALUED_LONG = ['file', 'field-separator', 'assign', 'source', 'exec', 'include', 'load'];

/**
 * The words awk reads as program text: -e/--source values, -W values (gawk reads `-W source=…`), and
 * the first operand unless a program file is given (-f, -E, --file, --exec); or a reason to refuse the
 * command when the program comes from its input (-f /dev/stdin).
 */
export function awkProgramTexts(args: readonly ShellWord[]): ShellWord[] | string {
  const texts: ShellWord[] = [];
  let fromFile = false;
  const programFile = (file: ShellWord | undefined) => {
    fromFile = true;
    return file && namesInput(file) ? 'awk would run a program read from its input, which cannot be checked' : undefined;
  };
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('-') || w === '-') break;
    if (w.startsWith('--')) {
      const name = w.slice(2).split('=')[0]!;
      const takes = name ? VALUED_LONG.filter((o) => o.startsWith(name)) : [];
      if (!takes.length) continue;
      const value = w.includes('=') ? { ...args[i]!, value: w.slice(w.indexOf('=') + 1) } : args[++i];
      if (takes.includes('source') && value) texts.push(value);
      if (takes.includes('file') || takes.includes('exec')) {
        const refused = programFile(value);
        if (refused) return refused;
      }
      if (takes.includes('include') && value && namesInput(value)) return INCLUDED_INPUT;
      if (takes.includes('load')) return LOADS_LIBRARY;
      continue;
    }
    for (let k = 1; k < w.length; k++) {
      const letter = w[k]!;
      if (OPTIONAL_SHORT.includes(letter)) break;
      if (!VALUED_SHORT.includes(letter)) continue;
      const value = k + 1 < w.length ? { ...args[i]!, value: w.slice(k + 1) } : args[++i];
      if ((letter === 'e' || letter === 'W') && value) texts.push(value);
      if (letter === 'l') return LOADS_LIBRARY;
      // gawk's -i FILE loads a program file before the program (an include).
      if (letter === 'i' && value && namesInput(value)) return INCLUDED_INPUT;
      // -W NAME[=VALUE] is a long option (mawk's -W exec FILE, abbreviated -We FILE, is its -f; gawk's -W include=FILE).
      const long = letter === 'W' && value ? /^([A-Za-z_-]+)(=([^]*))?$/.exec(value.value) : null;
      const name = long?.[1]!.toLowerCase() ?? '';
      const file = long ? (long[2] !== undefined ? { ...value!, value: long[3]! } : undefined) : undefined;
      if (long && ('exec'.startsWith(name) || (name.length > 1 && 'file'.startsWith(name)))) {
        const refused = programFile(file ?? args[++i]);
        if (refused) return refused;
      } else if (long && name.length > 2 && 'include'.startsWith(name)) {
        const included = file ?? args[++i];
        if (included && namesInput(included)) return INCLUDED_INPUT;
      } else if (long && name.length > 1 && 'load'.startsWith(name)) return LOADS_LIBRARY; // gawk's -W load=LIB (red team 32's review)
      if (letter === 'f' || letter === 'E') {
        const refused = programFile(value);
        if (refused) return refused;
      }
      break;
    }
  }
  if (!fromFile && i < args.length) texts.push(args[i]!);
  return texts;
}

/** The files the awk programs given on the command line name in redirections (none when the program comes from a file). */
export function awkCommandFiles(args: readonly ShellWord[]): AwkFiles {
  const texts = awkProgramTexts(args);
  const all: AwkFiles = { names: [], computed: false };
  if (typeof texts === 'string') return all;
  for (const text of texts) {
    if (text.dynamic) continue;
    const found = awkFiles(text.value);
    all.names.push(...found.names);
    all.computed ||= found.computed;
  }
  return all;
}

/** Why the awk command line runs a command, if it does. */
export function awkCode(program: string, args: readonly ShellWord[]): string | undefined {
  const texts = awkProgramTexts(args);
  if (typeof texts === 'string') return texts;
  for (const text of texts) {
    if (text.dynamic) continue; // asks as an argument computed at run time
    const found = awkRunsCommand(text.value);
    if (found) return `the ${program} program can run shell commands (${found}): code given on the command line, which cannot be checked`;
  }
  return undefined;
}
