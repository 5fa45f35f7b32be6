// Where hosts keep RAG data by default, shared by the CLI and VS Code so both use one model download.
import { createHash } from 'crypto';
import * as path from 'path';

export const MODEL_FOLDER_NAME = 'all-MiniLM-L6-v2';

/** `<dataDir>/models/all-MiniLM-L6-v2` */
export function defaultModelDir(dataDir: string): string {
  return path.join(dataDir, 'models', MODEL_FOLDER_NAME);
}

/** `<dataDir>/rag/<folder name>-<hash of its absolute path>`: one index per workspace folder. */
export function workspaceIndexDir(dataDir: string, workspace: string): string {
  const abs = path.resolve(workspace);
  const name = path.basename(abs).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'root';
  return path.join(dataDir, 'rag', `${name}-${createHash('sha1').update(abs).digest('hex').slice(0, 10)}`);
}
