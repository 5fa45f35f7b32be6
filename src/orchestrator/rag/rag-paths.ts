// Where hosts keep RAG data by default, shared by the CLI and VS Code so both use one model download.
import { createHash } from 'crypto';
import * as path from 'path';
import type { FileSystemPort } from '../ports';

export const MODEL_FOLDER_NAME = 'all-MiniLM-L6-v2';

/** `<dataDir>/models/all-MiniLM-L6-v2` */
export function defaultModelDir(dataDir: string): string {
  return path.join(dataDir, 'models', MODEL_FOLDER_NAME);
}

/** `<dataDir>/rag/<folder name>-<hash of its absolute path>`: one index per workspace folder. */
export function workspaceIndexDir(dataDir: string, workspace: string): string {
  const abs = path.resolve(workspace);
  const name =
    path
      .basename(abs)
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 40) || 'root';
  return path.join(dataDir, 'rag', `${name}-${createHash('sha1').update(abs).digest('hex').slice(0, 10)}`);
}

/** What in a workspace folder's index is derived from its files (indexing again rebuilds it). */
export const REBUILDABLE_INDEX_ENTRIES = ['code', 'gemini-file-search.json'] as const;
/** The experiences recorded in that workspace: they exist nowhere else. */
export const EXPERIENCES_ENTRY = 'experiences';
/** What a workspace folder's index consists of inside its storage folder. */
const INDEX_ENTRIES = [...REBUILDABLE_INDEX_ENTRIES, EXPERIENCES_ENTRY];

/**
 * Moves an index kept in the single-folder layout (`legacyDir/code`, `legacyDir/experiences`, …, as
 * VS Code kept the first folder's index before multi-root support) into `targetDir`, once, so upgrading
 * does not index that folder again. Returns true when something was moved.
 */
export async function migrateLegacyIndex(fs: FileSystemPort, legacyDir: string, targetDir: string): Promise<boolean> {
  if (!(await fs.stat(path.join(legacyDir, 'code')))?.isDirectory || (await fs.stat(path.join(targetDir, 'code')))) return false;
  await fs.createDirectory(targetDir);
  for (const entry of INDEX_ENTRIES) {
    if (await fs.stat(path.join(legacyDir, entry))) await fs.rename(path.join(legacyDir, entry), path.join(targetDir, entry));
  }
  return true;
}
