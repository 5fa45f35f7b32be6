// The postings of the BM25 index (lexical.ts): the in-memory lists documents are added to, and the saved
// base's varint bytes (their layout, writing and reading back).

export class Postings {
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

/**
 * The postings of a saved index as read from disk: per term (in term-id order) the documents holding
 * it, as varint pairs (document-number gap, term frequency) in one byte array. Documents are numbered
 * in the order of `docIds`.
 */
export interface LexicalBase {
  terms: readonly string[];
  df: Int32Array;
  /** termCount + 1 byte offsets into `postings`. */
  offsets: Uint32Array;
  postings: Uint8Array;
  docIds: readonly string[];
  docLength: Int32Array;
}

/** Appends `value` (a non-negative integer below 2^31) to `out` as a little-endian base-128 varint. */
export function pushVarint(out: number[], value: number): void {
  while (value >= 0x80) {
    out.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  out.push(value);
}

/** Calls `visit(doc, tf)` for the varint pairs in `bytes` from `start` to `end` (one term of a base), in document order. */
export function forEachBasePosting(bytes: Uint8Array, start: number, end: number, visit: (doc: number, tf: number) => void): void {
  let doc = 0;
  for (let at = start; at < end;) {
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
    visit(doc, tf);
  }
}
