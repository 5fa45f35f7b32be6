// One secret-detection rule in gitleaks' form: a regex, the capture group that holds the secret, the
// least Shannon entropy a real secret has, keywords (lower case) one of which must occur in the text
// for the rule to be tried at all, and stop words that mark a match as a placeholder.
export interface VendoredSecretRule {
  id: string;
  regex: string;
  flags: string;
  secretGroup?: number;
  entropy?: number;
  keywords?: readonly string[];
  stopwords?: readonly string[];
}

export interface CompiledSecretRule {
  id: string;
  regex: RegExp;
  secretGroup?: number;
  entropy?: number;
  keywords: readonly string[];
  stopwords: readonly string[];
  /** Text every match starts with, in its case (`ghp_`, `SK`), when the regex says so: a text without it is skipped. */
  literal?: string;
}

/**
 * The literal a case-sensitive regex's every match starts with: its leading letters, digits, `_` and
 * `-`, short of one a quantifier follows (`ab?` needs only `a`). None for a regex with an alternation
 * anywhere (a `|` may offer another start) or flags such as `i`.
 */
export function leadingLiteral(source: string, flags: string): string | undefined {
  if (flags.replace(/g/g, '') !== '' || source.includes('|')) return undefined;
  const run = /^[A-Za-z0-9_-]+/.exec(source)?.[0] ?? '';
  const literal = /^[?*{+]/.test(source.slice(run.length)) ? run.slice(0, -1) : run;
  return literal.length >= 2 ? literal : undefined;
}

/**
 * gitleaks' generic rules start with `[\w.-]{0,50}?` (the identifier around the keyword). Go's RE2 runs
 * that in linear time; a backtracking engine tries up to 51 lengths at every position of a long run of
 * such characters, and a text of keywords and `a.a.a…` took 0.5 s per 4,000 characters (eleventh red
 * team: one MCP call held the server for 150 s). The prefix only widens a match to its left: without it
 * a match starts at the keyword, the secret group is the same, and the redacted span is the secret's.
 */
const LAZY_IDENTIFIER_PREFIX = /^(\(\?:)?\[\\w\.-\]\{0,50\}\?/;

/** The regex without its leading identifier prefixes (`[\w.-]{0,50}?(?:[\w.-]{0,50}?(?:okta…` has two). */
function withoutIdentifierPrefix(regex: string): string {
  let source = regex;
  for (let next = source.replace(LAZY_IDENTIFIER_PREFIX, '$1'); next !== source; next = source.replace(LAZY_IDENTIFIER_PREFIX, '$1')) source = next;
  return source;
}

export function compileRule(rule: VendoredSecretRule): CompiledSecretRule {
  return {
    id: rule.id,
    regex: new RegExp(withoutIdentifierPrefix(rule.regex), `${rule.flags.replace(/g/g, '')}g`),
    ...(rule.secretGroup !== undefined ? { secretGroup: rule.secretGroup } : {}),
    ...(rule.entropy !== undefined ? { entropy: rule.entropy } : {}),
    keywords: rule.keywords ?? [],
    stopwords: rule.stopwords ?? [],
    ...withLiteral(leadingLiteral(rule.regex, rule.flags)),
  };
}

function withLiteral(literal: string | undefined): { literal?: string } {
  return literal ? { literal } : {};
}

/** Shannon entropy in bits per character, as gitleaks computes it. */
export function shannonEntropy(text: string): number {
  if (!text) return 0;
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
