// One indexing run of a workspace folder as a self-contained job: opens the folder's code collection
// from disk, indexes what changed (scanning, chunking, tokenizing, embedding, writing) and leaves it
// saved as one compact base file. The search host runs it in a child process (index-worker-client.ts),
// so the host only receives progress and the report, then reloads the saved index.
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import type { ChunkerOptions } from './chunker';
import { CodeIndexer, DEFAULT_MAX_FILE_BYTES, type IndexRunReport } from './code-indexer';
import { Collection, DEFAULT_FUSION_WEIGHTS } from './collection';
import { loadLocalEmbedder } from './embedder';
import { IgnoreRules } from './ignore-rules';
import type { PauseSource } from './index-pacing';
import type { CancellationSignal, Progress } from './types';

/** What a job needs; plain data, so it can be sent to the indexing process. */
export interface IndexJobRequest {
  root: string;
  /** The folder's index storage (the collection lives in `<storageDir>/code`). */
  storageDir: string;
  /** Embedding model folder; absent: lexical only. */
  modelDir?: string;
  /** The embedder the host searches with: the job refuses to write vectors of another model. */
  embedderId?: string;
  maxFileBytes?: number;
  extraExcludes?: string[];
  /** Big Three's data folders, never indexed (see IgnoreRules). */
  privateDirs?: string[];
  chunker?: ChunkerOptions;
  batchFiles?: number;
  checkpointFiles?: number;
}

export interface IndexJobPorts {
  fs: FileSystemPort;
  logger: LoggerPort;
  clock: ClockPort;
}

export async function runIndexJob(
  request: IndexJobRequest,
  ports: IndexJobPorts,
  onProgress?: (p: Progress) => void,
  cancellation?: CancellationSignal,
  pacing?: PauseSource,
): Promise<IndexRunReport> {
  const embedder = request.modelDir && request.embedderId ? await loadLocalEmbedder(request.modelDir, ports.logger) : undefined;
  if (request.embedderId && embedder?.id !== request.embedderId)
    ports.logger.warn(`The indexing worker could not load the model ${request.embedderId} from ${request.modelDir}; this run indexes lexically only.`);
  const collection = await Collection.open({
    name: 'code',
    ...ports,
    dir: path.join(request.storageDir, 'code'),
    rebuiltFromFiles: true,
    weights: DEFAULT_FUSION_WEIGHTS,
    ...(embedder && embedder.id === request.embedderId ? { embedder } : {}),
    // The worker never searches vectors: no search thread of its own.
    exactStore: { workerThreshold: Number.MAX_SAFE_INTEGER },
  });
  try {
    for (const notice of collection.notices) ports.logger.warn(notice);
    const indexer = new CodeIndexer({
      fs: ports.fs,
      logger: ports.logger,
      rules: new IgnoreRules(ports.fs, request.root, ports.logger, request.extraExcludes, request.privateDirs),
      collection,
      maxFileBytes: request.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
      ...(request.chunker ? { chunker: request.chunker } : {}),
      ...(request.batchFiles ? { batchFiles: request.batchFiles } : {}),
      ...(request.checkpointFiles ? { checkpointFiles: request.checkpointFiles } : {}),
      ...(pacing ? { pacing, clock: ports.clock } : {}),
    });
    return await indexer.indexAll(onProgress, cancellation);
  } finally {
    collection.dispose();
  }
}
