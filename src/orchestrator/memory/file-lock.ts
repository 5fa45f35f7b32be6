// A lock shared by every process that writes one store: a lock file created exclusively (O_EXCL),
// holding who owns it. Callers in this process queue in memory first, so only one of them at a time
// touches the file. A lock left by a crashed process is broken when its owner is gone (same host)
// or when it is older than `staleMs` (no holder keeps it longer than one short write).
import { randomBytes } from 'crypto';
import type { ClockPort, LoggerPort } from '../ports';
import { StoreLockTimeoutError } from './store-errors';
import type { StoreFileSystemPort } from './store-file-system';

export interface FileLockOptions {
  /** How long to wait for the lock before failing (default 10 s). */
  timeoutMs?: number;
  /** A lock file older than this is taken as abandoned (default 30 s). */
  staleMs?: number;
}

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  at: number;
}

export class FileLock {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timeoutMs: number;
  private readonly staleMs: number;

  constructor(
    private readonly fs: StoreFileSystemPort,
    readonly lockFile: string,
    private readonly clock: ClockPort,
    private readonly logger: LoggerPort,
    options: FileLockOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.staleMs = options.staleMs ?? 30_000;
  }

  /** Runs `body` while holding the lock; the lock is released even when `body` throws. */
  withLock<T>(body: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const token = await this.acquire();
      try {
        return await body();
      } finally {
        await this.release(token);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async acquire(): Promise<string> {
    const token = randomBytes(8).toString('hex');
    const owner: LockOwner = { pid: this.fs.processId, host: this.fs.hostName, token, at: this.clock.now() };
    const started = this.clock.now();
    let delay = 2;
    for (;;) {
      if (await this.fs.createExclusive(this.lockFile, JSON.stringify(owner))) return token;
      const holder = await this.readOwner();
      if (await this.isAbandoned(holder)) {
        await this.breakLock(holder);
        continue;
      }
      const waited = this.clock.now() - started;
      if (waited >= this.timeoutMs) throw new StoreLockTimeoutError(this.lockFile, waited, describe(holder));
      await this.sleep(Math.min(delay + Math.random() * delay, this.timeoutMs - waited));
      delay = Math.min(delay * 2, 50);
    }
  }

  /**
   * Deletes the lock file if it is still ours: two processes breaking the same abandoned lock can both
   * end up holding one, and deleting the other's would let a third in (the read-back, and its warning,
   * stop that at one overlap, however short the hold).
   */
  private async release(token: string): Promise<void> {
    const holder = await this.readOwner();
    if (holder?.token !== token) {
      this.logger.warn(`Lock ${this.lockFile} was taken from this process while it held it (now held by ${describe(holder)}).`);
      return;
    }
    await this.fs.delete(this.lockFile);
  }

  private async readOwner(): Promise<(Partial<LockOwner> & { mtimeMs?: number }) | undefined> {
    const stat = await this.fs.stat(this.lockFile);
    if (!stat) return undefined;
    try {
      const parsed = JSON.parse(new TextDecoder().decode(await this.fs.readFile(this.lockFile))) as Partial<LockOwner>;
      return { ...parsed, mtimeMs: stat.mtimeMs };
    } catch {
      // Being written right now, or deleted between stat and read: an owner we cannot name yet.
      return { mtimeMs: stat.mtimeMs };
    }
  }

  private async isAbandoned(holder: (Partial<LockOwner> & { mtimeMs?: number }) | undefined): Promise<boolean> {
    if (!holder) return false; // released meanwhile: just retry
    if (holder.host === this.fs.hostName && typeof holder.pid === 'number' && holder.pid !== this.fs.processId && !this.fs.isProcessAlive(holder.pid))
      return true;
    return holder.mtimeMs !== undefined && this.clock.now() - holder.mtimeMs > this.staleMs;
  }

  private async breakLock(holder: Partial<LockOwner> | undefined): Promise<void> {
    // Rename first: of several processes breaking the same lock, only one rename succeeds.
    const aside = `${this.lockFile}.stale-${randomBytes(4).toString('hex')}`;
    try {
      await this.fs.rename(this.lockFile, aside);
    } catch {
      return;
    }
    this.logger.warn(`Broke an abandoned lock ${this.lockFile} (held by ${describe(holder)}).`);
    await this.fs.delete(aside);
  }

  /** A plain (ref'd) timer: a process waiting for the lock must not exit as if it had nothing to do. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}

function describe(holder: Partial<LockOwner> | undefined): string {
  if (!holder) return 'nobody';
  if (holder.pid === undefined) return 'an unknown process';
  return `process ${holder.pid} on ${holder.host ?? 'an unknown host'}${holder.at ? ` since ${new Date(holder.at).toISOString()}` : ''}`;
}
