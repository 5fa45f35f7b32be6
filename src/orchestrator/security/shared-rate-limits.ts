// Rate limits shared by every process on one data folder (the extension, CLI runs, MCP servers): the
// bucket of a principal and operation is read from rate-limits.json, used and written back under the
// store lock, so starting more processes buys no more requests.
import * as path from 'path';
import type { ClockPort, LoggerPort } from '../ports';
import { FileLock } from '../memory/file-lock';
import type { StoreFileSystemPort } from '../memory/store-file-system';
import type { Bucket, RateLimiter } from './rate-limiter';

const MAX_SHARED_BUCKETS = 2_000;

export class SharedRateLimits {
  private readonly lock: FileLock;

  constructor(private readonly limiter: RateLimiter, private readonly fs: StoreFileSystemPort, readonly file: string, private readonly clock: ClockPort, private readonly logger: LoggerPort) {
    this.lock = new FileLock(fs, path.join(path.dirname(file), `.${path.basename(file)}.lock`), clock, logger);
  }

  /** Takes one token from the shared bucket or throws RateLimitError. */
  consume(principal: string, operation: string): Promise<void> {
    return this.lock.withLock(async () => {
      const state = await this.read();
      const key = `${principal}\u0000${operation}`;
      this.limiter.adoptBucket(principal, operation, state[key]);
      try {
        this.limiter.consume(principal, operation);
      } finally {
        const bucket = this.limiter.bucketOf(principal, operation);
        if (bucket) state[key] = bucket;
        await this.fs.writeFileAtomic(this.file, JSON.stringify(this.prune(state)));
      }
    });
  }

  private async read(): Promise<Record<string, Bucket>> {
    try {
      const parsed = JSON.parse(Buffer.from(await this.fs.readFile(this.file)).toString('utf8')) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, Bucket>) : {};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn(`Rate-limit state ${this.file} is unreadable (${(error as Error).message}); starting with full buckets.`);
      return {};
    }
  }

  /** Keeps the file small: buckets untouched for ten minutes are full again and can go. */
  private prune(state: Record<string, Bucket>): Record<string, Bucket> {
    const now = this.clock.now();
    const entries = Object.entries(state).filter(([, b]) => now - b.updatedAt < 600_000);
    return Object.fromEntries(entries.slice(-MAX_SHARED_BUCKETS));
  }
}
