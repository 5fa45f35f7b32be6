// How the exact vector store talks to its search worker (vector-search-worker.ts). A query is no
// message: the main thread writes it into a shared "channel" (the query vector, then room for the
// results), bumps a request counter in a small shared control block and wakes the worker with
// Atomics.notify; the worker, blocked in Atomics.wait, scans, writes the results beside the query,
// bumps the reply counter and notifies back (the main thread waits with Atomics.waitAsync, never
// blocking). Nothing is cloned or allocated per query. Buffers change rarely (the store grew, the
// channel needs room for more results): the main thread then posts an `attach` message first, which
// the worker reads synchronously (receiveMessageOnPort) when it wakes, before the query.
import type { AnnOptions } from './ann-graph';
import type { WasmMemory } from './simd-dot';

/** Int32 slots of the control block (passed to the worker as workerData.control). */
export const enum Control {
  /** Bumped by the main thread for each query. */
  Request = 0,
  /** Set by the worker to the request it answered. */
  Reply = 1,
  K = 2,
  RowCount = 3,
  /** Results written (<= K). */
  Count = 4,
  /** 0: results written; 1: the scan failed (message in the channel's error area). */
  Status = 5,
  /** Vectors the store holds (rows minus free rows): the approximate index starts above its threshold. */
  Size = 6,
  /** The approximate index: an AnnState, written by the worker. */
  Ann = 7,
  /** 1 when the last reply came from the approximate index, 0 from the exact scan. */
  Approximate = 8,
  /** Set to 1 by the main thread to stop the worker: it returns at its next step, and the thread ends. */
  Stop = 9,
}
export const CONTROL_SLOTS = 12;

/** Where the worker's approximate (HNSW) index stands. */
export const enum AnnState {
  /** Disabled, or the store is below the threshold. */
  Off = 0,
  /** Being built or catching up with changes: queries use the exact scan meanwhile. */
  Building = 1,
  /** Holds every change: queries use it. */
  Current = 2,
  /** Cannot run here (the reason is in the channel's error area): queries stay exact. */
  Unavailable = 3,
}
const ERROR_BYTES = 1024;

export interface WorkerStartData {
  control: SharedArrayBuffer;
  /** Build an approximate index once the store holds more than `threshold` vectors (absent: never). */
  ann?: { threshold: number; options: AnnOptions };
}

/** The store's rows in a shared WebAssembly memory (byte offsets as in simd-layout.ts). */
export interface SimdRows {
  memory: WasmMemory;
  /** The worker's scratch area. */
  scratch: number;
  /** Int8 copies of the rows and their scales: scan in two passes (vector-scan.ts scanQuantizedInto). */
  quantized?: { rows: number; scales: number };
}

export interface AttachMessage {
  type: 'attach';
  matrix: SharedArrayBuffer;
  live: SharedArrayBuffer;
  /** The rows' change stamps (RowStamps), which the approximate index follows. */
  stamps: SharedArrayBuffer;
  /** Bumped when the store is cleared: rows of another generation are different vectors. */
  generation: number;
  dimension: number;
  /** The matrix lives in this shared WebAssembly memory: scan it with the SIMD kernels. */
  simd?: SimdRows;
  channel: SharedArrayBuffer;
  /** Results the channel has room for. */
  capacity: number;
}

/** Typed views of a channel: the query, then scores (float64), rows (int32) and an error text. */
export class QueryChannel {
  readonly query: Float32Array;
  readonly scores: Float64Array;
  readonly rows: Int32Array;
  private readonly error: Uint8Array;

  static bytes(dimension: number, capacity: number): number {
    return scoresOffset(dimension) + capacity * 12 + ERROR_BYTES;
  }

  constructor(
    readonly buffer: SharedArrayBuffer,
    dimension: number,
    readonly capacity: number,
  ) {
    const at = scoresOffset(dimension);
    this.query = new Float32Array(buffer, 0, dimension);
    this.scores = new Float64Array(buffer, at, capacity);
    this.rows = new Int32Array(buffer, at + capacity * 8, capacity);
    this.error = new Uint8Array(buffer, at + capacity * 12, ERROR_BYTES);
  }

  writeError(message: string): void {
    const bytes = Buffer.from(message.slice(0, ERROR_BYTES / 4), 'utf8').subarray(0, ERROR_BYTES - 4);
    new DataView(this.error.buffer, this.error.byteOffset, 4).setUint32(0, bytes.length, true);
    this.error.set(bytes, 4);
  }

  readError(): string {
    const length = new DataView(this.error.buffer, this.error.byteOffset, 4).getUint32(0, true);
    return Buffer.from(this.error.slice(4, 4 + Math.min(length, ERROR_BYTES - 4))).toString('utf8');
  }
}

function scoresOffset(dimension: number): number {
  return Math.ceil((dimension * 4) / 8) * 8;
}
