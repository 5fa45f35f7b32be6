// The FileSystemPort on Node's fs, used by the CLI, the extension host and the tests.
import { promises as fs } from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import type { FileEntry, FileStat, FileSystemPort } from '../orchestrator/ports';

export class NodeFileSystem implements FileSystemPort {
  async readFile(file: string): Promise<Uint8Array> {
    return fs.readFile(file);
  }

  async writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await writeAndSync(temporary, 'w', data);
    try {
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
  }

  async stat(file: string): Promise<FileStat | undefined> {
    try {
      const s = await fs.stat(file);
      return { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile(), isDirectory: s.isDirectory(), links: s.nlink };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async readDirectory(dir: string): Promise<FileEntry[]> {
    try {
      const entries = await fs.readdir(dir, { withFileTypes: true });
      return entries.map((e) => ({ name: e.name, isFile: e.isFile(), isDirectory: e.isDirectory() }));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw error;
    }
  }

  async createDirectory(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
  }

  async rename(from: string, to: string): Promise<void> {
    await fs.rename(from, to);
  }

  async appendFile(file: string, data: string): Promise<void> {
    await writeAndSync(file, 'a', data);
  }

  async delete(file: string): Promise<void> {
    await fs.rm(file, { force: true, recursive: true });
  }
}

/** Writes (or appends) in one call and flushes to disk before returning; creates the folder if needed. */
async function writeAndSync(file: string, flags: 'w' | 'a', data: Uint8Array | string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, flags);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
