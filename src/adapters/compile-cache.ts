// V8's compiled code of the CLI's bundles, kept on disk between runs (Node's module compile cache,
// module.enableCompileCache, Node 22.8 and later; older versions compile every time). It applies to the
// whole process, which is the CLI's own. The folder is in the user's data folder, never a shared temporary
// one, so that no other account can plant compiled code in it; Node checks each entry against the source
// it was compiled from and writes new entries when the process exits. (The extension host is shared with
// other extensions: the extension caches only its own bundle, see bundle-code-cache.ts.)

interface ModuleWithCompileCache {
  enableCompileCache?: (dir: string) => { status?: number; message?: string } | undefined;
}

/** Turns the compile cache on for every module loaded from now on; does nothing where Node lacks it. */
export function enableCompileCache(dir: string): void {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return;
  // A cache that cannot be used (its status says why) costs only the compile time it would have saved.
  (require('module') as ModuleWithCompileCache).enableCompileCache?.(dir);
}
