// The marks of full indexing passes, so an index that a pass is writing, or that a pass left unfinished,
// says so (the CLI's search warns and its --json carries "incomplete": true; MCP search_code the same).
//
// One mark per pass: a file `passes/<pid>-<time>-<random>.json` in the collection's folder, holding its
// owner (process id and host, when the file system port knows them), when it began and its state:
// 'running', or 'abandoned' once the pass failed or was cancelled. The rules:
// - begin() writes the pass's own mark; a pass that finished deletes it (end()), and with it the marks the
//   finished pass supersedes, since it looked at every file again: abandoned marks, and running marks whose
//   owner is gone (a process of this host that no longer runs, killed mid-pass; a mark of another host, or
//   of an unknown owner, once it is older than STALE_FOREIGN_MS).
// - A pass never deletes the mark of a pass that may still be running (another pass of this process, or of
//   a live process): of two overlapping passes, the first to finish leaves the other's mark in place.
// - unfinished(): any mark at all, until a finished pass clears it: a pass running now (in this process or
//   another), abandoned, or left by a dead process. A mark that cannot be read counts too.
// - abandon(): the pass failed or was cancelled; its mark stays (the index is incomplete) but says so, so
//   that any later finished pass, in any process, clears it. A pass killed outright cannot say so: its
//   owner's process id, no longer running, does.
// Live updates of a few changed files (CodeIndexer.updateFiles) write no mark and clear none; a live update
// that needs a full pass runs one, with its own mark. A dead owner's process id reused by a live process
// keeps that mark until a day after the pass began (then any finished pass clears it).
// The single mark of earlier versions (`pass-unfinished`) counts as abandoned.
import { randomBytes } from 'crypto';
import * as path from 'path';
import type { StoreFileSystemPort } from '../memory/store-file-system';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';

/** A pass's own mark, as begin() returned it. */
export interface PassMark {
  readonly file: string;
}

type PassState = 'running' | 'abandoned';

interface MarkContent {
  state: PassState;
  startedAt: number;
  pid?: number;
  host?: string;
}

/** The folder of the marks, in the collection's folder. */
export const PASSES_FOLDER = 'passes';
/** The one mark of versions before stop 40: left by an unfinished pass, so read as abandoned. */
const LEGACY_MARK = 'pass-unfinished';
/** A running mark of another host (whose processes cannot be looked at) or of an unknown owner counts as gone after a day. */
export const STALE_FOREIGN_MS = 24 * 3600 * 1000;

export class PassMarks {
  private readonly folder: string;
  private readonly process: Pick<StoreFileSystemPort, 'processId' | 'hostName' | 'isProcessAlive'> | undefined;

  constructor(
    private readonly fs: FileSystemPort,
    /** The collection's folder. */
    private readonly dir: string,
    private readonly clock: ClockPort,
    private readonly logger: LoggerPort,
  ) {
    this.folder = path.join(dir, PASSES_FOLDER);
    const store = fs as Partial<StoreFileSystemPort>;
    this.process =
      typeof store.processId === 'number' && typeof store.hostName === 'string' && typeof store.isProcessAlive === 'function'
        ? (store as StoreFileSystemPort)
        : undefined;
  }

  /** Marks a full pass as under way, until end() or abandon(). */
  async begin(): Promise<PassMark> {
    const startedAt = this.clock.now();
    const owner = this.process ? { pid: this.process.processId, host: this.process.hostName } : {};
    const file = path.join(this.folder, `${owner.pid ?? 'unknown'}-${startedAt}-${randomBytes(4).toString('hex')}.json`);
    await this.fs.createDirectory(this.folder);
    await this.write(file, { state: 'running', startedAt, ...owner });
    return { file };
  }

  /** The pass failed or was cancelled: its mark stays, as one any later finished pass clears. */
  async abandon(mark: PassMark): Promise<void> {
    const content = await this.read(mark.file);
    if (content) await this.write(mark.file, { ...content, state: 'abandoned' });
  }

  /** The pass finished: its mark goes, and so do the marks of passes it supersedes (abandoned, or their owner gone). */
  async end(mark: PassMark): Promise<void> {
    await this.fs.delete(mark.file);
    await this.fs.delete(path.join(this.dir, LEGACY_MARK));
    for (const file of await this.markFiles()) {
      const content = await this.read(file);
      if (content && !this.mayBeRunning(content)) await this.fs.delete(file);
    }
  }

  /** Whether any pass is under way or left the index unfinished (see the rules above). */
  async unfinished(): Promise<boolean> {
    if (await this.fs.stat(path.join(this.dir, LEGACY_MARK))) return true;
    return (await this.markFiles()).length > 0;
  }

  private mayBeRunning(mark: MarkContent): boolean {
    if (mark.state !== 'running') return false;
    const known = this.process;
    // A day bounds every mark: a dead owner's process id reused by a live process (after a reboot, or pid 1 in a
    // container) would otherwise keep it for good, and a full pass is minutes long, not a day.
    const recent = this.clock.now() - mark.startedAt < STALE_FOREIGN_MS;
    if (known && mark.host === known.hostName && typeof mark.pid === 'number')
      return recent && (mark.pid === known.processId || known.isProcessAlive(mark.pid));
    return recent;
  }

  private async markFiles(): Promise<string[]> {
    // A temporary file of a write in progress (".<name>.tmp") is not a mark yet.
    return (await this.fs.readDirectory(this.folder))
      .filter((e) => !e.name.startsWith('.') && e.name.endsWith('.json'))
      .map((e) => path.join(this.folder, e.name));
  }

  /** A mark's content; undefined when it is gone. A mark that cannot be parsed reads as running, from an unknown owner. */
  private async read(file: string): Promise<MarkContent | undefined> {
    let text: string;
    try {
      text = new TextDecoder().decode(await this.fs.readFile(file));
    } catch {
      return undefined; // deleted meanwhile (a finished pass cleared it)
    }
    try {
      const parsed = JSON.parse(text) as Partial<MarkContent>;
      if ((parsed.state === 'running' || parsed.state === 'abandoned') && typeof parsed.startedAt === 'number') return parsed as MarkContent;
    } catch {
      // fall through
    }
    this.logger.warn(`The indexing pass mark ${file} is unreadable; it counts as a pass under way until a day old.`);
    const stat = await this.fs.stat(file);
    return { state: 'running', startedAt: stat?.mtimeMs ?? this.clock.now() };
  }

  private write(file: string, content: MarkContent): Promise<void> {
    return this.fs.writeFileAtomic(file, JSON.stringify(content));
  }
}
