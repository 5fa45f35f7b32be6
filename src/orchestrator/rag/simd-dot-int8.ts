// The first pass of the vector scan over int8 copies of the rows, a quarter of the float32 matrix's
// bytes: the scan is bound by memory reads, so it runs in about a quarter of the time. Each row is
// stored as round(x / s) with its own scale s = max|x| / 127; the kernel (WebAssembly SIMD, i8x16
// products widened to i16 then summed into i32 lanes) writes each row's approximate score, its integer
// dot with the quantized query times the row's scale. The scan then re-ranks the best candidates by
// their float32 vectors (vector-scan.ts), so the scores it returns are exact. In WebAssembly text:
//
//   (func (export "dots8") (param $m i32) (param $q i32) (param $rows i32) (param $dim i32) (param $out i32) (param $scales i32)
//     loop over rows: $a0 = $a1 = 0; for 16 bytes at a time, r = load($p), q = load($qi):
//       $a0 += i32x4.extadd_pairwise_i16x8_s(i16x8.extmul_low_i8x16_s(r, q)); $a1 += ... extmul_high ...;
//     f32.store($out, f32(sum of the lanes of $a0+$a1) * f32.load($scales)); $m += dim; $out += 4; $scales += 4)
//
// Products of two int8 values in [-127, 127] fit an i16 and a row's sum an i32 for any dimension below
// 130,000. The dimension must be a multiple of 16.
import { I32, MAX_PAGES, V128, instantiateKernel, kernelModule, op, type WasmMemory } from './wasm-bytes';

export type Int8DotsFunction = (rowsOffset: number, queryOffset: number, rows: number, dimension: number, outOffset: number, scalesOffset: number) => void;

const I16X8_EXTMUL_LOW_I8X16_S = 0x9c;
const I16X8_EXTMUL_HIGH_I8X16_S = 0x9d;
const I32X4_EXTADD_PAIRWISE_I16X8_S = 0x7e;
const I32X4_ADD = 0xae;
const I32X4_EXTRACT_LANE = 0x1b;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_GE_U = 0x4f;
const BR_IF = 0x0d;
const BR = 0x0c;
const BLOCK_LOOP = [0x02, 0x40, 0x03, 0x40];
const END_LOOP_BLOCK = [0x0b, 0x0b];

/** The module's bytes for a shared memory of at most `maxPages` pages. */
export function simdInt8DotModule(maxPages: number): Uint8Array {
  const { get, set, i32c, simd, load, zero } = op;
  // params: 0 m, 1 q, 2 rows, 3 dim, 4 out, 5 scales; locals: 6 end, 7 qi, 8 p, 9 rowEnd (i32); 10 a0, 11 a1, 12 r, 13 q (v128)
  const widenInto = (acc: number, extmul: number) => [
    ...get(acc),
    ...get(12),
    ...get(13),
    ...simd(extmul),
    ...simd(I32X4_EXTADD_PAIRWISE_I16X8_S),
    ...simd(I32X4_ADD),
    ...set(acc),
  ];
  const lane = (i: number) => [...get(10), ...simd(I32X4_EXTRACT_LANE, i)];
  const advance = (local: number, by: number[]) => [...get(local), ...by, I32_ADD, ...set(local)];
  // prettier-ignore
  const body = [
    ...get(0), ...get(2), ...get(3), I32_MUL, I32_ADD, ...set(6), // end = m + rows * dim
    ...BLOCK_LOOP,
    ...get(0), ...get(6), I32_GE_U, BR_IF, 1, // rows done
    ...zero(), ...set(10), ...zero(), ...set(11),
    ...get(0), ...set(8), ...get(1), ...set(7),
    ...get(0), ...get(3), I32_ADD, ...set(9), // rowEnd = m + dim
    ...BLOCK_LOOP,
    ...get(8), ...get(9), I32_GE_U, BR_IF, 1, // row done
    ...get(8), ...load(0), ...set(12),
    ...get(7), ...load(0), ...set(13),
    ...widenInto(10, I16X8_EXTMUL_LOW_I8X16_S),
    ...widenInto(11, I16X8_EXTMUL_HIGH_I8X16_S),
    ...advance(8, i32c(16)), ...advance(7, i32c(16)),
    BR, 0, ...END_LOOP_BLOCK,
    ...get(4), // the store's address
    ...get(10), ...get(11), ...simd(I32X4_ADD), ...set(10),
    ...lane(0), ...lane(1), I32_ADD, ...lane(2), I32_ADD, ...lane(3), I32_ADD,
    0xb2, // f32.convert_i32_s
    ...get(5), 0x2a, 2, 0, // f32.load align=4 offset 0
    0x94, // f32.mul
    0x38, 2, 0, // f32.store align=4 offset 0
    ...advance(0, get(3)), ...advance(4, i32c(4)), ...advance(5, i32c(4)),
    BR, 0, ...END_LOOP_BLOCK,
    0x0b, // end func
  ];
  return kernelModule(
    'dots8',
    6,
    [
      [4, I32],
      [4, V128],
    ],
    body,
    maxPages,
  );
}

/** Instantiates the kernel over `memory` (a shared WebAssembly.Memory); undefined when SIMD is unavailable. */
export function instantiateInt8Dots(memory: WasmMemory, maxPages = MAX_PAGES): Int8DotsFunction | undefined {
  return instantiateKernel<Int8DotsFunction>(simdInt8DotModule(maxPages), 'dots8', memory);
}

/**
 * Writes `vector` quantized to int8 into `out` at `at` (dimension bytes) and returns its scale
 * (max |x| / 127; 0 for a zero vector): x ≈ scale · out[at + i].
 */
export function quantizeInto(vector: Float32Array, out: Int8Array, at: number): number {
  let max = 0;
  for (let i = 0; i < vector.length; i++) max = Math.max(max, Math.abs(vector[i]!));
  if (!(max > 0) || !Number.isFinite(max)) {
    out.fill(0, at, at + vector.length);
    return 0;
  }
  const inverse = 127 / max;
  for (let i = 0; i < vector.length; i++) out[at + i] = Math.round(vector[i]! * inverse);
  return max / 127;
}
