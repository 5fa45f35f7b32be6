// The on-disk form of one audit record: a JSON line whose last field is the sha256 of everything
// before it (which includes the previous record's hash), so any edit, insertion, deletion or
// reordering breaks the chain at the first changed record.
import { createHash } from 'crypto';
import { AUDIT_SCHEMA_VERSION, AuditRecord, isAuditEventType, isAuditSeverity } from './audit-types';

const HASH_SUFFIX_LENGTH = ',"hash":"'.length + 64 + '"}'.length;
const HASH_SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;

export const CURRENT_FILE = 'audit.jsonl';
export const ROTATED_FILE = /^audit-(\d{12})\.jsonl$/;

export function rotatedFileName(firstSeq: number): string {
  return `audit-${String(firstSeq).padStart(12, '0')}.jsonl`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Serializes a record without its hash and appends the hash as the last field. */
export function encodeRecord(body: Omit<AuditRecord, 'hash'>): { line: string; hash: string } {
  const json = JSON.stringify(body);
  const hash = sha256(json);
  return { line: `${json.slice(0, -1)},"hash":"${hash}"}`, hash };
}

export type DecodeResult = { ok: true; record: AuditRecord } | { ok: false; reason: string };

/** Parses one line and checks its own hash and shape (not its link to the previous line). */
export function decodeLine(line: string): DecodeResult {
  const match = HASH_SUFFIX.exec(line);
  if (!match) return { ok: false, reason: 'the line has no hash field at its end' };
  const body = `${line.slice(0, -HASH_SUFFIX_LENGTH)}}`;
  if (sha256(body) !== match[1]) return { ok: false, reason: 'the record does not match its hash (it was edited)' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'the line is not valid JSON' };
  }
  const r = parsed as Partial<AuditRecord> | null;
  if (!r || typeof r !== 'object') return { ok: false, reason: 'the line is not a JSON object' };
  if (r.v !== AUDIT_SCHEMA_VERSION) return { ok: false, reason: `unknown schema version ${String(r.v)}` };
  if (!Number.isSafeInteger(r.seq) || (r.seq as number) < 1) return { ok: false, reason: 'missing or invalid sequence number' };
  if (typeof r.ts !== 'number' || !isAuditEventType(r.type) || !isAuditSeverity(r.severity) || typeof r.user !== 'string' || typeof r.message !== 'string') {
    return { ok: false, reason: 'a required field (ts, type, severity, user, message) is missing or invalid' };
  }
  if (typeof r.prev !== 'string' || !/^[0-9a-f]{64}$/.test(r.prev)) return { ok: false, reason: 'missing or invalid previous hash' };
  return { ok: true, record: { ...(r as Omit<AuditRecord, 'hash'>), hash: match[1]! } };
}

/** Splits file content into lines; a final line without a newline is reported as `torn`. */
export function splitLines(text: string): { lines: string[]; torn?: string } {
  const parts = text.split('\n');
  const last = parts.pop() ?? '';
  return last ? { lines: parts, torn: last } : { lines: parts };
}
