// The main-thread side of the search worker: starts it on first use, hands it the shared buffers and
// asks it queries through shared memory (vector-search-protocol.ts), one at a time in order. The
// worker holds the event loop only while a query is pending (so a CLI process still exits when idle).
// When the worker cannot start or dies, every pending and later query is rejected and `onFailure` is
// called once: the store then searches in-thread.
import type { Worker } from 'worker_threads';
import { AnnState, CONTROL_SLOTS, Control, QueryChannel, type AttachMessage, type SimdRows, type WorkerStartData } from './vector-search-protocol';
import type { ScanResult } from './vector-scan';

/** The store's shared rows as the worker sees them. */
export interface SharedRows {
  matrix: SharedArrayBuffer;
  live: SharedArrayBuffer;
  stamps: SharedArrayBuffer;
  generation: number;
  dimension: number;
  /** Rows in use, free ones included (the scan's end). */
  rowCount: number;
  /** Vectors held. */
  size: number;
  /** The matrix lives in this shared WebAssembly memory: scan it with the SIMD kernels (simd-layout.ts). */
  simd?: SimdRows | undefined;
}

export interface VectorScanReply extends ScanResult {
  /** Answered by the approximate index (else by the exact scan). */
  approximate: boolean;
}

type WaitAsync = (array: Int32Array, index: number, value: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** How long a stopping worker may take to return before it is terminated. */
const STOP_GRACE_MS = 2000;

export class VectorSearchClient {
  private worker: Worker | undefined;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  private channel: QueryChannel | undefined;
  private attached: { matrix: SharedArrayBuffer; live: SharedArrayBuffer; stamps: SharedArrayBuffer; channel: QueryChannel } | undefined;
  private annReported = false;
  /** Queries run one after another: each waits for the previous one. */
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private pending = 0;
  private disposed = false;
  /** Why the worker is unusable, once it failed. */
  failure: string | undefined;

  constructor(
    private readonly script: string,
    private readonly onFailure: (reason: string) => void,
    /** Build an approximate index above this many vectors (absent: never), and whom to tell if it cannot run. */
    private readonly ann?: WorkerStartData['ann'],
    private readonly onAnnUnavailable?: (reason: string) => void,
  ) {}

  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /** The worker, for tests that need to break it. */
  get thread(): Worker | undefined {
    return this.worker;
  }

  query(rows: SharedRows, vector: Float32Array, k: number): Promise<VectorScanReply> {
    this.pending++;
    const run = this.queue.then(() => this.run(rows, vector, k)).finally(() => this.pending--);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Whether a query is queued or under way: the worker may still write its scratch area in the buffers
   * it was given, so the store must not hand that memory to rows (it grows into a new memory instead).
   */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Where the worker's approximate index stands (AnnState), as of its last reply or step. */
  get annState(): AnnState {
    return Atomics.load(this.control, Control.Ann) as AnnState;
  }

  private async run(rows: SharedRows, vector: Float32Array, k: number): Promise<VectorScanReply> {
    const { matrix, live, stamps, generation, dimension, simd } = rows;
    if (this.disposed) throw new Error('the vector search worker was disposed');
    if (this.failure) throw new Error(this.failure);
    if (!waitAsync) {
      this.fail('Atomics.waitAsync is not available in this runtime');
      throw new Error(this.failure);
    }
    let worker: Worker;
    try {
      worker = this.worker ?? this.start();
    } catch (error) {
      this.fail(`could not start ${this.script}: ${(error as Error).message}`);
      throw new Error(this.failure);
    }
    if (!this.channel || this.channel.capacity < k || this.channel.query.length !== dimension) {
      const capacity = Math.max(k, 64, (this.channel?.capacity ?? 0) * 2);
      this.channel = new QueryChannel(new SharedArrayBuffer(QueryChannel.bytes(dimension, capacity)), dimension, capacity);
    }
    const channel = this.channel;
    if (this.attached?.matrix !== matrix || this.attached.live !== live || this.attached.stamps !== stamps || this.attached.channel !== channel) {
      const message: AttachMessage = {
        type: 'attach',
        matrix,
        live,
        stamps,
        generation,
        dimension,
        channel: channel.buffer,
        capacity: channel.capacity,
        ...(simd ? { simd } : {}),
      };
      worker.postMessage(message); // read by the worker when the notify below wakes it
      this.attached = { matrix, live, stamps, channel };
    }
    channel.query.set(vector);
    const seq = ++this.seq;
    Atomics.store(this.control, Control.K, k);
    Atomics.store(this.control, Control.RowCount, rows.rowCount);
    Atomics.store(this.control, Control.Size, rows.size);
    Atomics.store(this.control, Control.Request, seq);
    Atomics.notify(this.control, Control.Request);
    worker.ref();
    try {
      await this.reply(seq);
    } finally {
      worker.unref();
    }
    if (Atomics.load(this.control, Control.Status) !== 0) throw new Error(channel.readError());
    if (this.annState === AnnState.Unavailable && !this.annReported) {
      this.annReported = true;
      this.onAnnUnavailable?.(channel.readError());
    }
    const count = Atomics.load(this.control, Control.Count);
    return {
      rows: Array.from(channel.rows.subarray(0, count)),
      scores: Array.from(channel.scores.subarray(0, count)),
      approximate: Atomics.load(this.control, Control.Approximate) === 1,
    };
  }

  /** Resolves once the worker answered request `seq`; rejects when the worker fails meanwhile. */
  private async reply(seq: number): Promise<void> {
    for (;;) {
      const answered = Atomics.load(this.control, Control.Reply);
      if (answered === seq) return;
      if (this.failure || this.disposed) throw new Error(this.failure ?? 'the vector search worker was disposed');
      const waiting = waitAsync!(this.control, Control.Reply, answered);
      if (waiting.async) await waiting.value;
    }
  }

  private start(): Worker {
    const data: WorkerStartData = { control: this.control.buffer as SharedArrayBuffer, ...(this.ann ? { ann: this.ann } : {}) };
    // worker_threads is loaded with the first search that needs it (a CLI search of a small index never does).
    const { Worker: WorkerThread } = require('worker_threads') as typeof import('worker_threads');
    const worker = new WorkerThread(this.script, { workerData: data });
    worker.unref();
    worker.on('error', (error) => this.fail(`the vector search worker crashed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.disposed) this.fail(`the vector search worker exited unexpectedly (code ${code})`);
    });
    this.worker = worker;
    return worker;
  }

  private fail(reason: string): void {
    if (this.failure || this.disposed) return;
    this.failure = reason;
    const worker = this.worker;
    this.worker = undefined;
    this.attached = undefined;
    Atomics.notify(this.control, Control.Reply); // a query waiting for its reply sees the failure
    void worker?.terminate().catch(() => undefined);
    this.onFailure(reason);
  }

  /**
   * Stops the worker: it is asked to return at its next step (a few milliseconds) and its thread ends by
   * itself; terminate() only follows if it has not after STOP_GRACE_MS (a timer that does not keep the
   * process alive). Terminating a thread inside a native call (usearch building the graph) could abort
   * the process as it exited (`terminate called after throwing an instance of 'Napi::Error'`).
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.notify(this.control, Control.Reply);
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    Atomics.store(this.control, Control.Stop, 1);
    // The request counter moves too, so a worker about to wait on the count it last saw (one still
    // starting up, or between its check of the stop flag and its wait) does not block: without this,
    // that thread slept until terminate() (seen on a loaded machine: exit code 1 after 2 s).
    Atomics.add(this.control, Control.Request, 1);
    Atomics.notify(this.control, Control.Request);
    const fallback = setTimeout(() => void worker.terminate().catch(() => undefined), STOP_GRACE_MS);
    fallback.unref();
    worker.once('exit', () => clearTimeout(fallback));
  }
}
