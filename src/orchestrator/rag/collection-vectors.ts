// The vectors of a collection's documents (collection.ts) outside its vector store: those read from disk
// that the store does not take, held until the next save, and the documents whose vectors must be recomputed.
import type { IndexedDocument } from './collection-documents';
import type { ExactVectorStore } from './exact-vector-store';

export class DocumentVectors {
  /** Vectors read from disk that the vector store does not hold (another or no embedder); written back on compaction. */
  private readonly held = new Map<string, Array<Float32Array | undefined>>();
  /** Documents whose vectors must be recomputed even though their content did not change. */
  private readonly stale = new Set<string>();

  isStale(key: string): boolean {
    return this.stale.has(key);
  }

  markStale(key: string): void {
    this.stale.add(key);
  }

  /** Drops what is held or marked for a document (removed, or put again). */
  forget(key: string): void {
    this.held.delete(key);
    this.stale.delete(key);
  }

  clear(): void {
    this.held.clear();
    this.stale.clear();
  }

  /**
   * Puts a stored document's vectors in the store (same model) or holds them for the next save;
   * `embedderId` is the collection's model ('' without one).
   */
  adopt(
    doc: IndexedDocument,
    embedderId: string,
    vectorOf: (ordinal: number) => Float32Array | undefined,
    exact: ExactVectorStore | undefined,
    discarded: { count: number },
    copy: boolean,
  ): void {
    const usable = !!exact && doc.embedderId !== '' && doc.embedderId === embedderId;
    if (usable) {
      doc.chunkIds.forEach((id, i) => {
        const vector = vectorOf(i);
        if (vector && vector.length === exact.dimension) exact.upsertSync(id, vector);
        else this.stale.add(doc.key);
      });
      return;
    }
    const held = doc.chunkIds.map((_, i) => vectorOf(i));
    if (!held.some(Boolean)) return;
    this.held.set(doc.key, copy ? held.map((v) => v?.slice()) : held);
    if (embedderId && doc.embedderId !== embedderId) discarded.count++;
  }

  /**
   * The vectors to save with a document and the model that made them: those held, else copies of the
   * exact store's; none (and embedderId '') when the store lacks one of its chunks.
   */
  toSave(doc: IndexedDocument, exact: ExactVectorStore | undefined): { embedderId: string; vectors: Array<Float32Array | undefined> | undefined } {
    let embedderId = doc.embedderId;
    let vectors: Array<Float32Array | undefined> | undefined = this.held.get(doc.key);
    if (!vectors && exact && doc.embedderId) {
      // Copies, not views: the file is written in time slices while the store may change.
      vectors = doc.chunkIds.map((id) => exact.vectorOf(id)?.slice());
      if (!vectors.every(Boolean)) {
        vectors = undefined;
        embedderId = '';
      }
    }
    return { embedderId, vectors };
  }
}
