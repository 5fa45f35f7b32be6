// Messages between the exact vector store and its search worker (vector-search-worker.ts).

export type WorkerRequest =
  /** The shared buffers to scan (sent again whenever the store grows them). */
  | { type: 'attach'; matrix: SharedArrayBuffer; live: SharedArrayBuffer; dimension: number }
  | { type: 'query'; id: number; vector: Float32Array; k: number; rowCount: number };

export type WorkerReply =
  | { type: 'result'; id: number; rows: Int32Array; scores: Float64Array }
  | { type: 'error'; id: number; message: string };
