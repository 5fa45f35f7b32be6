// Size limits for what callers hand to the core (edit contents, tool arguments, messages).
import { InvalidArgumentError } from '../errors';
import { PayloadTooLargeError } from './errors';

export const DEFAULT_MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;
export const MAX_PAYLOAD_DEPTH = 64;

/** Bytes of a payload as it would travel: strings as UTF-8, bytes as is, anything else as JSON. */
export function payloadSize(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (value instanceof Uint8Array) return value.byteLength;
  checkDepth(value);
  let json: string | undefined;
  try {
    json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch (error) {
    throw new InvalidArgumentError(`The payload cannot be serialized: ${(error as Error).message}`);
  }
  return json === undefined ? 0 : Buffer.byteLength(json, 'utf8');
}

function checkDepth(root: unknown): void {
  const stack: Array<[unknown, number]> = [[root, 1]];
  const seen = new Set<object>();
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_PAYLOAD_DEPTH)
      throw new PayloadTooLargeError(`The payload is nested more than ${MAX_PAYLOAD_DEPTH} levels deep.`, Infinity, MAX_PAYLOAD_DEPTH);
    if (seen.has(value)) continue; // shared or cyclic; JSON.stringify reports a cycle
    seen.add(value);
    for (const child of Object.values(value as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
}

/** Throws PayloadTooLargeError when `value` is bigger than `limitBytes`. */
export function checkPayload(value: unknown, limitBytes: number = DEFAULT_MAX_PAYLOAD_BYTES, what = 'The payload'): number {
  const size = payloadSize(value);
  if (size > limitBytes) {
    throw new PayloadTooLargeError(
      `${what} is ${formatBytes(size)}, more than the ${formatBytes(limitBytes)} allowed (setting bigThree.security.maxPayloadKB).`,
      size,
      limitBytes,
    );
  }
  return size;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
