// Searching and summarizing the audit log on disk.
import { AUDIT_SEVERITIES, AuditQuery, AuditRecord, AuditSummary } from './audit-types';

const DAY_MS = 86_400_000;

export function matchesQuery(record: AuditRecord, query: AuditQuery): boolean {
  if (query.type !== undefined && !(typeof query.type === 'string' ? record.type === query.type : query.type.includes(record.type))) return false;
  if (query.severity !== undefined && !(typeof query.severity === 'string' ? record.severity === query.severity : query.severity.includes(record.severity)))
    return false;
  if (query.since !== undefined && record.ts < query.since) return false;
  if (query.until !== undefined && record.ts > query.until) return false;
  if (query.user !== undefined && record.user !== query.user) return false;
  return true;
}

/** The newest `limit` matching records (default 1,000), newest first. */
export async function searchRecords(records: AsyncIterable<AuditRecord>, query: AuditQuery): Promise<AuditRecord[]> {
  const limit = Math.max(0, query.limit ?? 1_000);
  const found: AuditRecord[] = [];
  for await (const record of records) {
    if (!matchesQuery(record, query)) continue;
    found.push(record);
    if (found.length > limit) found.shift();
  }
  return found.reverse();
}

export async function summarizeRecords(
  records: AsyncIterable<AuditRecord>,
  head: { seq: number; hash: string },
  files: number,
  now: number,
): Promise<AuditSummary> {
  const summary: AuditSummary = {
    total: 0,
    byType: {},
    bySeverity: Object.fromEntries(AUDIT_SEVERITIES.map((s) => [s, 0])) as AuditSummary['bySeverity'],
    lastSeq: head.seq,
    lastHash: head.hash,
    files,
    deniedLast24h: 0,
  };
  for await (const r of records) {
    summary.total++;
    summary.byType[r.type] = (summary.byType[r.type] ?? 0) + 1;
    summary.bySeverity[r.severity]++;
    summary.firstTs ??= r.ts;
    summary.lastTs = r.ts;
    if (r.type === 'authorization_denied' && r.ts >= now - DAY_MS) summary.deniedLast24h++;
  }
  return summary;
}
