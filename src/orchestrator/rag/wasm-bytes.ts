// Encoding helpers and the runtime API for the scan kernels (simd-dot.ts, simd-dot-int8.ts), which are
// tiny WebAssembly modules assembled byte by byte instead of shipping a toolchain. Both import one
// shared memory, the vector store's, so the worker thread and the calling thread scan the same rows.

export const WASM_PAGE = 65536;
/** Largest memory the kernels address (wasm32: 4 GiB); reserved as address space, committed as it grows. */
export const MAX_PAGES = 65536;

// The WebAssembly API as used here (the project's TypeScript lib settings do not declare it).
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => unknown;
  Instance: new (module: unknown, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

export function sleb(n: number): number[] {
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

export const I32 = 0x7f;
export const V128 = 0x7b;
export const F32 = 0x7d;

/** Instruction builders used by both kernels. */
export const op = {
  get: (i: number) => [0x20, i],
  set: (i: number) => [0x21, i],
  i32c: (n: number) => [0x41, ...sleb(n)],
  simd: (code: number, ...imm: number[]) => [0xfd, ...uleb(code), ...imm],
  /** v128.load align=16 at a constant offset from the address on the stack. */
  load: (offset: number) => [0xfd, 0x00, 4, ...uleb(offset)],
  zero: () => [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
};

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

const vec = (bytes: number[]) => [...uleb(bytes.length), ...bytes];
const name = (text: string) => vec([...text].map((c) => c.charCodeAt(0)));

/**
 * A module importing env.memory (shared, at most `maxPages`) and exporting one function `exported`
 * of i32 `params` returning nothing, with `locals` (groups of [count, type]) and `body` (ending in 0x0b).
 */
export function kernelModule(exported: string, params: number, locals: Array<[number, number]>, body: number[], maxPages: number): Uint8Array {
  const func = vec([...uleb(locals.length), ...locals.flatMap(([count, type]) => [...uleb(count), type]), ...body]);
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, params, ...new Array<number>(params).fill(I32), 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(1), ...uleb(maxPages)]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name(exported), 0x00, 0]),
    ...section(10, [1, ...func]),
  ]);
}

/** The exported function of `bytes` instantiated over `memory`; undefined where WebAssembly (SIMD) is unavailable. */
export function instantiateKernel<F>(bytes: Uint8Array, exported: string, memory: WasmMemory): F | undefined {
  if (!wasm) return undefined;
  try {
    const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
    return instance.exports[exported] as F;
  } catch {
    return undefined;
  }
}

/**
 * A shared memory of `bytes` (rounded up to pages) that may grow to `maximumPages` (a kernel over it must
 * be built for the same maximum), or undefined when WebAssembly or the size is not available.
 */
export function sharedWasmMemory(bytes: number, maximumPages = MAX_PAGES): WasmMemory | undefined {
  const pages = Math.ceil(bytes / WASM_PAGE);
  if (!wasm || pages > maximumPages || maximumPages > MAX_PAGES) return undefined;
  try {
    return new wasm.Memory({ initial: Math.max(1, pages), maximum: maximumPages, shared: true });
  } catch {
    return undefined;
  }
}
