// Persistence of one collection: a base snapshot plus numbered segments, each written atomically.
// A checkpoint appends one small segment with the documents that changed, so saving after touching one
// file costs the same in a big repository as in a small one; segments are folded into the base when
// they pile up. A document's chunks, vectors and content hash always travel in the same file, so a
// crash can only lose whole checkpoints, never leave a half-indexed document: after a restart the
// indexer sees those files as changed and redoes them.
//
// File layout: "BT3RAG01" | sha256 of the rest (32 bytes) | u32 LE header length | header JSON | f32 LE vectors.
// A file that fails any check is renamed to <name>.corrupt-<timestamp> and reported; the rest loads.
import { createHash } from 'crypto';
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { CorruptIndexFileError } from './errors';
import type { Chunk, DocumentRecord } from './types';

export const JOURNAL_SCHEMA_VERSION = 1;
const MAGIC = Buffer.from('BT3RAG01', 'ascii');
const BASE = 'base.bt3';
const SEGMENTS = 'segments';

/** A document as stored: each chunk may carry its vector. */
export interface StoredDocument extends DocumentRecord {
  vectors?: Array<Float32Array | undefined>;
}

export type JournalOp = { op: 'put'; doc: StoredDocument } | { op: 'remove'; key: string };

interface HeaderChunk extends Chunk {
  /** Index of the vector in the file's vector block, or -1. */
  v: number;
}
interface Header {
  schema: number;
  kind: 'base' | 'segment';
  /** Base: the last segment folded in. Segment: its own number. */
  seq: number;
  dimension: number;
  ops: Array<{ op: 'put'; key: string; hash: string; embedderId: string; stamp?: string; chunks: HeaderChunk[] } | { op: 'remove'; key: string }>;
}

export interface JournalLoad {
  docs: Map<string, StoredDocument>;
  /** Human-readable notices (quarantined files), also logged as warnings. */
  notices: string[];
}

export function encodeJournalFile(kind: Header['kind'], seq: number, ops: readonly JournalOp[]): Uint8Array {
  let dimension = 0;
  const vectors: Float32Array[] = [];
  const headerOps: Header['ops'] = ops.map((op) => {
    if (op.op === 'remove') return op;
    const { key, hash, embedderId, stamp, chunks, vectors: docVectors } = op.doc;
    return {
      op: 'put',
      key,
      hash,
      embedderId,
      ...(stamp ? { stamp } : {}),
      chunks: chunks.map((chunk, i) => {
        const vector = docVectors?.[i];
        if (!vector) return { ...chunk, v: -1 };
        if (dimension && vector.length !== dimension) throw new Error(`mixed vector dimensions (${dimension} and ${vector.length}) in one journal file`);
        dimension = vector.length;
        vectors.push(vector);
        return { ...chunk, v: vectors.length - 1 };
      }),
    };
  });
  const header: Header = { schema: JOURNAL_SCHEMA_VERSION, kind, seq, dimension, ops: headerOps };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const body = Buffer.alloc(4 + json.length + vectors.length * dimension * 4);
  body.writeUInt32LE(json.length, 0);
  json.copy(body, 4);
  let offset = 4 + json.length;
  for (const v of vectors) {
    Buffer.from(v.buffer, v.byteOffset, v.byteLength).copy(body, offset);
    offset += v.byteLength;
  }
  const digest = createHash('sha256').update(body).digest();
  return Buffer.concat([MAGIC, digest, body]);
}

export function decodeJournalFile(file: string, bytes: Uint8Array): { header: Header; ops: JournalOp[] } {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (reason: string) => new CorruptIndexFileError(file, reason);
  if (data.length < MAGIC.length + 36 || !data.subarray(0, MAGIC.length).equals(MAGIC)) throw corrupt('it is not a Big Three index file (bad signature)');
  const body = data.subarray(MAGIC.length + 32);
  if (!createHash('sha256').update(body).digest().equals(data.subarray(MAGIC.length, MAGIC.length + 32))) throw corrupt('its checksum does not match (truncated or modified)');
  const jsonLength = body.readUInt32LE(0);
  if (4 + jsonLength > body.length) throw corrupt('its header is longer than the file');
  let header: Header;
  try {
    header = JSON.parse(body.subarray(4, 4 + jsonLength).toString('utf8')) as Header;
  } catch (error) {
    throw corrupt(`its header is not valid JSON (${(error as Error).message})`);
  }
  if (header.schema !== JOURNAL_SCHEMA_VERSION) throw corrupt(`schema version ${header.schema} is not the supported ${JOURNAL_SCHEMA_VERSION}`);
  if (!Array.isArray(header.ops)) throw corrupt('its header has no operations');
  const vectorBytes = body.subarray(4 + jsonLength);
  const dim = header.dimension;
  const vectorCount = dim ? vectorBytes.length / (dim * 4) : 0;
  if (dim ? !Number.isInteger(vectorCount) : vectorBytes.length) throw corrupt('its vector block does not match its dimension');
  const aligned = new Float32Array(vectorCount * dim);
  new Uint8Array(aligned.buffer).set(vectorBytes);
  const ops: JournalOp[] = header.ops.map((op) => {
    if (op.op === 'remove') return { op: 'remove', key: op.key };
    if (op.op !== 'put' || typeof op.key !== 'string' || !Array.isArray(op.chunks)) throw corrupt('it holds an unknown operation');
    const vectors = op.chunks.map((c) => {
      if (c.v < 0) return undefined;
      if (c.v >= vectorCount) throw corrupt(`chunk ${c.id} points past the vector block`);
      return aligned.subarray(c.v * dim, (c.v + 1) * dim);
    });
    const chunks = op.chunks.map(({ v: _v, ...chunk }) => chunk);
    return { op: 'put', doc: { key: op.key, hash: op.hash, embedderId: op.embedderId, ...(op.stamp ? { stamp: op.stamp } : {}), chunks, ...(vectors.some(Boolean) ? { vectors } : {}) } };
  });
  return { header, ops };
}

export class CollectionJournal {
  private nextSeq = 1;
  private segmentFiles: string[] = [];

  constructor(private readonly fs: FileSystemPort, readonly dir: string, private readonly logger: LoggerPort, private readonly clock: ClockPort) {}

  get pendingSegments(): number {
    return this.segmentFiles.length;
  }

  async load(): Promise<JournalLoad> {
    const docs = new Map<string, StoredDocument>();
    const notices: string[] = [];
    let baseSeq = 0;
    const basePath = path.join(this.dir, BASE);
    if (await this.fs.stat(basePath)) {
      const base = await this.read(basePath, notices);
      if (base) {
        baseSeq = base.header.seq;
        for (const op of base.ops) if (op.op === 'put') docs.set(op.doc.key, op.doc);
      }
    }
    const names = (await this.fs.readDirectory(path.join(this.dir, SEGMENTS))).filter((e) => e.isFile && /^\d{8}\.bt3$/.test(e.name)).map((e) => e.name).sort();
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
      const segment = await this.read(full, notices);
      if (!segment) continue;
      this.segmentFiles.push(full);
      for (const op of segment.ops) {
        if (op.op === 'put') docs.set(op.doc.key, op.doc);
        else docs.delete(op.key);
      }
    }
    this.nextSeq = lastSeq + 1;
    return { docs, notices };
  }

  /** Writes one checkpoint segment. */
  async append(ops: readonly JournalOp[]): Promise<void> {
    if (!ops.length) return;
    const seq = this.nextSeq++;
    const file = path.join(this.dir, SEGMENTS, `${String(seq).padStart(8, '0')}.bt3`);
    await this.fs.writeFileAtomic(file, encodeJournalFile('segment', seq, ops));
    this.segmentFiles.push(file);
  }

  /** Replaces base and segments by one base holding `docs`. */
  async compact(docs: Iterable<StoredDocument>): Promise<void> {
    const seq = this.nextSeq - 1;
    const ops: JournalOp[] = [...docs].map((doc) => ({ op: 'put', doc }));
    await this.fs.writeFileAtomic(path.join(this.dir, BASE), encodeJournalFile('base', seq, ops));
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

  private async read(file: string, notices: string[]): Promise<ReturnType<typeof decodeJournalFile> | undefined> {
    try {
      return decodeJournalFile(file, await this.fs.readFile(file));
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
