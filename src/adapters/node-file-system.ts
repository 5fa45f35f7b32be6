// The FileSystemPort on Node's fs, used by the CLI, the extension host and the tests.
import { constants as fsConstants, promises as fs } from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import type { AppendOptions, FileEntry, FileReader, FileStat, FileSystemPort } from '../orchestrator/ports';
import { staysInside } from '../orchestrator/path-inside';

/**
 * O_NOFOLLOW guards only a path's last name: a folder on the way may have been swapped for a link out of
 * `within` between the listing and the open. The file opened must lie inside `within`'s real path (a
 * workspace opened through a link is the folder it leads to). On Linux the open file's own path is read
 * from /proc (no race); elsewhere the path's real path now must reach the same device and inode, so a
 * folder swapped back meanwhile does not pass either.
 */
async function assertOpenedWithin(
  handle: fs.FileHandle,
  file: string,
  opened: { dev: number; ino: number },
  within: string,
  realWithin: string,
): Promise<void> {
  const outside = () => Object.assign(new Error(`${file} no longer leads to a file inside ${within}`), { code: 'EXDEV' });
  const inside = (real: string) => {
    const rel = path.relative(realWithin, real);
    return !!rel && staysInside(rel);
  };
  const openedPath = await fs.readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
  if (openedPath !== undefined && path.isAbsolute(openedPath)) {
    if (!inside(openedPath)) throw outside();
    return;
  }
  const real = await fs.realpath(file).catch(() => undefined);
  if (real === undefined || !inside(real)) throw outside();
  const now = await fs.stat(real).catch(() => undefined);
  if (!now || now.dev !== opened.dev || now.ino !== opened.ino) throw outside();
}

/** Opens a file to read without waiting on a pipe's writer, and refuses anything but a regular file. */
async function openRegular(file: string): Promise<fs.FileHandle> {
  const handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (stat.isDirectory())
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${file}'`), { code: 'EISDIR', path: file, syscall: 'read' });
    if (!stat.isFile())
      throw Object.assign(new Error(`${file} is not a regular file (a pipe, a device or a socket)`), { code: 'ENOTREG', path: file, syscall: 'open' });
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export class NodeFileSystem implements FileSystemPort {
  /** Real paths of the folders readRegularFile was asked to stay within (a handful per process). */
  private readonly realFolders = new Map<string, Promise<string>>();

  /**
   * A regular file's bytes. O_NONBLOCK and a check once open: a named pipe in place of a data file (the
   * audit log, permissions.json) had hung every host at start (fifteenth red team); it now fails.
   */
  async readFile(file: string): Promise<Uint8Array> {
    const handle = await openRegular(file);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  async readRegularFile(file: string, maxBytes: number, within?: string): Promise<Uint8Array> {
    // O_NOFOLLOW: a link in its place fails (ELOOP); O_NONBLOCK: a pipe in its place does not hang the open.
    const handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw Object.assign(new Error(`${file} is no longer a regular file`), { code: 'ENOTREG' });
      if (stat.size > maxBytes) throw Object.assign(new Error(`${file} grew past ${maxBytes} bytes`), { code: 'EFBIG' });
      if (within !== undefined) await assertOpenedWithin(handle, file, stat, within, await this.realFolder(within));
      const buffer = Buffer.alloc(Math.min(maxBytes + 1, stat.size + 1));
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (!bytesRead) break;
        length += bytesRead;
      }
      if (length > maxBytes) throw Object.assign(new Error(`${file} grew past ${maxBytes} bytes`), { code: 'EFBIG' });
      return buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  }

  private realFolder(folder: string): Promise<string> {
    let real = this.realFolders.get(folder);
    if (!real) {
      real = fs.realpath(folder).catch(() => path.resolve(folder));
      this.realFolders.set(folder, real);
    }
    return real;
  }

  async openForReading(file: string): Promise<FileReader | undefined> {
    let handle: fs.FileHandle;
    try {
      handle = await openRegular(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      return {
        size,
        read: async (start, length) => {
          const buffer = Buffer.alloc(length);
          const { bytesRead } = await handle.read(buffer, 0, length, start);
          return buffer.subarray(0, bytesRead);
        },
        close: () => handle.close(),
      };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** `sync: false` skips the flush (state that may be lost in a crash, never half-written). */
  async writeFileAtomic(file: string, data: Uint8Array | string, options: { sync?: boolean } = {}): Promise<void> {
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeAndSync(temporary, 'w', data, options.sync !== false);
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true }); // a failed write or rename leaves no temporary file behind
      throw error;
    }
  }

  async stat(file: string): Promise<FileStat | undefined> {
    try {
      const s = await fs.stat(file);
      return { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile(), isDirectory: s.isDirectory(), links: s.nlink, ino: s.ino };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async readDirectory(dir: string): Promise<FileEntry[]> {
    try {
      const entries = await fs.readdir(dir, { withFileTypes: true });
      return entries.map((e) => ({ name: e.name, isFile: e.isFile(), isDirectory: e.isDirectory(), ...(e.isSymbolicLink() ? { isSymbolicLink: true } : {}) }));
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

  /**
   * Appends newline-terminated records durably: a torn tail left by an earlier crash is cut back to the
   * last complete record first, and a write that fails half way (a full disk) is truncated away again,
   * so the next record never merges with a partial one.
   */
  async appendFile(file: string, data: string, options: AppendOptions = {}): Promise<void> {
    const handle = await openCreatingFolder(file, 'a+');
    let before = 0;
    try {
      before = (await handle.stat()).size;
      let text = data;
      if (before > 0 && before !== options.endsAt) {
        if (!options.withoutLock) before = await cutTornTail(handle, file, before);
        else if (!(await endsWithNewline(handle, before))) text = `\n${data}`;
      }
      await writeAll(handle, Buffer.from(text, 'utf8'));
      if (options.sync !== false) await handle.sync();
    } catch (error) {
      // Without a lock, bytes after `before` may be another process's: a torn line of ours is left to the reader.
      if (!options.withoutLock) await handle.truncate(before).catch(() => undefined);
      throw describeWriteError(error, file);
    } finally {
      await handle.close();
    }
  }

  async delete(file: string): Promise<void> {
    await fs.rm(file, { force: true, recursive: true });
  }
}

/**
 * One write call for the whole text (again only for what a short write left): an append of the file
 * (O_APPEND) is then never split, so appends from other handles and processes cannot interleave with
 * it. handle.writeFile wrote in 512 KiB pieces, and ten concurrent 1.6 MB appends of outcomes came out
 * interleaved (thirteenth red team).
 */
async function writeAll(handle: fs.FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, null);
    offset += bytesWritten;
  }
}

async function endsWithNewline(handle: fs.FileHandle, size: number): Promise<boolean> {
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

/** Size after cutting an incomplete last line (no newline at the end) back to the last complete one; the cut bytes go to `<file>.torn-<time>`. */
async function cutTornTail(handle: fs.FileHandle, file: string, size: number): Promise<number> {
  if (await endsWithNewline(handle, size)) return size;
  const window = Buffer.alloc(Math.min(size, 1024 * 1024));
  const start = size - window.length;
  await handle.read(window, 0, window.length, start);
  const newline = window.lastIndexOf(0x0a);
  const keep = newline < 0 ? (start === 0 ? 0 : size) : start + newline + 1; // a line longer than 1 MiB is left alone
  if (keep < size) {
    // The partial record was never acknowledged, but its bytes are kept beside the file, not thrown away.
    await fs.appendFile(`${file}.torn-${Date.now()}`, window.subarray(keep - start));
    await handle.truncate(keep);
  }
  return keep;
}

/**
 * Opens a file for writing, creating its folder only when the open says it is missing: the audit log
 * and the stores append to files whose folder almost always exists, and a `mkdir` before every write
 * was one more round trip through the thread pool per record.
 */
async function openCreatingFolder(file: string, flags: 'w' | 'a' | 'a+'): Promise<fs.FileHandle> {
  try {
    return await fs.open(file, flags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await fs.mkdir(path.dirname(file), { recursive: true });
    return await fs.open(file, flags);
  }
}

/** ENOSPC and friends as one clear sentence naming the file. */
function describeWriteError(error: unknown, file: string): Error {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return error as Error;
  const clear = new Error(
    `The disk is full: could not write ${file} (${code}). Free some space and try again; the partial write was removed and every earlier record kept.`,
  ) as NodeJS.ErrnoException;
  clear.code = code;
  return clear;
}

/** Writes (or appends) in one call and flushes to disk before returning; creates the folder if needed. */
async function writeAndSync(file: string, flags: 'w' | 'a', data: Uint8Array | string, sync = true): Promise<void> {
  const handle = await openCreatingFolder(file, flags);
  try {
    await handle.writeFile(data);
    if (sync) await handle.sync();
  } catch (error) {
    throw describeWriteError(error, file);
  } finally {
    await handle.close();
  }
}
