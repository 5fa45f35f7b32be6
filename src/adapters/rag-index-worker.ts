// The indexing process's entry point (bundled as dist/rag-index-worker.js), started by the host with
// child_process.fork: waits for its job, runs it on Node's file system and reports progress, log lines
// and the result over the IPC channel, then closes the channel and exits.
import { systemClock, type LoggerPort } from '../orchestrator/ports';
import { IndexCancelledError } from '../orchestrator/rag/errors';
import { ReceivedPause } from '../orchestrator/rag/index-pacing';
import { runIndexJob } from '../orchestrator/rag/index-job';
import { isIndexWorkerRequest, type IndexWorkerReply } from '../orchestrator/rag/index-worker-protocol';
import type { Progress } from '../orchestrator/rag/types';
import { nodeFileSystem } from './node-store-file-system';

const send = process.send?.bind(process);
if (send) {
  const post = (reply: IndexWorkerReply, then?: () => void) => {
    if (process.connected) send(reply, undefined, undefined, () => then?.());
  };
  const log =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, ...details: unknown[]) =>
      post({
        type: 'log',
        level,
        message: details.length ? `${message} ${details.map((d) => (d instanceof Error ? d.message : String(d))).join(' ')}` : message,
      });
  const logger: LoggerPort = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const cancellation = { isCancellationRequested: false };
  // Until when the run waits between files: the host says so while one of its commands runs.
  const pacing = new ReceivedPause();
  // Progress is sent at most every 250 ms (plus every phase change) so the host gets few messages.
  let lastSent = 0;
  let lastPhase = '';
  const onProgress = (progress: Progress) => {
    const now = Date.now();
    if (progress.phase === lastPhase && now - lastSent < 250) return;
    lastSent = now;
    lastPhase = progress.phase;
    post({ type: 'progress', progress });
  };
  // The host gone (closed channel) means nobody wants the result: stop between files.
  process.on('disconnect', () => (cancellation.isCancellationRequested = true));
  let started = false;
  process.on('message', (message: unknown) => {
    if (!isIndexWorkerRequest(message)) return;
    if (message.type === 'cancel') {
      cancellation.isCancellationRequested = true;
      return;
    }
    if (message.type === 'pause') {
      pacing.set(message.ms);
      return;
    }
    if (started) return;
    started = true;
    const finish = (reply: IndexWorkerReply) => post(reply, () => process.disconnect());
    runIndexJob(message.request, { fs: nodeFileSystem(), logger, clock: systemClock }, onProgress, cancellation, pacing).then(
      (report) => finish({ type: 'done', report }),
      (error: unknown) =>
        finish({
          type: 'failed',
          message: (error as Error)?.message ?? String(error),
          ...(error instanceof IndexCancelledError ? { cancelledAfter: error.filesDone } : {}),
        }),
    );
  });
}
