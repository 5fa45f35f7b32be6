// The two ends of a JSON Lines file, read without reading the middle: the audit log and its anchor
// grow to megabytes, and a process that starts (a CLI command, the MCP server, the extension) needs
// only the newest lines (the chain's head, the records it shows) and the first one (the sequence the
// current file starts at). `openForReading` reads blocks of one open file; a port without it reads
// whole files.
import type { FileSystemPort } from '../ports';

const BLOCK = 64 * 1024;

export interface FileTail {
  /** The file's size when read. */
  size: number;
  /** Complete lines, oldest first: the newest `wanted` or more, or every line when `whole`. */
  lines: string[];
  /** Text after the last newline (an interrupted write), when there is any. */
  torn?: string;
  /** True when `lines` start at the beginning of the file. */
  whole: boolean;
}

/**
 * At least the last `wanted` complete lines of `file` (all of them if it has fewer), read backwards in
 * blocks, every block from the file as it was opened (another process may rename it to rotate the log
 * meanwhile). A newline is one byte that no UTF-8 sequence contains, so cutting the bytes before the
 * first newline read never splits a character of a kept line. A missing file is empty.
 */
export async function readLastLines(fs: FileSystemPort, file: string, wanted: number): Promise<FileTail> {
  if (!fs.openForReading) return splitWhole(await readAll(fs, file));
  const reader = await fs.openForReading(file);
  if (!reader) return splitWhole(new Uint8Array());
  try {
    const blocks: Uint8Array[] = [];
    let start = reader.size;
    let newlines = 0;
    // wanted complete lines need wanted + 1 newlines (the one before the first of them), or the file's start.
    while (start > 0 && newlines <= wanted) {
      const from = Math.max(0, start - BLOCK);
      const block = await reader.read(from, start - from);
      blocks.unshift(block);
      for (const byte of block) if (byte === 0x0a) newlines++;
      start = from;
    }
    const bytes = Buffer.concat(blocks);
    const cut = start === 0 ? 0 : bytes.indexOf(0x0a) + 1;
    return { ...splitWhole(bytes.subarray(cut)), size: reader.size, whole: start === 0 };
  } finally {
    await reader.close();
  }
}

/** The first complete lines of `file` (at least one, when it has one; none when it is missing), for the sequence it starts at. */
export async function readFirstLines(fs: FileSystemPort, file: string): Promise<string[]> {
  if (!fs.openForReading) return splitWhole(await readAll(fs, file)).lines;
  const reader = await fs.openForReading(file);
  if (!reader) return [];
  try {
    for (let length = BLOCK; ; length *= 4) {
      const bytes = await reader.read(0, length);
      const last = bytes.lastIndexOf(0x0a);
      if (last >= 0 || bytes.length < length) return last < 0 ? [] : Buffer.from(bytes.subarray(0, last)).toString('utf8').split('\n');
    }
  } finally {
    await reader.close();
  }
}

function splitWhole(bytes: Uint8Array): FileTail {
  const parts = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split('\n');
  const last = parts.pop() ?? '';
  return { size: bytes.byteLength, lines: parts, whole: true, ...(last ? { torn: last } : {}) };
}

async function readAll(fs: FileSystemPort, file: string): Promise<Uint8Array> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Uint8Array();
    throw error;
  }
}
