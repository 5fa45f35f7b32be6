// Append-only, hash-chained audit log (JSON lines), written by one process at a time: every batch is
// appended under a lock file shared by the extension, the CLI and the MCP server, after catching up
// with what other processes appended. A record counts only once it is on disk; a failed or torn write
// is moved aside before the next append, so nothing acknowledged is lost. The current file rotates to
// audit-<first seq>.jsonl past a size limit; the anchor beside the folder (audit-anchor.ts) keeps the
// manifest of rotated files and the head, and verify() (audit-verifier.ts) checks it all read-only.
import * as path from 'path';
import type { ClockPort, Disposable, FileSystemPort, LoggerPort } from '../ports';
import { EventEmitter } from '../events';
import { FileLock } from '../memory/file-lock';
import type { StoreFileSystemPort } from '../memory/store-file-system';
import { ANCHOR_SUFFIX, compactAnchor, encodeAnchorLine, parseAnchor } from './audit-anchor';
import { CURRENT_FILE, ROTATED_FILE, decodeLine, encodeRecord, rotatedFileName, splitLines } from './audit-file-format';
import { DenialFloodFilter, FloodOptions } from './audit-flood';
import { searchRecords, summarizeRecords } from './audit-queries';
import {
  AUDIT_SCHEMA_VERSION,
  AuditEventInput,
  AuditQuery,
  AuditRecord,
  AuditSummary,
  GENESIS_HASH,
  VerifyResult,
  defaultSeverity,
  isAuditEventType,
} from './audit-types';
import { verifyAuditLog } from './audit-verifier';
import { readFirstLines, readLastLines } from './audit-file-ends';
import { AuditUnavailableError } from './errors';
import { redact, redactString } from './redact';

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
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  /** What this process wrote last (verify checks it is still on disk). */
  private written = { seq: 0, hash: GENESIS_HASH };
  /** Size of the current file as this process last saw it; another size means another writer (or a torn write). */
  private currentBytes = -1;
  /**
   * Its inode, when known: another one means another process rotated it, even to a file of the very
   * size this process last saw (fifteenth red team: appended to its old head, the chain forked).
   */
  private currentIno: number | undefined;
  private currentFirstSeq = 0;
  private readonly maxFileBytes: number;
  private readonly maxFiles: number;
  private readonly recentLimit: number;
  private readonly lock: FileLock | undefined;
  private readonly flood: DenialFloodFilter | undefined;
  private floodTimer: Disposable | undefined;
  private readonly lastByKind = new Map<string, AuditRecord>();
  /** Bytes of a torn line moved aside during the last append (recorded as an incident right after). */
  private repairedBytes: number | undefined;

  private constructor(private readonly options: AuditLoggerOptions) {
    this.maxFileBytes = options.maxFileBytes ?? 8 * 1024 * 1024;
    this.maxFiles = options.maxFiles ?? 50;
    this.recentLimit = options.recentLimit ?? 2_000;
    const fs = options.fs as Partial<StoreFileSystemPort>;
    this.lock =
      typeof fs.createExclusive === 'function'
        ? new FileLock(options.fs as StoreFileSystemPort, path.join(options.dir, '.audit.lock'), options.clock, options.logger)
        : undefined;
    this.flood = options.flood === false ? undefined : new DenialFloodFilter(options.flood ?? {});
  }

  /** Opens (or creates) the log in `options.dir`; nothing is written until the first record. */
  static async open(options: AuditLoggerOptions): Promise<AuditLogger> {
    const logger = new AuditLogger(options);
    await logger.load();
    return logger;
  }

  /**
   * Under the lock, before an append: a log with records and no head checkpoint may have lost records
   * at its end together with the anchor. This append would write a new checkpoint and hide that from a
   * later verify (review of stop 28), so the finding is recorded first, as a critical record verify
   * reports. Checked under the lock, where a host's record and its checkpoint are never seen apart; a
   * host that only opens the log (verify on a read-only copy) writes nothing.
   */
  private async missingCheckpointFinding(): Promise<AuditEventInput | undefined> {
    if (this.lastSeq === 0 || (await this.options.fs.stat(this.anchorFile))?.size || (await this.anchorHead())) return undefined;
    const message = `Audit log: the head checkpoint ${this.anchorFile} was missing with the log at #${this.lastSeq}: records after it may have been deleted together with it (or a host stopped between writing its first record and its first checkpoint).`;
    this.options.logger.warn(message);
    return { type: 'security_violation', severity: 'critical', user: 'system:audit', message, details: { checkpointMissingAt: this.lastSeq } };
  }

  get directory(): string {
    return this.options.dir;
  }

  /** Beside the audit folder, named after it (security/audit → security/audit-anchor.jsonl). */
  get anchorFile(): string {
    return path.join(path.dirname(this.options.dir), `${path.basename(this.options.dir)}${ANCHOR_SUFFIX}`);
  }

  get head(): { seq: number; hash: string } {
    return { seq: this.lastSeq, hash: this.lastHash };
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
    const head = await this.diskHead(files);
    return summarizeRecords(this.readAll(), head, files.length, this.options.clock.now());
  }

  /** Every file of the log, oldest first (rotated files, then the current one if it exists). */
  async files(): Promise<string[]> {
    const entries = await this.options.fs.readDirectory(this.options.dir);
    const rotated = entries
      .filter((e) => e.isFile && ROTATED_FILE.test(e.name))
      .map((e) => e.name)
      .sort();
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

  /** Checks the whole log read-only and reports every break (see audit-verifier.ts). */
  async verify(): Promise<VerifyResult> {
    await this.flush();
    return verifyAuditLog({
      files: await this.files(),
      read: (file) => this.readText(file),
      anchor: parseAnchor(await this.readText(this.anchorFile)),
      anchorFile: this.anchorFile,
      writtenHead: this.written,
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
        records = this.lock ? await this.lock.withLock(() => this.writeBatch(batch)) : await this.writeBatch(batch);
      } catch (error) {
        this.currentBytes = -1; // re-read (and repair) before the next append
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ENOSPC' ? 'the disk is full; free some space' : (error as Error).message;
        const failure = new AuditUnavailableError(
          `The audit log in ${this.options.dir} cannot be written (${why}); the operation was refused because it could not be recorded.`,
        );
        this.options.logger.error(failure.message);
        batch.forEach((p) => p.reject(failure));
        continue;
      }
      if (this.repairedBytes !== undefined) {
        const bytes = this.repairedBytes;
        this.repairedBytes = undefined;
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

  /** Under the lock: catch up with the disk, append the batch, then move the head checkpoint. */
  private async writeBatch(batch: readonly Pending[]): Promise<AuditRecord[]> {
    const current = path.join(this.options.dir, CURRENT_FILE);
    const stat = await this.options.fs.stat(current);
    if ((stat?.size ?? 0) !== this.currentBytes || !sameFile(stat?.ino, this.currentIno)) {
      await this.catchUp(current);
      this.currentIno = (await this.options.fs.stat(current))?.ino;
    }
    const finding = await this.missingCheckpointFinding();
    let seq = this.lastSeq;
    let prev = this.lastHash;
    const records: AuditRecord[] = [];
    const lines: string[] = [];
    for (const input of [...(finding ? [finding] : []), ...batch.map((p) => p.input)]) {
      const body = this.toBody(input, ++seq, prev);
      const { line, hash } = encodeRecord(body);
      records.push({ ...body, hash });
      lines.push(line);
      prev = hash;
    }
    const text = `${lines.join('\n')}\n`;
    const bytes = Buffer.byteLength(text);
    if (this.currentBytes > 0 && this.currentBytes + bytes > this.maxFileBytes) await this.rotate();
    // Under the lock, just caught up with the disk: the file ends with a complete line at this.currentBytes.
    await this.options.fs.appendFile(current, text, { endsAt: Math.max(0, this.currentBytes) });
    if (this.currentBytes <= 0) {
      this.currentFirstSeq = this.lastSeq + 1;
      this.currentIno = (await this.options.fs.stat(current))?.ino; // created by this append, under the lock
    }
    this.currentBytes = Math.max(0, this.currentBytes) + bytes;
    this.lastSeq = seq;
    this.lastHash = prev;
    this.written = { seq, hash: prev };
    await this.appendAnchor({ kind: 'head', seq, hash: prev, at: this.options.clock.now() });
    return finding ? records.slice(1) : records; // each pending record's own, in order
  }

  /** Reads the current file again: another process appended or rotated, or a write of ours failed. */
  private async catchUp(current: string): Promise<void> {
    const end = await this.currentEnd(current, 0);
    if (end.torn === undefined) {
      // Complete lines only: the head and the first sequence, without reading the middle of the file.
      this.currentBytes = end.size;
      this.currentFirstSeq = await this.firstSeqOf(current);
      await this.continueAfter(lastIntact(end.lines));
      return;
    }
    // Cut by bytes: the complete lines stay exactly as they are on disk (a line that is not valid UTF-8
    // stays as it was, for verify to report), only the bytes after the last newline move aside.
    const bytes = await this.readBytes(current);
    const cut = bytes.lastIndexOf(0x0a) + 1;
    const kept = bytes.subarray(0, cut);
    if (cut < bytes.length) {
      const aside = `${current}.corrupt-${this.options.clock.now()}`;
      await this.options.fs.writeFileAtomic(aside, bytes.subarray(cut));
      await this.options.fs.writeFileAtomic(current, kept);
      this.options.logger.warn(`Audit log: an incomplete last line (interrupted write) was moved to ${aside}.`);
      this.repairedBytes = bytes.length - cut;
    }
    const { lines } = splitLines(Buffer.from(kept).toString('utf8'));
    this.currentBytes = kept.length;
    this.currentFirstSeq = firstSeq(lines) ?? 0;
    await this.continueAfter(lastIntact(lines));
  }

  /** The chain continues after the current file's last intact record, or after a later head the anchor knows of. */
  private async continueAfter(tail: AuditRecord | undefined): Promise<void> {
    const head = tail ? { seq: tail.seq, hash: tail.hash } : await this.headBeforeCurrent();
    // The anchor may know of later records (the log was truncated): continue after them, so the gap shows.
    const anchor = await this.anchorHead();
    const best = anchor && anchor.seq > head.seq ? anchor : head;
    this.lastSeq = best.seq;
    this.lastHash = best.hash;
  }

  private async headBeforeCurrent(): Promise<{ seq: number; hash: string }> {
    const rotated = (await this.files()).filter((f) => ROTATED_FILE.test(path.basename(f)));
    const newest = rotated[rotated.length - 1];
    const tail = newest ? lastIntact(splitLines(await this.readText(newest)).lines) : undefined;
    return tail ? { seq: tail.seq, hash: tail.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  private async diskHead(files: readonly string[]): Promise<{ seq: number; hash: string }> {
    for (let i = files.length - 1; i >= 0; i--) {
      const tail = lastIntact(splitLines(await this.readText(files[i]!)).lines);
      if (tail) return { seq: tail.seq, hash: tail.hash };
    }
    return { seq: 0, hash: GENESIS_HASH };
  }

  private anchorLast: string | undefined;
  /** Size and inode of the anchor after this process's last append (others: someone else wrote or compacted it). */
  private anchorBytes = -1;
  private anchorIno: number | undefined;

  /** Appends one anchor line linked to the line before it (read again only when another process wrote). */
  private async appendAnchor(entry: Parameters<typeof encodeAnchorLine>[0]): Promise<void> {
    const stat = await this.options.fs.stat(this.anchorFile);
    const size = stat?.size ?? 0;
    const unchanged = size === this.anchorBytes && sameFile(stat?.ino, this.anchorIno);
    const previous = unchanged ? this.anchorLast : await this.anchorLastLine();
    const line = encodeAnchorLine(entry, previous);
    // Not flushed: after a crash the checkpoint may lag behind the log (harmless), never run ahead of it.
    await this.options.fs.appendFile(this.anchorFile, `${line}\n`, { sync: false, ...(unchanged ? { endsAt: size } : {}) });
    this.anchorLast = line;
    this.anchorBytes = size + Buffer.byteLength(line) + 1;
    this.anchorIno = stat?.ino ?? (await this.options.fs.stat(this.anchorFile))?.ino;
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

  /** Under the lock: the current file becomes audit-<first seq>.jsonl, sealed in the manifest. */
  private async rotate(): Promise<void> {
    const dir = this.options.dir;
    const name = rotatedFileName(this.currentFirstSeq || 1);
    await this.options.fs.rename(path.join(dir, CURRENT_FILE), path.join(dir, name));
    this.currentBytes = 0;
    this.currentIno = undefined;
    const anchor = parseAnchor(await this.readText(this.anchorFile));
    const now = this.options.clock.now();
    anchor.files.set(name, { kind: 'rotated', file: name, firstSeq: this.currentFirstSeq || 1, lastSeq: this.lastSeq, lastHash: this.lastHash, at: now });
    anchor.head = { seq: this.lastSeq, hash: this.lastHash };
    const rotated = (await this.files()).filter((f) => ROTATED_FILE.test(path.basename(f)));
    let excess = rotated.length - this.maxFiles;
    for (const old of rotated) {
      if (excess <= 0) break;
      const text = await this.readText(old);
      if (text.includes('"severity":"critical"')) continue; // critical records are never rotated away
      const { lines } = splitLines(text);
      const first = firstSeq(lines);
      const tail = lastIntact(lines);
      if (first === undefined || !tail) continue;
      await this.options.fs.delete(old);
      anchor.files.set(path.basename(old), { kind: 'pruned', file: path.basename(old), firstSeq: first, lastSeq: tail.seq, lastHash: tail.hash, at: now });
      anchor.pruned.push({ kind: 'pruned', file: path.basename(old), firstSeq: first, lastSeq: tail.seq, lastHash: tail.hash, at: now });
      excess--;
      this.options.logger.info(`Audit log: deleted ${path.basename(old)} (more than ${this.maxFiles} rotated files are kept; it held no critical record).`);
    }
    await this.options.fs.writeFileAtomic(this.anchorFile, compactAnchor(anchor, now));
    this.anchorBytes = -1; // re-read: the compacted anchor ends with a new head line
  }

  private async readText(file: string): Promise<string> {
    return Buffer.from(await this.readBytes(file)).toString('utf8');
  }

  private async readBytes(file: string): Promise<Uint8Array> {
    try {
      return await this.options.fs.readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Uint8Array(0);
      throw error;
    }
  }

  /** Finds the head of the chain, read-only: a torn last line is repaired by the next append, under the lock. */
  private async load(): Promise<void> {
    await this.options.fs.createDirectory(this.options.dir);
    const current = path.join(this.options.dir, CURRENT_FILE);
    const { lines, torn, size } = await this.currentEnd(current, this.recentLimit);
    await this.continueAfter(lastIntact(lines));
    this.currentFirstSeq = await this.firstSeqOf(current);
    this.currentBytes = torn === undefined ? size : -1;
    this.currentIno = (await this.options.fs.stat(current))?.ino;
    const recent = this.recentLimit > 0 ? lines.slice(-this.recentLimit) : [];
    this.recent.push(...recent.map(decodeLine).flatMap((d) => (d.ok ? [d.record] : [])));
  }

  /**
   * The newest lines of the current file: at least `wanted`, and read further back until one of them is
   * an intact record (or the whole file is read), so the chain's head is found as a whole read finds it.
   */
  private async currentEnd(current: string, wanted: number): Promise<{ lines: string[]; torn?: string; size: number }> {
    for (let count = Math.max(wanted, 16); ; count *= 4) {
      const end = await readLastLines(this.options.fs, current, count);
      if (end.whole || lastIntact(end.lines)) return end;
    }
  }

  /** The sequence the current file starts at: its first intact record (the whole file is read only when the first lines hold none). */
  private async firstSeqOf(current: string): Promise<number> {
    return firstSeq(await readFirstLines(this.options.fs, current)) ?? firstSeq(splitLines(await this.readText(current)).lines) ?? 0;
  }

  /** The anchor's last complete line, which the next one links to (the whole anchor is read only when its end is blank lines). */
  private async anchorLastLine(): Promise<string | undefined> {
    const end = await readLastLines(this.options.fs, this.anchorFile, 1);
    const last = end.lines.filter((l) => l).pop();
    return last !== undefined || end.whole ? last : parseAnchor(await this.readText(this.anchorFile)).lastLine;
  }

  /** The anchor's newest head, read from its last lines (the whole anchor only when they hold none). */
  private async anchorHead(): Promise<{ seq: number; hash: string } | undefined> {
    const end = await readLastLines(this.options.fs, this.anchorFile, 16);
    const head = parseAnchor(`${end.lines.join('\n')}\n`).head;
    return head || end.whole ? head : parseAnchor(await this.readText(this.anchorFile)).head;
  }
}

function floodKey(input: Pick<AuditEventInput, 'user' | 'operation' | 'type'>): string {
  return `${String(input.user)}\u0000${String(input.operation ?? '')}\u0000${input.type}`;
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

/** Whether two inode numbers are of the same file; an unknown one (a file system without them) is taken as the same. */
function sameFile(a: number | undefined, b: number | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}
