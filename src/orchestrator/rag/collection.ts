// One searchable collection (workspace code, or experiences): documents and their chunks, a BM25
// index, a vector store, and the journal that persists them. Search fuses the lexical and the vector
// ranking with RRF; without an embedder it is lexical only.
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import type { Embedder } from './embedder';
import { CollectionJournal, type JournalOp, type StoredDocument } from './journal';
import { Bm25Index } from './lexical';
import { TimeSlicer } from './time-slice';
import { maxFusedScore, reciprocalRankFusion, type RankedList } from './rrf';
import type { Chunk, DocumentRecord, ScoredChunk } from './types';
import { ExactVectorStore, type ExactStoreOptions, type VectorStore } from './vector-store';

export interface FusionWeights {
  lexical: number;
  vector: number;
}

export const DEFAULT_FUSION_WEIGHTS: FusionWeights = { lexical: 1, vector: 1 };

export interface CollectionOptions {
  name: string;
  fs: FileSystemPort;
  logger: LoggerPort;
  clock: ClockPort;
  /** Folder of this collection's journal. */
  dir: string;
  embedder?: Embedder;
  /** Defaults to an exact store of the embedder's dimension. */
  vectorStore?: VectorStore;
  /** Options of that default exact store (worker threshold and script). */
  exactStore?: Pick<ExactStoreOptions, 'workerThreshold' | 'workerScript'>;
  weights?: FusionWeights;
  rrfK?: number;
  /** Fold segments into the base when there are more than this many. */
  maxSegments?: number;
}

export interface SearchOptions {
  limit: number;
  /** Filter by the chunk's metadata (e.g. language). */
  accept?: (chunk: Chunk) => boolean;
  weights?: FusionWeights;
}

/** Text that both rankings see: the path (when any) gives file names weight. */
export function searchableText(chunk: Chunk): string {
  const where = typeof chunk.metadata.path === 'string' ? `${chunk.metadata.path}\n` : '';
  const symbol = typeof chunk.metadata.symbol === 'string' ? `${chunk.metadata.symbol}\n` : '';
  return `${where}${symbol}${chunk.text}`;
}

export class Collection {
  readonly docs = new Map<string, DocumentRecord>();
  private readonly chunks = new Map<string, { chunk: Chunk; key: string }>();
  private readonly bm25 = new Bm25Index();
  private readonly journal: CollectionJournal;
  private pending: JournalOp[] = [];
  /** Vectors read from disk that the vector store does not hold (another or no embedder); written back on compaction. */
  private readonly heldVectors = new Map<string, Array<Float32Array | undefined>>();
  readonly vectorStore: VectorStore | undefined;
  /** Notices from loading (quarantined files, discarded vectors); the host shows them. */
  notices: string[] = [];

  private constructor(private readonly options: CollectionOptions) {
    this.journal = new CollectionJournal(options.fs, options.dir, options.logger, options.clock);
    this.vectorStore = options.vectorStore ?? (options.embedder ? new ExactVectorStore(options.embedder.dimension, { ...options.exactStore, logger: options.logger }) : undefined);
  }

  static async open(options: CollectionOptions): Promise<Collection> {
    const collection = new Collection(options);
    await collection.load();
    return collection;
  }

  get name(): string {
    return this.options.name;
  }

  get embedderId(): string {
    return this.options.embedder?.id ?? '';
  }

  get chunkCount(): number {
    return this.chunks.size;
  }

  get hasVectors(): boolean {
    return !!this.options.embedder && !!this.vectorStore;
  }

  chunk(id: string): { chunk: Chunk; key: string } | undefined {
    return this.chunks.get(id);
  }

  /** True when `key` must be (re)indexed: unknown, changed content, or embedded by another model than the current one. */
  isStale(key: string, hash: string): boolean {
    const doc = this.docs.get(key);
    if (!doc || doc.hash !== hash) return true;
    return this.embedderId !== '' && (doc.embedderId !== this.embedderId || this.staleVectors.has(key));
  }

  /** Documents whose vectors must be recomputed even though their content did not change. */
  private readonly staleVectors = new Set<string>();

  private async load(): Promise<void> {
    const { docs, notices } = await this.journal.load();
    this.notices = [...notices];
    const exact = this.vectorStore instanceof ExactVectorStore ? this.vectorStore : undefined;
    let discarded = 0;
    if (exact) exact.reserve([...docs.values()].reduce((n, d) => n + (d.embedderId === this.embedderId ? d.chunks.length : 0), 0));
    // Lexical indexing of a large index takes seconds: done in slices so the host stays responsive.
    const slicer = new TimeSlicer();
    for (const doc of docs.values()) {
      await slicer.tick();
      this.addInMemory({ key: doc.key, hash: doc.hash, embedderId: doc.embedderId, chunks: doc.chunks, ...(doc.stamp ? { stamp: doc.stamp } : {}) });
      const usable = !!exact && doc.embedderId !== '' && doc.embedderId === this.embedderId;
      if (usable) {
        doc.chunks.forEach((chunk, i) => {
          const vector = doc.vectors?.[i];
          if (vector && vector.length === exact.dimension) exact.upsertSync(chunk.id, vector);
          else this.staleVectors.add(doc.key);
        });
      } else if (doc.vectors) {
        this.heldVectors.set(doc.key, doc.vectors);
        if (this.embedderId && doc.embedderId !== this.embedderId) discarded++;
      }
    }
    if (discarded) this.notices.push(`${discarded} document(s) of "${this.name}" were embedded with another model than ${this.embedderId}; the next indexing run embeds them again.`);
    if (this.vectorStore?.durable && this.embedderId) {
      const remote = await this.vectorStore.count();
      const local = [...this.docs.values()].filter((d) => d.embedderId === this.embedderId).reduce((n, d) => n + d.chunks.length, 0);
      if (remote < local) {
        this.options.logger.warn(`The ${this.vectorStore.kind} store holds ${remote} vectors of "${this.name}" but ${local} chunks are indexed; the next indexing run embeds them again.`);
        for (const doc of this.docs.values()) this.staleVectors.add(doc.key);
      }
    }
  }

  private addInMemory(doc: DocumentRecord): void {
    this.docs.set(doc.key, doc);
    for (const chunk of doc.chunks) {
      this.chunks.set(chunk.id, { chunk, key: doc.key });
      this.bm25.add(chunk.id, searchableText(chunk));
    }
  }

  private async removeInMemory(key: string): Promise<string[]> {
    const doc = this.docs.get(key);
    if (!doc) return [];
    this.docs.delete(key);
    const ids = doc.chunks.map((c) => c.id);
    for (const id of ids) {
      this.chunks.delete(id);
      this.bm25.remove(id);
    }
    this.heldVectors.delete(key);
    this.staleVectors.delete(key);
    return ids;
  }

  /**
   * Embeds (when an embedder is configured) and stores documents; visible to search at once, persisted
   * by the next commit(). Throws before changing anything when embedding fails.
   */
  async put(records: ReadonlyArray<{ key: string; hash: string; stamp?: string; chunks: Chunk[] }>): Promise<void> {
    const embedder = this.options.embedder;
    const all = records.flatMap((r) => r.chunks);
    const vectors = embedder && this.vectorStore && all.length ? await embedder.embed(all.map(searchableText)) : undefined;
    let offset = 0;
    const staleIds: string[] = [];
    for (const record of records) {
      staleIds.push(...(await this.removeInMemory(record.key)));
      const docVectors = vectors?.slice(offset, offset + record.chunks.length);
      offset += record.chunks.length;
      const doc: StoredDocument = { key: record.key, hash: record.hash, embedderId: vectors ? this.embedderId : '', chunks: record.chunks, ...(record.stamp ? { stamp: record.stamp } : {}) };
      this.addInMemory({ ...doc });
      if (docVectors) doc.vectors = docVectors;
      this.pending.push({ op: 'put', doc });
    }
    const keep = new Set(all.map((c) => c.id));
    const gone = staleIds.filter((id) => !keep.has(id));
    if (this.vectorStore && gone.length) await this.vectorStore.delete(gone);
    if (this.vectorStore && vectors) {
      await this.vectorStore.upsert(all.map((chunk, i) => ({ id: chunk.id, vector: vectors[i]!, metadata: { ...chunk.metadata, key: this.chunks.get(chunk.id)!.key }, document: chunk.text })));
    }
  }

  async remove(keys: readonly string[]): Promise<number> {
    const ids: string[] = [];
    for (const key of keys) {
      if (!this.docs.has(key)) continue;
      ids.push(...(await this.removeInMemory(key)));
      this.pending.push({ op: 'remove', key });
    }
    if (this.vectorStore && ids.length) await this.vectorStore.delete(ids);
    return ids.length;
  }

  /** Persists what changed since the last commit as one checkpoint. */
  async commit(): Promise<void> {
    const ops = this.pending;
    this.pending = [];
    await this.journal.append(ops);
    if (this.journal.pendingSegments > (this.options.maxSegments ?? 64)) await this.compact();
  }

  /** Folds every checkpoint into one base file. */
  async compact(): Promise<void> {
    const exact = this.vectorStore instanceof ExactVectorStore ? this.vectorStore : undefined;
    const docs: StoredDocument[] = [...this.docs.values()].map((doc) => {
      const held = this.heldVectors.get(doc.key);
      if (held) return { ...doc, vectors: held };
      if (exact && doc.embedderId) {
        // Copies, not views: the file is written in time slices while the store may change.
        const vectors = doc.chunks.map((c) => exact.vectorOf(c.id)?.slice());
        return vectors.every(Boolean) ? { ...doc, vectors } : { ...doc, embedderId: '' };
      }
      return doc;
    });
    await this.journal.compact(docs);
  }

  /** Drops every document (memory, vector store and disk). */
  async clear(): Promise<void> {
    for (const key of [...this.docs.keys()]) await this.removeInMemory(key);
    this.pending = [];
    await this.vectorStore?.clear();
    await this.journal.wipe();
  }

  async search(query: string, options: SearchOptions): Promise<ScoredChunk[]> {
    const weights = options.weights ?? this.options.weights ?? DEFAULT_FUSION_WEIGHTS;
    const candidates = Math.max(options.limit * 4, 40);
    const acceptId = (id: string) => {
      const entry = this.chunks.get(id);
      return !!entry && (!options.accept || options.accept(entry.chunk));
    };
    const lists: Array<RankedList<'lexical' | 'vector'>> = [];
    if (weights.lexical > 0) lists.push({ name: 'lexical', weight: weights.lexical, ids: this.bm25.search(query, candidates, acceptId).map((h) => h.id) });
    if (this.options.embedder && this.vectorStore && weights.vector > 0 && query.trim()) {
      const [vector] = await this.options.embedder.embed([query]);
      const hits = await this.vectorStore.query(vector!, candidates, acceptId);
      lists.push({ name: 'vector', weight: weights.vector, ids: hits.map((h) => h.id) });
    }
    const best = maxFusedScore(lists.map((l) => l.weight), this.options.rrfK);
    return reciprocalRankFusion(lists, this.options.rrfK)
      .slice(0, options.limit)
      .map((item) => ({ chunk: this.chunks.get(item.id)!.chunk, score: best ? item.score / best : 0, ranks: item.ranks }));
  }

  /** The BM25 index of this collection (read-only use: ranking, vocabulary). */
  get lexical(): Bm25Index {
    return this.bm25;
  }

  /** Nearest chunks by embedding, when the collection has a model; undefined otherwise. */
  readonly vectorHits = async (query: string, limit: number, accept: (id: string) => boolean): Promise<Array<{ id: string; score: number }>> => {
    if (!this.options.embedder || !this.vectorStore) return [];
    const [vector] = await this.options.embedder.embed([query]);
    return this.vectorStore.query(vector!, limit, accept);
  };

  /** Stops what the vector store runs in the background (the search worker). */
  dispose(): void {
    this.vectorStore?.dispose?.();
  }
}
