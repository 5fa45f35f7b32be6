// The default vector store: in-process, scanned with dot products, in a worker thread above a size
// threshold and with an approximate index above a second one (see ExactVectorStore).
import * as path from 'path';
import type { LoggerPort } from '../ports';
import { VectorStoreError } from './errors';
import type { VectorHit, VectorRecord, VectorStore } from './vector-store';
import { VectorSearchClient, type SharedRows } from './vector-search-client';
import { RowStamps, type AnnOptions } from './ann-graph';
import { AnnState } from './vector-search-protocol';
import { MAX_PAGES, WASM_PAGE, instantiateSimdDots, sharedWasmMemory, type DotsFunction, type WasmMemory } from './simd-dot';
import { instantiateInt8Dots, quantizeInto, type Int8DotsFunction } from './simd-dot-int8';
import { moveQuantized, simdLayout, type SimdLayout } from './simd-layout';
import { scanQuantizedInto, scanTopK, scanTopKSimd, TopK } from './vector-scan';

/** Above this many vectors the exact store searches in a worker thread. */
export const DEFAULT_WORKER_THRESHOLD = 50_000;
/**
 * Above this many vectors the worker builds an approximate (HNSW) index and answers from it: at 100k
 * 384-d vectors the exact scan takes ~5 ms a query on 2 cores, the graph well under 1 ms (npm run bench -- rag).
 */
export const DEFAULT_ANN_THRESHOLD = 100_000;

export interface ExactStoreOptions {
  initialCapacity?: number;
  /** Search in a worker thread when the store holds more vectors than this (default 50,000; Infinity: never). */
  workerThreshold?: number;
  /**
   * Build an approximate (HNSW) index in the search worker above this many vectors (default 100,000;
   * Infinity: always exact). It lives in the worker, so it needs the store above workerThreshold too.
   */
  annThreshold?: number;
  /** The approximate index's parameters (ann-graph.ts). */
  ann?: AnnOptions;
  /** false: scan with the JavaScript loop even where WebAssembly SIMD is available (benchmarks compare both). */
  simd?: boolean;
  /**
   * With SIMD, scan in two passes: int8 copies of the rows first (a quarter of the bytes), then the best
   * candidates re-ranked from their float32 vectors (default true; false: one float32 pass).
   */
  quantized?: boolean;
  /** The worker script; defaults to vector-search-worker.js beside this module (dist/ when bundled, out/ under tsc). */
  workerScript?: string;
  logger?: LoggerPort;
}

/** Where the worker script is at run time: next to the code that runs (the bundle or tsc's output). */
export function defaultWorkerScript(): string {
  return path.join(__dirname, 'vector-search-worker.js');
}

/**
 * An in-process store scanned with dot products (vectors are normalized, so dot = cosine): with
 * WebAssembly SIMD in two passes, int8 copies of the rows first and the best candidates re-ranked from
 * float32 (vector-scan.ts scanQuantizedInto; recall@10 1.0 on the benchmark's sets, not guaranteed
 * exact), else one float32 pass (exact).
 * Above a threshold (50k vectors by default) the scan runs in a worker thread over the same memory
 * (a SharedArrayBuffer), so a search never blocks the host's event loop; if the worker cannot run,
 * search falls back to the in-thread scan with a warning. Both scans share one function (vector-scan.ts)
 * and give identical results. Above a second threshold (100k vectors by default) the worker also builds
 * an approximate HNSW index (ann-graph.ts, usearch) in the background and answers from it once it holds
 * every change: exact until then, and wherever usearch cannot load. The contents are persisted by the
 * collection's journal.
 */
export class ExactVectorStore implements VectorStore {
  readonly kind = 'exact' as const;
  readonly durable = false;
  private matrixBuffer: SharedArrayBuffer;
  private matrix: Float32Array;
  /** 1 for a row that holds a vector, shared with the worker. */
  private liveBuffer: SharedArrayBuffer;
  private live: Uint8Array;
  /** Each row's change stamp, shared with the worker (its approximate index follows them). */
  private stamps: RowStamps;
  /** Bumped by clear(). */
  private generation = 0;
  private readonly annThreshold: number;
  private readonly annOptions: AnnOptions;
  /** Whether the last query was answered by the approximate index. */
  lastQueryApproximate = false;
  private ids: Array<string | undefined> = [];
  private readonly rowOf = new Map<string, number>();
  private free: number[] = [];
  /** Bumped by every change; a worker answer computed while the store changed is not used. */
  private version = 0;
  private readonly workerThreshold: number;
  private readonly workerScript: string;
  private readonly logger: LoggerPort | undefined;
  private searchWorker: VectorSearchClient | undefined;
  private disposed = false;
  private useSimd: boolean;
  private readonly simdAllowed: boolean;
  private simd: { memory: WasmMemory; dots: DotsFunction; dots8: Int8DotsFunction | undefined; layout: SimdLayout } | undefined;
  private readonly quantizedAllowed: boolean;
  /** The rows quantized to int8 and their scales (views of the shared memory), when scans take two passes. */
  private quantized: { rows: Int8Array; scales: Float32Array } | undefined;
  /** The in-thread scan's top-k heap, reused from query to query, and the two-pass scan's candidates. */
  private readonly top = new TopK();
  private readonly candidates = new TopK();

  constructor(
    readonly dimension: number,
    options: ExactStoreOptions | number = {},
  ) {
    if (!(dimension > 0)) throw new VectorStoreError(`A vector store needs a positive dimension, got ${dimension}.`);
    const opts = typeof options === 'number' ? { initialCapacity: options } : options;
    const capacity = Math.max(1, opts.initialCapacity ?? 1024);
    this.workerThreshold = opts.workerThreshold ?? DEFAULT_WORKER_THRESHOLD;
    this.workerScript = opts.workerScript ?? defaultWorkerScript();
    this.annThreshold = opts.annThreshold ?? DEFAULT_ANN_THRESHOLD;
    this.annOptions = opts.ann ?? {};
    this.logger = opts.logger;
    this.simdAllowed = opts.simd !== false;
    this.quantizedAllowed = opts.quantized !== false;
    this.useSimd = this.simdAllowed && dimension % 16 === 0;
    this.matrixBuffer = this.allocate(capacity);
    this.matrix = new Float32Array(this.matrixBuffer, 0, dimension * capacity);
    this.liveBuffer = new SharedArrayBuffer(capacity);
    this.live = new Uint8Array(this.liveBuffer);
    this.stamps = new RowStamps(new SharedArrayBuffer(RowStamps.bytesFor(capacity)));
  }

  /** Where the search worker's approximate index stands (Off until the store passes annThreshold and is searched). */
  get annState(): AnnState {
    return this.searchWorker?.annState ?? AnnState.Off;
  }

  /** Whether scans run through the WebAssembly SIMD kernel (else the JavaScript loop). */
  get simdActive(): boolean {
    return !!this.simd;
  }

  /** Whether scans take two passes (int8 rows, then float32 re-ranking). */
  get quantizedActive(): boolean {
    return !!this.quantized;
  }

  /**
   * The rows' memory. In SIMD mode one shared WebAssembly memory that grows in place and also holds
   * the int8 rows and two scratch areas (simd-layout.ts); else a plain shared buffer of float32 rows.
   */
  private allocate(capacity: number): SharedArrayBuffer {
    if (this.useSimd) {
      const layout = simdLayout(this.dimension, capacity, this.quantizedAllowed && (!this.simd || !!this.simd.dots8));
      // While the worker scans, the memory it writes its scores to must not become rows: a store that grows
      // then moves to a new memory (the scan's answer is dropped for the store's version changed anyway).
      if (this.simd && !this.searchWorker?.busy) {
        const have = this.simd.memory.buffer.byteLength;
        const bytes = layout.bytes;
        if (bytes <= have || (bytes <= MAX_PAGES * WASM_PAGE && this.simd.memory.grow(Math.ceil((bytes - have) / WASM_PAGE)) >= 0)) {
          moveQuantized(this.simd.memory.buffer, this.dimension, this.simd.layout, layout);
          this.simd.layout = layout;
          this.bindQuantized();
          return this.simd.memory.buffer;
        }
      } else {
        const memory = sharedWasmMemory(layout.bytes);
        const dots = memory ? instantiateSimdDots(memory) : undefined;
        if (memory && dots) {
          const dots8 = this.quantizedAllowed ? instantiateInt8Dots(memory) : undefined;
          this.simd = { memory, dots, dots8, layout: dots8 || !this.quantizedAllowed ? layout : simdLayout(this.dimension, capacity, false) };
          this.bindQuantized();
          return memory.buffer;
        }
      }
      this.logger?.warn('Vector search runs without WebAssembly SIMD (not available or the index outgrew 4 GiB).');
      this.useSimd = false;
      this.simd = undefined;
      this.quantized = undefined;
    }
    return new SharedArrayBuffer(this.dimension * capacity * 4);
  }

  /** Views of the int8 rows and scales in the current memory (its buffer object changes when it grows). */
  private bindQuantized(): void {
    const simd = this.simd;
    if (!simd?.dots8 || simd.layout.quantizedRows < 0) {
      this.quantized = undefined;
      return;
    }
    const { capacity, quantizedRows, scales } = simd.layout;
    const buffer = simd.memory.buffer;
    this.quantized = { rows: new Int8Array(buffer, quantizedRows, capacity * this.dimension), scales: new Float32Array(buffer, scales, capacity) };
  }

  private scratchOf(slot: 0 | 1): number {
    return this.simd!.layout.scratch[slot];
  }

  /** What the search worker needs to scan the shared memory with the kernels (its own scratch area). */
  private workerSimd(simd: NonNullable<ExactVectorStore['simd']>): SharedRows['simd'] {
    const { layout } = simd;
    const quantized = this.quantized ? { rows: layout.quantizedRows, scales: layout.scales } : undefined;
    return { memory: simd.memory, scratch: layout.scratch[1], ...(quantized ? { quantized } : {}) };
  }

  get size(): number {
    return this.rowOf.size;
  }

  /** The search worker once started (tests and benchmarks look at it). */
  get worker(): VectorSearchClient | undefined {
    return this.searchWorker;
  }

  /** True when queries go to the worker thread (above the threshold, worker not failed). */
  get searchesInWorker(): boolean {
    return !this.disposed && this.rowOf.size > this.workerThreshold && !this.searchWorker?.failure;
  }

  /** The stored vector (a view; copy before keeping it). */
  vectorOf(id: string): Float32Array | undefined {
    const row = this.rowOf.get(id);
    return row === undefined ? undefined : this.matrix.subarray(row * this.dimension, (row + 1) * this.dimension);
  }

  /** Makes room for `rows` vectors at once (loading a saved index), instead of growing step by step. */
  reserve(rows: number): void {
    if (rows > this.live.length) this.grow(rows);
  }

  private grow(rows: number): void {
    const capacity = Math.max(this.live.length * 2, rows);
    const { simd: oldSimd, quantized: oldQuantized } = this;
    const matrixBuffer = this.allocate(capacity);
    const matrix = new Float32Array(matrixBuffer, 0, capacity * this.dimension);
    // A shared WebAssembly memory that grew in place holds the rows already; a new buffer needs a copy.
    if (!oldSimd || this.simd?.memory !== oldSimd.memory) {
      matrix.set(this.matrix);
      if (oldQuantized && this.quantized) {
        this.quantized.rows.set(oldQuantized.rows);
        this.quantized.scales.set(oldQuantized.scales);
      }
    }
    const liveBuffer = new SharedArrayBuffer(capacity);
    const live = new Uint8Array(liveBuffer);
    live.set(this.live);
    this.stamps = this.stamps.grown(capacity);
    this.matrixBuffer = matrixBuffer;
    this.matrix = matrix;
    this.liveBuffer = liveBuffer;
    this.live = live;
  }

  upsertSync(id: string, vector: Float32Array): void {
    if (vector.length !== this.dimension) throw new VectorStoreError(`Vector for ${id} has ${vector.length} dimensions; this store holds ${this.dimension}.`);
    this.version++;
    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.free.pop() ?? this.ids.length;
      if (row === this.ids.length) this.ids.push(undefined);
      if (row + 1 > this.live.length) this.grow(row + 1);
      this.rowOf.set(id, row);
      this.ids[row] = id;
    }
    this.matrix.set(vector, row * this.dimension);
    if (this.quantized) this.quantized.scales[row] = quantizeInto(vector, this.quantized.rows, row * this.dimension);
    this.live[row] = 1;
    this.stamps.touch(row);
  }

  deleteSync(id: string): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    this.version++;
    this.rowOf.delete(id);
    this.ids[row] = undefined;
    this.live[row] = 0;
    this.stamps.touch(row);
    this.free.push(row);
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    for (const r of records) this.upsertSync(r.id, r.vector);
  }

  async delete(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.deleteSync(id);
  }

  async query(vector: Float32Array, limit: number, accept?: (id: string) => boolean): Promise<VectorHit[]> {
    if (vector.length !== this.dimension) throw new VectorStoreError(`Query vector has ${vector.length} dimensions; this store holds ${this.dimension}.`);
    if (limit <= 0 || !this.rowOf.size) return [];
    if (this.searchesInWorker) return this.queryInWorker(vector, limit, accept);
    this.lastQueryApproximate = false;
    return this.querySync(vector, limit, accept);
  }

  /** The scan on the calling thread. */
  querySync(vector: Float32Array, limit: number, accept?: (id: string) => boolean): VectorHit[] {
    if (vector.length !== this.dimension) throw new VectorStoreError(`Query vector has ${vector.length} dimensions; this store holds ${this.dimension}.`);
    if (limit <= 0 || !this.rowOf.size) return [];
    const ids = this.ids;
    const filter = accept ? (row: number) => accept(ids[row]!) : undefined;
    if (this.simd?.dots8 && this.quantized) {
      const { memory, dots8, layout } = this.simd;
      const quantized = { memory: memory.buffer, dots8, rows: layout.quantizedRows, scales: layout.scales, scratch: layout.scratch[0] };
      scanQuantizedInto(this.top, this.candidates, quantized, this.matrix, this.live, ids.length, this.dimension, vector, limit, filter);
      const { rows, scores } = this.top.drain();
      return rows.map((row, i) => ({ id: ids[row]!, score: scores[i]! }));
    }
    const { rows, scores } = this.simd
      ? scanTopKSimd(this.matrixBuffer, this.simd.dots, this.scratchOf(0), this.live, ids.length, this.dimension, vector, limit, filter, this.top)
      : scanTopK(this.matrix, this.live, ids.length, this.dimension, vector, limit, filter, this.top);
    return rows.map((row, i) => ({ id: ids[row]!, score: scores[i]! }));
  }

  /**
   * The scan in the worker. The worker ranks all rows (it cannot call `accept`), so with a filter it
   * returns more candidates than asked and they are filtered here, asking for more until enough pass:
   * the same rows in the same order as the in-thread scan.
   */
  private async queryInWorker(vector: Float32Array, limit: number, accept?: (id: string) => boolean): Promise<VectorHit[]> {
    this.searchWorker ??= new VectorSearchClient(
      this.workerScript,
      (reason) => this.logger?.warn(`Vector search moved back to the main thread: ${reason}.`),
      Number.isFinite(this.annThreshold) ? { threshold: this.annThreshold, options: this.annOptions } : undefined,
      (reason) => this.logger?.warn(`Vector search stays exact: ${reason}.`),
    );
    const version = this.version;
    this.lastQueryApproximate = false;
    let k = accept ? Math.max(limit * 4, 64) : limit;
    for (;;) {
      k = Math.min(k, this.rowOf.size);
      let result;
      try {
        result = await this.searchWorker.query(
          {
            matrix: this.matrixBuffer,
            live: this.liveBuffer,
            stamps: this.stamps.buffer,
            generation: this.generation,
            dimension: this.dimension,
            rowCount: this.ids.length,
            size: this.rowOf.size,
            simd: this.simd ? this.workerSimd(this.simd) : undefined,
          },
          vector,
          k,
        );
      } catch {
        return this.querySync(vector, limit, accept); // the failure was logged once by the client
      }
      if (this.version !== version) return this.querySync(vector, limit, accept); // changed meanwhile
      this.lastQueryApproximate = result.approximate;
      const hits: VectorHit[] = [];
      for (let i = 0; i < result.rows.length && hits.length < limit; i++) {
        const id = this.ids[result.rows[i]!]!;
        if (!accept || accept(id)) hits.push({ id, score: result.scores[i]! });
      }
      if (hits.length >= limit || result.rows.length < k || k >= this.rowOf.size) return hits;
      k *= 8;
    }
  }

  async count(): Promise<number> {
    return this.rowOf.size;
  }

  async clear(): Promise<void> {
    this.version++;
    this.rowOf.clear();
    this.ids = [];
    this.free = [];
    this.simd = undefined;
    this.useSimd = this.dimension % 16 === 0 && this.simdAllowed;
    this.matrixBuffer = this.allocate(1024);
    this.matrix = new Float32Array(this.matrixBuffer, 0, this.dimension * 1024);
    this.liveBuffer = new SharedArrayBuffer(1024);
    this.live = new Uint8Array(this.liveBuffer);
    this.stamps = new RowStamps(new SharedArrayBuffer(RowStamps.bytesFor(1024)));
    this.generation++;
  }

  /** Ends the worker; a store still queried afterwards scans on the calling thread (no new worker). */
  dispose(): void {
    this.disposed = true;
    this.searchWorker?.dispose();
    this.searchWorker = undefined;
  }
}
