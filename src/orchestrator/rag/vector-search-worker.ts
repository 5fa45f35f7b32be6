// Worker thread of the exact vector store: scans the shared vector matrix for queries the main thread
// writes into a shared channel (protocol in vector-search-protocol.ts), so a search over a large index
// never blocks the extension host's event loop. The thread sleeps in Atomics.wait between queries and
// is woken by Atomics.notify: no message, clone or allocation per query.
// Bundled on its own as dist/vector-search-worker.js (esbuild.js); tsc compiles it beside vector-store.js.
import { parentPort, receiveMessageOnPort, workerData } from 'worker_threads';
import { Control, QueryChannel, type AttachMessage, type WorkerStartData } from './vector-search-protocol';
import { instantiateSimdDots, type DotsFunction } from './simd-dot';
import { scanInto, scanSimdInto, TopK } from './vector-scan';

interface Attached {
  matrix: Float32Array;
  live: Uint8Array;
  dimension: number;
  simd: { memory: SharedArrayBuffer; dots: DotsFunction; scratch: number } | undefined;
  channel: QueryChannel;
}

function attach(message: AttachMessage, previous: Attached | undefined): Attached {
  const reuse = previous?.simd && message.simd && previous.simd.memory === message.matrix;
  const dots = reuse ? previous!.simd!.dots : message.simd ? instantiateSimdDots(message.simd.memory) : undefined;
  const simd = dots && message.simd ? { memory: message.matrix, dots, scratch: message.simd.scratch } : undefined;
  // A fresh kernel runs in V8's baseline tier until its first calls get it optimized: warm it up on a
  // few rows now rather than on the first queries.
  if (simd && !reuse)
    for (let i = 0; i < 64; i++)
      simd.dots(0, simd.scratch, Math.min(256, new Uint8Array(message.live).length), message.dimension, simd.scratch + message.dimension * 4);
  return {
    matrix: new Float32Array(message.matrix, 0, Math.floor(message.matrix.byteLength / 4)),
    live: new Uint8Array(message.live),
    dimension: message.dimension,
    simd,
    channel: new QueryChannel(message.channel, message.dimension, message.capacity),
  };
}

function serve(control: Int32Array): never {
  const top = new TopK(64);
  let state: Attached | undefined;
  let seen = 0; // the client numbers requests from 1: one sent before this thread started is seen at once
  for (;;) {
    Atomics.wait(control, Control.Request, seen);
    seen = Atomics.load(control, Control.Request);
    for (let m = receiveMessageOnPort(parentPort!); m; m = receiveMessageOnPort(parentPort!)) {
      state = attach(m.message as AttachMessage, state);
    }
    let status = 0;
    let count = 0;
    try {
      if (!state) throw new Error('a query arrived before the shared buffers');
      const k = Math.min(Atomics.load(control, Control.K), state.channel.capacity);
      const rowCount = Atomics.load(control, Control.RowCount);
      const { channel, simd } = state;
      if (simd) scanSimdInto(top, simd.memory, simd.dots, simd.scratch, state.live, rowCount, state.dimension, channel.query, k);
      else scanInto(top, state.matrix, state.live, rowCount, state.dimension, channel.query, k);
      count = top.drainInto(channel.rows, channel.scores);
    } catch (error) {
      status = 1;
      state?.channel.writeError((error as Error).message);
    }
    Atomics.store(control, Control.Count, count);
    Atomics.store(control, Control.Status, status);
    Atomics.store(control, Control.Reply, seen);
    Atomics.notify(control, Control.Reply);
  }
}

const start = workerData as WorkerStartData | undefined;
if (parentPort && start?.control) serve(new Int32Array(start.control));
