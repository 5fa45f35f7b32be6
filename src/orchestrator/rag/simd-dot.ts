// Dot products of one query against many rows with WebAssembly SIMD (f32x4, four accumulators),
// the inner loop of the exact vector scan. The module is tiny, so it is assembled here byte by byte
// (readable below as the WebAssembly text it encodes) instead of shipping a toolchain:
//
//   (module (import "env" "memory" (memory 1 MAX shared))
//     (func (export "dots") (param $m i32) (param $q i32) (param $rows i32) (param $dim i32) (param $out i32)
//       (local $end i32) (local $qi i32) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
//       loop over rows: $a0..$a3 = 0; for 16 floats at a time: $aK += load($m + 16K) * load($qi + 16K);
//       f32.store($out, sum of the lanes of $a0+$a1+$a2+$a3); $m += 4·dim; $out += 4))
//
// Accumulation is in float32 (the JS scan accumulates in float64): scores differ in the last bits,
// which only matters for exact ties. The dimension must be a multiple of 16.

const PAGE = 65536;

// The WebAssembly API as used here (the project's TypeScript lib settings do not declare it).
interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => unknown;
  Instance: new (module: unknown, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
export type { WasmMemory };

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const vec = (bytes: number[]) => [...uleb(bytes.length), ...bytes];

/** The module's bytes for a shared memory of at most `maxPages` pages. */
export function simdDotModule(maxPages: number): Uint8Array {
  const I32 = 0x7f;
  const V128 = 0x7b;
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const i32c = (n: number) => [0x41, ...sleb(n)];
  const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
  const load = (offset: number) => simd(0x00, 4, ...uleb(offset)); // v128.load align=16 (2^4)
  const F32X4_ADD = 0xe4;
  const F32X4_MUL = 0xe6;
  const zero = simd(0x0c, ...new Array(16).fill(0)); // v128.const 0
  // params: 0 m, 1 q, 2 rows, 3 dim, 4 out; locals: 5 end(i32), 6 qi(i32), 7 p(i32), 8..11 acc(v128), 12 rowEnd(i32)
  const accumulate = (k: number) => [
    ...get(8 + k),
    ...get(7),
    ...load(16 * k),
    ...get(6),
    ...load(16 * k),
    ...simd(F32X4_MUL),
    ...simd(F32X4_ADD),
    ...set(8 + k),
  ];
  const body = [
    // end = m + rows * dim * 4
    ...get(0),
    ...get(2),
    ...get(3),
    0x6c,
    ...i32c(2),
    0x74,
    0x6a,
    ...set(5),
    0x02,
    0x40, // block
    0x03,
    0x40, // loop (rows)
    ...get(0),
    ...get(5),
    0x4f,
    0x0d,
    1, // if m >= end: break
    ...zero,
    ...set(8),
    ...zero,
    ...set(9),
    ...zero,
    ...set(10),
    ...zero,
    ...set(11),
    ...get(0),
    ...set(7),
    ...get(1),
    ...set(6),
    ...get(0),
    ...get(3),
    ...i32c(2),
    0x74,
    0x6a,
    ...set(12), // rowEnd = m + dim*4
    0x02,
    0x40,
    0x03,
    0x40, // block, loop (16 floats a step)
    ...get(7),
    ...get(12),
    0x4f,
    0x0d,
    1,
    ...accumulate(0),
    ...accumulate(1),
    ...accumulate(2),
    ...accumulate(3),
    ...get(7),
    ...i32c(64),
    0x6a,
    ...set(7),
    ...get(6),
    ...i32c(64),
    0x6a,
    ...set(6),
    0x0c,
    0,
    0x0b,
    0x0b, // br loop; end loop; end block
    // out[r] = horizontal sum of a0+a1+a2+a3
    ...get(4),
    ...get(8),
    ...get(9),
    ...simd(F32X4_ADD),
    ...get(10),
    ...get(11),
    ...simd(F32X4_ADD),
    ...simd(F32X4_ADD),
    ...set(8),
    ...get(8),
    ...simd(0x1f, 0),
    ...get(8),
    ...simd(0x1f, 1),
    0x92,
    ...get(8),
    ...simd(0x1f, 2),
    0x92,
    ...get(8),
    ...simd(0x1f, 3),
    0x92,
    0x38,
    2,
    0, // f32.store align=4 offset 0
    ...get(0),
    ...get(3),
    ...i32c(2),
    0x74,
    0x6a,
    ...set(0),
    ...get(4),
    ...i32c(4),
    0x6a,
    ...set(4),
    0x0c,
    0,
    0x0b,
    0x0b, // br loop; end loop; end block
    0x0b, // end func
  ];
  const locals = [3, 3, I32, 4, V128, 1, I32]; // 3 locals groups: 3×i32, 4×v128, 1×i32
  const func = vec([...locals, ...body]);
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 0]), // type: (i32 ×5) -> ()
    ...section(2, [
      1,
      ...vec([...'env'].map((c) => c.charCodeAt(0))),
      ...vec([...'memory'].map((c) => c.charCodeAt(0))),
      0x02,
      0x03,
      ...uleb(1),
      ...uleb(maxPages),
    ]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...vec([...'dots'].map((c) => c.charCodeAt(0))), 0x00, 0]),
    ...section(10, [1, ...func]),
  ];
  return Uint8Array.from(bytes);
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export type DotsFunction = (matrixOffset: number, queryOffset: number, rows: number, dimension: number, outOffset: number) => void;

/** Largest memory the kernel addresses (wasm32: 4 GiB); reserved as address space, committed as it grows. */
export const MAX_PAGES = 65536;
export const WASM_PAGE = PAGE;

/** Instantiates the kernel over `memory` (a shared WebAssembly.Memory); undefined when SIMD is unavailable. */
export function instantiateSimdDots(memory: WasmMemory, maxPages = MAX_PAGES): DotsFunction | undefined {
  if (!wasm) return undefined;
  try {
    const module = new wasm.Module(simdDotModule(maxPages));
    const instance = new wasm.Instance(module, { env: { memory } });
    return instance.exports.dots as DotsFunction;
  } catch {
    return undefined;
  }
}

/** A shared memory of `bytes` (rounded up to pages), or undefined when WebAssembly or the size is not available. */
export function sharedWasmMemory(bytes: number): WasmMemory | undefined {
  const pages = Math.ceil(bytes / PAGE);
  if (!wasm || pages > MAX_PAGES) return undefined;
  try {
    return new wasm.Memory({ initial: Math.max(1, pages), maximum: MAX_PAGES, shared: true });
  } catch {
    return undefined;
  }
}
