// Worker thread of the vector store: scans the shared vector matrix for queries the main thread
// writes into a shared channel (protocol in vector-search-protocol.ts), so a search over a large index
// never blocks the extension host's event loop. The thread sleeps in Atomics.wait between queries and
// is woken by Atomics.notify: no message, clone or allocation per query.
// Above a size threshold the worker also builds an approximate (HNSW) index over the same rows
// (ann-graph.ts), a few rows at a time between queries, and answers from it once it holds every change.
// Bundled on its own as dist/vector-search-worker.js (esbuild.js); tsc compiles it beside exact-vector-store.js.
import { parentPort, receiveMessageOnPort, workerData } from 'worker_threads';
import { AnnGraph, RowStamps } from './ann-graph';
import { AnnState, Control, QueryChannel, type AttachMessage, type WorkerStartData } from './vector-search-protocol';
import { instantiateSimdDots, type DotsFunction } from './simd-dot';
import { instantiateInt8Dots } from './simd-dot-int8';
import { scanInto, scanQuantizedInto, scanSimdInto, TopK, type QuantizedRows } from './vector-scan';

interface Attached {
  matrix: Float32Array;
  live: Uint8Array;
  dimension: number;
  simd: { memory: SharedArrayBuffer; dots: DotsFunction; scratch: number } | undefined;
  /** Set when the store keeps int8 copies of its rows: scans take two passes. */
  quantized: QuantizedRows | undefined;
  channel: QueryChannel;
  stamps: RowStamps;
  generation: number;
}

/** Rows brought into the approximate index per step between queries (a few milliseconds each). */
const ANN_ROWS_PER_STEP = 16;

function attach(message: AttachMessage, previous: Attached | undefined): Attached {
  const reuse = previous?.simd && message.simd && previous.simd.memory === message.matrix;
  const dots = reuse ? previous!.simd!.dots : message.simd ? instantiateSimdDots(message.simd.memory) : undefined;
  const offsets = message.simd?.quantized;
  const dots8 = offsets ? (reuse && previous!.quantized?.dots8) || instantiateInt8Dots(message.simd!.memory) : undefined;
  const simd = dots && message.simd ? { memory: message.matrix, dots, scratch: message.simd.scratch } : undefined;
  const quantized = simd && dots8 && offsets ? { memory: simd.memory, dots8, rows: offsets.rows, scales: offsets.scales, scratch: simd.scratch } : undefined;
  // A fresh kernel runs in V8's baseline tier until its first calls get it optimized: warm it up on a
  // few rows now rather than on the first queries.
  if (simd && !reuse)
    for (let i = 0; i < 64; i++)
      simd.dots(0, simd.scratch, Math.min(256, new Uint8Array(message.live).length), message.dimension, simd.scratch + message.dimension * 4);
  if (quantized && !reuse)
    for (let i = 0; i < 64; i++)
      quantized.dots8(
        quantized.rows,
        quantized.scratch,
        Math.min(256, new Uint8Array(message.live).length),
        message.dimension,
        quantized.scratch + message.dimension * 4,
        quantized.scales,
      );
  return {
    matrix: new Float32Array(message.matrix, 0, Math.floor(message.matrix.byteLength / 4)),
    live: new Uint8Array(message.live),
    dimension: message.dimension,
    simd,
    quantized,
    channel: new QueryChannel(message.channel, message.dimension, message.capacity),
    stamps: new RowStamps(message.stamps),
    generation: message.generation,
  };
}

function serve(control: Int32Array, ann: WorkerStartData['ann']): void {
  const top = new TopK(64);
  const candidates = new TopK(64);
  let state: Attached | undefined;
  let graph: AnnGraph | undefined;
  let rowCount = 0;
  let seen = 0; // the client numbers requests from 1: one sent before this thread started is seen at once
  const wanted = () => !!ann && !!state && Atomics.load(control, Control.Size) > ann.threshold && Atomics.load(control, Control.Ann) !== AnnState.Unavailable;
  /** One step of bringing the approximate index up to date; false when there is nothing (more) to do. */
  const annStep = (): boolean => {
    if (!wanted()) return false;
    try {
      graph ??= new AnnGraph(state!.dimension, ann!.options);
      const current = graph.sync(state!.matrix, state!.live, state!.stamps, ANN_ROWS_PER_STEP);
      Atomics.store(control, Control.Ann, current ? AnnState.Current : AnnState.Building);
      return !current;
    } catch (error) {
      graph = undefined;
      state!.channel.writeError(`approximate search is off: ${(error as Error).message}`);
      Atomics.store(control, Control.Ann, AnnState.Unavailable);
      return false;
    }
  };
  for (;;) {
    if (Atomics.load(control, Control.Stop)) return;
    // While the approximate index has work left, build it in small steps and look for a query between them.
    const woken = Atomics.wait(control, Control.Request, seen, annStep() ? 0 : Infinity);
    // Stopping by returning (the thread then ends on its own) rather than by terminate(): a thread
    // terminated inside a native call (usearch) could abort the whole process as it exits.
    if (Atomics.load(control, Control.Stop)) return;
    if (woken === 'timed-out') continue;
    seen = Atomics.load(control, Control.Request);
    for (let m = receiveMessageOnPort(parentPort!); m; m = receiveMessageOnPort(parentPort!)) {
      const message = m.message as AttachMessage;
      if (state && message.generation !== state.generation && graph) {
        graph = undefined; // the store was cleared: its rows are other vectors now
        Atomics.store(control, Control.Ann, AnnState.Building);
      }
      state = attach(message, state);
    }
    let status = 0;
    let count = 0;
    let approximate = 0;
    try {
      if (!state) throw new Error('a query arrived before the shared buffers');
      const k = Math.min(Atomics.load(control, Control.K), state.channel.capacity);
      rowCount = Atomics.load(control, Control.RowCount);
      const { channel, simd } = state;
      if (graph && wanted() && graph.current(state.stamps)) {
        const found = graph.search(channel.query, state.matrix, state.live, k);
        channel.rows.set(found.rows);
        channel.scores.set(found.scores);
        count = found.rows.length;
        approximate = 1;
      } else {
        if (state.quantized) scanQuantizedInto(top, candidates, state.quantized, state.matrix, state.live, rowCount, state.dimension, channel.query, k);
        else if (simd) scanSimdInto(top, simd.memory, simd.dots, simd.scratch, state.live, rowCount, state.dimension, channel.query, k);
        else scanInto(top, state.matrix, state.live, rowCount, state.dimension, channel.query, k);
        count = top.drainInto(channel.rows, channel.scores);
      }
    } catch (error) {
      status = 1;
      state?.channel.writeError((error as Error).message);
    }
    Atomics.store(control, Control.Count, count);
    Atomics.store(control, Control.Status, status);
    Atomics.store(control, Control.Approximate, approximate);
    Atomics.store(control, Control.Reply, seen);
    Atomics.notify(control, Control.Reply);
  }
}

const start = workerData as WorkerStartData | undefined;
if (parentPort && start?.control) serve(new Int32Array(start.control), start.ann);
