// Messages between the search host and the indexing process (a child process; validated on receipt).
import type { IndexRunReport } from './code-indexer';
import type { IndexJobRequest } from './index-job';
import type { Progress } from './types';

/**
 * Host -> indexing process: the job first, later perhaps a cancel, and whenever it changes, how many
 * milliseconds from now the run should give way to the person at the editor (0 lifts it; index-pacing.ts).
 */
export type IndexWorkerRequest = { type: 'start'; request: IndexJobRequest } | { type: 'cancel' } | { type: 'pause'; ms: number };

export type IndexWorkerReply =
  | { type: 'progress'; progress: Progress }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  | { type: 'done'; report: IndexRunReport }
  | { type: 'failed'; message: string; code?: string; cancelledAfter?: number };

const LEVELS = new Set(['debug', 'info', 'warn', 'error']);

/** True when `value` is a request this protocol defines. */
export function isIndexWorkerRequest(value: unknown): value is IndexWorkerRequest {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  if (v.type === 'cancel') return true;
  if (v.type === 'pause') return typeof v.ms === 'number' && Number.isFinite(v.ms);
  if (v.type !== 'start' || !v.request || typeof v.request !== 'object') return false;
  const r = v.request as Record<string, unknown>;
  return typeof r.root === 'string' && typeof r.storageDir === 'string';
}

/** True when `value` is a reply this protocol defines (the indexer is trusted code, but a bug must not crash the host). */
export function isIndexWorkerReply(value: unknown): value is IndexWorkerReply {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  switch (v.type) {
    case 'progress':
      return !!v.progress && typeof v.progress === 'object' && typeof (v.progress as Progress).phase === 'string';
    case 'log':
      return typeof v.level === 'string' && LEVELS.has(v.level) && typeof v.message === 'string';
    case 'done':
      return !!v.report && typeof v.report === 'object' && typeof (v.report as IndexRunReport).filesScanned === 'number';
    case 'failed':
      return typeof v.message === 'string';
    default:
      return false;
  }
}
