// One searchable collection (workspace code, or experiences): documents and their chunks, a BM25
// index, a vector store, and the journal that persists them. Search fuses the lexical and the vector
// ranking with RRF; without an embedder it is lexical only.
// Opened from a compact base file (index-file.ts) the collection keeps only what search needs in memory:
// the postings as bytes, chunk ids and document rows. A chunk's text and metadata stay compressed per
// document and are decompressed when something reads them (a few documents are cached).
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { DocumentTable, type DocEntry, type IndexedDocument } from './collection-documents';
import { DocumentVectors } from './collection-vectors';
import type { Embedder } from './embedder';
import { ExactVectorStore, type ExactStoreOptions } from './exact-vector-store';
import { encodeIndexFile, type BaseDocument, type DecodedBase } from './index-file';
import { CollectionJournal, type JournalOp, type StoredDocument } from './journal';
import { Bm25Index } from './lexical';
import { TimeSlicer } from '../time-slice';
import { maxFusedScore, reciprocalRankFusion, type RankedList } from './rrf';
import { PassMarks } from './pass-marks';
import type { Chunk, ScoredChunk } from './types';
import type { VectorStore } from './vector-store';

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
  /** Options of that default exact store (worker and approximate-index thresholds, worker script). */
  exactStore?: Pick<ExactStoreOptions, 'workerThreshold' | 'annThreshold' | 'workerScript'>;
  weights?: FusionWeights;
  rrfK?: number;
  /** Fold segments into the base when there are more than this many. */
  maxSegments?: number;
  /**
   * The documents are derived from files that every pass compares with the index (the code index): its
   * checkpoints are then written without a flush, since a lost one only means indexing those files again.
   * Left out (experiences, which exist nowhere else), every checkpoint is flushed before commit() returns.
   */
  rebuiltFromFiles?: boolean;
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
  /** The documents and their chunks in memory. */
  private readonly table = new DocumentTable();
  private bm25: Bm25Index;
  private readonly journal: CollectionJournal;
  /** The marks of full indexing passes under way or left unfinished, one per pass (pass-marks.ts). */
  readonly passes: PassMarks;
  private pending: JournalOp[] = [];
  /** Vectors of documents that the vector store does not hold, and documents whose vectors are stale. */
  private readonly vectors = new DocumentVectors();
  readonly vectorStore: VectorStore | undefined;
  /** Notices from loading (quarantined files, discarded vectors, migration); the host shows them. */
  notices: string[] = [];

  private constructor(private readonly options: CollectionOptions) {
    this.passes = new PassMarks(options.fs, options.dir, options.clock, options.logger);
    this.journal = new CollectionJournal(options.fs, options.dir, options.logger, options.clock, { flushSegments: !options.rebuiltFromFiles });
    this.bm25 = this.emptyLexical();
    this.vectorStore =
      options.vectorStore ??
      (options.embedder ? new ExactVectorStore(options.embedder.dimension, { ...options.exactStore, logger: options.logger }) : undefined);
  }

  static async open(options: CollectionOptions): Promise<Collection> {
    const collection = new Collection(options);
    await collection.load();
    return collection;
  }

  private emptyLexical(): Bm25Index {
    return new Bm25Index({ baseText: (id) => this.textForLexical(id) });
  }

  private textForLexical(id: string): string | undefined {
    const ref = this.table.refOf(id);
    return ref ? searchableText(this.table.chunkAt(ref.doc, ref.ordinal)) : undefined;
  }

  get name(): string {
    return this.options.name;
  }

  get embedderId(): string {
    return this.options.embedder?.id ?? '';
  }

  /** The documents by key. */
  get docs(): ReadonlyMap<string, IndexedDocument> {
    return this.table.documents;
  }

  get chunkCount(): number {
    return this.table.chunkCount;
  }

  get hasVectors(): boolean {
    return !!this.options.embedder && !!this.vectorStore;
  }

  /** A chunk by id; a chunk of the saved base reads its text and metadata when they are first used. */
  chunk(id: string): { chunk: Chunk; key: string } | undefined {
    return this.table.chunk(id);
  }

  /** The key of the document holding a chunk. */
  keyOf(id: string): string | undefined {
    return this.table.keyOf(id);
  }

  /** True when `key` must be (re)indexed: unknown, changed content, or embedded by another model than the current one. */
  isStale(key: string, hash: string): boolean {
    const doc = this.table.documents.get(key);
    if (!doc || doc.hash !== hash) return true;
    return this.embedderId !== '' && (doc.embedderId !== this.embedderId || this.vectors.isStale(key));
  }

  /** Reads the index from disk again (after another thread or process wrote it), replacing what is in memory. */
  async reload(): Promise<void> {
    this.table.clear();
    this.vectors.clear();
    this.pending = [];
    this.bm25 = this.emptyLexical();
    if (this.vectorStore instanceof ExactVectorStore) await this.vectorStore.clear();
    await this.load();
  }

  private async load(): Promise<void> {
    const { base, legacyDocs, changes, notices } = await this.journal.load();
    this.notices = [...notices];
    const exact = this.vectorStore instanceof ExactVectorStore ? this.vectorStore : undefined;
    const discarded = { count: 0 };
    const stored = [...(legacyDocs ?? []), ...[...changes.values()].filter((d): d is StoredDocument => !!d)];
    if (exact) {
      const fromBase = base ? base.docs.reduce((n, d) => n + (d.embedderId === this.embedderId ? d.chunkIds.length : 0), 0) : 0;
      exact.reserve(fromBase + stored.reduce((n, d) => n + (d.embedderId === this.embedderId ? d.chunks.length : 0), 0));
    }
    const slicer = new TimeSlicer();
    if (base) await this.installBase(base, exact, discarded, slicer);
    // Documents outside the compact base (an older base, checkpoints since) are tokenized here, in slices.
    for (const doc of legacyDocs ?? []) {
      await slicer.tick();
      this.loadStored(doc, exact, discarded);
    }
    for (const [key, doc] of changes) {
      await slicer.tick();
      this.removeInMemory(key);
      if (doc) this.loadStored(doc, exact, discarded);
    }
    if (discarded.count)
      this.notices.push(
        `${discarded.count} document(s) of "${this.name}" were embedded with another model than ${this.embedderId}; the next indexing run embeds them again.`,
      );
    if (this.vectorStore?.durable && this.embedderId) {
      const remote = await this.vectorStore.count();
      const local = [...this.table.documents.values()].filter((d) => d.embedderId === this.embedderId).reduce((n, d) => n + d.chunkIds.length, 0);
      if (remote < local) {
        this.options.logger.warn(
          `The ${this.vectorStore.kind} store holds ${remote} vectors of "${this.name}" but ${local} chunks are indexed; the next indexing run embeds them again.`,
        );
        for (const doc of this.table.documents.values()) this.vectors.markStale(doc.key);
      }
    }
    if (legacyDocs) {
      await this.compact();
      const notice = `The index of "${this.name}" (${legacyDocs.length} documents) was saved in an older format; it was rewritten in the compact format.`;
      this.notices.push(notice);
      this.options.logger.info(notice);
    }
  }

  private async installBase(base: DecodedBase, exact: ExactVectorStore | undefined, discarded: { count: number }, slicer: TimeSlicer): Promise<void> {
    this.bm25 = await Bm25Index.loadBase(base.lexical, { baseText: (id) => this.textForLexical(id) }, () => slicer.tick());
    this.table.setBase(base);
    const { dimension, vectors, vectorRows } = base;
    for (const [index, row] of base.docs.entries()) {
      const doc: DocEntry = {
        key: row.key,
        hash: row.hash,
        embedderId: row.embedderId,
        chunkIds: row.chunkIds,
        base: index,
        slot: this.table.newSlot(),
        ...(row.stamp ? { stamp: row.stamp } : {}),
      };
      this.table.add(doc);
      // Passed inline: a closure bound to a name is renamed at each document by the bundle (keepNames), which costs.
      this.vectors.adopt(
        doc,
        this.embedderId,
        (ordinal) => {
          const r = vectorRows[row.firstChunk + ordinal]!;
          return r < 0 ? undefined : vectors.subarray(r * dimension, (r + 1) * dimension);
        },
        exact,
        discarded,
        true,
      );
      await slicer.tick();
    }
  }

  private loadStored(stored: StoredDocument, exact: ExactVectorStore | undefined, discarded: { count: number }): void {
    const doc = this.addInMemory(stored.key, stored.hash, stored.embedderId, stored.chunks, stored.stamp);
    this.vectors.adopt(doc, this.embedderId, (i) => stored.vectors?.[i], exact, discarded, false);
  }

  private addInMemory(key: string, hash: string, embedderId: string, chunks: readonly Chunk[], stamp?: string): DocEntry {
    const doc: DocEntry = { key, hash, embedderId, chunkIds: chunks.map((c) => c.id), chunks, slot: this.table.newSlot(), ...(stamp ? { stamp } : {}) };
    this.table.add(doc);
    for (const chunk of chunks) this.bm25.add(chunk.id, searchableText(chunk));
    return doc;
  }

  private removeInMemory(key: string): string[] {
    const doc = this.table.documents.get(key);
    if (!doc) return [];
    // The lexical index may read a base document's text to remove it: before its references go.
    for (const id of doc.chunkIds) this.bm25.remove(id);
    this.table.remove(doc);
    this.vectors.forget(key);
    return [...doc.chunkIds];
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
      staleIds.push(...this.removeInMemory(record.key));
      const docVectors = vectors?.slice(offset, offset + record.chunks.length);
      offset += record.chunks.length;
      const doc: StoredDocument = {
        key: record.key,
        hash: record.hash,
        embedderId: vectors ? this.embedderId : '',
        chunks: record.chunks,
        ...(record.stamp ? { stamp: record.stamp } : {}),
      };
      this.addInMemory(doc.key, doc.hash, doc.embedderId, doc.chunks, doc.stamp);
      if (docVectors) doc.vectors = docVectors;
      this.pending.push({ op: 'put', doc });
    }
    const keep = new Set(all.map((c) => c.id));
    const gone = staleIds.filter((id) => !keep.has(id));
    if (this.vectorStore && gone.length) await this.vectorStore.delete(gone);
    if (this.vectorStore && vectors) {
      await this.vectorStore.upsert(
        all.map((chunk, i) => ({
          id: chunk.id,
          vector: vectors[i]!,
          metadata: { ...chunk.metadata, key: this.table.refOf(chunk.id)!.doc.key },
          document: chunk.text,
        })),
      );
    }
  }

  async remove(keys: readonly string[]): Promise<number> {
    const ids: string[] = [];
    for (const key of keys) {
      if (!this.table.documents.has(key)) continue;
      ids.push(...this.removeInMemory(key));
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

  /** Checkpoints not yet folded into the base file. */
  get pendingSegments(): number {
    return this.journal.pendingSegments;
  }

  /** Folds every checkpoint into one compact base file (see index-file.ts), in time slices. */
  async compact(): Promise<void> {
    const exact = this.vectorStore instanceof ExactVectorStore ? this.vectorStore : undefined;
    const slicer = new TimeSlicer();
    const docs: BaseDocument[] = [];
    const order: string[] = [];
    for (const doc of this.table.documents.values()) {
      const block = this.table.savedBlock(doc);
      const { embedderId, vectors } = this.vectors.toSave(doc, exact);
      docs.push({
        key: doc.key,
        hash: doc.hash,
        embedderId,
        chunkIds: doc.chunkIds,
        block,
        ...(doc.stamp ? { stamp: doc.stamp } : {}),
        ...(vectors ? { vectors } : {}),
      });
      order.push(...doc.chunkIds);
      await slicer.tick();
    }
    const lexical = await this.bm25.snapshot(order, () => slicer.tick());
    await this.journal.writeBase(await encodeIndexFile(this.journal.lastSeq, docs, lexical, slicer));
  }

  /** Drops every document (memory, vector store and disk). */
  async clear(): Promise<void> {
    for (const key of [...this.table.documents.keys()]) this.removeInMemory(key);
    this.pending = [];
    await this.vectorStore?.clear();
    await this.journal.wipe();
  }

  async search(query: string, options: SearchOptions): Promise<ScoredChunk[]> {
    const weights = options.weights ?? this.options.weights ?? DEFAULT_FUSION_WEIGHTS;
    const candidates = Math.max(options.limit * 4, 40);
    const acceptId = (id: string) => {
      const entry = options.accept ? this.chunk(id) : undefined;
      return this.table.hasChunk(id) && (!options.accept || options.accept(entry!.chunk));
    };
    const lists: Array<RankedList<'lexical' | 'vector'>> = [];
    if (weights.lexical > 0) lists.push({ name: 'lexical', weight: weights.lexical, ids: this.bm25.search(query, candidates, acceptId).map((h) => h.id) });
    if (this.options.embedder && this.vectorStore && weights.vector > 0 && query.trim()) {
      const [vector] = await this.options.embedder.embed([query]);
      const hits = await this.vectorStore.query(vector!, candidates, acceptId);
      lists.push({ name: 'vector', weight: weights.vector, ids: hits.map((h) => h.id) });
    }
    const best = maxFusedScore(
      lists.map((l) => l.weight),
      this.options.rrfK,
    );
    return reciprocalRankFusion(lists, this.options.rrfK)
      .slice(0, options.limit)
      .map((item) => ({ chunk: this.chunk(item.id)!.chunk, score: best ? item.score / best : 0, ranks: item.ranks }));
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
