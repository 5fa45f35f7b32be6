// Keeps gitignore patterns with several `**` from costing exponential time (the fourteenth red team's
// finding: `**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/b` in a cloned project's
// .gitignore made one index run take 26–118 s on a tree 44–50 folders deep).
//
// The `ignore` library compiles each `**` between two folder names to the gap `(?:\/[^\/]+)*`. When a path
// fails to match, the regular expression engine tries every way of sharing the path's folders among the
// gaps. Here every gap but the last takes the nearest place where the piece after it fits, and keeps it (an
// atomic group: a lookahead that captures, then a backreference to the capture). That changes no answer:
// each piece between two gaps matches a fixed number of whole folders, so its nearest fit leaves the most
// room for what follows, and a gap accepts any folders. Only the last gap still backtracks, which is
// quadratic at worst (it must end where the path ends); the scanner bounds the depth it walks.
import type { Ignore } from 'ignore';

const GAP = '(?:\\/[^\\/]+)*';
const LAZY_GAP = '(?:\\/[^\\/]+)*?';
const SLASH = '\\/';

/** The same pattern with every gap but the last made atomic; unchanged when it has fewer than two gaps. */
export function linearizeGaps(source: string): string {
  // Adjacent gaps (`a/**/**/b`) are one gap.
  let parts = source.split(GAP);
  if (parts.length === 1) return source;
  parts = [parts[0]!, ...parts.slice(1, -1).filter((piece) => piece !== ''), ...parts.slice(-1)];
  if (parts.length <= 2) return parts.join(GAP);
  const interior = parts.slice(1, -1);
  // Only the shape the library writes is rewritten: a piece that starts a folder and stays within folders.
  const followedBySlash = parts.slice(2).every((piece) => piece.startsWith(SLASH));
  if (!followedBySlash || !interior.every((piece) => piece.startsWith(SLASH) && !piece.includes('[\\s\\S]'))) return parts.join(GAP);
  let out = parts[0]!;
  interior.forEach((piece, index) => {
    const name = `gap${index}`;
    out += `(?=(?<${name}>${LAZY_GAP}${piece}(?=${SLASH})))\\k<${name}>`;
  });
  return out + GAP + parts[parts.length - 1];
}

interface CompiledRule {
  regex: RegExp;
  checkRegex: RegExp;
}

function compiledRules(rules: Ignore): CompiledRule[] {
  const list = (rules as unknown as { _rules?: { _rules?: unknown } })._rules?._rules;
  if (!Array.isArray(list)) throw new TypeError('The ignore library keeps its rules elsewhere than this version did; ignore-gaps.ts needs updating');
  return list as CompiledRule[];
}

/**
 * Rewrites the compiled patterns of `rules` (an instance of the `ignore` library, rules already added)
 * with linearizeGaps. Returns the same instance.
 */
export function withLinearGaps(rules: Ignore): Ignore {
  for (const rule of compiledRules(rules)) {
    for (const key of ['regex', 'checkRegex'] as const) {
      const compiled = rule[key];
      if (!(compiled instanceof RegExp)) throw new TypeError(`An ignore rule has no compiled ${key}; ignore-gaps.ts needs updating`);
      const source = linearizeGaps(compiled.source);
      // An own property in front of the library's getter, which compiled and cached the original.
      if (source !== compiled.source) Object.defineProperty(rule, key, { value: new RegExp(source, compiled.flags) });
    }
  }
  return rules;
}
