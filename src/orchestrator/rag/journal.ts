// Persistence of one collection: a base snapshot plus numbered segments, each written atomically.
// A checkpoint appends one small segment with the documents that changed, so saving after touching one
// file costs the same in a big repository as in a small one; segments are folded into the base when
// they pile up. A document's chunks, vectors and content hash always travel in the same file, so a
// crash can only lose whole checkpoints, never leave a half-indexed document: after a restart the
// indexer sees those files as changed and redoes them.
//
// The base is a compact binary file (index-file.ts, schema 3); a base written by an older version in the
// journal format below is still read, and replaced by a compact one at the next compaction.
// Segment layout: "BT3RAG01" | sha256 of the rest (32 bytes) | u32 LE header length | header JSON |
// operations, one JSON object per line (schema 2; schema 1 kept them inside the header) | f32 LE vectors.
// Reading and writing run in time slices (hashing in steps, one line at a time), so a large index loads
// and saves without blocking the host for long. A file that fails any check is renamed to
// <name>.corrupt-<timestamp> and reported; the rest loads.
import { createHash } from 'crypto';
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { CorruptIndexFileError } from './errors';
import { decodeIndexFile, isIndexFile, type DecodedBase } from './index-file';
import { TimeSlicer } from '../time-slice';
import type { Chunk, DocumentRecord } from './types';

/** Written: 2 (operations one JSON line each, parsed in time slices). Read: 1 and 2. */
export const JOURNAL_SCHEMA_VERSION = 2;
const READABLE_SCHEMAS = new Set([1, 2]);
const MAGIC = Buffer.from('BT3RAG01', 'ascii');
const BASE = 'base.bt3';
const SEGMENTS = 'segments';
/** Bytes hashed between two slice checks. */
const HASH_STEP = 4 << 20;
const NEWLINE = 0x0a;

/** A document as stored: each chunk may carry its vector. */
export interface StoredDocument extends DocumentRecord {
  vectors?: Array<Float32Array | undefined>;
}

export type JournalOp = { op: 'put'; doc: StoredDocument } | { op: 'remove'; key: string };

interface HeaderChunk extends Chunk {
  /** Index of the vector in the file's vector block, or -1. */
  v: number;
}
type HeaderOp = { op: 'put'; key: string; hash: string; embedderId: string; stamp?: string; chunks: HeaderChunk[] } | { op: 'remove'; key: string };
interface Header {
  schema: number;
  kind: 'base' | 'segment';
  /** Base: the last segment folded in. Segment: its own number. */
  seq: number;
  dimension: number;
  /** Schema 1 only: the operations inside the header. */
  ops?: HeaderOp[];
  /** Schema 2: length in bytes of the block of operations (one JSON object per line) after the header. */
  opsBytes?: number;
  opCount?: number;
}

export interface JournalLoad {
  /** The compact base, when there is one. */
  base?: DecodedBase;
  /** Documents of a base in the older journal format (schema 1 or 2), to be saved compactly. */
  legacyDocs?: StoredDocument[];
  /** What the segments after the base changed, by document key (last change wins; null: removed). */
  changes: Map<string, StoredDocument | null>;
  /** Human-readable notices (quarantined files), also logged as warnings. */
  notices: string[];
}

/**
 * Encodes one journal file (schema 2). Large files (a base holding the whole index) are built in time
 * slices: one JSON line per operation, hashed in steps, so saving never blocks for long. Each vector is
 * copied in the same slice as its operation, so changes made to the store while this yields cannot
 * leak into the file.
 */
export async function encodeJournalFile(kind: Header['kind'], seq: number, ops: readonly JournalOp[], slicer = new TimeSlicer()): Promise<Uint8Array> {
  let dimension = 0;
  let vectorCount = 0;
  for (const op of ops) {
    if (op.op !== 'put') continue;
    for (const vector of op.doc.vectors ?? []) {
      if (!vector) continue;
      if (dimension && vector.length !== dimension) throw new Error(`mixed vector dimensions (${dimension} and ${vector.length}) in one journal file`);
      dimension = vector.length;
      vectorCount++;
    }
  }
  const vectorBlock = Buffer.allocUnsafe(vectorCount * dimension * 4);
  let written = 0;
  const lines: Buffer[] = [];
  let opsBytes = 0;
  for (const op of ops) {
    let headerOp: HeaderOp;
    if (op.op === 'remove') headerOp = { op: 'remove', key: op.key };
    else {
      const { key, hash, embedderId, stamp, chunks, vectors: docVectors } = op.doc;
      headerOp = {
        op: 'put',
        key,
        hash,
        embedderId,
        ...(stamp ? { stamp } : {}),
        chunks: chunks.map((chunk, i) => {
          const vector = docVectors?.[i];
          if (!vector) return { ...chunk, v: -1 };
          Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(vectorBlock, written * dimension * 4);
          return { ...chunk, v: written++ };
        }),
      };
    }
    const line = Buffer.from(`${JSON.stringify(headerOp)}\n`, 'utf8');
    lines.push(line);
    opsBytes += line.length;
    await slicer.tick();
  }
  const header: Header = { schema: JOURNAL_SCHEMA_VERSION, kind, seq, dimension, opCount: ops.length, opsBytes };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = MAGIC.length + 32;
  const file = Buffer.allocUnsafe(prefix + 4 + json.length + opsBytes + vectorBlock.length);
  MAGIC.copy(file, 0);
  file.writeUInt32LE(json.length, prefix);
  let offset = prefix + 4 + json.copy(file, prefix + 4);
  for (const line of lines) {
    offset += line.copy(file, offset);
    await slicer.tick();
  }
  for (let at = 0; at < vectorBlock.length; at += HASH_STEP) {
    offset += vectorBlock.copy(file, offset, at, Math.min(vectorBlock.length, at + HASH_STEP));
    await slicer.tick();
  }
  const hash = createHash('sha256');
  for (let at = prefix; at < file.length; at += HASH_STEP) {
    hash.update(file.subarray(at, Math.min(file.length, at + HASH_STEP)));
    await slicer.tick();
  }
  hash.digest().copy(file, MAGIC.length);
  return file;
}

function isHeaderOp(op: unknown): op is HeaderOp {
  if (!op || typeof op !== 'object') return false;
  const o = op as Record<string, unknown>;
  return (o.op === 'remove' && typeof o.key === 'string') || (o.op === 'put' && typeof o.key === 'string' && Array.isArray(o.chunks));
}

/** Decodes and verifies one journal file (schema 1 or 2), in time slices. */
export async function decodeJournalFile(file: string, bytes: Uint8Array, slicer = new TimeSlicer()): Promise<{ header: Header; ops: JournalOp[] }> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (reason: string) => new CorruptIndexFileError(file, reason);
  if (data.length < MAGIC.length + 36 || !data.subarray(0, MAGIC.length).equals(MAGIC)) throw corrupt('it is not a Big Three index file (bad signature)');
  const body = data.subarray(MAGIC.length + 32);
  const hash = createHash('sha256');
  for (let at = 0; at < body.length; at += HASH_STEP) {
    hash.update(body.subarray(at, Math.min(body.length, at + HASH_STEP)));
    await slicer.tick();
  }
  if (!hash.digest().equals(data.subarray(MAGIC.length, MAGIC.length + 32))) throw corrupt('its checksum does not match (truncated or modified)');
  const jsonLength = body.readUInt32LE(0);
  if (4 + jsonLength > body.length) throw corrupt('its header is longer than the file');
  let header: Header;
  try {
    header = JSON.parse(body.toString('utf8', 4, 4 + jsonLength)) as Header;
  } catch (error) {
    throw corrupt(`its header is not valid JSON (${(error as Error).message})`);
  }
  if (!READABLE_SCHEMAS.has(header.schema)) throw corrupt(`schema version ${header.schema} is not a supported one (${[...READABLE_SCHEMAS].join(', ')})`);
  let headerOps: HeaderOp[];
  let vectorStart = 4 + jsonLength;
  if (header.schema === 1) {
    if (!Array.isArray(header.ops)) throw corrupt('its header has no operations');
    headerOps = header.ops;
  } else {
    const opsBytes = header.opsBytes;
    if (typeof opsBytes !== 'number' || !Number.isInteger(opsBytes) || opsBytes < 0 || vectorStart + opsBytes > body.length)
      throw corrupt('its block of operations does not fit in the file');
    headerOps = [];
    const end = vectorStart + opsBytes;
    for (let at = vectorStart; at < end;) {
      const newline = body.indexOf(NEWLINE, at);
      if (newline < 0 || newline >= end) throw corrupt('its block of operations is not terminated');
      let op: unknown;
      try {
        op = JSON.parse(body.toString('utf8', at, newline));
      } catch (error) {
        throw corrupt(`operation ${headerOps.length + 1} is not valid JSON (${(error as Error).message})`);
      }
      headerOps.push(op as HeaderOp);
      at = newline + 1;
      await slicer.tick();
    }
    if (header.opCount !== undefined && header.opCount !== headerOps.length)
      throw corrupt(`it announces ${header.opCount} operations but holds ${headerOps.length}`);
    vectorStart = end;
  }
  const vectorBytes = body.subarray(vectorStart);
  const dim = header.dimension;
  const vectorCount = dim ? vectorBytes.length / (dim * 4) : 0;
  if (dim ? !Number.isInteger(vectorCount) : vectorBytes.length) throw corrupt('its vector block does not match its dimension');
  const aligned = new Float32Array(vectorCount * dim);
  const alignedBytes = new Uint8Array(aligned.buffer);
  for (let at = 0; at < vectorBytes.length; at += HASH_STEP) {
    alignedBytes.set(vectorBytes.subarray(at, Math.min(vectorBytes.length, at + HASH_STEP)), at);
    await slicer.tick();
  }
  const ops: JournalOp[] = [];
  for (const op of headerOps) {
    if (!isHeaderOp(op)) throw corrupt('it holds an unknown operation');
    if (op.op === 'remove') {
      ops.push({ op: 'remove', key: op.key });
      continue;
    }
    const vectors = op.chunks.map((c) => {
      if (c.v < 0) return undefined;
      if (c.v >= vectorCount) throw corrupt(`chunk ${c.id} points past the vector block`);
      return aligned.subarray(c.v * dim, (c.v + 1) * dim);
    });
    const chunks = op.chunks.map(({ v: _v, ...chunk }) => chunk);
    ops.push({
      op: 'put',
      doc: {
        key: op.key,
        hash: op.hash,
        embedderId: op.embedderId,
        ...(op.stamp ? { stamp: op.stamp } : {}),
        chunks,
        ...(vectors.some(Boolean) ? { vectors } : {}),
      },
    });
    await slicer.tick();
  }
  return { header, ops };
}

export class CollectionJournal {
  private nextSeq = 1;
  private segmentFiles: string[] = [];

  constructor(
    private readonly fs: FileSystemPort,
    readonly dir: string,
    private readonly logger: LoggerPort,
    private readonly clock: ClockPort,
    /** Whether each checkpoint segment is flushed to disk before append() returns (see append). */
    private readonly options: { flushSegments: boolean },
  ) {}

  get pendingSegments(): number {
    return this.segmentFiles.length;
  }

  async load(): Promise<JournalLoad> {
    const changes = new Map<string, StoredDocument | null>();
    const notices: string[] = [];
    const result: JournalLoad = { changes, notices };
    let baseSeq = 0;
    const basePath = path.join(this.dir, BASE);
    if (await this.fs.stat(basePath)) {
      const base = await this.read<DecodedBase | Awaited<ReturnType<typeof decodeJournalFile>>>(basePath, notices, (bytes) =>
        isIndexFile(bytes) ? decodeIndexFile(basePath, bytes) : decodeJournalFile(basePath, bytes),
      );
      if (base && 'lexical' in base) {
        result.base = base;
        baseSeq = base.seq;
      } else if (base) {
        baseSeq = base.header.seq;
        result.legacyDocs = base.ops.flatMap((op) => (op.op === 'put' ? [op.doc] : []));
      }
    }
    const names = (await this.fs.readDirectory(path.join(this.dir, SEGMENTS)))
      .filter((e) => e.isFile && /^\d{8}\.bt3$/.test(e.name))
      .map((e) => e.name)
      .sort();
    this.segmentFiles = [];
    let lastSeq = baseSeq;
    for (const name of names) {
      const seq = Number(name.slice(0, 8));
      const full = path.join(this.dir, SEGMENTS, name);
      if (seq <= baseSeq) {
        await this.fs.delete(full); // already folded into the base (a crash interrupted the cleanup)
        continue;
      }
      lastSeq = Math.max(lastSeq, seq);
      const segment = await this.read(full, notices, (bytes) => decodeJournalFile(full, bytes));
      if (!segment) continue;
      this.segmentFiles.push(full);
      for (const op of segment.ops) changes.set(op.op === 'put' ? op.doc.key : op.key, op.op === 'put' ? op.doc : null);
    }
    this.nextSeq = lastSeq + 1;
    return result;
  }

  /** The sequence number a base written now carries (the last segment it folds in). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /**
   * Writes one checkpoint segment, atomically. Without `flushSegments` (an index derived from the
   * workspace: each file carries its checksum, and every pass compares the index's stamps with the
   * workspace) it does not wait for the disk: a segment lost or torn by a power cut is quarantined on
   * load and the files it held are indexed again, so a flush per pass would buy nothing. Records that
   * exist nowhere else (experiences) are flushed. The base, written when segments are folded in and
   * deleted, is always flushed.
   */
  async append(ops: readonly JournalOp[]): Promise<void> {
    if (!ops.length) return;
    const seq = this.nextSeq++;
    const file = path.join(this.dir, SEGMENTS, `${String(seq).padStart(8, '0')}.bt3`);
    await this.fs.writeFileAtomic(file, await encodeJournalFile('segment', seq, ops), { sync: this.options.flushSegments });
    this.segmentFiles.push(file);
  }

  /** Replaces base and segments by one base file (see index-file.ts; encoded for lastSeq). */
  async writeBase(bytes: Uint8Array): Promise<void> {
    await this.fs.writeFileAtomic(path.join(this.dir, BASE), bytes);
    for (const file of this.segmentFiles) await this.fs.delete(file);
    this.segmentFiles = [];
  }

  /** Removes everything stored. */
  async wipe(): Promise<void> {
    await this.fs.delete(path.join(this.dir, BASE));
    await this.fs.delete(path.join(this.dir, SEGMENTS));
    this.segmentFiles = [];
    this.nextSeq = 1;
  }

  private async read<T>(file: string, notices: string[], decode: (bytes: Uint8Array) => Promise<T>): Promise<T | undefined> {
    try {
      return await decode(await this.fs.readFile(file));
    } catch (error) {
      const quarantined = `${file}.corrupt-${this.clock.now()}`;
      let moved = true;
      try {
        await this.fs.rename(file, quarantined);
      } catch {
        moved = false;
      }
      const reason = error instanceof CorruptIndexFileError ? error.message : `Index file ${file} could not be read: ${(error as Error).message}.`;
      const notice = `${reason} ${moved ? `It was moved to ${path.basename(quarantined)}` : 'It could not be moved aside'}; the documents it held are indexed again.`;
      notices.push(notice);
      this.logger.warn(notice);
      return undefined;
    }
  }
}
