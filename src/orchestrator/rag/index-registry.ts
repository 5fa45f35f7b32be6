// Which workspace folder each index in the shared data folder belongs to, and the removal of the code
// indexes of folders that are gone. An index folder (<dataDir>/rag/<name>-<hash>, rag-paths.ts) is named
// by a hash of its workspace's real path, so that path is noted beside the index (index-root.json) by the
// host that opens it. An index is only removed when:
//   - its note names the folder its own name was made from (a note naming another path, such as a link
//     the folder was opened through, is not trusted);
//   - that folder is missing while its parent is there (a drive or share that is away keeps its index);
//   - it has been missing for MISSING_DAYS days in a row (a branch without the folder, a folder renamed
//     and back, a share mounted again): the first pass that finds it missing only notes since when.
// Only what can be rebuilt goes (the code index); the experiences recorded in that workspace exist
// nowhere else and stay, with the note. An index without a note (written before notes) is left alone.
import * as path from 'path';
import type { FileSystemPort, LoggerPort } from '../ports';
import { EXPERIENCES_ENTRY, REBUILDABLE_INDEX_ENTRIES, workspaceIndexDir } from './rag-paths';

export const INDEX_ROOT_FILE = 'index-root.json';
export const MISSING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

interface IndexRoot {
  v: 1;
  root: string;
  /** When a pass first found the folder missing (ms since the epoch); absent while it exists. */
  missingSince?: number;
}

function parseIndexRoot(bytes: Uint8Array): IndexRoot | undefined {
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<IndexRoot> | null;
    if (value?.v !== 1 || typeof value.root !== 'string' || !path.isAbsolute(value.root)) return undefined;
    return { v: 1, root: value.root, ...(Number.isFinite(value.missingSince) ? { missingSince: value.missingSince! } : {}) };
  } catch {
    return undefined;
  }
}

async function readIndexRoot(fs: FileSystemPort, indexDir: string): Promise<IndexRoot | undefined> {
  const file = path.join(indexDir, INDEX_ROOT_FILE);
  if (!(await fs.stat(file))?.isFile) return undefined;
  return parseIndexRoot(await fs.readFile(file));
}

function writeIndexRoot(fs: FileSystemPort, indexDir: string, note: IndexRoot): Promise<void> {
  return fs.writeFileAtomic(path.join(indexDir, INDEX_ROOT_FILE), JSON.stringify(note));
}

/**
 * Notes the workspace folder an index belongs to: `realRoot` is the folder's real path, the one the
 * index folder's name is made from. Written when missing or different (and a missing mark is cleared).
 */
export async function recordIndexRoot(fs: FileSystemPort, indexDir: string, realRoot: string): Promise<void> {
  const note = await readIndexRoot(fs, indexDir).catch(() => undefined);
  if (note?.root === realRoot && note.missingSince === undefined) return;
  await fs.createDirectory(indexDir);
  await writeIndexRoot(fs, indexDir, { v: 1, root: realRoot });
}

export interface PrunedIndex {
  indexDir: string;
  root: string;
}

/**
 * One pass over the indexes in `<dataDir>/rag` (the rules above), skipping those in `keep`. `now` is
 * the time in ms since the epoch. Returns the indexes whose code index was removed.
 */
export async function pruneStaleIndexes(
  fs: FileSystemPort,
  dataDir: string,
  logger: LoggerPort,
  now: number,
  keep: readonly string[] = [],
): Promise<PrunedIndex[]> {
  const kept = new Set(keep.map((dir) => path.resolve(dir)));
  const ragDir = path.join(dataDir, 'rag');
  const removed: PrunedIndex[] = [];
  for (const entry of await fs.readDirectory(ragDir)) {
    const indexDir = path.join(ragDir, entry.name);
    if (!entry.isDirectory || kept.has(indexDir)) continue;
    try {
      const pruned = await pruneOne(fs, dataDir, indexDir, now);
      if (pruned) {
        removed.push(pruned);
        logger.info(`Removed the code index of ${pruned.root}, missing for ${MISSING_DAYS} days or more (${indexDir}).`);
      }
    } catch (error) {
      logger.warn(`Could not check whether the folder of the index ${indexDir} still exists: ${(error as Error).message}; the index is kept.`);
    }
  }
  return removed;
}

async function pruneOne(fs: FileSystemPort, dataDir: string, indexDir: string, now: number): Promise<PrunedIndex | undefined> {
  const note = await readIndexRoot(fs, indexDir);
  if (!note || workspaceIndexDir(dataDir, note.root) !== indexDir) return undefined;
  if (await fs.stat(note.root)) {
    if (note.missingSince !== undefined) await writeIndexRoot(fs, indexDir, { v: 1, root: note.root });
    return undefined;
  }
  if (!(await fs.stat(path.dirname(note.root)))?.isDirectory) return undefined;
  if (note.missingSince === undefined) {
    await writeIndexRoot(fs, indexDir, { ...note, missingSince: now });
    return undefined;
  }
  if (now - note.missingSince < MISSING_DAYS * DAY_MS) return undefined;
  let removedAny = false;
  for (const name of REBUILDABLE_INDEX_ENTRIES) {
    if (!(await fs.stat(path.join(indexDir, name)))) continue;
    await fs.delete(path.join(indexDir, name));
    removedAny = true;
  }
  // Nothing left but the note: the whole folder goes.
  if (!(await fs.readDirectory(path.join(indexDir, EXPERIENCES_ENTRY))).length) await fs.delete(indexDir);
  return removedAny ? { indexDir, root: note.root } : undefined;
}

/**
 * What a host does when it has opened the indexes of its workspace folders (their real paths): each notes
 * its folder, then one pass looks after the others. Failures are logged, never thrown; returns what the
 * pass removed.
 */
export async function noteAndPrune(fs: FileSystemPort, dataDir: string, realRoots: readonly string[], logger: LoggerPort, now: number): Promise<PrunedIndex[]> {
  const indexDirs = realRoots.map((root) => workspaceIndexDir(dataDir, root));
  await Promise.all(
    realRoots.map((root, i) =>
      recordIndexRoot(fs, indexDirs[i]!, root).catch((error: Error) => logger.warn(`Could not note the folder of the index ${indexDirs[i]}: ${error.message}`)),
    ),
  );
  return pruneStaleIndexes(fs, dataDir, logger, now, indexDirs).catch((error: Error) => {
    logger.warn(`Could not look for the indexes of deleted folders: ${error.message}`);
    return [];
  });
}
