// Append-only, hash-chained audit log (JSON lines). Records are chained and written in batches by a
// single writer, so concurrent callers never fork the chain; a record counts only once it is on disk,
// and a failed write leaves the chain exactly as it was (the callers get AuditUnavailableError).
// The current file rotates to audit-<first seq>.jsonl past a size limit; verify() walks every file.
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { EventEmitter } from '../events';
import { CURRENT_FILE, ROTATED_FILE, decodeLine, encodeRecord, rotatedFileName, splitLines } from './audit-file-format';
import { searchRecords, summarizeRecords } from './audit-queries';
import { AUDIT_SCHEMA_VERSION, AuditEventInput, AuditQuery, AuditRecord, AuditSummary, GENESIS_HASH, VerifyResult, defaultSeverity, isAuditEventType } from './audit-types';
import { AuditUnavailableError } from './errors';
import { redact, redactString } from './redact';

export interface AuditLoggerOptions {
  fs: FileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
  /** Folder of audit.jsonl and its rotated files. */
  dir: string;
  /** The current file rotates once it would grow past this (default 8 MiB). */
  maxFileBytes?: number;
  /** Rotated files kept; older ones are deleted (default 50). */
  maxFiles?: number;
  /** Records kept in memory for getRecentEvents (default 2,000). */
  recentLimit?: number;
}

interface Pending {
  input: AuditEventInput;
  resolve: (record: AuditRecord) => void;
  reject: (error: Error) => void;
}

export class AuditLogger {
  private readonly appended = new EventEmitter<readonly AuditRecord[]>();
  readonly onDidAppend = this.appended.event;
  private readonly recent: AuditRecord[] = [];
  private pending: Pending[] = [];
  private writing: Promise<void> | undefined;
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private currentBytes = 0;
  private currentFirstSeq = 0;
  private readonly maxFileBytes: number;
  private readonly maxFiles: number;
  private readonly recentLimit: number;

  private constructor(private readonly options: AuditLoggerOptions) {
    this.maxFileBytes = options.maxFileBytes ?? 8 * 1024 * 1024;
    this.maxFiles = options.maxFiles ?? 50;
    this.recentLimit = options.recentLimit ?? 2_000;
  }

  /** Opens (or creates) the log in `options.dir` and continues its chain. */
  static async open(options: AuditLoggerOptions): Promise<AuditLogger> {
    const logger = new AuditLogger(options);
    await logger.load();
    return logger;
  }

  get directory(): string {
    return this.options.dir;
  }

  get head(): { seq: number; hash: string } {
    return { seq: this.lastSeq, hash: this.lastHash };
  }

  /** Appends one event; resolves once it is on disk, rejects with AuditUnavailableError if it cannot be. */
  record(input: AuditEventInput): Promise<AuditRecord> {
    if (!isAuditEventType(input.type)) return Promise.reject(new AuditUnavailableError(`Unknown audit event type "${String(input.type)}".`));
    return new Promise<AuditRecord>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.writing) {
        // drain() clears `writing` itself, synchronously when it finds nothing left, so a record
        // arriving just as it ends always starts a new drain.
        this.writing = this.drain();
      }
    });
  }

  /** Resolves once everything recorded so far has been written (or has failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** The newest records in memory, newest first. */
  getRecentEvents(limit = 100): AuditRecord[] {
    return this.recent.slice(-Math.max(0, limit)).reverse();
  }

  /** Matching records from disk, newest first. */
  async searchEvents(query: AuditQuery = {}): Promise<AuditRecord[]> {
    await this.flush();
    return searchRecords(this.readAll(), query);
  }

  async getAuditSummary(): Promise<AuditSummary> {
    await this.flush();
    return summarizeRecords(this.readAll(), this.head, (await this.files()).length, this.options.clock.now());
  }

  /** Every file of the log, oldest first (rotated files, then the current one if it exists). */
  async files(): Promise<string[]> {
    const entries = await this.options.fs.readDirectory(this.options.dir);
    const rotated = entries.filter((e) => e.isFile && ROTATED_FILE.test(e.name)).map((e) => e.name).sort();
    const current = entries.some((e) => e.isFile && e.name === CURRENT_FILE) ? [CURRENT_FILE] : [];
    return [...rotated, ...current].map((name) => path.join(this.options.dir, name));
  }

  /** Reads every intact record from disk, oldest first; damaged lines are skipped (verify() reports them). */
  async *readAll(): AsyncGenerator<AuditRecord> {
    for (const file of await this.files()) {
      const { lines } = splitLines(await this.readText(file));
      for (const line of lines) {
        const decoded = decodeLine(line);
        if (decoded.ok) yield decoded.record;
      }
    }
  }

  /** Checks every record's hash, sequence and link to its predecessor; reports the first break. */
  async verify(): Promise<VerifyResult> {
    await this.flush();
    const files = await this.files();
    let expectedPrev: string | undefined;
    let expectedSeq: number | undefined;
    let records = 0;
    for (const file of files) {
      const { lines, torn } = splitLines(await this.readText(file));
      for (let i = 0; i < lines.length; i++) {
        const fail = (reason: string, seq?: number): VerifyResult => ({ ok: false, records, files: files.length, brokenAt: { file, line: i + 1, ...(seq !== undefined ? { seq } : {}), reason } });
        const decoded = decodeLine(lines[i]!);
        if (!decoded.ok) return fail(decoded.reason);
        const r = decoded.record;
        // The oldest kept record anchors the chain (older files may have been rotated away).
        if (expectedSeq !== undefined && r.seq !== expectedSeq) return fail(`sequence ${r.seq} where ${expectedSeq} was expected (a record was removed or inserted)`, r.seq);
        if (expectedPrev !== undefined && r.prev !== expectedPrev) return fail('the record does not link to the previous record (the chain was cut)', r.seq);
        if (expectedSeq === undefined && r.seq === 1 && r.prev !== GENESIS_HASH) return fail('the first record does not start the chain', r.seq);
        expectedPrev = r.hash;
        expectedSeq = r.seq + 1;
        records++;
      }
      if (torn !== undefined) return { ok: false, records, files: files.length, brokenAt: { file, line: lines.length + 1, reason: 'the last line is incomplete (missing newline)' } };
    }
    const diskSeq = (expectedSeq ?? 1) - 1;
    if (diskSeq < this.lastSeq) {
      return { ok: false, records, files: files.length, brokenAt: { file: files[files.length - 1] ?? path.join(this.options.dir, CURRENT_FILE), line: records + 1, seq: diskSeq + 1, reason: `records ${diskSeq + 1}–${this.lastSeq} written in this session are missing (the log was truncated)` } };
    }
    return { ok: true, records, files: files.length, lastHash: expectedPrev ?? GENESIS_HASH };
  }

  dispose(): void {
    this.appended.dispose();
  }

  private async drain(): Promise<void> {
    await Promise.resolve(); // let callers in the same tick join this batch
    for (;;) {
      if (!this.pending.length) {
        this.writing = undefined;
        return;
      }
      const batch = this.pending;
      this.pending = [];
      let seq = this.lastSeq;
      let prev = this.lastHash;
      const records: AuditRecord[] = [];
      try {
        const lines: string[] = [];
        for (const { input } of batch) {
          const body = this.toBody(input, ++seq, prev);
          const { line, hash } = encodeRecord(body);
          records.push({ ...body, hash });
          lines.push(line);
          prev = hash;
        }
        const text = `${lines.join('\n')}\n`;
        const bytes = Buffer.byteLength(text);
        if (this.currentBytes > 0 && this.currentBytes + bytes > this.maxFileBytes) await this.rotate();
        await this.options.fs.appendFile(path.join(this.options.dir, CURRENT_FILE), text);
        if (this.currentBytes === 0) this.currentFirstSeq = this.lastSeq + 1;
        this.currentBytes += bytes;
      } catch (error) {
        const failure = new AuditUnavailableError(`The audit log in ${this.options.dir} cannot be written (${(error as Error).message}); the operation was refused because it could not be recorded.`);
        this.options.logger.error(failure.message);
        batch.forEach((p) => p.reject(failure));
        continue;
      }
      this.lastSeq = seq;
      this.lastHash = prev;
      this.recent.push(...records);
      if (this.recent.length > this.recentLimit) this.recent.splice(0, this.recent.length - this.recentLimit);
      batch.forEach((p, i) => p.resolve(records[i]!));
      this.appended.fire(records, (error) => this.options.logger.error('audit listener failed', error));
    }
  }

  private toBody(input: AuditEventInput, seq: number, prev: string): Omit<AuditRecord, 'hash'> {
    const details = input.details === undefined ? undefined : (redact(input.details) as Record<string, unknown>);
    return {
      v: AUDIT_SCHEMA_VERSION,
      seq,
      ts: this.options.clock.now(),
      type: input.type,
      severity: input.severity ?? defaultSeverity(input.type, input.outcome),
      user: redactString(String(input.user)),
      ...(input.operation !== undefined ? { operation: String(input.operation) } : {}),
      ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
      message: redactString(String(input.message)),
      ...(details !== undefined ? { details } : {}),
      prev,
    };
  }

  private async rotate(): Promise<void> {
    const dir = this.options.dir;
    await this.options.fs.rename(path.join(dir, CURRENT_FILE), path.join(dir, rotatedFileName(this.currentFirstSeq || 1)));
    this.currentBytes = 0;
    const rotated = (await this.files()).filter((f) => ROTATED_FILE.test(path.basename(f)));
    for (const old of rotated.slice(0, Math.max(0, rotated.length - this.maxFiles))) {
      await this.options.fs.delete(old);
      this.options.logger.info(`Audit log: deleted ${path.basename(old)} (more than ${this.maxFiles} rotated files are kept).`);
    }
  }

  private async readText(file: string): Promise<string> {
    try {
      return Buffer.from(await this.options.fs.readFile(file)).toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  }

  /** Finds the head of the chain; a torn last line (a crash mid-write) is moved aside, never dropped. */
  private async load(): Promise<void> {
    await this.options.fs.createDirectory(this.options.dir);
    const currentPath = path.join(this.options.dir, CURRENT_FILE);
    const text = await this.readText(currentPath);
    const { lines, torn } = splitLines(text);
    if (torn !== undefined) {
      const aside = `${currentPath}.corrupt-${this.options.clock.now()}`;
      await this.options.fs.writeFileAtomic(aside, torn);
      await this.options.fs.writeFileAtomic(currentPath, lines.length ? `${lines.join('\n')}\n` : '');
      this.options.logger.warn(`Audit log: an incomplete last line (interrupted write) was moved to ${aside}.`);
    }
    this.currentBytes = Buffer.byteLength(lines.length ? `${lines.join('\n')}\n` : '');
    let tail = lastIntact(lines);
    if (tail) this.currentFirstSeq = firstSeq(lines) ?? tail.seq;
    if (!tail) {
      const rotated = (await this.files()).filter((f) => ROTATED_FILE.test(path.basename(f)));
      const newest = rotated[rotated.length - 1];
      if (newest) tail = lastIntact(splitLines(await this.readText(newest)).lines);
    }
    if (tail) {
      this.lastSeq = tail.seq;
      this.lastHash = tail.hash;
    }
    const recent = lines.slice(-this.recentLimit).map(decodeLine).flatMap((d) => (d.ok ? [d.record] : []));
    this.recent.push(...recent);
    if (torn !== undefined) {
      await this.record({ type: 'security_violation', severity: 'warning', user: 'system', message: 'The audit log ended with an incomplete line (interrupted write); it was moved aside.', details: { bytes: Buffer.byteLength(torn) } });
    }
  }
}

function lastIntact(lines: readonly string[]): AuditRecord | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const decoded = decodeLine(lines[i]!);
    if (decoded.ok) return decoded.record;
  }
  return undefined;
}

function firstSeq(lines: readonly string[]): number | undefined {
  for (const line of lines) {
    const decoded = decodeLine(line);
    if (decoded.ok) return decoded.record.seq;
  }
  return undefined;
}
