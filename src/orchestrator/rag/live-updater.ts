// Turns a burst of file-watcher events into one incremental update after things calm down.
import type { ClockPort, Disposable, LoggerPort } from '../ports';
import type { CodeIndexer, IndexRunReport } from './code-indexer';

export class LiveIndexUpdater implements Disposable {
  private readonly dirty = new Set<string>();
  private timer: Disposable | undefined;
  private running: Promise<void> | undefined;
  private disposed = false;

  constructor(
    private readonly indexer: CodeIndexer,
    private readonly clock: ClockPort,
    private readonly logger: LoggerPort,
    private readonly debounceMs: number,
    private readonly onUpdated?: (report: IndexRunReport) => void,
  ) {}

  /** A file (relative path) was created, changed or deleted. */
  notify(relPath: string): void {
    if (this.disposed) return;
    this.dirty.add(relPath);
    this.timer?.dispose();
    this.timer = this.clock.setTimer(this.debounceMs, () => void this.flush());
  }

  get pending(): number {
    return this.dirty.size;
  }

  /** Applies the pending changes now; resolves when they are indexed. */
  async flush(): Promise<void> {
    this.timer?.dispose();
    this.timer = undefined;
    if (this.running) await this.running;
    if (!this.dirty.size || this.disposed) return;
    const paths = [...this.dirty];
    this.dirty.clear();
    this.running = this.indexer.updateFiles(paths).then(
      (report) => this.onUpdated?.(report),
      (error) => this.logger.warn(`Live index update of ${paths.length} file(s) failed; they are retried by the next full index: ${(error as Error).message}`),
    );
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.dispose();
    this.dirty.clear();
  }
}
