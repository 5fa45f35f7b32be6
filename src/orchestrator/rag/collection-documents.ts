// The documents and chunks of a collection (collection.ts) in memory: chunk ids resolved to their
// document through flat arrays, and the chunks of a loaded base kept compressed per document.
import { compressChunks, decompressChunks, type DecodedBase } from './index-file';
import type { Chunk } from './types';

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

export interface DocEntry extends IndexedDocument {
  /** The document's number in this collection (see DocumentTable.docSlots). */
  slot: number;
  /** Index of the document in the loaded base, whose block holds its chunks. */
  base?: number;
  /** The chunks, for documents put since the base was loaded. */
  chunks?: readonly Chunk[];
}

/** Documents whose decompressed chunks are kept. */
const CACHED_BLOCKS = 64;

/**
 * A chunk of the saved base: its id at once, its text and metadata decompressed on first read. Spread or
 * serialize it through toJSON (its text and metadata are getters on the prototype).
 */
class StoredChunk implements Chunk {
  constructor(
    readonly id: string,
    private readonly owner: DocumentTable,
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

export class DocumentTable {
  /** The documents by key (one map for the table's lifetime: clear() empties it). */
  readonly documents = new Map<string, DocEntry>();
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
  /** Compressed chunk blocks of the loaded base, by base document index. */
  private baseBlocks: { blocks: Uint8Array; offsets: Uint32Array; ids: string[][]; keys: string[] } | undefined;
  private readonly blockCache = new Map<number, Chunk[]>();

  /** Forgets every document and the loaded base (before a reload). */
  clear(): void {
    this.documents.clear();
    this.chunkRefs = new Map();
    this.chunkSlot = [];
    this.chunkOrdinal = [];
    this.docSlots = [];
    this.blockCache.clear();
    this.baseBlocks = undefined;
  }

  /** Keeps the compressed chunk blocks of a loaded base, which its documents (DocEntry.base) read from. */
  setBase(base: DecodedBase): void {
    this.baseBlocks = { blocks: base.blocks, offsets: base.blockOffsets, ids: base.docs.map((d) => d.chunkIds as string[]), keys: base.docs.map((d) => d.key) };
  }

  get chunkCount(): number {
    return this.chunkRefs.size;
  }

  hasChunk(id: string): boolean {
    return this.chunkRefs.has(id);
  }

  refOf(id: string): { doc: DocEntry; ordinal: number } | undefined {
    const n = this.chunkRefs.get(id);
    if (n === undefined) return undefined;
    const doc = this.docSlots[this.chunkSlot[n]!];
    return doc ? { doc, ordinal: this.chunkOrdinal[n]! } : undefined;
  }

  newSlot(): number {
    return this.docSlots.length;
  }

  /** Adds a document (its slot from newSlot()) and the references to its chunks. */
  add(doc: DocEntry): void {
    this.documents.set(doc.key, doc);
    this.setRefs(doc);
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

  /** Removes a document and the references to its chunks. */
  remove(doc: DocEntry): void {
    this.documents.delete(doc.key);
    for (const id of doc.chunkIds) this.chunkRefs.delete(id);
    this.docSlots[doc.slot] = undefined;
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

  chunkAt(doc: DocEntry, ordinal: number): Chunk {
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

  /** A document's chunks as a compressed block for the base file: the loaded base's block, else compressed now. */
  savedBlock(doc: DocEntry): Uint8Array {
    const base = this.baseBlocks;
    return doc.base !== undefined && base ? base.blocks.slice(base.offsets[doc.base]!, base.offsets[doc.base + 1]!) : compressChunks(doc.chunks ?? [], doc.key);
  }
}
