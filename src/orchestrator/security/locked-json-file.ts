// One security file of JSON (tokens.json, permissions.json) as every host shares it:
//  - read at start; a file that does not parse is moved aside to <name>.corrupt-<time> and the value
//    starts empty (fail closed: no tokens, no grants);
//  - read again at each refresh, and parsed again when its text changed (another process wrote it);
//    invalid then, the value is empty until the file is fixed. Its size and modification time did not
//    tell: a rewrite of the same size within the file system's clock tick kept the old grant in 27-83
//    of 300 changes (review of stop 29); these files are a few kilobytes;
//  - changed under `.<name>.lock` beside it: read again, changed, written atomically. Two processes
//    changing the file at once both land (fifteenth red team: a revocation written back over by a token
//    issued at the same moment, from a copy read before the revocation, was lost while reported and
//    audited as done).
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { FileLock } from '../memory/file-lock';
import type { StoreFileSystemPort } from '../memory/store-file-system';

export interface JsonFileFormat<T> {
  /** The value the file holds (throws a SecurityConfigError naming `where` when it is not valid). */
  parse(raw: unknown, where: string): T;
  /** The value when the file is missing or invalid. */
  empty(): T;
  serialize(value: T): string;
  /** The warning when the file turned invalid after start (the value is empty meanwhile). */
  invalidNow(file: string, reason: string): string;
  /** The warning when the file was invalid at start and was moved to `aside`. */
  movedAside(file: string, reason: string, aside: string): string;
  /** Whether a file that cannot be read at all at start (not a regular file, say) is moved aside too, rather than the start refused. */
  moveAsideUnreadable: boolean;
}

export class LockedJsonFile<T> {
  /** The file's text as last read or written (undefined: no file); other text means another process wrote it. */
  private seen: string | undefined;
  private readonly lock: FileLock | undefined;

  private constructor(
    private readonly fs: FileSystemPort,
    readonly file: string,
    private current: T,
    clock: ClockPort,
    private readonly logger: LoggerPort,
    private readonly format: JsonFileFormat<T>,
  ) {
    const store = fs as Partial<StoreFileSystemPort>;
    // An in-memory fake that cannot create a file exclusively has no other process to share it with.
    this.lock =
      typeof store.createExclusive === 'function'
        ? new FileLock(fs as StoreFileSystemPort, path.join(path.dirname(file), `.${path.basename(file)}.lock`), clock, logger)
        : undefined;
  }

  static async load<T>(fs: FileSystemPort, file: string, clock: ClockPort, logger: LoggerPort, format: JsonFileFormat<T>): Promise<LockedJsonFile<T>> {
    if (!(await fs.stat(file))) return new LockedJsonFile(fs, file, format.empty(), clock, logger, format);
    // Read before the try when an unreadable file is to refuse the start rather than be moved aside.
    let bytes = format.moveAsideUnreadable ? undefined : await fs.readFile(file);
    try {
      bytes ??= await fs.readFile(file);
      const text = Buffer.from(bytes).toString('utf8');
      const loaded = new LockedJsonFile(fs, file, parseText(format, file, text), clock, logger, format);
      loaded.seen = text;
      return loaded;
    } catch (error) {
      const aside = `${file}.corrupt-${clock.now()}`;
      await fs.rename(file, aside);
      logger.warn(format.movedAside(file, (error as Error).message, aside));
      return new LockedJsonFile(fs, file, format.empty(), clock, logger, format);
    }
  }

  get value(): T {
    return this.current;
  }

  /** Reads the file again when another process changed it. Fails closed: invalid, the value is empty. */
  async refresh(): Promise<void> {
    try {
      await this.reread();
    } catch (error) {
      this.current = this.format.empty();
      this.logger.warn(this.format.invalidNow(this.file, (error as Error).message));
    }
  }

  /**
   * Changes the file as it is on disk now: under its lock the file is read again, `change` is applied
   * and its value written (an invalid file throws; nothing is written). Returns `change`'s result.
   */
  async change<R>(change: (current: T) => { value: T; result: R }): Promise<R> {
    const body = async () => {
      await this.reread(true);
      const { value, result } = change(this.current);
      const text = this.format.serialize(value);
      await this.fs.writeFileAtomic(this.file, text);
      this.current = value;
      this.seen = text;
      return result;
    };
    return this.lock ? this.lock.withLock(body) : body();
  }

  /** refresh() that throws on an invalid file; `always`: parsed even if its text is unchanged. */
  private async reread(always = false): Promise<void> {
    const text = (await this.fs.stat(this.file)) ? Buffer.from(await this.fs.readFile(this.file)).toString('utf8') : undefined;
    if (text === this.seen && !always) return;
    this.seen = text;
    this.current = text === undefined ? this.format.empty() : parseText(this.format, this.file, text);
  }
}

/** The value a file's text holds (throws when it is not JSON, or not valid for the format). */
function parseText<T>(format: JsonFileFormat<T>, file: string, text: string): T {
  return format.parse(JSON.parse(text), path.basename(file));
}
