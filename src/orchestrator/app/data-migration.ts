// Moves data an older version kept elsewhere (VS Code's globalStorage and workspace storage) into the
// shared data folder, once: a folder is moved only when nothing is at its destination yet, and a
// marker file records that the migration ran, so it never runs twice.
import * as path from 'path';
import type { FileSystemPort, LoggerPort } from '../ports';

export interface DataMove {
  from: string;
  to: string;
}

export async function migrateDataOnce(fs: FileSystemPort, marker: string, moves: readonly DataMove[], logger: LoggerPort): Promise<DataMove[]> {
  if (await fs.stat(marker)) return [];
  const moved: DataMove[] = [];
  for (const move of moves) {
    if (!(await fs.stat(move.from))) continue;
    if (await fs.stat(move.to)) {
      logger.warn(`Kept ${move.from}: ${move.to} already exists (the shared data folder wins; nothing was merged).`);
      continue;
    }
    await fs.createDirectory(path.dirname(move.to));
    await fs.rename(move.from, move.to);
    moved.push(move);
    logger.info(`Moved ${move.from} to ${move.to}.`);
  }
  await fs.writeFileAtomic(marker, `${JSON.stringify({ migratedAt: new Date().toISOString(), moved }, null, 2)}\n`);
  return moved;
}
