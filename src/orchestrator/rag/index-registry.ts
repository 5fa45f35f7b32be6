// Which workspace folder each index in the shared data folder belongs to, and the removal of the
// indexes whose folder was deleted. An index folder (<dataDir>/rag/<name>-<hash>, rag-paths.ts) is
// named by a hash of its workspace's real path, so the path is kept beside the index (index-root.json)
// when it is written; an index without it (written before it was kept) is left alone.
import * as path from 'path';
import type { FileSystemPort, LoggerPort } from '../ports';

export const INDEX_ROOT_FILE = 'index-root.json';

interface IndexRoot {
  v: 1;
  root: string;
}

function parseIndexRoot(bytes: Uint8Array): IndexRoot | undefined {
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<IndexRoot> | null;
    return value?.v === 1 && typeof value.root === 'string' && path.isAbsolute(value.root) ? { v: 1, root: value.root } : undefined;
  } catch {
    return undefined;
  }
}

async function readIndexRoot(fs: FileSystemPort, indexDir: string): Promise<IndexRoot | undefined> {
  const file = path.join(indexDir, INDEX_ROOT_FILE);
  if (!(await fs.stat(file))?.isFile) return undefined;
  return parseIndexRoot(await fs.readFile(file));
}

/** Notes the workspace folder an index belongs to (written once; again only if it says another folder). */
export async function recordIndexRoot(fs: FileSystemPort, indexDir: string, root: string): Promise<void> {
  if ((await readIndexRoot(fs, indexDir).catch(() => undefined))?.root === root) return;
  await fs.createDirectory(indexDir);
  await fs.writeFileAtomic(path.join(indexDir, INDEX_ROOT_FILE), JSON.stringify({ v: 1, root } satisfies IndexRoot));
}

/**
 * Removes the indexes under `ragDir` (<dataDir>/rag) whose workspace folder no longer exists while the
 * folder that held it does: a deleted or renamed workspace. A folder whose parent is missing too (an
 * unmounted drive, a network share that is away) keeps its index, and so does an index without a
 * recorded folder, or one named in `keep`. Returns what was removed.
 */
export async function pruneStaleIndexes(
  fs: FileSystemPort,
  ragDir: string,
  logger: LoggerPort,
  keep: readonly string[] = [],
): Promise<Array<{ indexDir: string; root: string }>> {
  const kept = new Set(keep.map((dir) => path.resolve(dir)));
  const removed: Array<{ indexDir: string; root: string }> = [];
  for (const entry of await fs.readDirectory(ragDir)) {
    const indexDir = path.join(ragDir, entry.name);
    if (!entry.isDirectory || kept.has(indexDir)) continue;
    let recorded: IndexRoot | undefined;
    try {
      recorded = await readIndexRoot(fs, indexDir);
    } catch (error) {
      logger.warn(`Could not read ${path.join(indexDir, INDEX_ROOT_FILE)}: ${(error as Error).message}; the index is kept.`);
      continue;
    }
    if (!recorded || (await fs.stat(recorded.root)) || !(await fs.stat(path.dirname(recorded.root)))?.isDirectory) continue;
    try {
      await fs.delete(indexDir);
      removed.push({ indexDir, root: recorded.root });
      logger.info(`Removed the index of ${recorded.root}, a folder that no longer exists (${indexDir}).`);
    } catch (error) {
      logger.warn(`Could not remove the index of the deleted folder ${recorded.root} (${indexDir}): ${(error as Error).message}`);
    }
  }
  return removed;
}
