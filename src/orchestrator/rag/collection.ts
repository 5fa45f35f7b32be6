// One searchable collection (workspace code, or experiences): documents and their chunks, a BM25
// index, a vector store, and the journal that persists them. Search fuses the lexical and the vector
// ranking with RRF; without an embedder it is lexical only.
// Opened from a compact base file (index-file.ts) the collection keeps only what search needs in memory:
// the postings as bytes, chunk ids and document rows. A chunk's text and metadata stay compressed per
// document and are decompressed when something reads them (a few documents are cached).
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import type { Embedder } from './embedder';
import { compressChunks, decompressChunks, encodeIndexFile, type BaseDocument, type DecodedBase } from './index-file';
import { CollectionJournal, type JournalOp, type StoredDocument } from './journal';
import { Bm25Index } from './lexical';
import { TimeSlicer } from '../time-slice';
import { maxFusedScore, reciprocalRankFusion, type RankedList } from './rrf';
import type { Chunk, ScoredChunk } from './types';
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

/** A document of the collection as callers see it (its chunks are read through Collection.chunk). */
export interface IndexedDocument {
  readonly key: string;
  /** Content hash of what was indexed. */
  readonly hash: string;
  /** Id of the embedder whose vectors are stored, '' when indexed lexically only. */
  readonly embedderId: string;
  /** Cheap change detector (size and mtime); updated in place when only the stamp changed. */
  stamp?: string;
  readonly chunkIds: readonly string[];
}

interface DocEntry extends IndexedDocument {
  /** The document's number in this collection (see Collection.docSlots). */
  slot: number;
  /** Index of the document in the loaded base, whose block holds its chunks. */
  base?: number;
  /** The chunks, for documents put since the base was loaded. */
  chunks?: readonly Chunk[];
}

/** Documents whose decompressed chunks are kept. */
const CACHED_BLOCKS = 64;

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

/**
 * A chunk of the saved base: its id at once, its text and metadata decompressed on first read. Spread or
 * serialize it through toJSON (its text and metadata are getters on the prototype).
 */
class StoredChunk implements Chunk {
  constructor(
    readonly id: string,
    private readonly owner: Collection,
    private readonly doc: DocEntry,
    private readonly ordinal: number,
  ) {}

  get text(): string {
    return this.owner.storedChunk(this.doc, this.ordinal).text;
  }

  get metadata(): Chunk['metadata'] {
    return this.owner.storedChunk(this.doc, this.ordinal).metadata;
  }

  toJSON(): Chunk {
    return { id: this.id, text: this.text, metadata: this.metadata };
  }
}

export class Collection {
  private readonly documents = new Map<string, DocEntry>();
  /**
   * Chunk id -> chunk number, whose document slot and ordinal are in chunkSlot and chunkOrdinal: small
   * integers in flat arrays, no object per chunk, so a large index loads with little for the garbage
   * collector to trace. Numbers of removed chunks are not reused until the next reload.
   */
  private chunkRefs = new Map<string, number>();
  private chunkSlot: number[] = [];
  private chunkOrdinal: number[] = [];
  /** Documents by slot; a removed document leaves a hole until the next reload. */
  private docSlots: Array<DocEntry | undefined> = [];
  private bm25: Bm25Index;
  private readonly journal: CollectionJournal;
  private pending: JournalOp[] = [];
  /** Vectors read from disk that the vector store does not hold (another or no embedder); written back on compaction. */
  private readonly heldVectors = new Map<string, Array<Float32Array | undefined>>();
  /** Compressed chunk blocks of the loaded base, by base document index. */
  private baseBlocks: { blocks: Uint8Array; offsets: Uint32Array; ids: string[][]; keys: string[] } | undefined;
  private readonly blockCache = new Map<number, Chunk[]>();
  readonly vectorStore: VectorStore | undefined;
  /** Notices from loading (quarantined files, discarded vectors, migration); the host shows them. */
  notices: string[] = [];

  private constructor(private readonly options: CollectionOptions) {
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
    const ref = this.refOf(id);
    return ref ? searchableText(this.chunkAt(ref.doc, ref.ordinal)) : undefined;
  }

  private refOf(id: string): { doc: DocEntry; ordinal: number } | undefined {
    const n = this.chunkRefs.get(id);
    if (n === undefined) return undefined;
    const doc = this.docSlots[this.chunkSlot[n]!];
    return doc ? { doc, ordinal: this.chunkOrdinal[n]! } : undefined;
  }

  private newSlot(): number {
    return this.docSlots.length;
  }

  private setRefs(doc: DocEntry): void {
    this.docSlots[doc.slot] = doc;
    const ids = doc.chunkIds;
    for (let i = 0; i < ids.length; i++) {
      this.chunkRefs.set(ids[i]!, this.chunkSlot.length);
      this.chunkSlot.push(doc.slot);
      this.chunkOrdinal.push(i);
    }
  }

  get name(): string {
    return this.options.name;
  }

  get embedderId(): string {
    return this.options.embedder?.id ?? '';
  }

  /** The documents by key. */
  get docs(): ReadonlyMap<string, IndexedDocument> {
    return this.documents;
  }

  get chunkCount(): number {
    return this.chunkRefs.size;
  }

  get hasVectors(): boolean {
    return !!this.options.embedder && !!this.vectorStore;
  }

  /** The chunks of a base document, decompressed (and cached) on first use. */
  private baseChunks(index: number): Chunk[] {
    let chunks = this.blockCache.get(index);
    if (chunks) {
      this.blockCache.delete(index);
      this.blockCache.set(index, chunks);
      return chunks;
    }
    const base = this.baseBlocks!;
    chunks = decompressChunks(base.blocks.subarray(base.offsets[index]!, base.offsets[index + 1]!), base.ids[index]!, base.keys[index]!);
    this.blockCache.set(index, chunks);
    if (this.blockCache.size > CACHED_BLOCKS) this.blockCache.delete(this.blockCache.keys().next().value!);
    return chunks;
  }

  private chunkAt(doc: DocEntry, ordinal: number): Chunk {
    return doc.chunks ? doc.chunks[ordinal]! : this.baseChunks(doc.base!)[ordinal]!;
  }

  /** A chunk by id; a chunk of the saved base reads its text and metadata when they are first used. */
  chunk(id: string): { chunk: Chunk; key: string } | undefined {
    const ref = this.refOf(id);
    if (!ref) return undefined;
    const { doc, ordinal } = ref;
    return { chunk: doc.chunks ? doc.chunks[ordinal]! : new StoredChunk(id, this, doc, ordinal), key: doc.key };
  }

  /** The key of the document holding a chunk. */
  keyOf(id: string): string | undefined {
    const n = this.chunkRefs.get(id);
    return n === undefined ? undefined : this.docSlots[this.chunkSlot[n]!]?.key;
  }

  /** Text and metadata of a chunk of the base (see StoredChunk). */
  storedChunk(doc: DocEntry, ordinal: number): Chunk {
    return this.chunkAt(doc, ordinal);
  }

  /** True when `key` must be (re)indexed: unknown, changed content, or embedded by another model than the current one. */
  isStale(key: string, hash: string): boolean {
    const doc = this.documents.get(key);
    if (!doc || doc.hash !== hash) return true;
    return this.embedderId !== '' && (doc.embedderId !== this.embedderId || this.staleVectors.has(key));
  }

  /** Documents whose vectors must be recomputed even though their content did not change. */
  private readonly staleVectors = new Set<string>();

  /** Reads the index from disk again (after another thread or process wrote it), replacing what is in memory. */
  async reload(): Promise<void> {
    this.documents.clear();
    this.chunkRefs = new Map();
    this.chunkSlot = [];
    this.chunkOrdinal = [];
    this.docSlots = [];
    this.heldVectors.clear();
    this.staleVectors.clear();
    this.blockCache.clear();
    this.baseBlocks = undefined;
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
      const local = [...this.documents.values()].filter((d) => d.embedderId === this.embedderId).reduce((n, d) => n + d.chunkIds.length, 0);
      if (remote < local) {
        this.options.logger.warn(
          `The ${this.vectorStore.kind} store holds ${remote} vectors of "${this.name}" but ${local} chunks are indexed; the next indexing run embeds them again.`,
        );
        for (const doc of this.documents.values()) this.staleVectors.add(doc.key);
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
    this.baseBlocks = { blocks: base.blocks, offsets: base.blockOffsets, ids: base.docs.map((d) => d.chunkIds as string[]), keys: base.docs.map((d) => d.key) };
    const { dimension, vectors, vectorRows } = base;
    for (const [index, row] of base.docs.entries()) {
      const doc: DocEntry = {
        key: row.key,
        hash: row.hash,
        embedderId: row.embedderId,
        chunkIds: row.chunkIds,
        base: index,
        slot: this.newSlot(),
        ...(row.stamp ? { stamp: row.stamp } : {}),
      };
      this.documents.set(doc.key, doc);
      this.setRefs(doc);
      // Passed inline: a closure bound to a name is renamed at each document by the bundle (keepNames), which costs.
      this.adoptVectors(
        doc,
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

  /** Puts a stored document's vectors in the store (same model) or holds them for the next save. */
  private adoptVectors(
    doc: DocEntry,
    vectorOf: (ordinal: number) => Float32Array | undefined,
    exact: ExactVectorStore | undefined,
    discarded: { count: number },
    copy: boolean,
  ): void {
    const usable = !!exact && doc.embedderId !== '' && doc.embedderId === this.embedderId;
    if (usable) {
      doc.chunkIds.forEach((id, i) => {
        const vector = vectorOf(i);
        if (vector && vector.length === exact.dimension) exact.upsertSync(id, vector);
        else this.staleVectors.add(doc.key);
      });
      return;
    }
    const held = doc.chunkIds.map((_, i) => vectorOf(i));
    if (!held.some(Boolean)) return;
    this.heldVectors.set(doc.key, copy ? held.map((v) => v?.slice()) : held);
    if (this.embedderId && doc.embedderId !== this.embedderId) discarded.count++;
  }

  private loadStored(stored: StoredDocument, exact: ExactVectorStore | undefined, discarded: { count: number }): void {
    const doc = this.addInMemory(stored.key, stored.hash, stored.embedderId, stored.chunks, stored.stamp);
    this.adoptVectors(doc, (i) => stored.vectors?.[i], exact, discarded, false);
  }

  private addInMemory(key: string, hash: string, embedderId: string, chunks: readonly Chunk[], stamp?: string): DocEntry {
    const doc: DocEntry = { key, hash, embedderId, chunkIds: chunks.map((c) => c.id), chunks, slot: this.newSlot(), ...(stamp ? { stamp } : {}) };
    this.documents.set(key, doc);
    this.setRefs(doc);
    for (const chunk of chunks) this.bm25.add(chunk.id, searchableText(chunk));
    return doc;
  }

  private removeInMemory(key: string): string[] {
    const doc = this.documents.get(key);
    if (!doc) return [];
    // The lexical index may read a base document's text to remove it: before its references go.
    for (const id of doc.chunkIds) this.bm25.remove(id);
    this.documents.delete(key);
    for (const id of doc.chunkIds) this.chunkRefs.delete(id);
    this.docSlots[doc.slot] = undefined;
    this.heldVectors.delete(key);
    this.staleVectors.delete(key);
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
          metadata: { ...chunk.metadata, key: this.refOf(chunk.id)!.doc.key },
          document: chunk.text,
        })),
      );
    }
  }

  async remove(keys: readonly string[]): Promise<number> {
    const ids: string[] = [];
    for (const key of keys) {
      if (!this.documents.has(key)) continue;
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
    for (const doc of this.documents.values()) {
      const base = this.baseBlocks;
      const block =
        doc.base !== undefined && base ? base.blocks.slice(base.offsets[doc.base]!, base.offsets[doc.base + 1]!) : compressChunks(doc.chunks ?? [], doc.key);
      let embedderId = doc.embedderId;
      let vectors: Array<Float32Array | undefined> | undefined = this.heldVectors.get(doc.key);
      if (!vectors && exact && doc.embedderId) {
        // Copies, not views: the file is written in time slices while the store may change.
        vectors = doc.chunkIds.map((id) => exact.vectorOf(id)?.slice());
        if (!vectors.every(Boolean)) {
          vectors = undefined;
          embedderId = '';
        }
      }
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
    for (const key of [...this.documents.keys()]) this.removeInMemory(key);
    this.pending = [];
    await this.vectorStore?.clear();
    await this.journal.wipe();
  }

  async search(query: string, options: SearchOptions): Promise<ScoredChunk[]> {
    const weights = options.weights ?? this.options.weights ?? DEFAULT_FUSION_WEIGHTS;
    const candidates = Math.max(options.limit * 4, 40);
    const acceptId = (id: string) => {
      const entry = options.accept ? this.chunk(id) : undefined;
      return this.chunkRefs.has(id) && (!options.accept || options.accept(entry!.chunk));
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
