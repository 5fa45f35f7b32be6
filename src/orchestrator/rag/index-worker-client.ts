// Runs an indexing job (index-job.ts) in a worker thread: the host's event loop only receives progress,
// log lines and the report. Cancelling asks the worker to stop between files (it keeps the work done,
// as an in-process run does); a worker that dies fails the run with its reason.
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { LoggerPort } from '../ports';
import type { IndexRunReport } from './code-indexer';
import { IndexCancelledError, RagError } from './errors';
import type { IndexJobRequest } from './index-job';
import { isIndexWorkerReply, type IndexWorkerData, type IndexWorkerRequest } from './index-worker-protocol';
import type { CancellationSignal, Progress } from './types';

/** How often a pending cancellation is looked at while the worker runs. */
const CANCEL_POLL_MS = 100;

/** The bundled worker script beside the running bundle (dist/rag-index-worker.js). */
export function defaultIndexWorkerScript(): string {
  return path.join(__dirname, 'rag-index-worker.js');
}

export class IndexWorkerError extends RagError {
  constructor(message: string) {
    super(message, 'rag-index-worker');
  }
}

export function runIndexJobInWorker(script: string, request: IndexJobRequest, logger: LoggerPort, onProgress?: (p: Progress) => void, cancellation?: CancellationSignal): Promise<IndexRunReport> {
  return new Promise<IndexRunReport>((resolve, reject) => {
    let settled = false;
    let worker: Worker;
    try {
      worker = new Worker(script, { workerData: { request } satisfies IndexWorkerData });
    } catch (error) {
      reject(new IndexWorkerError(`Could not start the indexing worker ${script}: ${(error as Error).message}`));
      return;
    }
    let cancelSent = false;
    const poll = setInterval(() => {
      if (!cancelSent && cancellation?.isCancellationRequested) {
        cancelSent = true;
        worker.postMessage({ type: 'cancel' } satisfies IndexWorkerRequest);
      }
    }, CANCEL_POLL_MS);
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      outcome();
      void worker.terminate().catch(() => undefined);
    };
    worker.on('message', (reply: unknown) => {
      if (!isIndexWorkerReply(reply)) {
        logger.warn(`The indexing worker sent an unknown message: ${JSON.stringify(reply).slice(0, 200)}`);
        return;
      }
      switch (reply.type) {
        case 'progress':
          onProgress?.(reply.progress);
          return;
        case 'log':
          logger[reply.level](reply.message);
          return;
        case 'done':
          finish(() => resolve(reply.report));
          return;
        case 'failed':
          finish(() => reject(reply.cancelledAfter !== undefined ? new IndexCancelledError(reply.cancelledAfter) : new IndexWorkerError(reply.message)));
      }
    });
    worker.on('error', (error) => finish(() => reject(new IndexWorkerError(`The indexing worker failed: ${error.message}`))));
    worker.on('exit', (code) => finish(() => reject(new IndexWorkerError(`The indexing worker exited before finishing (code ${code}).`))));
  });
}
