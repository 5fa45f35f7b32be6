// The StoreFileSystemPort on Node's fs: NodeFileSystem (which appends) plus O_EXCL creation and process checks.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { StoreFileSystemPort } from '../orchestrator/memory/store-file-system';
import { NodeFileSystem } from './node-file-system';

export class NodeStoreFileSystem extends NodeFileSystem implements StoreFileSystemPort {
  readonly processId = process.pid;
  readonly hostName = os.hostname();

  async createExclusive(file: string, data: string): Promise<boolean> {
    let handle: fs.FileHandle;
    try {
      handle = await openExclusive(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    return true;
  }

  isProcessAlive(pid: number): boolean {
    if (!Number.isInteger(pid) || pid <= 0) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
}

/** Creates `file` exclusively, making its folder only when the open says it is missing (one round trip less per lock). */
async function openExclusive(file: string): Promise<fs.FileHandle> {
  try {
    return await fs.open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await fs.mkdir(path.dirname(file), { recursive: true });
    return await fs.open(file, 'wx');
  }
}

let processFileSystem: NodeStoreFileSystem | undefined;
/**
 * The process's one file system on Node's fs: the hosts' ports (nodePorts), the index worker process and
 * the bundle's code cache all use it, so there is a single place it is made.
 */
export function nodeFileSystem(): NodeStoreFileSystem {
  return (processFileSystem ??= new NodeStoreFileSystem());
}
