// Runs an indexing job (index-job.ts) in a child process at a lower CPU priority: the host's event loop
// only receives progress, log lines and the report, its heap holds none of the job's memory, and the
// host's thread wins the CPU when both want it. Cancelling asks the process to stop between files (it
// keeps the work done, as an in-process run does); a process that dies fails the run with its reason
// (the host then keeps searching the index saved on disk).
import type * as childProcess from 'child_process';
import * as os from 'os';
import { forkNodeScript, stderrTail } from '../child-script';
import * as path from 'path';
import type { LoggerPort } from '../ports';
import type { IndexRunReport } from './code-indexer';
import { IndexCancelledError, RagError } from './errors';
import type { IndexJobRequest } from './index-job';
import type { PauseAnnouncer } from './index-pacing';
import { isIndexWorkerReply, type IndexWorkerRequest } from './index-worker-protocol';
import type { CancellationSignal, Progress } from './types';

/** How often a pending cancellation is looked at while the process runs. */
const CANCEL_POLL_MS = 100;
/** A process that neither finishes nor exits this long after a cancel (or its result) is killed. */
const KILL_AFTER_MS = 10_000;
/** The niceness of the indexing process (0 normal, 19 lowest): the editor's threads come first. */
export const INDEX_PROCESS_NICENESS = 10;
/** How much of the process's stderr is kept for the message when it dies. */
const STDERR_KEPT = 2000;

/** The bundled indexer script beside the running bundle (dist/rag-index-worker.js). */
export function defaultIndexWorkerScript(): string {
  return path.join(__dirname, 'rag-index-worker.js');
}

export class IndexWorkerError extends RagError {
  override readonly name: string = 'IndexWorkerError';
  constructor(message: string) {
    super(message, 'rag-index-worker');
  }
}

export function runIndexJobInWorker(
  script: string,
  request: IndexJobRequest,
  logger: LoggerPort,
  onProgress?: (p: Progress) => void,
  cancellation?: CancellationSignal,
  pacing?: PauseAnnouncer,
): Promise<IndexRunReport> {
  return new Promise<IndexRunReport>((resolve, reject) => {
    let settled = false;
    let child: childProcess.ChildProcess;
    try {
      child = forkNodeScript(script);
    } catch (error) {
      reject(new IndexWorkerError(`Could not start the indexing process ${script}: ${(error as Error).message}`));
      return;
    }
    if (child.pid !== undefined) {
      try {
        os.setPriority(child.pid, INDEX_PROCESS_NICENESS);
      } catch (error) {
        logger.debug(`The indexing process runs at normal priority (${(error as Error).message}).`);
      }
    }
    const stderr = stderrTail(child, STDERR_KEPT);
    const send = (message: IndexWorkerRequest) => {
      if (child.connected) child.send(message, (error) => error && logger.debug(`Could not reach the indexing process: ${error.message}`));
    };
    let killTimer: NodeJS.Timeout | undefined;
    const killLater = () => {
      killTimer ??= setTimeout(() => child.kill(), KILL_AFTER_MS);
      killTimer.unref();
    };
    let cancelSent = false;
    const poll = setInterval(() => {
      if (!cancelSent && cancellation?.isCancellationRequested) {
        cancelSent = true;
        send({ type: 'cancel' });
        killLater();
      }
    }, CANCEL_POLL_MS);
    // The process learns each change of the pause as it happens (a command's latency is at stake).
    const paused = pacing?.onDidChange((ms) => send({ type: 'pause', ms }));
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      paused?.dispose();
      outcome();
      if (child.exitCode === null && child.signalCode === null) killLater();
    };
    child.on('message', (reply: unknown) => {
      if (!isIndexWorkerReply(reply)) {
        logger.warn(`The indexing process sent an unknown message: ${JSON.stringify(reply)?.slice(0, 200)}`);
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
    child.on('error', (error) => finish(() => reject(new IndexWorkerError(`The indexing process ${script} failed: ${error.message}`))));
    child.on('exit', (code, signal) => {
      if (killTimer) clearTimeout(killTimer);
      const why = signal ? `signal ${signal}` : `code ${code}`;
      const last = stderr.lastLines(3);
      finish(() =>
        reject(
          new IndexWorkerError(
            `The indexing process ${path.basename(script)} stopped before finishing (${why})${last ? `: ${last}` : ''}. The index saved so far is kept; the next run resumes from there.`,
          ),
        ),
      );
    });
    send({ type: 'start', request });
    const left = pacing?.remainingMs() ?? 0;
    if (left > 0) send({ type: 'pause', ms: left });
  });
}
