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
import { I32, MAX_PAGES, V128, instantiateKernel, kernelModule, op, type WasmMemory } from './wasm-bytes';

export { MAX_PAGES, WASM_PAGE, sharedWasmMemory, type WasmMemory } from './wasm-bytes';

export type DotsFunction = (matrixOffset: number, queryOffset: number, rows: number, dimension: number, outOffset: number) => void;

/** The module's bytes for a shared memory of at most `maxPages` pages. */
export function simdDotModule(maxPages: number): Uint8Array {
  const { get, set, i32c, simd, load, zero: zeroOf } = op;
  const zero = zeroOf();
  const F32X4_ADD = 0xe4;
  const F32X4_MUL = 0xe6;
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
  return kernelModule(
    'dots',
    5,
    [
      [3, I32],
      [4, V128],
      [1, I32],
    ],
    body,
    maxPages,
  );
}

/** Instantiates the kernel over `memory` (a shared WebAssembly.Memory); undefined when SIMD is unavailable. */
export function instantiateSimdDots(memory: WasmMemory, maxPages = MAX_PAGES): DotsFunction | undefined {
  return instantiateKernel<DotsFunction>(simdDotModule(maxPages), 'dots', memory);
}
