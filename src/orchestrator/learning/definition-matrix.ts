// The definitions' word vectors as one matrix, and the dot product of a task's vector with every row:
// through the vector scan's WebAssembly SIMD kernel where it is available (rows padded to a multiple of
// 16 floats), in plain JavaScript otherwise. With 1,000 experts this is the ranking's largest cost.
import { WASM_PAGE, instantiateSimdDots, sharedWasmMemory, type DotsFunction } from '../rag/simd-dot';

const LANES = 16;

export class DefinitionMatrix {
  private readonly stride: number;
  private readonly simd: { buffer: SharedArrayBuffer; dots: DotsFunction; query: number; out: number } | undefined;
  private readonly rows: Float32Array;

  /**
   * `vectors`: one per definition (undefined: a definition without a known word, a row of zeros).
   * `useSimd` false: the plain JavaScript loop (as where WebAssembly SIMD is unavailable).
   */
  constructor(
    vectors: ReadonlyArray<Float32Array | undefined>,
    private readonly dimension: number,
    useSimd = true,
  ) {
    this.stride = Math.ceil(dimension / LANES) * LANES;
    const count = vectors.length;
    const bytes = (count * this.stride + this.stride + count) * 4;
    // A memory of exactly the pages needed, never grown: a matrix is rebuilt when the experts change, and
    // each memory that may grow reserves its whole maximum of address space.
    const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE));
    const memory = count && useSimd ? sharedWasmMemory(bytes, pages) : undefined;
    const dots = memory ? instantiateSimdDots(memory, pages) : undefined;
    const buffer = memory?.buffer;
    this.simd = dots && buffer ? { buffer, dots, query: count * this.stride * 4, out: (count * this.stride + this.stride) * 4 } : undefined;
    this.rows = this.simd ? new Float32Array(this.simd.buffer, 0, count * this.stride) : new Float32Array(count * this.stride);
    vectors.forEach((v, i) => v && this.rows.set(v.subarray(0, dimension), i * this.stride));
  }

  /** Whether the SIMD kernel scores the rows (else the plain loop: WebAssembly SIMD unavailable, or not asked). */
  get usesSimd(): boolean {
    return this.simd !== undefined;
  }

  get count(): number {
    return this.rows.length / this.stride;
  }

  /** Every row's dot product with `query` (a vector of the matrix's dimension). */
  dots(query: Float32Array): Float32Array {
    const count = this.count;
    if (this.simd) {
      const { buffer, dots, query: at, out } = this.simd;
      const padded = new Float32Array(buffer, at, this.stride);
      padded.fill(0);
      padded.set(query.subarray(0, this.dimension));
      dots(0, at, count, this.stride, out);
      return new Float32Array(buffer, out, count).slice();
    }
    const scores = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      let s = 0;
      const row = i * this.stride;
      for (let d = 0; d < this.dimension; d++) s += this.rows[row + d]! * query[d]!;
      scores[i] = s;
    }
    return scores;
  }
}
