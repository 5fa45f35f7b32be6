// The main-thread side of the search worker: starts it on first use, hands it the shared buffers,
// posts queries and matches replies. The worker holds the event loop only while queries are pending
// (so a CLI process still exits when idle). When the worker cannot start or dies, every pending and
// later query is rejected and `onFailure` is called once: the store then searches in-thread.
import type { WasmMemory } from './simd-dot';
import { Worker } from 'worker_threads';
import type { WorkerReply, WorkerRequest } from './vector-search-protocol';
import type { ScanResult } from './vector-scan';

interface Pending {
  resolve(result: ScanResult): void;
  reject(error: Error): void;
}

export class VectorSearchClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private attached: { matrix: SharedArrayBuffer; live: SharedArrayBuffer } | undefined;
  private disposed = false;
  /** Why the worker is unusable, once it failed. */
  failure: string | undefined;

  constructor(private readonly script: string, private readonly onFailure: (reason: string) => void) {}

  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /** The worker, for tests that need to break it. */
  get thread(): Worker | undefined {
    return this.worker;
  }

  query(matrix: SharedArrayBuffer, live: SharedArrayBuffer, dimension: number, vector: Float32Array, k: number, rowCount: number, simd?: { memory: WasmMemory; scratch: number }): Promise<ScanResult> {
    if (this.disposed) return Promise.reject(new Error('the vector search worker was disposed'));
    if (this.failure) return Promise.reject(new Error(this.failure));
    let worker: Worker;
    try {
      worker = this.worker ?? this.start();
    } catch (error) {
      this.fail(`could not start ${this.script}: ${(error as Error).message}`);
      return Promise.reject(new Error(this.failure));
    }
    if (this.attached?.matrix !== matrix || this.attached.live !== live) {
      this.post(worker, { type: 'attach', matrix, live, dimension, ...(simd ? { simd } : {}) });
      this.attached = { matrix, live };
    }
    const id = this.nextId++;
    return new Promise<ScanResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      this.post(worker, { type: 'query', id, vector: Float32Array.from(vector), k, rowCount });
    });
  }

  private post(worker: Worker, message: WorkerRequest): void {
    worker.postMessage(message);
  }

  private start(): Worker {
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.settled(reply.id);
      if (reply.type === 'result') waiting.resolve({ rows: Array.from(reply.rows), scores: Array.from(reply.scores) });
      else waiting.reject(new Error(reply.message));
    });
    worker.on('error', (error) => this.fail(`the vector search worker crashed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.disposed) this.fail(`the vector search worker exited unexpectedly (code ${code})`);
    });
    this.worker = worker;
    return worker;
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (!this.pending.size) this.worker?.unref();
  }

  private fail(reason: string): void {
    if (this.failure || this.disposed) return;
    this.failure = reason;
    const worker = this.worker;
    this.worker = undefined;
    this.attached = undefined;
    for (const waiting of this.pending.values()) waiting.reject(new Error(reason));
    this.pending.clear();
    void worker?.terminate().catch(() => undefined);
    this.onFailure(reason);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const waiting of this.pending.values()) waiting.reject(new Error('the vector search worker was disposed'));
    this.pending.clear();
    void this.worker?.terminate().catch(() => undefined);
    this.worker = undefined;
  }
}
