// Reads the audit log's files (audit-logger.ts) without changing them: which files there are, their
// intact records, the head of the chain, the current file's two ends, and the anchor's last line and head.
import * as path from 'path';
import type { FileSystemPort } from '../ports';
import { ANCHOR_SUFFIX, parseAnchor } from './audit-anchor';
import { CURRENT_FILE, ROTATED_FILE, decodeLine, splitLines } from './audit-file-format';
import { GENESIS_HASH, type AuditRecord } from './audit-types';
import { readFirstLines, readLastLines } from './audit-file-ends';

export class AuditLogReader {
  /** `dir`: the folder of audit.jsonl and its rotated files; the anchor is beside it. */
  constructor(private readonly options: { fs: FileSystemPort; dir: string }) {}

  /** Beside the audit folder, named after it (security/audit → security/audit-anchor.jsonl). */
  get anchorFile(): string {
    return path.join(path.dirname(this.options.dir), `${path.basename(this.options.dir)}${ANCHOR_SUFFIX}`);
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

  async headBeforeCurrent(): Promise<{ seq: number; hash: string }> {
    const rotated = (await this.files()).filter((f) => ROTATED_FILE.test(path.basename(f)));
    const newest = rotated[rotated.length - 1];
    const tail = newest ? lastIntact(splitLines(await this.readText(newest)).lines) : undefined;
    return tail ? { seq: tail.seq, hash: tail.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  async diskHead(files: readonly string[]): Promise<{ seq: number; hash: string }> {
    for (let i = files.length - 1; i >= 0; i--) {
      const tail = lastIntact(splitLines(await this.readText(files[i]!)).lines);
      if (tail) return { seq: tail.seq, hash: tail.hash };
    }
    return { seq: 0, hash: GENESIS_HASH };
  }

  async readText(file: string): Promise<string> {
    return Buffer.from(await this.readBytes(file)).toString('utf8');
  }

  async readBytes(file: string): Promise<Uint8Array> {
    try {
      return await this.options.fs.readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Uint8Array(0);
      throw error;
    }
  }

  /**
   * The newest lines of the current file: at least `wanted`, and read further back until one of them is
   * an intact record (or the whole file is read), so the chain's head is found as a whole read finds it.
   */
  async currentEnd(current: string, wanted: number): Promise<{ lines: string[]; torn?: string; size: number }> {
    for (let count = Math.max(wanted, 16); ; count *= 4) {
      const end = await readLastLines(this.options.fs, current, count);
      if (end.whole || lastIntact(end.lines)) return end;
    }
  }

  /** The sequence the current file starts at: its first intact record (the whole file is read only when the first lines hold none). */
  async firstSeqOf(current: string): Promise<number> {
    return firstSeq(await readFirstLines(this.options.fs, current)) ?? firstSeq(splitLines(await this.readText(current)).lines) ?? 0;
  }

  /** The anchor's last complete line, which the next one links to (the whole anchor is read only when its end is blank lines). */
  async anchorLastLine(): Promise<string | undefined> {
    const end = await readLastLines(this.options.fs, this.anchorFile, 1);
    const last = end.lines.filter((l) => l).pop();
    return last !== undefined || end.whole ? last : parseAnchor(await this.readText(this.anchorFile)).lastLine;
  }

  /** The anchor's newest head, read from its last lines (the whole anchor only when they hold none). */
  async anchorHead(): Promise<{ seq: number; hash: string } | undefined> {
    const end = await readLastLines(this.options.fs, this.anchorFile, 16);
    const head = parseAnchor(`${end.lines.join('\n')}\n`).head;
    return head || end.whole ? head : parseAnchor(await this.readText(this.anchorFile)).head;
  }
}

export function lastIntact(lines: readonly string[]): AuditRecord | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const decoded = decodeLine(lines[i]!);
    if (decoded.ok) return decoded.record;
  }
  return undefined;
}

export function firstSeq(lines: readonly string[]): number | undefined {
  for (const line of lines) {
    const decoded = decodeLine(line);
    if (decoded.ok) return decoded.record.seq;
  }
  return undefined;
}
