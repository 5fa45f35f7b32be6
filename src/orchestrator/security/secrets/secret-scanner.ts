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
let keywordScan: { regex: RegExp; prefixes: Map<string, string[]> } | undefined;

function rules(): CompiledSecretRule[] {
  return (compiled ??= [...EXTRA_SECRET_RULES, ...GITLEAKS_RULES].map(compileRule));
}

/**
 * The rules' keywords that occur in `lower`, found in one pass instead of one `includes` per keyword
 * (about 260 of them): a zero-width match at every position where some keyword starts reports the
 * longest one there, and the keywords that are prefixes of it start there too. Same set as testing
 * each keyword with `includes` (a unit test compares both).
 */
export function keywordsIn(lower: string): Set<string> {
  if (!keywordScan) {
    const keywords = [...new Set(rules().flatMap((r) => r.keywords))].filter((k) => k.length > 0).sort((a, b) => b.length - a.length);
    if (!keywords.length) return new Set();
    const escape = (k: string) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    keywordScan = {
      regex: new RegExp(`(?=(${keywords.map(escape).join('|')}))`, 'g'),
      prefixes: new Map(keywords.map((k) => [k, keywords.filter((other) => k.startsWith(other))])),
    };
  }
  const present = new Set<string>();
  for (const m of lower.matchAll(keywordScan.regex)) for (const k of keywordScan.prefixes.get(m[1]!)!) present.add(k);
  return present;
}

/** Every secret in `text`, as non-overlapping spans in order. */
export function findSecrets(text: string): SecretMatch[] {
  if (text.length < 8) return [];
  const present = keywordsIn(text.toLowerCase());
  const found: SecretMatch[] = [];
  for (const rule of rules()) {
    if (rule.keywords.length && !rule.keywords.some((k) => present.has(k))) continue;
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
