// A model-free embedder: stemmed terms and term pairs hashed into a fixed number of dimensions,
// weighted by sub-linear term frequency and L2-normalized. It gives lexical similarity whenever no
// neural embedding model is installed, through the same interface as the model.
import { terms } from '../text/text-normalize';

/** The shape of every embedder (the RAG embedder has the same one): normalized vectors. */
export interface TextEmbedder {
  readonly id: string;
  readonly dimension: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class HashingEmbedder implements TextEmbedder {
  readonly id: string;

  constructor(readonly dimension = 512) {
    this.id = `hashing-${dimension}`;
  }

  embedSync(text: string): Float32Array {
    const vector = new Float32Array(this.dimension);
    const words = terms(text);
    const features = [...words, ...words.slice(1).map((w, i) => `${words[i]}_${w}`)];
    const counts = new Map<string, number>();
    for (const f of features) counts.set(f, (counts.get(f) ?? 0) + 1);
    for (const [feature, count] of counts) {
      const h = hash(feature);
      const weight = (1 + Math.log(count)) * (feature.includes('_') ? 0.5 : 1);
      vector[h % this.dimension]! += h & 0x80000000 ? -weight : weight;
    }
    return normalize(vector);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedSync(t));
  }
}

export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}
