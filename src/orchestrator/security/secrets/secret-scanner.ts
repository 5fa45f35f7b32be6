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
  /** (first char code << 16 | second char code) -> the keywords of three or more characters starting so. */
  byPair: Map<number, string[]>;
  /**
   * One bit per triple of 7-bit character codes (first << 14 | second << 7 | third) that starts a keyword
   * of three or more characters; a text position whose triple is not set starts none of them.
   */
  asciiTriples: Uint32Array;
  /** Whether some keyword holds a character outside ASCII in its first three. */
  nonAsciiStarts: boolean;
  /** Keywords of two characters (a few): looked for with `includes`. */
  short: string[];
  /**
   * No rule runs on every text, and every keyword and literal start is printable ASCII without a quote
   * or backslash: a JSON text holds each of them wherever one of its keys or strings does.
   */
  jsonSafe: boolean;
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
  const asciiTriples = new Uint32Array((128 * 128 * 128) / 32);
  let nonAsciiStarts = false;
  const short: string[] = [];
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
          if (k.length === 2) short.push(k);
          else {
            const [first, second, third] = [k.charCodeAt(0), k.charCodeAt(1), k.charCodeAt(2)];
            const triple = (first << 14) | (second << 7) | third;
            if ((first | second | third) >= 128) nonAsciiStarts = true;
            else asciiTriples[triple >>> 5]! |= 1 << (triple & 31);
            const pair = (first << 16) | second;
            const list = byPair.get(pair);
            if (list) list.push(k);
            else byPair.set(pair, [k]);
          }
        }
      }
      rulesOf.get(k)!.push(index);
    }
  });
  const plain = (t: string) => /^[\x20-\x7e]*$/.test(t) && !/["\\]/.test(t);
  const jsonSafe = !ungated.length && rules().every((r) => r.keywords.every(plain) && (r.literal === undefined || plain(r.literal)));
  return (lookup = { byPair, asciiTriples, nonAsciiStarts, short, single, rulesOf, ungated, jsonSafe });
}

/**
 * The rules' keywords that occur in `lower`, found in one pass instead of one `includes` per keyword
 * (about 260 of them): a bit table of the triples that start a keyword passes over most positions of
 * ordinary text with one lookup; at the others, only the keywords starting with the two characters
 * there are compared. The few two-character keywords are looked for with `includes`. Same set as
 * testing each keyword with `includes` (a unit test compares both).
 */
export function keywordsIn(lower: string): ReadonlySet<string> {
  const { byPair, asciiTriples, nonAsciiStarts, short, single } = keywordLookup();
  let present: Set<string> | undefined; // most texts hold no keyword: no set is made for them
  if (single.size) for (const c of lower) if (single.has(c)) (present ??= new Set()).add(c);
  for (const k of short) if (lower.includes(k)) (present ??= new Set()).add(k);
  const end = lower.length - 2; // a keyword of three or more characters starts before this
  // The triple at i, from 7-bit codes (a character outside ASCII stands in as its low 7 bits: a position
  // may be compared without need, never passed over wrongly, unless a keyword itself starts outside ASCII).
  let triple = ((lower.charCodeAt(0) & 127) << 7) | (lower.charCodeAt(1) & 127);
  for (let i = 0; i < end; i++) {
    const third = lower.charCodeAt(i + 2);
    triple = ((triple << 7) | (third & 127)) & 0x1fffff;
    const startsOne = (asciiTriples[triple >>> 5]! & (1 << (triple & 31))) !== 0;
    // (Only when a rule's keyword starts outside ASCII, which no shipped one does, is such a position compared too.)
    const outsideAscii = nonAsciiStarts && (third | lower.charCodeAt(i) | lower.charCodeAt(i + 1)) >= 128;
    if (!startsOne && !outsideAscii) continue;
    const candidates = byPair.get((lower.charCodeAt(i) << 16) | lower.charCodeAt(i + 1));
    if (candidates) for (const k of candidates) if (!present?.has(k) && lower.startsWith(k, i)) (present ??= new Set()).add(k);
  }
  return present ?? NO_KEYWORDS;
}

const NO_KEYWORDS: ReadonlySet<string> = new Set<string>();

/**
 * The rules that may match in `text`, in rule order: those without keywords, and those with a keyword
 * in the text whose literal start (when the regex has one) is there too. Empty: `text` holds no secret.
 */
function rulesToRun(text: string): readonly number[] {
  const { rulesOf, ungated } = keywordLookup();
  const present = keywordsIn(text.toLowerCase());
  if (!present.size) return ungated;
  const all = rules();
  let selected: Set<number> | undefined; // most keywords found gate rules whose literal start is absent
  for (const k of present) {
    for (const index of rulesOf.get(k)!) {
      const literal = all[index]!.literal;
      if (literal === undefined || text.includes(literal)) (selected ??= new Set(ungated)).add(index); // every match starts with it
    }
  }
  return selected ? [...selected].sort((a, b) => a - b) : ungated;
}

/** Every secret in `text`, as non-overlapping spans in order. */
export function findSecrets(text: string): SecretMatch[] {
  if (text.length < MIN_SECRET_TEXT) return [];
  const selected = rulesToRun(text);
  if (!selected.length) return [];
  const all = rules();
  const found: SecretMatch[] = [];
  for (const index of selected) {
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

/**
 * true when no rule can match anywhere in `text`, so it holds no secret; false when one may (scan it).
 * Meant for texts joined, or written as JSON, to check them all at once: every rule's keywords and
 * literal starts are printable ASCII without a quote or backslash (checked when the rules load), so
 * JSON.stringify writes each of them as it stands in any key or string, and lower-casing finds them in
 * a joined text wherever it finds them in a part. When `text` holds no rule's keyword, neither does any
 * part, key or string in it, and none holds a secret. (false whenever a rule runs on every text.)
 */
export function surelyWithoutSecrets(text: string): boolean {
  return keywordLookup().jsonSafe && !rulesToRun(text).length;
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
