// Reads the next few files of an indexing pass while the current one is chunked and tokenized, so the
// disk's waits overlap the CPU work instead of adding to it. A failed read is kept as its Error (never
// an unhandled rejection) for the indexer to report when it reaches that file.

export class ReadAhead<F> {
  private readonly pending = new Map<number, Promise<Uint8Array | Error>>();
  private next = 0;

  constructor(
    private readonly files: readonly F[],
    /** Whether a file will be read at all (an unchanged file is not). */
    private readonly needsRead: (file: F) => boolean,
    private readonly read: (file: F) => Promise<Uint8Array>,
    private readonly window = 8,
  ) {}

  /** The read of file `index` if one was started (starting the reads up to `window` files further). */
  take(index: number): Promise<Uint8Array | Error> | undefined {
    for (; this.next < this.files.length && this.next <= index + this.window; this.next++) {
      const file = this.files[this.next]!;
      if (this.needsRead(file))
        this.pending.set(
          this.next,
          this.read(file).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        );
    }
    const read = this.pending.get(index);
    this.pending.delete(index);
    return read;
  }
}
