// Names that become file names (execution ids, context names) are checked before any path is built:
// no separators, no "." or "..", nothing Windows cannot store, bounded length.
import { InvalidStoreNameError } from './store-errors';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
export const MAX_NAME_LENGTH = 128;

/** Returns `value` when it is safe to use as a file name, otherwise throws InvalidStoreNameError. */
export function validateStoreName(kind: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidStoreNameError(kind, value, 'it must be a non-empty text');
  if (value.length > MAX_NAME_LENGTH) throw new InvalidStoreNameError(kind, value, `it is ${value.length} characters long; the limit is ${MAX_NAME_LENGTH}`);
  if (value.includes('/') || value.includes('\\') || value.includes('\0')) throw new InvalidStoreNameError(kind, value, 'it must not contain path separators');
  if (value.includes('..')) throw new InvalidStoreNameError(kind, value, 'it must not contain ".."');
  if (!NAME_PATTERN.test(value)) {
    throw new InvalidStoreNameError(kind, value, 'use letters, digits, ".", "_" and "-" only, starting with a letter or digit');
  }
  if (value.endsWith('.')) throw new InvalidStoreNameError(kind, value, 'it must not end with "."');
  if (WINDOWS_RESERVED.test(value)) throw new InvalidStoreNameError(kind, value, 'it is a reserved device name on Windows');
  return value;
}
