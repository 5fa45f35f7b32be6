// Loads one CommonJS bundle of ours through V8's code cache, kept in a file of our own (vm.Script's
// cachedData). Unlike Node's module compile cache, which applies to the whole process, this touches only
// the bundle it loads: in the extension host, other extensions are compiled as they always are. The cache
// is written after the bundle has run, so it holds the functions activation compiled, not only the
// top level. V8 checks only the source's length (and its own version and flags), so the file also holds a
// SHA-256 of the source it was made from: a cache of any other source is not handed to V8 at all, and is
// rewritten.
import { createHash } from 'crypto';
import * as fs from 'fs';
import { Module, createRequire } from 'module';
import * as path from 'path';
import * as vm from 'vm';

export interface LoadedBundle<T> {
  exports: T;
  /** Whether V8 used the cache file (false on the first load and after the bundle changed). */
  readonly fromCache: boolean;
  /** Writes the cache if V8 had none it could use; atomic (temporary file, then rename). Returns whether it wrote. */
  saveCache(): boolean;
}

const MAGIC = Buffer.from('BT3CODE1', 'ascii');
const HEADER = MAGIC.length + 32;

/** The V8 data of a cache file made from exactly this source, else undefined. */
function cachedDataFor(cacheFile: string, sourceHash: Buffer): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(cacheFile);
  } catch {
    return undefined; // the first load, or a cache that was cleared
  }
  const made = bytes.length > HEADER && bytes.subarray(0, MAGIC.length).equals(MAGIC) && bytes.subarray(MAGIC.length, HEADER).equals(sourceHash);
  return made ? bytes.subarray(HEADER) : undefined;
}

/** Requires `file` as Node would, compiled with the code cache in `cacheFile` when it was made from this source. */
export function requireWithCodeCache<T>(file: string, cacheFile: string): LoadedBundle<T> {
  const source = fs.readFileSync(file, 'utf8');
  const sourceHash = createHash('sha256').update(source).digest();
  const cachedData = cachedDataFor(cacheFile, sourceHash);
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    // import() inside the bundle resolves as in any module (our bundles use require, but stay correct if not).
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  const fromCache = !!cachedData && !script.cachedDataRejected;
  const module = new Module(file);
  module.filename = file;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return {
    exports: module.exports as T,
    fromCache,
    saveCache: () => {
      if (fromCache) return false;
      const data = script.createCachedData();
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, Buffer.concat([MAGIC, sourceHash, data]));
      fs.renameSync(temporary, cacheFile);
      return true;
    },
  };
}
