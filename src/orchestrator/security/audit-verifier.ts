// Verifies the audit log without writing anything: every record's own hash, its sequence number and
// its link to the record before, across all files; the first kept record against genesis or the last
// pruned range; the files against the sealed manifest; the last record against the head checkpoint.
// Every break is reported (after one, checking resumes from the next intact record).
import type { AnchorState } from './audit-anchor';
import { decodeLine, splitLines } from './audit-file-format';
import { AuditBreak, GENESIS_HASH, VerifyResult } from './audit-types';

export interface VerifyInput {
  /** Every file of the log, oldest first (rotated files, then the current one). */
  files: readonly string[];
  read(file: string): Promise<string>;
  anchor: AnchorState;
  anchorFile: string;
  /** The head this process wrote last (records it acknowledged must still be there). */
  writtenHead: { seq: number; hash: string };
  basename(file: string): string;
}

export async function verifyAuditLog(input: VerifyInput): Promise<VerifyResult> {
  const breaks: AuditBreak[] = input.anchor.problems.map((reason) => ({ file: input.anchorFile, line: 0, reason }));
  const present = new Set(input.files.map((f) => input.basename(f)));
  for (const entry of input.anchor.files.values()) {
    if (entry.kind === 'rotated' && !present.has(entry.file))
      breaks.push({
        file: entry.file,
        line: 0,
        seq: entry.firstSeq,
        reason: `the rotated file ${entry.file} (records ${entry.firstSeq}–${entry.lastSeq}) is missing`,
      });
  }
  const pruned = [...input.anchor.pruned].sort((a, b) => a.firstSeq - b.firstSeq);
  /** Pruned files (deleted by the retention limit, sealed in the manifest) that cover the records from `from` on. */
  const prunedFrom = (from: number): { to: number; lastHash: string } | undefined => {
    let covered: { to: number; lastHash: string } | undefined;
    for (const p of pruned) {
      if (p.firstSeq === (covered ? covered.to + 1 : from)) covered = { to: p.lastSeq, lastHash: p.lastHash };
    }
    return covered;
  };
  let expectedSeq = 1;
  let expectedPrev = GENESIS_HASH;
  let damaged = 0;
  let records = 0;
  let head = { seq: 0, hash: GENESIS_HASH };
  for (const file of input.files) {
    const { lines, torn } = splitLines(await input.read(file));
    let firstInFile = true;
    for (let i = 0; i < lines.length; i++) {
      const decoded = decodeLine(lines[i]!);
      if (!decoded.ok) {
        breaks.push({ file, line: i + 1, reason: decoded.reason });
        damaged++;
        continue;
      }
      const r = decoded.record;
      // A host found the checkpoint missing and recorded it before its next append wrote a new one: what
      // was deleted then cannot be ruled out, whatever the chain after it says.
      if (r.type === 'security_violation' && typeof r.details?.checkpointMissingAt === 'number')
        breaks.push({ file, line: i + 1, seq: r.seq, reason: `recorded on ${new Date(r.ts).toISOString()}: ${r.message}` });
      // Retention deletes whole files: a pruned range explains a gap only before the first record of a
      // file, never one inside a file (a forged "pruned" anchor line cannot hide records cut from it).
      const gap = r.seq > expectedSeq && firstInFile ? prunedFrom(expectedSeq) : undefined;
      firstInFile = false;
      if (gap && gap.to === r.seq - 1) {
        expectedSeq = r.seq;
        expectedPrev = gap.lastHash;
      }
      if (damaged && r.seq > expectedSeq && r.seq - expectedSeq <= damaged) {
        // the damaged lines stood for these records: already reported
      } else if (r.seq > expectedSeq) {
        const where = records === 0 ? 'at the head of the log' : 'before this record';
        breaks.push({ file, line: i + 1, seq: r.seq, reason: `records ${expectedSeq}–${r.seq - 1} ${where} are missing (deleted)` });
      } else if (r.seq < expectedSeq) {
        breaks.push({
          file,
          line: i + 1,
          seq: r.seq,
          reason: `sequence ${r.seq} where ${expectedSeq} was expected (a record was inserted, repeated or reordered)`,
        });
      } else if (r.prev !== expectedPrev && !damaged) {
        breaks.push({ file, line: i + 1, seq: r.seq, reason: 'the record does not link to the previous record (the chain was cut or forked)' });
      }
      expectedSeq = r.seq + 1;
      expectedPrev = r.hash;
      damaged = 0;
      head = { seq: r.seq, hash: r.hash };
      records++;
    }
    if (torn !== undefined)
      breaks.push({ file, line: lines.length + 1, reason: 'the last line is incomplete (an interrupted write; the next append moves it aside)' });
  }
  const last = input.files[input.files.length - 1] ?? input.anchorFile;
  // Every append moves the checkpoint; a log with records and none was cut at both ends of the pair (fifteenth
  // red team: the last records and the anchor deleted, and verify had said "intact").
  if (records > 0 && !input.anchor.head)
    breaks.push({
      file: input.anchorFile,
      line: 0,
      reason:
        'the head checkpoint is missing, so records at the end of the log may have been deleted (a log written before checkpoints existed has none until its next record)',
    });
  for (const [what, known] of [
    ['the head checkpoint', input.anchor.head],
    ['this session', input.writtenHead],
  ] as const) {
    if (!known || known.seq === 0) continue;
    if (known.seq > head.seq)
      breaks.push({
        file: last,
        line: 0,
        seq: head.seq + 1,
        reason: `records ${head.seq + 1}–${known.seq} at the end of the log are missing (${what} saw them; the log was truncated)`,
      });
    else if (known.seq === head.seq && known.hash !== head.hash)
      breaks.push({ file: last, line: 0, seq: head.seq, reason: `the last record differs from the one ${what} saw` });
  }
  if (!breaks.length) return { ok: true, records, files: input.files.length, lastHash: head.hash, head };
  return { ok: false, records, files: input.files.length, brokenAt: breaks[0]!, breaks, head };
}
