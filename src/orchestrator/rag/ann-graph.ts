// The approximate-nearest-neighbour index of a large vector store: an HNSW graph from usearch (a
// maintained C++ library with prebuilt Node bindings), kept in the search worker beside the exact scan.
// The graph follows the store's shared memory instead of receiving the vectors: every row has a stamp
// the store bumps whenever the row changes (RowStamps), and `sync` brings the graph up to date a few
// rows at a time, so the worker can build it in the background between queries. Until the graph holds
// every change (`current`), the worker answers with the exact scan. Candidates the graph returns are
// scored again with exact float dot products, so both paths give comparable scores.
// usearch ships prebuilt bindings for Linux and macOS; where it cannot load, the store stays exact.
import { AnnError } from './errors';

/** Per-row change stamps shared by the store (writer) and its worker (reader). Slot 0 is the store's version. */
export class RowStamps {
  readonly array: Uint32Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.array = new Uint32Array(buffer);
  }

  static bytesFor(rows: number): number {
    return (rows + 1) * 4;
  }

  /** Rows this buffer has room for. */
  get capacity(): number {
    return this.array.length - 1;
  }

  /** Called by the store after it wrote (or cleared) a row. */
  touch(row: number): void {
    Atomics.add(this.array, row + 1, 1);
    Atomics.add(this.array, 0, 1);
  }

  stampOf(row: number): number {
    return Atomics.load(this.array, row + 1);
  }

  get version(): number {
    return Atomics.load(this.array, 0);
  }

  /** A larger copy (the store grew). */
  grown(rows: number): RowStamps {
    const next = new RowStamps(new SharedArrayBuffer(RowStamps.bytesFor(rows)));
    next.array.set(this.array);
    return next;
  }
}

export interface AnnOptions {
  /** Graph degree (HNSW M). Default 16. */
  connectivity?: number;
  /** Candidate list while inserting (efConstruction). Default 64. */
  expansionAdd?: number;
  /** Candidate list while searching (ef). Default 128. */
  expansionSearch?: number;
  /** How the graph stores vectors: 'f16' halves its memory; results are re-scored in float32 anyway. Default 'f16'. */
  quantization?: 'f32' | 'f16' | 'i8';
}

interface UsearchIndex {
  add(keys: bigint, vectors: Float32Array, threads?: number): void;
  remove(keys: bigint): number;
  search(vector: Float32Array, k: number, threads: number): { keys: BigUint64Array; distances: Float32Array };
  size(): number;
}
interface UsearchModule {
  Index: new (options: Record<string, unknown>) => UsearchIndex;
}

let usearch: UsearchModule | string | undefined;

/** The usearch module, or why it cannot load on this platform. Loaded once, on first use. */
export function loadUsearch(): UsearchModule | string {
  if (usearch === undefined) {
    try {
      usearch = require('usearch') as UsearchModule;
    } catch (error) {
      usearch = `usearch cannot load here (${(error as Error).message.split('\n')[0]})`;
    }
  }
  return usearch;
}

export class AnnGraph {
  private readonly index: UsearchIndex;
  /** The stamp of each row as the graph holds it (0: not in the graph). */
  private held = new Uint32Array(1024);
  /** The store version the graph fully reflects (-1: none yet). */
  private syncedVersion = -1;
  /** Where the next sync pass resumes, and the version seen when that pass started. */
  private cursor = 0;
  private passVersion = -1;
  private readonly query: Float32Array;

  constructor(
    readonly dimension: number,
    options: AnnOptions = {},
  ) {
    const lib = loadUsearch();
    if (typeof lib === 'string') throw new AnnError(lib);
    this.index = new lib.Index({
      dimensions: dimension,
      metric: 'ip',
      quantization: options.quantization ?? 'f16',
      connectivity: options.connectivity ?? 16,
      expansion_add: options.expansionAdd ?? 64,
      expansion_search: options.expansionSearch ?? 128,
      multi: false,
    });
    this.query = new Float32Array(dimension);
  }

  get size(): number {
    return this.index.size();
  }

  /** Whether the graph holds every change up to the store's current version. */
  current(stamps: RowStamps): boolean {
    return this.syncedVersion === stamps.version;
  }

  /**
   * Brings up to `budget` changed rows into the graph (added, replaced or removed), resuming where the
   * last call stopped. A pass covers every row the buffers have room for (not just the rows the last
   * query saw: rows added since then must not be missed). Returns true once the graph is current.
   */
  sync(matrix: Float32Array, live: Uint8Array, stamps: RowStamps, budget: number): boolean {
    if (this.current(stamps)) return true;
    const rowCount = Math.min(stamps.capacity, live.length, Math.floor(matrix.length / this.dimension));
    if (this.held.length < rowCount) {
      const held = new Uint32Array(Math.max(rowCount, this.held.length * 2));
      held.set(this.held);
      this.held = held;
    }
    if (this.cursor === 0) {
      this.passVersion = stamps.version;
    }
    const d = this.dimension;
    let work = 0;
    for (; this.cursor < rowCount && work < budget; this.cursor++) {
      const row = this.cursor;
      const stamp = stamps.stampOf(row);
      if (stamp === this.held[row]) continue;
      if (this.held[row] !== 0) this.index.remove(BigInt(row));
      if (live[row] === 1) this.index.add(BigInt(row), matrix.subarray(row * d, (row + 1) * d), 1);
      this.held[row] = stamp;
      work++;
    }
    if (this.cursor < rowCount) return false;
    // A whole pass: current if nothing changed after it started (else the next pass picks that up).
    this.cursor = 0;
    if (stamps.version === this.passVersion) this.syncedVersion = this.passVersion;
    return this.current(stamps);
  }

  /**
   * The graph's `k` nearest live rows to `query`, scored by exact dot products, best first (ties by
   * row). Call only when `current`.
   */
  search(queryVector: Float32Array, matrix: Float32Array, live: Uint8Array, k: number): { rows: number[]; scores: number[] } {
    if (k <= 0 || this.index.size() === 0) return { rows: [], scores: [] };
    this.query.set(queryVector);
    const found = this.index.search(this.query, Math.min(k, this.index.size()), 1);
    const d = this.dimension;
    const hits: Array<{ row: number; score: number }> = [];
    for (const key of found.keys) {
      const row = Number(key);
      if (live[row] !== 1) continue;
      let dot = 0;
      for (let i = 0, at = row * d; i < d; i++) dot += queryVector[i]! * matrix[at + i]!;
      hits.push({ row, score: dot });
    }
    hits.sort((a, b) => b.score - a.score || a.row - b.row);
    return { rows: hits.map((h) => h.row), scores: hits.map((h) => h.score) };
  }
}
