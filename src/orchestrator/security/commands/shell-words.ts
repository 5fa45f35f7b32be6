// mvdan/sh, loaded on first use, and the words of a parsed command line as the command policy reads them:
// quoting and escapes resolved, and why a word's value is only known at run time.
import type { ShNode } from 'mvdan-sh';

/** A word after quote removal. `dynamic` says why its value is only known at run time. */
export interface ShellWord {
  value: string;
  dynamic?: string;
  /** Unquoted glob characters (* ? [) that the shell expands against the file system. */
  glob?: boolean;
}

type MvdanSh = typeof import('mvdan-sh');
export type ShPos = { Offset(): number };
let loaded: { syntax: MvdanSh['syntax']; parser: ReturnType<MvdanSh['syntax']['NewParser']> } | undefined;

/** mvdan/sh (3 MB of compiled Go) loads with the first command checked, not when the security layer starts. */
export function shell(): NonNullable<typeof loaded> {
  if (!loaded) {
    const { syntax } = require('mvdan-sh') as MvdanSh;
    loaded = { syntax, parser: syntax.NewParser(syntax.KeepComments(true), syntax.Variant(syntax.LangBash)) };
  }
  return loaded;
}

/** The elements of a list in mvdan/sh's tree (a JavaScript array or a GopherJS slice). */
export function list(value: unknown): ShNode[] {
  if (Array.isArray(value)) return value as ShNode[];
  // GopherJS slices expose their elements through $array/$offset/$length.
  const slice = value as { $array?: ShNode[]; $offset?: number; $length?: number } | null | undefined;
  if (slice?.$array) return slice.$array.slice(slice.$offset ?? 0, (slice.$offset ?? 0) + (slice.$length ?? 0));
  return [];
}

/** Resolves quoting and escapes; anything expanded at run time marks the word dynamic. */
export function resolveWord(word: ShNode | null): ShellWord {
  if (!word) return { value: '' };
  const { syntax } = shell();
  let value = '';
  let dynamic: string | undefined;
  let glob = false;
  // The word as bash sees it for brace expansion: unquoted, unescaped characters as they are, every
  // other part one neutral character. A brace expansion may span parts ({a,"b"}) and nest ({a,b{x}}).
  let shape = '';
  const parts = list(word.Parts);
  parts.forEach((part, index) => {
    const type = syntax.NodeType(part);
    const partShape = type === 'Lit' ? String(part.Value).replace(/\\[^]/g, '_') : '_';
    shape += partShape;
    if (type === 'Lit') {
      const raw = String(part.Value);
      if (/[*?[]/.test(partShape)) glob = true; // unescaped (a\\* is an escaped backslash, then a glob)
      if (index === 0 && raw.startsWith('~')) dynamic ??= 'a ~ (home folder) expansion';
      value += raw.replace(/\\\n/g, '').replace(/\\(.)/gs, '$1');
    } else if (type === 'SglQuoted') {
      if (part.Dollar) dynamic ??= "$'…' quoting";
      value += String(part.Value);
    } else if (type === 'DblQuoted') {
      if (part.Dollar) dynamic ??= '$"…" quoting'; // a translated string in bash, "$" then a quoted text in dash
      for (const inner of list(part.Parts)) {
        if (syntax.NodeType(inner) === 'Lit')
          value += String(inner.Value)
            .replace(/\\\n/g, '')
            .replace(/\\([$`"\\])/g, '$1');
        else {
          dynamic ??= describeExpansion(syntax.NodeType(inner));
          value += '\u0000';
        }
      }
    } else {
      dynamic ??= describeExpansion(type);
      value += '\u0000';
    }
  });
  // Over-approximated, in linear time: a comma or .. between the first { and the last } (bash also needs
  // them to pair up).
  const open = shape.indexOf('{');
  const close = shape.lastIndexOf('}');
  if (open >= 0 && close > open && /,|\.\./.test(shape.slice(open + 1, close))) dynamic ??= 'brace expansion';
  return { value, ...(dynamic ? { dynamic } : {}), ...(glob ? { glob } : {}) };
}

function describeExpansion(type: string): string {
  if (type === 'CmdSubst' || type === 'ProcSubst') return 'a command substitution';
  if (type === 'ParamExp') return 'a variable expansion';
  if (type === 'ArithmExp') return 'an arithmetic expansion';
  if (type === 'ExtGlob') return 'an extended glob';
  return `a ${type} expansion`;
}
