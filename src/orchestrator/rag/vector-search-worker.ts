// Worker thread of the exact vector store: scans the shared vector matrix for queries posted by the
// main thread, so a search over a large index never blocks the extension host's event loop.
// Bundled on its own as dist/vector-search-worker.js (esbuild.js); tsc compiles it beside vector-store.js.
import { parentPort } from 'worker_threads';
import type { WorkerReply, WorkerRequest } from './vector-search-protocol';
import { instantiateSimdDots, type DotsFunction } from './simd-dot';
import { scanTopK, scanTopKSimd } from './vector-scan';

let matrix: Float32Array = new Float32Array(0);
let live: Uint8Array = new Uint8Array(0);
let dimension = 1;
let simd: { memory: SharedArrayBuffer; dots: DotsFunction; scratch: number } | undefined;

parentPort?.on('message', (message: WorkerRequest) => {
  if (message.type === 'attach') {
    matrix = new Float32Array(message.matrix);
    live = new Uint8Array(message.live);
    dimension = message.dimension;
    const dots = message.simd ? instantiateSimdDots(message.simd.memory) : undefined;
    simd = dots && message.simd ? { memory: message.matrix, dots, scratch: message.simd.scratch } : undefined;
    return;
  }
  let reply: WorkerReply;
  try {
    const { rows, scores } = simd
      ? scanTopKSimd(simd.memory, simd.dots, simd.scratch, live, message.rowCount, dimension, message.vector, message.k)
      : scanTopK(matrix, live, message.rowCount, dimension, message.vector, message.k);
    reply = { type: 'result', id: message.id, rows: Int32Array.from(rows), scores: Float64Array.from(scores) };
  } catch (error) {
    reply = { type: 'error', id: message.id, message: (error as Error).message };
  }
  // Copied, not transferred: transferring detaches buffers, and once any buffer of this thread was
  // detached V8 guards every typed-array access against it, which made the scan ~25% slower.
  parentPort!.postMessage(reply);
});
