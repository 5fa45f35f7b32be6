// Finds and removes secrets in text with gitleaks' rule set (vendored, see gitleaks-rules.ts) plus a
// few rules of our own (extra-secret-rules.ts). One scanner serves audit details, commands, outcome
// task and result text, learning keywords, observability events and index chunks.
import { EXTRA_SECRET_RULES } from './extra-secret-rules';
import { GITLEAKS_RULES } from './gitleaks-rules';
import { CompiledSecretRule, compileRule, shannonEntropy } from './secret-rule';

export const REDACTED = '[REDACTED]';

/** Texts shorter than this are never scanned: too short to hold a secret. */
const MIN_SECRET_TEXT = 8;

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
  /** Pairs of ASCII characters (first << 7 | second) that start a keyword: 1, others 0. */
  asciiPairs: Uint8Array;
  /** Whether some keyword starts with a character outside ASCII. */
  nonAsciiPairs: boolean;
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
  const asciiPairs = new Uint8Array(128 * 128);
  let nonAsciiPairs = false;
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
          const [first, second] = [k.charCodeAt(0), k.charCodeAt(1)];
          const pair = (first << 16) | second;
          if ((first | second) < 128) asciiPairs[(first << 7) | second] = 1;
          else nonAsciiPairs = true;
          const list = byPair.get(pair);
          if (list) list.push(k);
          else byPair.set(pair, [k]);
        }
      }
      rulesOf.get(k)!.push(index);
    }
  });
  return (lookup = { byPair, asciiPairs, nonAsciiPairs, single, rulesOf, ungated });
}

/**
 * The rules' keywords that occur in `lower`, found in one pass instead of one `includes` per keyword
 * (about 260 of them): at each position, only the keywords that start with the two characters there
 * are compared, and a table of ASCII pairs skips the positions where no keyword starts without a map
 * lookup. Same set as testing each keyword with `includes` (a unit test compares both).
 */
export function keywordsIn(lower: string): ReadonlySet<string> {
  const { byPair, asciiPairs, nonAsciiPairs, single } = keywordLookup();
  let present: Set<string> | undefined; // most texts hold no keyword: no set is made for them
  if (single.size) for (const c of lower) if (single.has(c)) (present ??= new Set()).add(c);
  let next = lower.charCodeAt(0);
  for (let i = 0; i < lower.length - 1; i++) {
    const c = next;
    next = lower.charCodeAt(i + 1);
    if ((c | next) < 128 ? asciiPairs[(c << 7) | next] === 0 : !nonAsciiPairs) continue;
    const candidates = byPair.get((c << 16) | next);
    if (candidates) for (const k of candidates) if (!present?.has(k) && lower.startsWith(k, i)) (present ??= new Set()).add(k);
  }
  return present ?? NO_KEYWORDS;
}

const NO_KEYWORDS: ReadonlySet<string> = new Set<string>();

/** Every secret in `text`, as non-overlapping spans in order. */
export function findSecrets(text: string): SecretMatch[] {
  if (text.length < MIN_SECRET_TEXT) return [];
  const { rulesOf, ungated } = keywordLookup();
  const present = keywordsIn(text.toLowerCase());
  if (!present.size && !ungated.length) return [];
  const all = rules();
  // The rules to run: those without keywords, and those whose keywords occur, in rule order.
  const selected = new Set(ungated);
  for (const k of present) for (const index of rulesOf.get(k)!) selected.add(index);
  const found: SecretMatch[] = [];
  for (const index of [...selected].sort((a, b) => a - b)) {
    const rule = all[index]!;
    if (rule.literal !== undefined && !text.includes(rule.literal)) continue; // every match starts with it
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

/**
 * `value` (a JSON value: what JSON.stringify would write) with every secret in its texts, object keys
 * included, replaced by [REDACTED]. Parts without a secret are returned as they are (no copy), so
 * JSON.stringify of the result writes the same text as before, minus the secrets, and needs no replacer.
 * `seen` remembers the texts already scanned (pass one map for a batch of values that repeat texts,
 * such as events of the same agent; drop it with the batch).
 */
export function redactSecretsInJson(value: unknown, seen = new Map<string, string>(), key = ''): unknown {
  const withToJson = value as { toJSON?: (key: string) => unknown } | null;
  // As JSON.stringify: toJSON is called once, and what it returns is written as it is.
  return redactJsonValue(typeof withToJson?.toJSON === 'function' ? withToJson.toJSON(key) : value, seen);
}

function redactJsonValue(value: unknown, seen: Map<string, string>): unknown {
  if (typeof value === 'string') return redactSecretsOnce(value, seen);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const clean = redactSecretsInJson(item, seen, String(index));
      if (clean !== item) (copy ??= value.slice())[index] = clean;
    }
    return copy ?? value;
  }
  // Each key and value is read once and cleaned once; a copy is made when one changed: a fresh object
  // without a prototype, so a key such as "__proto__" stays a key; two keys redacted to the same text
  // are both kept ("[REDACTED] 2").
  const object = value as Record<string, unknown>;
  const cleaned: Array<[string, unknown]> = [];
  let changed = false;
  for (const name of Object.keys(object)) {
    const item = object[name];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') {
      changed = true; // not written by JSON.stringify: left out
      continue;
    }
    const cleanName = redactSecretsOnce(name, seen);
    const clean = redactSecretsInJson(item, seen, name);
    if (cleanName !== name || clean !== item) changed = true;
    cleaned.push([cleanName, clean]);
  }
  if (!changed) return value;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [name, item] of cleaned) putUnique(copy, name, item);
  return copy;
}

/**
 * `text` redacted, scanned once per `seen`: a text found clean is remembered (only clean ones, so the
 * map never holds a secret) and not scanned again.
 */
export function redactSecretsOnce(text: string, seen: Map<string, string>): string {
  if (text.length < MIN_SECRET_TEXT || seen.has(text)) return text;
  const clean = redactSecrets(text);
  if (clean === text) seen.set(text, text);
  return clean;
}

function putUnique(target: Record<string, unknown>, name: string, value: unknown): void {
  let unique = name;
  for (let n = 2; Object.prototype.hasOwnProperty.call(target, unique); n++) unique = `${name} ${n}`;
  Object.defineProperty(target, unique, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * `text` with every secret replaced by [REDACTED] followed by the line breaks the secret held, so the
 * text keeps its lines (a file is redacted whole before it is cut into chunks by line).
 */
export function redactSecretsKeepingLines(text: string): string {
  // The line breaks the chunker counts: \r\n, \n and a lone \r.
  return replaceSecrets(text, (secret) => REDACTED + (secret.match(/\r\n?|\n/g) ?? []).join(''));
}

/** `text` with every secret replaced by [REDACTED]. */
export function redactSecrets(text: string): string {
  return replaceSecrets(text, () => REDACTED);
}

function replaceSecrets(text: string, replacement: (secret: string) => string): string {
  const found = findSecrets(text);
  if (!found.length) return text;
  let out = '';
  let at = 0;
  for (const f of found) {
    out += text.slice(at, f.start) + replacement(text.slice(f.start, f.end));
    at = f.end;
  }
  return out + text.slice(at);
}
