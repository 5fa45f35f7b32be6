// Versioned JSON records on disk. Every file carries its schema name and version; a file that does
// not parse or does not match is moved aside to `<name>.corrupt-<timestamp>` with a warning, so one
// bad file never stops a store and nothing is silently dropped.
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { StoreDataError } from './store-errors';

export interface RecordEnvelope<T> {
  schema: string;
  schemaVersion: number;
  savedAt: number;
  key: string;
  data: T;
}

export type DecodeResult<T> = { ok: true; record: RecordEnvelope<T> } | { ok: false; reason: string; newer?: boolean };

const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export function encodeRecord<T>(schema: string, schemaVersion: number, key: string, savedAt: number, data: T): string {
  let text: string | undefined;
  try {
    text = JSON.stringify({ schema, schemaVersion, savedAt, key, data } satisfies RecordEnvelope<T>, null, 1);
  } catch (error) {
    throw new StoreDataError(`Cannot store "${key}": its data is not JSON-serializable (${(error as Error).message}).`);
  }
  if (data === undefined || text === undefined) throw new StoreDataError(`Cannot store "${key}": the data is undefined.`);
  if (text.length > MAX_RECORD_BYTES)
    throw new StoreDataError(`Cannot store "${key}": ${text.length} bytes is over the ${MAX_RECORD_BYTES}-byte limit of one record.`);
  return text;
}

export function decodeRecord<T>(bytes: Uint8Array, schema: string, supportedVersion: number): DecodeResult<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return { ok: false, reason: bytes.length === 0 ? 'the file is empty' : `not valid JSON (${(error as Error).message})` };
  }
  const r = parsed as Partial<RecordEnvelope<T>> | null;
  if (!r || typeof r !== 'object' || Array.isArray(r)) return { ok: false, reason: 'not a JSON object' };
  if (r.schema !== schema) return { ok: false, reason: `schema is ${JSON.stringify(r.schema)}, expected "${schema}"` };
  if (typeof r.schemaVersion !== 'number' || !Number.isInteger(r.schemaVersion) || r.schemaVersion < 1) return { ok: false, reason: 'no valid schemaVersion' };
  if (r.schemaVersion > supportedVersion)
    return { ok: false, newer: true, reason: `schema version ${r.schemaVersion} is newer than this version of Big Three understands (${supportedVersion})` };
  if (typeof r.key !== 'string' || typeof r.savedAt !== 'number' || !('data' in r)) return { ok: false, reason: 'key, savedAt or data is missing' };
  return { ok: true, record: r as RecordEnvelope<T> };
}

/** Moves a bad file aside as `<file>.corrupt-<timestamp>` and warns; never throws. */
export async function quarantine(fs: FileSystemPort, clock: ClockPort, logger: LoggerPort, file: string, reason: string): Promise<string | undefined> {
  const target = `${file}.corrupt-${new Date(clock.now()).toISOString().replace(/[:.]/g, '-')}`;
  try {
    await fs.rename(file, target);
    logger.warn(`${path.basename(file)} is unreadable (${reason}); moved it to ${target} and continued without it.`);
    return target;
  } catch (error) {
    logger.warn(`${file} is unreadable (${reason}) and could not be moved aside: ${(error as Error).message}`);
    return undefined;
  }
}

export function isStoreTempOrQuarantine(name: string): boolean {
  return name.startsWith('.') || name.includes('.corrupt-') || name.includes('.stale-');
}
