// Loads one CommonJS bundle of ours through V8's code cache, kept in a file of our own (vm.Script's
// cachedData). Unlike Node's module compile cache, which applies to the whole process, this touches only
// the bundle it loads: in the extension host, other extensions are compiled as they always are. The cache
// is written after the bundle has run, so it holds the functions activation compiled, not only the top
// level. V8 checks only the source's length (and its own version and flags) and, in release builds, not
// the data itself, where a damaged byte can crash the process: the file therefore also holds a SHA-256 of
// the source it was made from and one of V8's data, and anything that does not match is not handed to V8
// (and is rewritten).
import { createHash } from 'crypto';
import * as fs from 'fs';
import { Module, createRequire } from 'module';
import * as path from 'path';
import * as vm from 'vm';
import { nodeFileSystem } from './node-store-file-system';

export interface LoadedBundle<T> {
  exports: T;
  /** Whether V8 used the cache file (false on the first load, after the bundle changed, or for a damaged file). */
  readonly fromCache: boolean;
  /** Writes the cache if V8 had none it could use (the process's file system, writeFileAtomic). Resolves to whether it wrote. */
  saveCache(): Promise<boolean>;
}

const MAGIC = Buffer.from('BT3CODE3', 'ascii');
const HEADER = MAGIC.length + 64;
/** The function Node's loader wraps a CommonJS module in (written here: another extension may patch Module.wrap). */
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_TAIL = '\n});';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest();

/** V8's data of a cache file made from exactly this source and intact, else undefined. */
function cachedDataFor(cacheFile: string, sourceHash: Buffer): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(cacheFile);
  } catch {
    return undefined; // the first load, or a cache that was cleared
  }
  if (bytes.length <= HEADER || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  if (!bytes.subarray(MAGIC.length, MAGIC.length + 32).equals(sourceHash)) return undefined;
  const data = bytes.subarray(HEADER);
  return bytes.subarray(MAGIC.length + 32, HEADER).equals(sha256(data)) ? data : undefined;
}

/**
 * Requires `file` as Node's loader would (exports, require, module with its lookup paths, __filename,
 * __dirname, `this`), compiled with the code cache in `cacheFile` when it was made from this source. The
 * module is not entered in require.cache: the bundle is loaded once, by its entry.
 */
export function requireWithCodeCache<T>(file: string, cacheFile: string): LoadedBundle<T> {
  // Hashed as the file's bytes: hashing the decoded text would encode it to UTF-8 again (~3 ms of 650 KB).
  const bytes = fs.readFileSync(file);
  const sourceHash = sha256(bytes);
  const source = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const cachedData = cachedDataFor(cacheFile, sourceHash);
  const script = new vm.Script(WRAPPER_HEAD + source + WRAPPER_TAIL, {
    filename: file,
    // Columns of the bundle's first line (all of a minified bundle) as in the file, not shifted by the wrapper.
    columnOffset: -WRAPPER_HEAD.length,
    ...(cachedData ? { cachedData } : {}),
    // import() inside the bundle resolves as in any module (our bundles use require, but stay correct if not).
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  const fromCache = !!cachedData && !script.cachedDataRejected;
  const module = new Module(file);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return {
    exports: module.exports as T,
    fromCache,
    saveCache: async () => {
      if (fromCache) return false;
      const data = script.createCachedData();
      await nodeFileSystem().writeFileAtomic(cacheFile, Buffer.concat([MAGIC, sourceHash, sha256(data), data]));
      return true;
    },
  };
}
