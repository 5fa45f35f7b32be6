// Rate limits shared by every process on one data folder (the extension, CLI runs, MCP servers): the
// buckets are read from rate-limits.json, used and written back under the store lock, so starting more
// processes buys no more requests. Requests arriving together share one lock and one write; the state
// is not flushed to disk (after a crash the buckets are merely fuller).
import * as path from 'path';
import type { ClockPort, LoggerPort } from '../ports';
import { FileLock } from '../memory/file-lock';
import type { StoreFileSystemPort } from '../memory/store-file-system';
import type { Bucket, RateLimiter } from './rate-limiter';

const MAX_SHARED_BUCKETS = 2_000;

interface Waiting {
  principal: string;
  operation: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class SharedRateLimits {
  private readonly lock: FileLock;
  private waiting: Waiting[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly fs: StoreFileSystemPort,
    readonly file: string,
    private readonly clock: ClockPort,
    private readonly logger: LoggerPort,
  ) {
    this.lock = new FileLock(fs, path.join(path.dirname(file), `.${path.basename(file)}.lock`), clock, logger);
  }

  /** Takes one token from the shared bucket or throws RateLimitError. */
  consume(principal: string, operation: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ principal, operation, resolve, reject });
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    await Promise.resolve(); // let requests of the same tick join
    while (this.waiting.length) {
      const batch = this.waiting;
      this.waiting = [];
      const outcomes: Array<unknown | undefined> = [];
      try {
        await this.lock.withLock(async () => {
          const state = await this.read();
          for (const w of batch) {
            const key = `${w.principal}\u0000${w.operation}`;
            this.limiter.adoptBucket(w.principal, w.operation, state[key]);
            try {
              this.limiter.consume(w.principal, w.operation);
              outcomes.push(undefined);
            } catch (error) {
              outcomes.push(error);
            }
            const bucket = this.limiter.bucketOf(w.principal, w.operation);
            if (bucket) state[key] = bucket;
          }
          await this.fs.writeFileAtomic(this.file, JSON.stringify(this.prune(state)), { sync: false });
        });
      } catch (error) {
        batch.forEach((w) => w.reject(error));
        continue;
      }
      batch.forEach((w, i) => (outcomes[i] === undefined ? w.resolve() : w.reject(outcomes[i])));
    }
    this.running = undefined;
  }

  /** The buckets in the file; an entry that is not a bucket (null, a string, a key without an operation) is left out. */
  private async read(): Promise<Record<string, Bucket>> {
    try {
      const parsed = JSON.parse(Buffer.from(await this.fs.readFile(this.file)).toString('utf8')) as unknown;
      const state: Record<string, Bucket> = {};
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return state;
      let dropped = 0;
      for (const [key, value] of Object.entries(parsed)) {
        const bucket = value as Partial<Bucket> | null;
        if (key.includes('\u0000') && bucket && typeof bucket === 'object' && Number.isFinite(bucket.tokens) && Number.isFinite(bucket.updatedAt))
          state[key] = { tokens: bucket.tokens!, updatedAt: bucket.updatedAt! };
        else dropped++;
      }
      if (dropped)
        this.logger.warn(
          `Rate-limit state ${this.file}: ${dropped} entr${dropped > 1 ? 'ies are' : 'y is'} not a bucket and ${dropped > 1 ? 'were' : 'was'} left out.`,
        );
      return state;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.logger.warn(`Rate-limit state ${this.file} is unreadable (${(error as Error).message}); starting with full buckets.`);
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
