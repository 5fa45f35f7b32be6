// Walks a workspace folder and lists the files that may be indexed, pruning ignored folders early.
// Yields to the event loop regularly so a large tree never stalls the host.
import * as path from 'path';
import type { FileSystemPort } from '../ports';
import type { IgnoreReason, IgnoreRules } from './ignore-rules';
import type { CancellationSignal } from './types';
import { yieldToEventLoop } from '../time-slice';

export interface ScannedFile {
  /** Relative to the root, with forward slashes. */
  relPath: string;
  absPath: string;
  size: number;
  mtimeMs: number;
}

export type SkipReason = IgnoreReason | 'too-large' | 'binary' | 'secret-content' | 'unreadable' | 'hard-link';

export interface ScanResult {
  files: ScannedFile[];
  skipped: Partial<Record<SkipReason, number>>;
  /** Folders and files that could not be read (relative): what the index holds under them is kept as it is. */
  unreadable: string[];
}

/** `giveWay`, when given, is awaited before each folder is read (indexing waits for the person at the editor; index-pacing.ts). */
export async function scanWorkspace(
  fs: FileSystemPort,
  rules: IgnoreRules,
  maxFileBytes: number,
  cancellation?: CancellationSignal,
  giveWay?: () => Promise<unknown>,
): Promise<ScanResult> {
  const files: ScannedFile[] = [];
  const skipped: ScanResult['skipped'] = {};
  const skip = (reason: SkipReason) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  const unreadable: string[] = [];
  const queue: string[] = [''];
  let visited = 0;
  while (queue.length) {
    await giveWay?.();
    if (cancellation?.isCancellationRequested) break;
    const dirRel = queue.shift()!;
    let entries;
    try {
      await rules.loadDirectory(dirRel);
      entries = await fs.readDirectory(path.join(rules.root, dirRel));
    } catch (error) {
      // A folder the user may not read is left out, not the whole workspace (the workspace itself must be readable).
      if (!isSkippableFolderError(error) || !dirRel) throw error;
      skip('unreadable');
      unreadable.push(dirRel);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = dirRel ? `${dirRel}/${entry.name}` : entry.name;
      if (!entry.isFile && !entry.isDirectory) continue; // symlinks and devices are not followed
      const reason = rules.reasonLoaded(rel, entry.isDirectory);
      if (reason) {
        skip(reason);
        continue;
      }
      // A name that is not valid UTF-8 is listed with U+FFFD in place of its bytes, and cannot be opened by
      // that name: said as unreadable rather than left out without a word (red team of stop 37).
      if (entry.name.includes('\uFFFD') && !(await fs.stat(path.join(rules.root, rel)).catch(() => undefined))) {
        skip('unreadable');
        unreadable.push(rel);
        continue;
      }
      if (entry.isDirectory) {
        queue.push(rel);
        continue;
      }
      const abs = path.join(rules.root, rel);
      let stat;
      try {
        stat = await fs.stat(abs);
      } catch (error) {
        if (!isSkippableFolderError(error)) throw error;
        skip('unreadable');
        unreadable.push(rel);
        continue;
      }
      if (!stat?.isFile) continue;
      if ((stat.links ?? 1) > 1) {
        skip('hard-link'); // the same file under another name, possibly outside the workspace
        continue;
      }
      if (stat.size > maxFileBytes) {
        skip('too-large');
        continue;
      }
      files.push({ relPath: rel, absPath: abs, size: stat.size, mtimeMs: stat.mtimeMs });
      if (++visited % 200 === 0) await yieldToEventLoop();
    }
  }
  return { files, skipped, unreadable };
}

function isSkippableFolderError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  // ENAMETOOLONG, ELOOP: a folder nested past the system's path limit, or a link loop, is skipped, not fatal.
  return code === 'EACCES' || code === 'EPERM' || code === 'ENAMETOOLONG' || code === 'ELOOP';
}

const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;

/**
 * Decodes a file for indexing, or says why it must not be indexed. UTF-8 first (a byte order mark is not
 * text); UTF-16 when the file starts with its byte order mark; otherwise bytes that are not UTF-8 are read
 * as Windows-1252 (Latin-1 and the like, so "Größe" stays searchable instead of the file being skipped,
 * or indexed with replacement characters). A NUL byte or many control bytes: binary.
 */
export function decodeText(bytes: Uint8Array): { text: string } | { skip: 'binary' | 'secret-content' } {
  const utf16 = bytes.length >= 2 && bytes.length % 2 === 0 ? utf16Encoding(bytes) : undefined;
  let text: string;
  if (utf16) {
    text = new TextDecoder(utf16).decode(bytes); // the byte order mark is left out
    if (/[\u0000-\u0006\u000e-\u001a\u001c-\u001f]/.test(text.slice(0, 4096))) return { skip: 'binary' };
  } else {
    const probe = bytes.subarray(0, Math.min(bytes.length, 8192));
    let suspicious = 0;
    for (const byte of probe) {
      if (byte === 0) return { skip: 'binary' };
      if (byte < 7 || (byte > 13 && byte < 32 && byte !== 27)) suspicious++;
    }
    if (probe.length && suspicious / probe.length > 0.1) return { skip: 'binary' };
    const decoded = decodeUtf8OrLegacy(bytes);
    // Bytes that are not UTF-8 and mostly above ASCII are no Latin-1 text either (written text has a few accents).
    if (decoded.legacy && highShare(decoded.text.slice(0, 8192)) > 0.3) return { skip: 'binary' };
    text = decoded.text;
  }
  if (PRIVATE_KEY.test(text)) return { skip: 'secret-content' };
  return { text };
}

function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

// Made once, not per file (a decoder keeps no state between whole-text decodes, failed ones included).
let utf8: InstanceType<typeof TextDecoder> | undefined;
let legacy: InstanceType<typeof TextDecoder> | undefined;

function decodeUtf8OrLegacy(bytes: Uint8Array): { text: string; legacy: boolean } {
  try {
    utf8 ??= new TextDecoder('utf-8', { fatal: true });
    return { text: utf8.decode(bytes), legacy: false }; // the byte order mark is left out
  } catch {
    try {
      legacy ??= new TextDecoder('windows-1252');
      return { text: legacy.decode(bytes), legacy: true };
    } catch {
      return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), legacy: true }; // no legacy decoders here
    }
  }
}

function highShare(text: string): number {
  let high = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) high++;
  return text.length ? high / text.length : 0;
}
