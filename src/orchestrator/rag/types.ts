// Shapes shared across the RAG area.

/** Scalar metadata only, so every vector store (including Chroma) can keep it. */
export type MetadataValue = string | number | boolean;
export type ChunkMetadata = Record<string, MetadataValue>;

/** One indexed piece of a document (a code chunk, an experience). */
export interface Chunk {
  /** Unique within its collection; stable for the same document key, range and content. */
  id: string;
  text: string;
  metadata: ChunkMetadata;
}

/** A document and its chunks: a workspace file (key = relative path) or an experience (key = its id). */
export interface DocumentRecord {
  key: string;
  /** Content hash of what was indexed. */
  hash: string;
  /** Id of the embedder whose vectors are stored, '' when indexed lexically only. */
  embedderId: string;
  /** Cheap change detector (size and mtime) that lets a scan skip reading unchanged files. */
  stamp?: string;
  chunks: Chunk[];
}

export interface ScoredChunk {
  chunk: Chunk;
  /** Fused score, larger is better. */
  score: number;
  /** Ranks (1-based) in the lists that found it. */
  ranks: { lexical?: number; vector?: number; remote?: number };
}

/** What searchCode returns (the public contract of the issue). */
export interface CodeSearchResult {
  codePath: string;
  content: string;
  metadata: ChunkMetadata;
  /** In [0, 1]: the fused relevance (see signals for what contributed). */
  similarityScore: number;
  /** What the relevance is made of (code search only): lexical, vector, file coverage, path prior. */
  signals?: {
    lexical: number;
    vector?: number;
    file: number;
    prior: number;
    kind: string;
    coverage: number;
  };
  /** The lines around the best match, with the matched words (code search only). */
  preview?: SearchPreview;
}

export interface SearchPreview {
  /** 1-based line of the first preview line. */
  startLine: number;
  lines: string[];
  /** The line (1-based, in the file) that matches the query best. */
  bestLine: number;
  /** Matched ranges per preview line: [line index in `lines`, start column, end column). */
  highlights: Array<[number, number, number]>;
  /** Matched query words (as they appear in the code). */
  words: string[];
}

export interface Progress {
  phase: 'scanning' | 'indexing' | 'removing' | 'saving' | 'done';
  filesDone: number;
  filesTotal: number;
  chunksDone: number;
  currentFile?: string;
}

export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
}
