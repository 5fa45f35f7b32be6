// Append-only, hash-chained audit log (JSON lines), written by one process at a time: every batch is
// appended under a lock file shared by the extension, the CLI and the MCP server, after catching up
// with what other processes appended. A record counts only once it is on disk; a failed or torn write
// is moved aside before the next append, so nothing acknowledged is lost. The current file rotates to
// audit-<first seq>.jsonl past a size limit; the anchor beside the folder (audit-anchor.ts) keeps the
// manifest of rotated files and the head, and verify() (audit-verifier.ts) checks it all read-only.
// The appending itself is in audit-appender.ts; reading the files, in audit-log-reader.ts.
import * as path from 'path';
import type { ClockPort, Disposable, FileSystemPort, LoggerPort } from '../ports';
import { EventEmitter } from '../events';
import { parseAnchor } from './audit-anchor';
import { AuditAppender } from './audit-appender';
import { decodeLine } from './audit-file-format';
import { DenialFloodFilter, FloodOptions } from './audit-flood';
import { AuditLogReader } from './audit-log-reader';
import { searchRecords, summarizeRecords } from './audit-queries';
import { AuditEventInput, AuditQuery, AuditRecord, AuditSummary, VerifyResult, isAuditEventType } from './audit-types';
import { verifyAuditLog } from './audit-verifier';
import { AuditUnavailableError } from './errors';

export interface AuditLoggerOptions {
  fs: FileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
  /** Folder of audit.jsonl and its rotated files; the anchor is written beside it. */
  dir: string;
  /** The current file rotates once it would grow past this (default 8 MiB). */
  maxFileBytes?: number;
  /** Rotated files kept; older ones are deleted unless they hold critical records (default 50). */
  maxFiles?: number;
  /** Records kept in memory for getRecentEvents (default 2,000). */
  recentLimit?: number;
  /** Aggregation of refusal floods (false: every refusal is written on its own). */
  flood?: FloodOptions | false;
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
  private readonly recentLimit: number;
  private readonly flood: DenialFloodFilter | undefined;
  private floodTimer: Disposable | undefined;
  private readonly lastByKind = new Map<string, AuditRecord>();
  private readonly reader: AuditLogReader;
  private readonly appender: AuditAppender;

  private constructor(private readonly options: AuditLoggerOptions) {
    this.recentLimit = options.recentLimit ?? 2_000;
    this.reader = new AuditLogReader(options);
    this.appender = new AuditAppender(options, this.reader);
    this.flood = options.flood === false ? undefined : new DenialFloodFilter(options.flood ?? {});
  }

  /** Opens (or creates) the log in `options.dir`; nothing is written until the first record. */
  static async open(options: AuditLoggerOptions): Promise<AuditLogger> {
    const logger = new AuditLogger(options);
    await logger.load();
    return logger;
  }

  get directory(): string {
    return this.options.dir;
  }

  /** Beside the audit folder, named after it (security/audit → security/audit-anchor.jsonl). */
  get anchorFile(): string {
    return this.reader.anchorFile;
  }

  get head(): { seq: number; hash: string } {
    return this.appender.head;
  }

  /** Appends one event; resolves once it is on disk, rejects with AuditUnavailableError if it cannot be. */
  record(input: AuditEventInput): Promise<AuditRecord> {
    if (!isAuditEventType(input.type)) return Promise.reject(new AuditUnavailableError(`Unknown audit event type "${String(input.type)}".`));
    if (this.flood) {
      const now = this.options.clock.now();
      for (const aggregate of this.flood.drain(now)) void this.enqueue(aggregate).catch(() => undefined);
      if (!this.flood.admit(input, now)) {
        this.scheduleFloodDrain();
        const last = this.lastByKind.get(floodKey(input));
        if (last) return Promise.resolve(last);
      }
    }
    return this.enqueue(input);
  }

  /** Resolves once everything recorded so far has been written (or has failed); bursts in progress are written too. */
  async flush(): Promise<void> {
    if (this.flood?.pending) for (const aggregate of this.flood.drain(this.options.clock.now(), true)) void this.enqueue(aggregate).catch(() => undefined);
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
    const files = await this.files();
    const head = await this.reader.diskHead(files);
    return summarizeRecords(this.readAll(), head, files.length, this.options.clock.now());
  }

  /** Every file of the log, oldest first (rotated files, then the current one if it exists). */
  files(): Promise<string[]> {
    return this.reader.files();
  }

  /** Reads every intact record from disk, oldest first; damaged lines are skipped (verify() reports them). */
  readAll(): AsyncGenerator<AuditRecord> {
    return this.reader.readAll();
  }

  /** Checks the whole log read-only and reports every break (see audit-verifier.ts). */
  async verify(): Promise<VerifyResult> {
    await this.flush();
    return verifyAuditLog({
      files: await this.files(),
      read: (file) => this.reader.readText(file),
      anchor: parseAnchor(await this.reader.readText(this.anchorFile)),
      anchorFile: this.anchorFile,
      writtenHead: this.appender.lastWritten,
      basename: (file) => path.basename(file),
    });
  }

  dispose(): void {
    this.floodTimer?.dispose();
    this.appended.dispose();
  }

  private enqueue(input: AuditEventInput): Promise<AuditRecord> {
    return new Promise<AuditRecord>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      // drain() clears `writing` itself, synchronously when it finds nothing left, so a record
      // arriving just as it ends always starts a new drain.
      if (!this.writing) this.writing = this.drain();
    });
  }

  private scheduleFloodDrain(): void {
    if (this.floodTimer) return;
    this.floodTimer = this.options.clock.setTimer(10_000, () => {
      this.floodTimer = undefined;
      for (const aggregate of this.flood?.drain(this.options.clock.now()) ?? []) void this.enqueue(aggregate).catch(() => undefined);
      if (this.flood?.pending) this.scheduleFloodDrain();
    });
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
      let records: AuditRecord[];
      try {
        records = await this.appender.append(batch.map((p) => p.input));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ENOSPC' ? 'the disk is full; free some space' : (error as Error).message;
        const failure = new AuditUnavailableError(
          `The audit log in ${this.options.dir} cannot be written (${why}); the operation was refused because it could not be recorded.`,
        );
        this.options.logger.error(failure.message);
        batch.forEach((p) => p.reject(failure));
        continue;
      }
      const bytes = this.appender.takeRepairedBytes();
      if (bytes !== undefined) {
        void this.enqueue({
          type: 'security_violation',
          severity: 'warning',
          user: 'system',
          message: 'The audit log ended with an incomplete line (interrupted write); it was moved aside before this append.',
          details: { bytes },
        }).catch(() => undefined);
      }
      this.recent.push(...records);
      if (this.recent.length > this.recentLimit) this.recent.splice(0, this.recent.length - this.recentLimit);
      records.forEach((r) => r.outcome === 'denied' && this.lastByKind.set(floodKey(r), r));
      batch.forEach((p, i) => p.resolve(records[i]!));
      this.appended.fire(records, (error) => this.options.logger.error('audit listener failed', error));
    }
  }

  /** Finds the head of the chain (AuditAppender.load) and keeps the newest records in memory. */
  private async load(): Promise<void> {
    const lines = await this.appender.load(this.recentLimit);
    const recent = this.recentLimit > 0 ? lines.slice(-this.recentLimit) : [];
    this.recent.push(...recent.map(decodeLine).flatMap((d) => (d.ok ? [d.record] : [])));
  }
}

function floodKey(input: Pick<AuditEventInput, 'user' | 'operation' | 'type'>): string {
  return `${String(input.user)}\u0000${String(input.operation ?? '')}\u0000${input.type}`;
}
