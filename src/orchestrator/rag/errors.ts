// Typed errors of the RAG area. Messages are shown to users as they are.
import { BigThreeError } from '../errors';

export class RagError extends BigThreeError {
  override readonly name: string = 'RagError';
}

export class IndexCancelledError extends RagError {
  override readonly name: string = 'IndexCancelledError';
  constructor(readonly filesDone: number) {
    super(
      `Indexing was cancelled after ${filesDone} file${filesDone === 1 ? '' : 's'}; the work done so far is kept and the next run resumes from there.`,
      'rag-cancelled',
    );
  }
}

/** A search of a workspace that has no index yet (an empty answer would say the code does not exist). */
export class NotIndexedError extends RagError {
  override readonly name: string = 'NotIndexedError';
  constructor(workspace: string, howToIndex: string) {
    // Or indexed with nothing to index: an empty folder's index has no file either.
    super(`${workspace} is not indexed yet, or its last index found no file to index, so nothing can be searched; ${howToIndex}`, 'rag-not-indexed');
  }
}

export class EmbeddingModelError extends RagError {
  override readonly name: string = 'EmbeddingModelError';
  constructor(message: string) {
    super(message, 'rag-embedding-model');
  }
}

export class ModelDownloadError extends RagError {
  override readonly name: string = 'ModelDownloadError';
  constructor(message: string) {
    super(message, 'rag-model-download');
  }
}

export class VectorStoreError extends RagError {
  override readonly name: string = 'VectorStoreError';
  constructor(message: string, code = 'rag-vector-store') {
    super(message, code);
  }
}

/** The approximate (HNSW) index cannot run here; the store stays exact. */
export class AnnError extends VectorStoreError {
  override readonly name: string = 'AnnError';
  constructor(message: string) {
    super(message, 'rag-ann');
  }
}

/** Why a Chroma call failed, for hosts that react differently (e.g. offer to switch to the exact store). */
export type ChromaFailure = 'unreachable' | 'timeout' | 'unauthorized' | 'forbidden' | 'not-found' | 'incompatible' | 'rejected' | 'server';

export class ChromaStoreError extends VectorStoreError {
  override readonly name: string = 'ChromaStoreError';
  constructor(
    message: string,
    readonly failure: ChromaFailure,
  ) {
    super(message, `rag-chroma-${failure}`);
  }
}

export class CorruptIndexFileError extends RagError {
  override readonly name: string = 'CorruptIndexFileError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`Index file ${file} is corrupt: ${reason}.`, 'rag-corrupt-index');
  }
}

export class GeminiFileSearchError extends RagError {
  override readonly name: string = 'GeminiFileSearchError';
  constructor(
    message: string,
    readonly offline: boolean,
  ) {
    super(message, 'rag-gemini');
  }
}
