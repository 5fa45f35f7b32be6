// Parses a command line with mvdan/sh (the Go shell parser, JavaScript build) into what the command
// policy checks: every simple command anywhere in the script (inside pipes, lists, substitutions,
// subshells and control structures) as words with quoting and escapes resolved, its environment
// assignments, every redirection, and which shell constructs appear at all.
import type { ShNode } from 'mvdan-sh';
import { misreadBeforeParse, misreadComment } from './misread-lines';
import { environmentName } from './builtin-names';
import { list, resolveWord, shell } from './shell-words';
import type { ShellWord, ShPos } from './shell-words';

export interface SimpleCommand {
  words: ShellWord[];
  /** Names of VAR=value prefixes and of variables declared with export/declare/local/readonly. */
  assigns: string[];
}

export interface ShellRedirect {
  op: string;
  target: ShellWord;
  /** The descriptor written before the operator (`2>`, `1<`), or `{NAME}` (bash assigns NAME a new descriptor). */
  fd?: string;
}

export type ShellConstruct =
  | 'list'
  | 'pipe'
  | 'background'
  | 'redirect'
  | 'here-document'
  | 'substitution'
  | 'expansion'
  | 'glob'
  | 'control'
  | 'comment'
  | 'function'
  | 'arithmetic'
  /** ${NAME@P}: the value expanded as a prompt string, whose $(…) runs commands. */
  | 'prompt-expansion'
  /** ${!NAME}: the value of NAME names the variable read, and a subscript in it ('a[$(…)]') runs commands. */
  | 'indirect-expansion';

export interface ParsedScript {
  commands: SimpleCommand[];
  redirects: ShellRedirect[];
  constructs: Set<ShellConstruct>;
  /** Words a construct looks at without running a program: [[ -e NAME ]], for x in NAMES, case WORD. */
  operands: ShellWord[];
  /** The operands that name files a test or a loop reads ([[ -e NAME ]], [[ A -nt B ]], for f in NAMES). */
  readOperands: ShellWord[];
}

export class ShellSyntaxError extends Error {
  override readonly name: string = 'ShellSyntaxError';
}

/** A line the parser reads, but otherwise than bash does (misread-lines.ts): the message is the whole reason. */
export class ShellMisreadError extends ShellSyntaxError {
  override readonly name: string = 'ShellMisreadError';
}

// mvdan/sh redirection operator codes (syntax.RedirOperator) of mvdan-sh 0.10.
const REDIRECT_OPS: Record<number, string> = {
  54: '>',
  55: '>>',
  56: '<',
  57: '<>',
  58: '<&',
  59: '>&',
  60: '>|',
  61: '<<',
  62: '<<-',
  63: '<<<',
  64: '&>',
  65: '&>>',
};
const CONTROL = new Set([
  'Subshell',
  'Block',
  'IfClause',
  'WhileClause',
  'ForClause',
  'CaseClause',
  'ArithmCmd',
  'TestClause',
  'LetClause',
  'TimeClause',
  'CoprocClause',
]);

/**
 * Deepest nesting checked: a command line nested deeper ($($($(…))) hundreds of levels) overflowed the
 * stack of the parser's walk (a fuzzer's finding, stop 29) and took seconds to parse. Parentheses and
 * braces count outside quotes, and inside double quotes only where they open a substitution or expansion
 * (`$(`, `${`): a quoted pattern or JSON is text (review of stop 29). Whatever slips past this count and
 * still overflows the walk is refused by parseShell as unreadable.
 */
const MAX_NESTING = 64;

function nestingDepth(source: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\' && quote !== "'") {
      i++; // an escaped character is text
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = undefined;
      continue;
    }
    if (c === "'" && !quote) quote = "'";
    else if (c === '"') quote = quote ? undefined : '"';
    else if (c === '(' || c === '{') {
      if (!quote || source[i - 1] === '$') deepest = Math.max(deepest, ++depth);
    } else if ((c === ')' || c === '}') && depth > 0) depth--;
  }
  return deepest;
}

export function parseShell(source: string): ParsedScript {
  const misread = misreadBeforeParse(source);
  if (misread) throw new ShellMisreadError(misread);
  const depth = nestingDepth(source);
  if (depth > MAX_NESTING) throw new ShellSyntaxError(`it nests ${depth} levels deep (parentheses and braces), more than the ${MAX_NESTING} checked`);
  const { parser } = shell();
  let file: ShNode;
  try {
    file = parser.Parse(source, 'command');
  } catch (error) {
    const text = typeof (error as { Error?: () => string })?.Error === 'function' ? (error as { Error: () => string }).Error() : String(error);
    throw new ShellSyntaxError(text.replace(/^command:/, 'at '));
  }
  if (source.includes('#')) {
    const bytes = Buffer.from(source, 'utf8');
    let misread: string | undefined;
    shell().syntax.Walk(file, (node) => {
      if (node && !misread && shell().syntax.NodeType(node) === 'Comment') misread = misreadComment(node, bytes);
      return !misread;
    });
    if (misread) throw new ShellMisreadError(misread);
  }
  const out: ParsedScript = { commands: [], redirects: [], constructs: new Set(), operands: [], readOperands: [] };
  const stmts = list(file.Stmts);
  if (stmts.length > 1) out.constructs.add('list');
  if (list(file.Last).length) out.constructs.add('comment');
  // Without $, backquotes, parentheses or braces nothing can nest: plain statements are read directly,
  // which is several times faster than the generic walk (anything unexpected falls back to the walk).
  if (!/[$`(){}]/.test(source) && collectPlain(stmts, out)) return finish(out);
  out.commands = [];
  out.redirects = [];
  try {
    walkAll(file, out, source);
  } catch (error) {
    // Anything the walk cannot follow is refused as unparsable rather than passed or crashed on.
    throw new ShellSyntaxError(`it could not be read to the end (${(error as Error).message})`);
  }
  return finish(out);
}

/** Text bash evaluates as arithmetic that is only numbers and operators: nothing in it names a variable or an array element. */
const LITERAL_ARITHMETIC = /^[\s\d+\-*/%()<>=!&|^~?:,]*$/;
/** mvdan/sh test operators -eq, -ne, -le, -ge, -lt, -gt (syntax.BinTestOperator of mvdan-sh 0.10): their operands are arithmetic. */
const ARITHMETIC_TESTS = new Set([116, 117, 118, 119, 120, 121]);
/** mvdan/sh test operators ==, !=, = and =~ (syntax.BinTestOperator of mvdan-sh 0.10): their right side is a pattern. */
const PATTERN_TESTS = new Set([40, 41, 74, 112]);
/** mvdan/sh unary test operators -z, -n, -o, -v, -R (syntax.UnTestOperator of mvdan-sh 0.10): they read no file. */
const STRING_UNARY_TESTS = new Set([107, 108, 109, 110, 111]);
/** mvdan/sh test operators -nt, -ot, -ef (syntax.BinTestOperator of mvdan-sh 0.10): they compare two files. */
const FILE_BINARY_TESTS = new Set([113, 114, 115]);
/** Node types arithmeticParts looks into (the tests also hold operands). */
const ARITHMETIC_NODES = new Set(['ArithmExp', 'ArithmCmd', 'CStyleLoop', 'Assign', 'ArrayElem', 'LetClause', 'BinaryTest', 'UnaryTest', 'ParamExp']);
/** mvdan/sh unary test operators -v and -R (syntax.UnTestOperator of mvdan-sh 0.10): they evaluate an array subscript. */
const SUBSCRIPT_TESTS = new Set([110, 111]);

/**
 * The parts of a node bash evaluates as arithmetic: $(( )), (( )), let, [[ a -eq b ]], ${a[i]} and
 * ${a:i:n}. There a variable's value, or a quoted string ('a[$(cmd)]'), is evaluated again, and an array
 * subscript in it runs command substitutions that no parse of the command line shows.
 */
function arithmeticParts(type: string, node: ShNode): ShNode[] {
  const parts = (...values: unknown[]) => values.flatMap((v) => (Array.isArray(v) || (v as { $array?: unknown })?.$array ? list(v) : v ? [v as ShNode] : []));
  switch (type) {
    case 'ArithmExp':
      return parts(node.X);
    case 'CStyleLoop': // for ((init; cond; post))
      return parts(node.Init, node.Cond, node.Post);
    case 'Assign': // NAME[index]=value
    case 'ArrayElem': // NAME=([index]=value)
      return parts(node.Index);
    case 'LetClause':
      return parts(node.Exprs);
    case 'BinaryTest':
      return ARITHMETIC_TESTS.has(node.Op as number) ? parts(node.X, node.Y) : [];
    case 'UnaryTest': // [[ -v 'a[…]' ]] and -R evaluate the subscript of the name they test
      return SUBSCRIPT_TESTS.has(node.Op as number) ? parts(node.X) : [];
    case 'ParamExp': {
      // ${a[@]} and ${a[*]} name every element: no arithmetic (the index word is exactly @ or *).
      const slice = node.Slice as ShNode | null;
      const index = node.Index as ShNode | null;
      const whole = index && shell().syntax.NodeType(index) === 'Word' && /^[@*]$/.test(resolveWord(index).value);
      return parts(whole ? null : index, slice?.Offset, slice?.Length);
    }
    default:
      return [];
  }
}

/** Simple commands, declarations and &&/||/| lists only; false when anything else appears. */
function collectPlain(stmts: readonly ShNode[], out: ParsedScript): boolean {
  const { syntax } = shell();
  for (const stmt of stmts) {
    if (!visitStmt(stmt, out)) return false;
    const cmd = stmt.Cmd as ShNode | null;
    if (!cmd) continue;
    const type = syntax.NodeType(cmd);
    if (type === 'CallExpr') {
      // NAME[index]=… evaluates its index as arithmetic: the walk looks at it.
      if (list(cmd.Assigns).some((a) => a.Index || a.Array)) return false;
      out.commands.push({ words: list(cmd.Args).map(resolveWord), assigns: list(cmd.Assigns).map(assignName) });
    } else if (type === 'DeclClause') out.commands.push(declaration(cmd));
    else if (type === 'BinaryCmd') {
      out.constructs.add(cmd.Op === 12 || cmd.Op === 13 ? 'pipe' : 'list');
      if (!collectPlain([cmd.X as ShNode, cmd.Y as ShNode], out)) return false;
    } else return false;
  }
  return true;
}

/** Statement-level facts: background, negation, comments and redirections. */
function visitStmt(node: ShNode, out: ParsedScript): boolean {
  if (node.Background || node.Coprocess) out.constructs.add('background');
  if (node.Negated) out.constructs.add('control');
  if (list(node.Comments).length) out.constructs.add('comment');
  for (const r of list(node.Redirs)) {
    out.constructs.add('redirect');
    const op = REDIRECT_OPS[r.Op as number] ?? `op${String(r.Op)}`;
    const fd = (r.N as ShNode | null)?.Value;
    // `{NAME}>file` (any operator, a here-document's too) assigns NAME the new descriptor's number: an
    // exported name (HOME=10) reaches every program the line runs, like `HOME=10 git status` (red team 32).
    const named = typeof fd === 'string' ? /^\{(.+)\}$/.exec(fd)?.[1] : undefined;
    if (named !== undefined) assignsName(named, out);
    // A here-document's body is data, not a file name; the document itself asks (command-guard.ts).
    if (op === '<<' || op === '<<-') out.constructs.add('here-document');
    else out.redirects.push({ op, target: resolveWord(r.Word as ShNode), ...(typeof fd === 'string' && fd ? { fd } : {}) });
  }
  return true;
}

function declaration(node: ShNode): SimpleCommand {
  const names = list(node.Args)
    .filter((a) => a.Name)
    .map(assignName);
  return { words: [{ value: String((node.Variant as ShNode).Value) }], assigns: names.length ? names : ['(declaration)'] };
}

function walkAll(file: ShNode, out: ParsedScript, source: string): void {
  const { syntax } = shell();
  // mvdan/sh reports offsets in UTF-8 bytes, not in the string's UTF-16 units: slice the bytes.
  let bytes: Buffer | undefined;
  const sourceOf = (part: ShNode) => {
    const span = part as unknown as { Pos(): ShPos; End(): ShPos };
    bytes ??= Buffer.from(source, 'utf8');
    return bytes.toString('utf8', span.Pos().Offset(), span.End().Offset());
  };
  const words = (...values: unknown[]) => values.filter((v): v is ShNode => !!v && syntax.NodeType(v as ShNode) === 'Word').map(resolveWord);
  syntax.Walk(file, (node) => {
    if (!node) return true;
    const type = syntax.NodeType(node);
    if (ARITHMETIC_NODES.has(type)) {
      // (( )) is arithmetic in bash and two nested subshells in dash, where `((1>x))` writes the file x.
      if (type === 'ArithmCmd' || arithmeticParts(type, node).some((part) => !LITERAL_ARITHMETIC.test(sourceOf(part)))) out.constructs.add('arithmetic');
      // The right side of ==, !=, = and =~ is a pattern or a regular expression, not a name.
      if (type === 'UnaryTest' || type === 'BinaryTest') {
        const operands = words(node.X, PATTERN_TESTS.has(node.Op as number) ? null : node.Y);
        out.operands.push(...operands);
        if (type === 'UnaryTest' ? !STRING_UNARY_TESTS.has(node.Op as number) : FILE_BINARY_TESTS.has(node.Op as number)) out.readOperands.push(...operands);
      }
    } else if (type === 'WordIter') {
      const items = words(...list(node.Items));
      out.operands.push(...items);
      out.readOperands.push(...items);
      // `for NAME in …` and `select NAME in …` assign NAME, and a NAME already exported (PATH, HOME,
      // http_proxy) reaches every program the loop runs, like `PATH=… git status`: such a name is checked
      // as an assignment. A lower-case name is a shell variable unless programs read it lower-case.
      const name = (node.Name as ShNode | null)?.Value;
      assignsName(typeof name === 'string' && name ? name : '(loop variable)', out);
    } else if (type === 'CaseClause') out.operands.push(...words(node.Word));
    // `coproc NAME { … }` sets NAME (an array) and NAME_PID: an exported name is dropped from, or changed
    // in, the environment of what the line runs next (red team 32).
    else if (type === 'CoprocClause') {
      const name = node.Name as ShNode | null;
      if (name) assignsName(sourceOf(name), out);
    }
    if (type === 'ParamExp') {
      const exp = node.Exp as ShNode | null;
      if (exp && exp.Op === PARAM_TRANSFORM && exp.Word && /P/.test(sourceOf(exp.Word as ShNode))) out.constructs.add('prompt-expansion');
      // ${!NAME} and ${!NAME[i]} read the variable NAME names; ${!prefix*} and ${!array[@]} only list names or keys.
      const index = node.Index as ShNode | null;
      const keys = !!index && /^[@*]$/.test(sourceOf(index).trim());
      if (node.Excl && !node.Names && !keys) out.constructs.add('indirect-expansion');
    }
    switch (type) {
      case 'Stmt':
        visitStmt(node, out);
        break;
      case 'BinaryCmd':
        out.constructs.add(node.Op === 12 || node.Op === 13 ? 'pipe' : 'list');
        break;
      case 'CallExpr':
        out.commands.push({ words: list(node.Args).map(resolveWord), assigns: list(node.Assigns).map(assignName) });
        break;
      case 'DeclClause':
        out.commands.push(declaration(node));
        break;
      case 'FuncDecl':
        out.constructs.add('function');
        break;
      case 'CmdSubst':
      case 'ProcSubst':
        out.constructs.add('substitution');
        break;
      case 'ParamExp':
      case 'ArithmExp':
        out.constructs.add('expansion');
        break;
      case 'ExtGlob':
        out.constructs.add('glob');
        break;
      case 'Comment':
        out.constructs.add('comment');
        break;
      case 'TimeClause': {
        // bash's `time` keyword in front of one plain command (`time npm test`) only times it, as the time
        // program does: the command is checked as it stands. Anything else it times is a construct.
        const timed = node.Stmt as ShNode | null;
        const cmd = timed ? (timed.Cmd as ShNode | null) : null;
        if (!cmd || syntax.NodeType(cmd) !== 'CallExpr' || timed!.Negated || timed!.Background) out.constructs.add('control');
        break;
      }
      default:
        if (CONTROL.has(type)) out.constructs.add('control');
    }
    return true;
  });
}

/** mvdan/sh's code for the ${NAME@OP} transformations (syntax.OtherParamOps) in mvdan-sh 0.10. */
const PARAM_TRANSFORM = 84;

/**
 * A name a construct assigns (a loop variable, `{NAME}>`, `coproc NAME`), checked as an assignment when
 * programs may read it: any name but a lower-case shell variable (proxy and npm_ names are read lower-case).
 */
function assignsName(name: string, out: ParsedScript): void {
  if (environmentName(name)) out.commands.push({ words: [], assigns: [name] });
}

function finish(out: ParsedScript): ParsedScript {
  for (const w of [...out.commands.flatMap((c) => c.words), ...out.redirects.map((r) => r.target)]) {
    if (w.glob) out.constructs.add('glob');
    if (w.dynamic) out.constructs.add('expansion');
  }
  return out;
}

function assignName(node: ShNode): string {
  const name = node.Name as ShNode | null;
  return name ? String(name.Value) : '(unnamed)';
}
