// BM25 over code and prose, on the terms of lexical-terms.ts (identifiers split and kept whole). The
// index supports removal (tombstones, compacted when they pile up) so incremental updates never rebuild it.
import { lexicalTerms } from './lexical-terms';
import { forEachBasePosting, Postings, pushVarint, type LexicalBase } from './lexical-postings';

export interface LexicalHit {
  id: string;
  score: number;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
  /**
   * The searchable text of a document of the saved base, read on demand: removing such a document
   * needs its terms, which the base does not keep per document.
   */
  baseText?: (id: string) => string | undefined;
}

/**
 * BM25 over documents added in memory and, optionally, a read-only base loaded from disk (postings kept
 * as varint bytes, decoded while scoring). Both parts score alike; removing a base document tombstones
 * it. Compaction folds the base into the in-memory postings.
 */
export class Bm25Index {
  private readonly termIds = new Map<string, number>();
  /** Each term by its id (ids are given in order and never change): iterated without walking the map. */
  private termList: string[] = [];
  private postings: Array<Postings | undefined> = [];
  private df: number[] = [];
  private docIds: Array<string | undefined> = [];
  /** Term ids of in-memory documents; undefined for base documents (see Bm25Options.baseText) and removed ones. */
  private docTerms: Array<Int32Array | undefined> = [];
  private docLength: number[] = [];
  private readonly docNumById = new Map<string, number>();
  private totalLength = 0;
  private tombstones = 0;
  private scores = new Float64Array(0);
  private base: { postings: Uint8Array; offsets: Uint32Array; termCount: number; docCount: number } | undefined;
  private readonly k1: number;
  private readonly b: number;

  constructor(options: Bm25Options | number = {}, b = 0.75) {
    const o = typeof options === 'number' ? { k1: options, b } : options;
    this.k1 = o.k1 ?? 1.2;
    this.b = o.b ?? 0.75;
    this.baseText = o.baseText;
  }

  private readonly baseText: ((id: string) => string | undefined) | undefined;

  /** An index over a saved base (documents numbered in base order); documents can be added and removed after. */
  static fromBase(base: LexicalBase, options: Bm25Options = {}): Bm25Index {
    const index = new Bm25Index(options);
    index.installBase(base, 0, base.terms.length, 0, base.docIds.length);
    return index;
  }

  /** fromBase in steps, awaiting `tick` between them (a large base on a host's thread). */
  static async loadBase(base: LexicalBase, options: Bm25Options, tick: () => Promise<void>): Promise<Bm25Index> {
    const index = new Bm25Index(options);
    const step = 256; // a few hundred microseconds; `tick` yields once its time slice is used up
    const steps = Math.max(Math.ceil(base.terms.length / step), Math.ceil(base.docIds.length / step), 1);
    for (let i = 0; i < steps; i++) {
      index.installBase(base, i * step, Math.min(base.terms.length, (i + 1) * step), i * step, Math.min(base.docIds.length, (i + 1) * step));
      await tick();
    }
    return index;
  }

  /** Installs terms [termFrom, termTo) and documents [docFrom, docTo) of `base` (in order, from 0). */
  private installBase(base: LexicalBase, termFrom: number, termTo: number, docFrom: number, docTo: number): void {
    if (!this.base) {
      this.base = { postings: base.postings, offsets: base.offsets, termCount: base.terms.length, docCount: base.docIds.length };
      this.postings = new Array<Postings | undefined>(base.terms.length);
      this.termList = new Array<string>(base.terms.length);
      this.df = new Array<number>(base.terms.length);
      this.docIds = new Array<string | undefined>(base.docIds.length);
      this.docTerms = new Array<Int32Array | undefined>(base.docIds.length);
      this.docLength = new Array<number>(base.docIds.length);
    }
    for (let termId = termFrom; termId < termTo; termId++) {
      this.termIds.set(base.terms[termId]!, termId);
      this.termList[termId] = base.terms[termId]!;
      this.df[termId] = base.df[termId]!;
    }
    for (let doc = docFrom; doc < docTo; doc++) {
      const id = base.docIds[doc]!;
      this.docIds[doc] = id;
      this.docNumById.set(id, doc);
      this.docLength[doc] = base.docLength[doc]!;
      this.totalLength += base.docLength[doc]!;
    }
  }

  get size(): number {
    return this.docNumById.size;
  }

  has(id: string): boolean {
    return this.docNumById.has(id);
  }

  private termIdFor(term: string): number {
    let termId = this.termIds.get(term);
    if (termId === undefined) {
      termId = this.postings.length;
      this.termIds.set(term, termId);
      this.termList.push(term);
      this.postings.push(undefined);
      this.df.push(0);
    }
    return termId;
  }

  add(id: string, text: string): void {
    if (this.docNumById.has(id)) this.remove(id);
    const terms = lexicalTerms(text);
    const counts = new Map<number, number>();
    for (const term of terms) {
      const termId = this.termIdFor(term);
      counts.set(termId, (counts.get(termId) ?? 0) + 1);
    }
    const doc = this.docIds.length;
    this.docIds.push(id);
    this.docLength.push(terms.length);
    this.docTerms.push(Int32Array.from(counts.keys()));
    this.docNumById.set(id, doc);
    this.totalLength += terms.length;
    for (const [termId, tf] of counts) {
      (this.postings[termId] ??= new Postings()).push(doc, tf);
      this.df[termId]!++;
    }
  }

  /** Distinct term ids of a document (for a base document: from its text, read on demand). */
  private termsOfDoc(doc: number, id: string): Iterable<number> {
    const own = this.docTerms[doc];
    if (own) return own;
    const text = this.baseText?.(id);
    if (text === undefined) throw new Error(`the terms of ${id} cannot be read back from the saved index`);
    const ids = new Set<number>();
    for (const term of lexicalTerms(text)) {
      const termId = this.termIds.get(term);
      if (termId !== undefined) ids.add(termId);
    }
    return ids;
  }

  remove(id: string): void {
    const doc = this.docNumById.get(id);
    if (doc === undefined) return;
    for (const termId of this.termsOfDoc(doc, id)) this.df[termId]!--;
    this.docNumById.delete(id);
    this.totalLength -= this.docLength[doc]!;
    this.docIds[doc] = undefined;
    this.docTerms[doc] = undefined;
    this.tombstones++;
    if (this.tombstones > 1000 && this.tombstones > this.docNumById.size) this.compact();
  }

  /** Number of live documents holding `term` (an already normalized term), 0 when unknown. */
  documentFrequency(term: string): number {
    const termId = this.termIds.get(term);
    return termId === undefined ? 0 : this.df[termId]!;
  }

  /** Every term ever indexed (some may no longer occur: check documentFrequency). */
  vocabulary(): IterableIterator<string> {
    return this.termIds.keys();
  }

  /** Every term ever indexed with its live document frequency (0 for a term no longer in any document). */
  forEachTerm(visit: (term: string, documentFrequency: number) => void): void {
    const terms = this.termList;
    for (let termId = 0; termId < terms.length; termId++) visit(terms[termId]!, this.df[termId]!);
  }

  /** Inverse document frequency of a term (BM25's), 0 when no live document holds it. */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    const n = this.docNumById.size;
    return df ? Math.log(1 + (n - df + 0.5) / (df + 0.5)) : 0;
  }

  /** Calls `visit(doc, tf)` for every posting of a term, tombstoned documents included, in document order. */
  private forEachPosting(termId: number, visit: (doc: number, tf: number) => void): void {
    const base = this.base;
    if (base && termId < base.termCount) forEachBasePosting(base.postings, base.offsets[termId]!, base.offsets[termId + 1]!, visit);
    const own = this.postings[termId];
    if (own) for (let i = 0; i < own.length; i += 2) visit(own.data[i]!, own.data[i + 1]!);
  }

  /** Top `limit` documents for the query, best first; `accept` filters by id. */
  search(query: string, limit: number, accept?: (id: string) => boolean): LexicalHit[] {
    return this.searchTerms(new Map(lexicalTerms(query).map((t) => [t, 1])), limit, accept);
  }

  /** Top `limit` documents for weighted normalized terms (an expanded query), best first. */
  searchTerms(terms: ReadonlyMap<string, number>, limit: number, accept?: (id: string) => boolean): LexicalHit[] {
    const n = this.docNumById.size;
    if (!n || limit <= 0) return [];
    const avgdl = this.totalLength / n || 1;
    if (this.scores.length < this.docIds.length) this.scores = new Float64Array(Math.max(this.docIds.length, this.scores.length * 2));
    const scores = this.scores;
    const touched: number[] = [];
    const { k1, b, docIds, docLength } = this;
    for (const [term, weight] of terms) {
      const termId = this.termIds.get(term);
      if (termId === undefined || !this.df[termId] || !(weight > 0)) continue;
      const df = this.df[termId]!;
      const idf = weight * Math.log(1 + (n - df + 0.5) / (df + 0.5));
      // Inline (no callback): this loop is the hot path of every search; forEachBasePosting (lexical-postings.ts) decodes the same varint pairs for the other readers.
      const base = this.base;
      if (base && termId < base.termCount) {
        const bytes = base.postings;
        const end = base.offsets[termId + 1]!;
        let doc = 0;
        for (let at = base.offsets[termId]!; at < end;) {
          let byte = bytes[at++]!;
          let gap = byte & 0x7f;
          for (let shift = 7; byte & 0x80; shift += 7) {
            byte = bytes[at++]!;
            gap |= (byte & 0x7f) << shift;
          }
          byte = bytes[at++]!;
          let tf = byte & 0x7f;
          for (let shift = 7; byte & 0x80; shift += 7) {
            byte = bytes[at++]!;
            tf |= (byte & 0x7f) << shift;
          }
          doc += gap;
          if (docIds[doc] === undefined) continue;
          const norm = tf + k1 * (1 - b + (b * docLength[doc]!) / avgdl);
          if (scores[doc] === 0) touched.push(doc);
          scores[doc] = scores[doc]! + (idf * (tf * (k1 + 1))) / norm;
        }
      }
      const own = this.postings[termId];
      if (own) {
        const { data, length } = own;
        for (let i = 0; i < length; i += 2) {
          const doc = data[i]!;
          if (docIds[doc] === undefined) continue;
          const tf = data[i + 1]!;
          const norm = tf + k1 * (1 - b + (b * docLength[doc]!) / avgdl);
          if (scores[doc] === 0) touched.push(doc);
          scores[doc] = scores[doc]! + (idf * (tf * (k1 + 1))) / norm;
        }
      }
    }
    // Top `limit` by a min-heap on score, so a common term over 100k chunks costs no full sort.
    const heap: number[] = [];
    const less = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && this.docIds[a]! > this.docIds[b]!);
    const siftDown = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) return;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    };
    for (const doc of touched) {
      if (heap.length === limit && !less(heap[0]!, doc)) continue;
      if (accept && !accept(this.docIds[doc]!)) continue;
      if (heap.length < limit) {
        heap.push(doc);
        for (let i = heap.length - 1; i > 0;) {
          const parent = (i - 1) >> 1;
          if (!less(heap[i]!, heap[parent]!)) break;
          [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
          i = parent;
        }
      } else {
        heap[0] = doc;
        siftDown(0);
      }
    }
    const hits = heap.map((doc) => ({ id: this.docIds[doc]!, score: scores[doc]! }));
    for (const doc of touched) scores[doc] = 0;
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    return hits;
  }

  /**
   * The live index as a base to save: documents renumbered in the order of `order` (ids, every live
   * document exactly once), terms that still occur in term-id order. `tick` is awaited between terms
   * so a host can give way to its event loop.
   */
  async snapshot(order: readonly string[], tick: () => Promise<void> = async () => undefined): Promise<LexicalBase & { totalLength: number }> {
    if (order.length !== this.docNumById.size) throw new Error(`snapshot order has ${order.length} documents, the index ${this.docNumById.size}`);
    const renumber = new Int32Array(this.docIds.length).fill(-1);
    const docLength = new Int32Array(order.length);
    order.forEach((id, next) => {
      const doc = this.docNumById.get(id);
      if (doc === undefined) throw new Error(`snapshot order names ${id}, which is not indexed`);
      renumber[doc] = next;
      docLength[next] = this.docLength[doc]!;
    });
    const terms: string[] = [];
    const df: number[] = [];
    const offsets: number[] = [0];
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    let pending: number[] = [];
    const pairs: number[] = [];
    for (const [term, termId] of this.termIds) {
      if (!this.df[termId]) continue;
      pairs.length = 0;
      let sorted = true;
      this.forEachPosting(termId, (doc, tf) => {
        const next = this.docIds[doc] === undefined ? -1 : renumber[doc]!;
        if (next < 0) return;
        if (pairs.length && pairs[pairs.length - 2]! > next) sorted = false;
        pairs.push(next, tf);
      });
      if (!sorted) {
        const order2 = Array.from({ length: pairs.length / 2 }, (_, i) => i).sort((x, y) => pairs[2 * x]! - pairs[2 * y]!);
        const copy = pairs.slice();
        order2.forEach((from, i) => {
          pairs[2 * i] = copy[2 * from]!;
          pairs[2 * i + 1] = copy[2 * from + 1]!;
        });
      }
      let last = 0;
      for (let i = 0; i < pairs.length; i += 2) {
        pushVarint(pending, pairs[i]! - last);
        pushVarint(pending, pairs[i + 1]!);
        last = pairs[i]!;
      }
      terms.push(term);
      df.push(pairs.length / 2);
      if (pending.length > 1 << 16) {
        chunks.push(Uint8Array.from(pending));
        bytes += pending.length;
        pending = [];
      }
      offsets.push(bytes + pending.length);
      await tick();
    }
    chunks.push(Uint8Array.from(pending));
    const postings = new Uint8Array(bytes + pending.length);
    let at = 0;
    for (const c of chunks) {
      postings.set(c, at);
      at += c.length;
    }
    return { terms, df: Int32Array.from(df), offsets: Uint32Array.from(offsets), postings, docIds: order, docLength, totalLength: this.totalLength };
  }

  private compact(): void {
    const live = [...this.docNumById.keys()].map((id) => ({ id, doc: this.docNumById.get(id)! }));
    const postings = this.postings.map(() => undefined as Postings | undefined);
    const docIds: string[] = [];
    const docTerms: Array<Int32Array | undefined> = [];
    const docLength: number[] = [];
    const remap = new Int32Array(this.docIds.length).fill(-1);
    for (const { id, doc } of live) {
      remap[doc] = docIds.length;
      this.docNumById.set(id, docIds.length);
      docIds.push(id);
      docTerms.push(this.docTerms[doc]);
      docLength.push(this.docLength[doc]!);
    }
    for (let termId = 0; termId < this.postings.length; termId++) {
      this.forEachPosting(termId, (doc, tf) => {
        const next = remap[doc]!;
        if (next >= 0) (postings[termId] ??= new Postings()).push(next, tf);
      });
    }
    this.postings = postings;
    this.base = undefined;
    this.docIds = docIds;
    this.docTerms = docTerms;
    this.docLength = docLength;
    this.tombstones = 0;
  }
}
