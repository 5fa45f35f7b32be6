// The indexing worker thread's entry point (bundled as dist/rag-index-worker.js): runs the job it was
// started with on Node's file system and reports progress, log lines and the result to the host.
import { parentPort, workerData } from 'worker_threads';
import { systemClock, type LoggerPort } from '../orchestrator/ports';
import { IndexCancelledError } from '../orchestrator/rag/errors';
import { runIndexJob } from '../orchestrator/rag/index-job';
import type { IndexWorkerData, IndexWorkerReply, IndexWorkerRequest } from '../orchestrator/rag/index-worker-protocol';
import type { Progress } from '../orchestrator/rag/types';
import { NodeFileSystem } from './node-file-system';

const port = parentPort;
if (port) {
  const post = (reply: IndexWorkerReply) => port.postMessage(reply);
  const log = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, ...details: unknown[]) =>
    post({ type: 'log', level, message: details.length ? `${message} ${details.map((d) => (d instanceof Error ? d.message : String(d))).join(' ')}` : message });
  const logger: LoggerPort = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const cancellation = { isCancellationRequested: false };
  port.on('message', (message: IndexWorkerRequest) => {
    if (message?.type === 'cancel') cancellation.isCancellationRequested = true;
  });
  // Progress is sent at most every 50 ms (plus every phase change) so the host gets few messages.
  let lastSent = 0;
  let lastPhase = '';
  const onProgress = (progress: Progress) => {
    const now = Date.now();
    if (progress.phase === lastPhase && now - lastSent < 50) return;
    lastSent = now;
    lastPhase = progress.phase;
    post({ type: 'progress', progress });
  };
  const { request } = workerData as IndexWorkerData;
  runIndexJob(request, { fs: new NodeFileSystem(), logger, clock: systemClock }, onProgress, cancellation).then(
    (report) => post({ type: 'done', report }),
    (error: unknown) => post({ type: 'failed', message: (error as Error)?.message ?? String(error), ...(error instanceof IndexCancelledError ? { cancelledAfter: error.filesDone } : {}) }),
  );
}
