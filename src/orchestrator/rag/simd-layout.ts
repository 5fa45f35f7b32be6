// Where the exact vector store keeps its rows in the shared WebAssembly memory the scan kernels read:
//   [float32 rows: capacity x dimension x 4][int8 rows: capacity x dimension][scales: capacity x 4]
//   [scratch of the calling thread][scratch of the search worker]
// (the int8 rows and their scales only when the store scans in two passes). A scratch area holds a
// query, then one score per row. The float32 rows start at 0, so they stay in place when the memory
// grows; the int8 rows and scales move up (moveQuantized).

export interface SimdLayout {
  capacity: number;
  /** Byte offset of the int8 rows, or -1 without them. */
  quantizedRows: number;
  /** Byte offset of the int8 rows' scales, or -1 without them. */
  scales: number;
  /** Byte offsets of the two scratch areas: 0 the calling thread's, 1 the worker's. */
  scratch: [number, number];
  /** Bytes the memory needs. */
  bytes: number;
}

const align16 = (n: number) => Math.ceil(n / 16) * 16;

export function simdLayout(dimension: number, capacity: number, quantized: boolean): SimdLayout {
  const floats = dimension * capacity * 4;
  const quantizedRows = quantized ? floats : -1;
  const scales = quantized ? floats + dimension * capacity : -1;
  const first = align16(quantized ? scales + capacity * 4 : floats);
  const scratchBytes = align16((dimension + capacity) * 4);
  return { capacity, quantizedRows, scales, scratch: [first, first + scratchBytes], bytes: first + 2 * scratchBytes };
}

/**
 * After the memory grew in place from layout `from` to `to`, moves the int8 rows and their scales up
 * to their new offsets (scales first: they lie above the rows, and both only move up).
 */
export function moveQuantized(buffer: SharedArrayBuffer, dimension: number, from: SimdLayout, to: SimdLayout): void {
  if (from.quantizedRows < 0 || to.quantizedRows < 0) return;
  const bytes = new Uint8Array(buffer);
  bytes.copyWithin(to.scales, from.scales, from.scales + from.capacity * 4);
  bytes.copyWithin(to.quantizedRows, from.quantizedRows, from.quantizedRows + from.capacity * dimension);
}
