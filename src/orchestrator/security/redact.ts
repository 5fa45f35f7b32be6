// Removes secrets from audit payloads before they are written: values under secret-looking keys and
// every secret the scanner finds in strings (gitleaks' rule set plus our own, see secrets/).
import { REDACTED, redactSecrets } from './secrets/secret-scanner';

export { REDACTED } from './secrets/secret-scanner';

/** Keys whose value is a secret: names ending in password, secret, token, apiKey, … (tokenId is not). */
const SECRET_KEY =
  /(pass(word|phrase|wd)?|pwd|secret|token|api[-_]?key|authorization|auth[-_]?header|credentials?|private[-_]?key|cookie|session[-_]?key|access[-_]?key|account[-_]?key|connection[-_]?string|dsn)$/i;

const MAX_DEPTH = 8;
const MAX_STRING = 4_000;

export function redactString(value: string): string {
  // Scan a bounded prefix: what is cut off below is never written anyway.
  const out = redactSecrets(value.length > MAX_STRING * 2 ? value.slice(0, MAX_STRING * 2) : value);
  return out.length > MAX_STRING ? `${out.slice(0, MAX_STRING)}… [${Math.max(out.length, value.length) - MAX_STRING} more characters]` : out;
}

/**
 * Text past the kept length that is scanned with it: a secret that starts before the cut is found whole
 * (and redacted) before the text is cut, instead of being cut first into a piece no rule recognizes
 * (eleventh and thirteenth red teams: 19 of a token's characters were stored). A private key block is
 * the longest.
 */
const SCAN_MARGIN = 4096;

/** `text` cut to `max` characters, its secrets redacted first. */
export function redactedPrefix(text: string, max: number): string {
  return redactSecrets(text.slice(0, max + SCAN_MARGIN)).slice(0, max);
}

/** A deep copy of `value` with secrets replaced; cycles and very deep values are cut. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  if (Array.isArray(value)) return value.slice(0, 200).map((item) => redact(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SECRET_KEY.test(key) && item !== undefined && item !== null && typeof item !== 'boolean' && typeof item !== 'number'
        ? REDACTED
        : redact(item, depth + 1, seen);
  }
  return out;
}
