// V8's compiled code of our bundles, kept on disk between processes (Node's module compile cache, Node
// 22.1 and later; older Node versions and hosts without it compile every time). Loading a bundle then
// skips most of its compilation: about a third of the extension's load time, a tenth of a CLI search.
// The folder is the caller's own data folder, never a shared temporary one, so that no other account can
// plant compiled code in it; Node checks each entry against the source it was compiled from.

interface ModuleWithCompileCache {
  enableCompileCache?: (dir: string) => unknown;
  flushCompileCache?: () => void;
}

const nodeModule = () => require('module') as ModuleWithCompileCache;

/** Turns the compile cache on for every module loaded from now on; does nothing where Node lacks it. */
export function enableCompileCache(dir: string): void {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return;
  try {
    nodeModule().enableCompileCache?.(dir);
  } catch {
    // A cache that cannot be used costs only the compile time it would have saved.
  }
}

/** Writes what the cache gathered so far (Node writes it at exit, which a killed host never reaches). */
export function flushCompileCache(): void {
  try {
    nodeModule().flushCompileCache?.();
  } catch {
    // As above: only a cache lost.
  }
}
