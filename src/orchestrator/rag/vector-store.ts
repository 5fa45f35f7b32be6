// Vector stores behind one interface: the default in-process store scanned with dot products
// (exact-vector-store.ts) and a Chroma server (chroma-vector-store.ts).
import type { ChunkMetadata } from './types';

export interface VectorRecord {
  id: string;
  vector: Float32Array;
  metadata?: ChunkMetadata;
  document?: string;
}

export interface VectorHit {
  id: string;
  /** Cosine similarity. */
  score: number;
}

export interface VectorStore {
  readonly kind: 'exact' | 'chroma';
  /** True when the store keeps vectors itself across restarts (the exact store relies on the journal). */
  readonly durable: boolean;
  upsert(records: readonly VectorRecord[]): Promise<void>;
  delete(ids: readonly string[]): Promise<void>;
  /** The `limit` nearest vectors, best first; `accept` filters ids (stores that cannot filter over-fetch). */
  query(vector: Float32Array, limit: number, accept?: (id: string) => boolean): Promise<VectorHit[]>;
  count(): Promise<number>;
  clear(): Promise<void>;
  /** Releases what the store holds outside the heap (worker threads, connections). */
  dispose?(): void;
}
