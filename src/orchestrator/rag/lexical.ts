// BM25 over code and prose. Identifiers are split (parseInvoiceTotal → parse, invoice, total) and kept
// whole, so both "invoice total" and "parseInvoiceTotal" find the chunk. The index supports removal
// (tombstones, compacted when they pile up) so incremental updates never rebuild it.
import { porterStem } from '../agents/selection/porter-stemmer';

const STOP = new Set('a an the and or of to in on at by for with from into is are was were be been it its this that these those as if else then than not no do does did we you i he she they them our your their there here what which who how when where why can could should would will shall may might must also just only so'.split(' '));

const IDENTIFIER = /[\p{L}\p{N}_$]+/gu;

function normalizeTerm(word: string, stem = true): string | undefined {
  const lower = word.toLowerCase();
  if (lower.length < 2 || lower.length > 40 || STOP.has(lower)) return undefined;
  if (/^\d+$/.test(lower) && lower.length > 6) return undefined;
  return stem && /^[a-z]+$/.test(lower) ? porterStem(lower) : lower;
}

/** Terms of a text for BM25 (query and documents alike). */
export function lexicalTerms(text: string): string[] {
  const out: string[] = [];
  for (const match of text.match(IDENTIFIER) ?? []) {
    const parts = match.split(/_+|\$+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)/).filter(Boolean);
    if (parts.length > 1) {
      const whole = normalizeTerm(match.replace(/[_$]+/g, ''), false);
      if (whole) out.push(whole);
    }
    for (const part of parts) {
      const term = normalizeTerm(part);
      if (term) out.push(term);
    }
  }
  return out;
}

class Postings {
  data = new Int32Array(8); // docNum, tf, docNum, tf, …
  length = 0;
  push(doc: number, tf: number): void {
    if (this.length + 2 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = doc;
    this.data[this.length++] = tf;
  }
}

export interface LexicalHit {
  id: string;
  score: number;
}

export class Bm25Index {
  private readonly termIds = new Map<string, number>();
  private postings: Postings[] = [];
  private df: number[] = [];
  private docIds: Array<string | undefined> = [];
  private docTerms: Array<Int32Array | undefined> = [];
  private docLength: number[] = [];
  private readonly docNumById = new Map<string, number>();
  private totalLength = 0;
  private tombstones = 0;
  private scores = new Float64Array(0);

  constructor(private readonly k1 = 1.2, private readonly b = 0.75) {}

  get size(): number {
    return this.docNumById.size;
  }

  has(id: string): boolean {
    return this.docNumById.has(id);
  }

  add(id: string, text: string): void {
    if (this.docNumById.has(id)) this.remove(id);
    const terms = lexicalTerms(text);
    const counts = new Map<number, number>();
    for (const term of terms) {
      let termId = this.termIds.get(term);
      if (termId === undefined) {
        termId = this.postings.length;
        this.termIds.set(term, termId);
        this.postings.push(new Postings());
        this.df.push(0);
      }
      counts.set(termId, (counts.get(termId) ?? 0) + 1);
    }
    const doc = this.docIds.length;
    this.docIds.push(id);
    this.docLength.push(terms.length);
    this.docTerms.push(Int32Array.from(counts.keys()));
    this.docNumById.set(id, doc);
    this.totalLength += terms.length;
    for (const [termId, tf] of counts) {
      this.postings[termId]!.push(doc, tf);
      this.df[termId]!++;
    }
  }

  remove(id: string): void {
    const doc = this.docNumById.get(id);
    if (doc === undefined) return;
    this.docNumById.delete(id);
    for (const termId of this.docTerms[doc]!) this.df[termId]!--;
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

  /** Inverse document frequency of a term (BM25's), 0 when no live document holds it. */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    const n = this.docNumById.size;
    return df ? Math.log(1 + (n - df + 0.5) / (df + 0.5)) : 0;
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
    for (const [term, weight] of terms) {
      const termId = this.termIds.get(term);
      if (termId === undefined || !this.df[termId] || !(weight > 0)) continue;
      const df = this.df[termId]!;
      const idf = weight * Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const { data, length } = this.postings[termId]!;
      for (let i = 0; i < length; i += 2) {
        const doc = data[i]!;
        if (this.docIds[doc] === undefined) continue;
        const tf = data[i + 1]!;
        const norm = tf + this.k1 * (1 - this.b + (this.b * this.docLength[doc]!) / avgdl);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] = scores[doc]! + (idf * (tf * (this.k1 + 1))) / norm;
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
        for (let i = heap.length - 1; i > 0; ) {
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

  private compact(): void {
    const live = [...this.docNumById.keys()].map((id) => ({ id, doc: this.docNumById.get(id)! }));
    const postings = this.postings.map(() => new Postings());
    const docIds: string[] = [];
    const docTerms: Int32Array[] = [];
    const docLength: number[] = [];
    const remap = new Map<number, number>();
    for (const { id, doc } of live) {
      remap.set(doc, docIds.length);
      this.docNumById.set(id, docIds.length);
      docIds.push(id);
      docTerms.push(this.docTerms[doc]!);
      docLength.push(this.docLength[doc]!);
    }
    this.postings.forEach((old, termId) => {
      for (let i = 0; i < old.length; i += 2) {
        const next = remap.get(old.data[i]!);
        if (next !== undefined) postings[termId]!.push(next, old.data[i + 1]!);
      }
    });
    this.postings = postings;
    this.docIds = docIds;
    this.docTerms = docTerms;
    this.docLength = docLength;
    this.tombstones = 0;
  }
}
