// Removes secrets from audit payloads before they are written: values under secret-looking keys and
// strings that look like API keys, bearer tokens, private keys or our own issued tokens.

export const REDACTED = '[REDACTED]';

/** Keys whose value is a secret: names ending in password, secret, token, apiKey, … (tokenId is not). */
const SECRET_KEY = /(pass(word|phrase)?|secret|token|api[-_]?key|authorization|auth[-_]?header|credentials?|private[-_]?key|cookie|session[-_]?key|access[-_]?key)$/i;

const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g, // OpenAI, Anthropic
  /\bAIza[0-9A-Za-z_-]{30,}/g, // Google API keys
  /\bbt_[a-f0-9]{8,}_[A-Za-z0-9_-]{16,}/g, // tokens issued by Big Three
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub
  /\bxox[abpr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT
];

const MAX_DEPTH = 8;
const MAX_STRING = 4_000;

export function redactString(value: string): string {
  let out = value;
  for (const pattern of SECRET_VALUE_PATTERNS) out = out.replace(pattern, REDACTED);
  return out.length > MAX_STRING ? `${out.slice(0, MAX_STRING)}… [${out.length - MAX_STRING} more characters]` : out;
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
    out[key] = SECRET_KEY.test(key) && item !== undefined && item !== null && typeof item !== 'boolean' && typeof item !== 'number' ? REDACTED : redact(item, depth + 1, seen);
  }
  return out;
}
