// Finds and removes secrets in text with gitleaks' rule set (vendored, see gitleaks-rules.ts) plus a
// few rules of our own (extra-secret-rules.ts). One scanner serves audit details, commands, outcome
// task and result text, learning keywords, observability events and index chunks.
import { EXTRA_SECRET_RULES } from './extra-secret-rules';
import { GITLEAKS_RULES } from './gitleaks-rules';
import { CompiledSecretRule, compileRule, shannonEntropy } from './secret-rule';

export const REDACTED = '[REDACTED]';

export interface SecretMatch {
  ruleId: string;
  start: number;
  end: number;
}

let compiled: CompiledSecretRule[] | undefined;
let lookup: KeywordLookup | undefined;

/** The rules' keywords indexed by their first two characters, and which rules each keyword gates. */
interface KeywordLookup {
  /** (first char code << 16 | second char code) -> the keywords starting so (all at least two long). */
  byPair: Map<number, string[]>;
  /** Keywords of one character. */
  single: Set<string>;
  /** Indexes (into rules()) of the rules each keyword gates. */
  rulesOf: Map<string, number[]>;
  /** Indexes of the rules without keywords: they run on every text. */
  ungated: number[];
}

function rules(): CompiledSecretRule[] {
  return (compiled ??= [...EXTRA_SECRET_RULES, ...GITLEAKS_RULES].map(compileRule));
}

function keywordLookup(): KeywordLookup {
  if (lookup) return lookup;
  const byPair = new Map<number, string[]>();
  const single = new Set<string>();
  const rulesOf = new Map<string, number[]>();
  const ungated: number[] = [];
  rules().forEach((rule, index) => {
    const keywords = [...new Set(rule.keywords.filter((k) => k.length > 0))];
    if (!keywords.length) ungated.push(index);
    for (const k of keywords) {
      if (!rulesOf.has(k)) {
        rulesOf.set(k, []);
        if (k.length === 1) single.add(k);
        else {
          const pair = (k.charCodeAt(0) << 16) | k.charCodeAt(1);
          const list = byPair.get(pair);
          if (list) list.push(k);
          else byPair.set(pair, [k]);
        }
      }
      rulesOf.get(k)!.push(index);
    }
  });
  return (lookup = { byPair, single, rulesOf, ungated });
}

/**
 * The rules' keywords that occur in `lower`, found in one pass instead of one `includes` per keyword
 * (about 260 of them): at each position, only the keywords that start with the two characters there
 * are compared. Same set as testing each keyword with `includes` (a unit test compares both).
 */
export function keywordsIn(lower: string): Set<string> {
  const { byPair, single } = keywordLookup();
  const present = new Set<string>();
  const last = lower.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = lower.charCodeAt(i);
    if (single.size && single.has(lower[i]!)) present.add(lower[i]!);
    if (i === last) break;
    const candidates = byPair.get((c << 16) | lower.charCodeAt(i + 1));
    if (candidates) for (const k of candidates) if (!present.has(k) && lower.startsWith(k, i)) present.add(k);
  }
  return present;
}

/** Every secret in `text`, as non-overlapping spans in order. */
export function findSecrets(text: string): SecretMatch[] {
  if (text.length < 8) return [];
  const { rulesOf, ungated } = keywordLookup();
  const all = rules();
  // The rules to run: those without keywords, and those whose keywords occur, in rule order.
  const selected = new Set(ungated);
  for (const k of keywordsIn(text.toLowerCase())) for (const index of rulesOf.get(k)!) selected.add(index);
  const found: SecretMatch[] = [];
  for (const index of [...selected].sort((a, b) => a - b)) {
    const rule = all[index]!;
    rule.regex.lastIndex = 0;
    for (let m = rule.regex.exec(text); m; m = rule.regex.exec(text)) {
      if (m[0].length === 0) {
        rule.regex.lastIndex++;
        continue;
      }
      const group = rule.secretGroup ?? (m.length > 1 && m[1] !== undefined ? 1 : 0);
      const secret = m[group] ?? m[0];
      if (!secret) continue;
      if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) continue;
      const lowerSecret = secret.toLowerCase();
      if (rule.stopwords.some((w) => lowerSecret.includes(w))) continue;
      const offset = group === 0 ? 0 : m[0].indexOf(secret);
      found.push({ ruleId: rule.id, start: m.index + Math.max(0, offset), end: m.index + Math.max(0, offset) + secret.length });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretMatch[] = [];
  for (const f of found) {
    const last = merged[merged.length - 1];
    if (last && f.start < last.end) last.end = Math.max(last.end, f.end);
    else merged.push({ ...f });
  }
  return merged;
}

export function containsSecret(text: string): boolean {
  return findSecrets(text).length > 0;
}

/** `text` with every secret replaced by [REDACTED]. */
export function redactSecrets(text: string): string {
  const found = findSecrets(text);
  if (!found.length) return text;
  let out = '';
  let at = 0;
  for (const f of found) {
    out += text.slice(at, f.start) + REDACTED;
    at = f.end;
  }
  return out + text.slice(at);
}
