// Messages between the exact vector store and its search worker (vector-search-worker.ts). With `simd`,
// the matrix lives in a shared WebAssembly memory and the worker scans it with the SIMD kernel, using
// its own scratch area at byte offset `scratch`.
import type { WasmMemory } from './simd-dot';

export type WorkerRequest =
  /** The shared buffers to scan (sent again whenever the store grows them). */
  | { type: 'attach'; matrix: SharedArrayBuffer; live: SharedArrayBuffer; dimension: number; simd?: { memory: WasmMemory; scratch: number } }
  | { type: 'query'; id: number; vector: Float32Array; k: number; rowCount: number };

export type WorkerReply =
  | { type: 'result'; id: number; rows: Int32Array; scores: Float64Array }
  | { type: 'error'; id: number; message: string };
