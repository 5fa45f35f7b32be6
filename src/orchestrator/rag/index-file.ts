// The compact, binary base file of a collection (schema 4). Everything search needs at open is stored
// ready to use, so opening is one read, a checksum and a few typed-array copies — no re-tokenizing:
//   "BT3IDX03" | sha256 of the rest (32 bytes) | u32 LE header length | header JSON | sections
// Sections (8-byte aligned, offsets from the start of the file, listed in the header):
//   docs          brotli JSON [[key, hash, embedderId, stamp, chunkCount], …] in document order
//   chunkIds      the chunk ids, documents' chunks contiguous and in order: 12 bytes each when every id
//                 is 24 hex digits (code chunks), else '\n'-separated text
//   blockOffsets  u32[docCount + 1]: each document's compressed block in `blocks`
//   blocks        per document, brotli JSON [texts, metadata, path positions] of its chunks, read on
//                 demand (a metadata `path` equal to the document key is left out and put back in place)
//   docLength     i32[chunkCount]: BM25 length of each chunk
//   lexicon       brotli, the terms '\n'-separated, in term-id order
//   df            i32[termCount]
//   postingOffsets u32[termCount + 1] into `postings`
//   postings      per term, varint pairs (chunk-number gap, term frequency)
//   vectorRows    i32[chunkCount]: row of the chunk's vector in `vectors`, -1 for none (empty: no vectors)
//   vectors       f32[vectorCount × dimension]
//   abbreviations empty (older files hold abbreviation pairs here, which are not read: they are looked up
//                 in the lexicon per query, see AbbreviationIndex)
import { createHash } from 'crypto';
import { promisify } from 'util';
import { brotliCompressSync, brotliDecompress, brotliDecompressSync, constants as zlib } from 'zlib';
import { CorruptIndexFileError } from './errors';
import type { LexicalBase } from './lexical-postings';
import { TimeSlicer } from '../time-slice';
import type { Chunk, ChunkMetadata } from './types';

export const INDEX_FILE_SCHEMA = 4;
export const INDEX_FILE_MAGIC = Buffer.from('BT3IDX03', 'ascii');
const PREFIX = INDEX_FILE_MAGIC.length + 32;
const HASH_STEP = 1 << 20;
const SECTIONS = [
  'docs',
  'chunkIds',
  'blockOffsets',
  'blocks',
  'docLength',
  'lexicon',
  'df',
  'postingOffsets',
  'postings',
  'vectorRows',
  'vectors',
  'abbreviations',
] as const;
type SectionName = (typeof SECTIONS)[number];

interface IndexFileHeader {
  schema: number;
  kind: 'base';
  /** The last journal segment folded into this base. */
  seq: number;
  dimension: number;
  docCount: number;
  chunkCount: number;
  termCount: number;
  vectorCount: number;
  /** 'hex24': chunk ids stored as 12 bytes each. */
  idFormat: 'hex24' | 'text';
  sections: Record<SectionName, [number, number]>;
}

/** One document of a base: its chunks' compressed block, and the vectors of its chunks (when any). */
export interface BaseDocument {
  key: string;
  hash: string;
  embedderId: string;
  stamp?: string;
  chunkIds: readonly string[];
  /** The output of compressChunks for this document's chunks. */
  block: Uint8Array;
  vectors?: ReadonlyArray<Float32Array | undefined>;
}

/** A decoded base: documents, their blocks and the lexical base, as copies independent of the file's bytes (the vectors may be a view of them). */
export interface DecodedBase {
  seq: number;
  dimension: number;
  docs: Array<Omit<BaseDocument, 'vectors' | 'block'> & { firstChunk: number }>;
  blocks: Uint8Array;
  blockOffsets: Uint32Array;
  lexical: LexicalBase;
  /** Row per chunk (-1: none) into `vectors`. */
  vectorRows: Int32Array;
  vectors: Float32Array;
}

/** Decompression on libuv's thread pool: a large index's sections do not hold the host's thread. */
const unbrotli = promisify(brotliDecompress) as (bytes: Uint8Array) => Promise<Buffer>;
// The window is sized to the input (at least 64 KiB, at most brotli's default 4 MiB): a fifth less time
// per document's few kilobytes than setting up a 4 MiB window each time, and the output as small (on
// rxjs and zod sources 0.05–0.09 % smaller in total).
const brotli = (bytes: Uint8Array) =>
  brotliCompressSync(bytes, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: 5,
      [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      [zlib.BROTLI_PARAM_LGWIN]: Math.min(22, Math.max(16, Math.ceil(Math.log2(bytes.length + 1)))),
    },
  });

/** A document's chunks (text and metadata) as one compressed block; `key` is the document's key. */
export function compressChunks(chunks: readonly Chunk[], key: string): Uint8Array {
  const texts: string[] = [];
  const metadata: ChunkMetadata[] = [];
  const pathAt: number[] = [];
  for (const c of chunks) {
    texts.push(c.text);
    const at = c.metadata.path === key ? Object.keys(c.metadata).indexOf('path') : -1;
    if (at < 0) metadata.push(c.metadata);
    else {
      const { path: _p, ...rest } = c.metadata;
      metadata.push(rest);
    }
    pathAt.push(at);
  }
  return brotli(Buffer.from(JSON.stringify([texts, metadata, pathAt]), 'utf8'));
}

/** The chunks of a block, given their ids (stored apart) and the document's key. */
export function decompressChunks(block: Uint8Array, ids: readonly string[], key: string): Chunk[] {
  const [texts, metadata, pathAt] = JSON.parse(brotliDecompressSync(block).toString('utf8')) as [string[], ChunkMetadata[], number[]];
  if (!Array.isArray(texts) || texts.length !== ids.length || metadata?.length !== ids.length || pathAt?.length !== ids.length)
    throw new Error(`a block of ${key} does not hold its ${ids.length} chunks`);
  return ids.map((id, i) => {
    const at = pathAt[i]!;
    let meta = metadata[i]!;
    if (at >= 0) {
      const entries = Object.entries(meta);
      entries.splice(at, 0, ['path', key]);
      meta = Object.fromEntries(entries);
    }
    return { id, text: texts[i]!, metadata: meta };
  });
}

const align8 = (n: number) => (n + 7) & ~7;

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Encodes a base file. `tick` gives way to the event loop between steps (large files on a host's thread). */
export async function encodeIndexFile(seq: number, docs: readonly BaseDocument[], lexical: LexicalBase, slicer = new TimeSlicer()): Promise<Uint8Array> {
  let dimension = 0;
  let vectorCount = 0;
  let chunkCount = 0;
  for (const doc of docs) {
    chunkCount += doc.chunkIds.length;
    for (const v of doc.vectors ?? []) {
      if (!v) continue;
      if (dimension && v.length !== dimension) throw new Error(`mixed vector dimensions (${dimension} and ${v.length}) in one index file`);
      dimension = v.length;
      vectorCount++;
    }
  }
  if (lexical.docIds.length !== chunkCount) throw new Error(`the lexical base holds ${lexical.docIds.length} chunks, the documents ${chunkCount}`);
  const blockOffsets = new Uint32Array(docs.length + 1);
  const vectorRows = new Int32Array(chunkCount).fill(-1);
  const vectors = new Float32Array(vectorCount * dimension);
  const ids: string[] = [];
  let blockBytes = 0;
  let row = 0;
  for (const [d, doc] of docs.entries()) {
    doc.chunkIds.forEach((id, i) => {
      if (lexical.docIds[ids.length] !== id) throw new Error(`chunk ${id} is out of order in the lexical base`);
      const v = doc.vectors?.[i];
      if (v) {
        vectors.set(v, row * dimension);
        vectorRows[ids.length] = row++;
      }
      ids.push(id);
    });
    blockBytes += doc.block.length;
    blockOffsets[d + 1] = blockBytes;
    await slicer.tick();
  }
  const hex24 = ids.every((id) => /^[0-9a-f]{24}$/.test(id));
  const parts: Record<SectionName, Uint8Array> = {
    docs: brotli(Buffer.from(JSON.stringify(docs.map((d) => [d.key, d.hash, d.embedderId, d.stamp ?? '', d.chunkIds.length])), 'utf8')),
    chunkIds: hex24 ? Buffer.from(ids.join(''), 'hex') : Buffer.from(ids.join('\n'), 'utf8'),
    blockOffsets: bytesOf(blockOffsets),
    blocks: new Uint8Array(0), // copied block by block below
    docLength: bytesOf(lexical.docLength),
    lexicon: brotli(Buffer.from(lexical.terms.join('\n'), 'utf8')),
    df: bytesOf(lexical.df),
    postingOffsets: bytesOf(lexical.offsets),
    postings: lexical.postings,
    vectorRows: vectorCount ? bytesOf(vectorRows) : new Uint8Array(0),
    vectors: bytesOf(vectors),
    abbreviations: new Uint8Array(0),
  };
  const sizes = (name: SectionName) => (name === 'blocks' ? blockBytes : parts[name].length);
  // The header's length depends on the offsets it lists: lay out with a header of fixed width first.
  const layout = (headerLength: number) => {
    let at = align8(PREFIX + 4 + headerLength);
    const sections = {} as Record<SectionName, [number, number]>;
    for (const name of SECTIONS) {
      sections[name] = [at, sizes(name)];
      at = align8(at + sizes(name));
    }
    return { sections, end: at };
  };
  const headerOf = (sections: Record<SectionName, [number, number]>): IndexFileHeader => ({
    schema: INDEX_FILE_SCHEMA,
    kind: 'base',
    seq,
    dimension,
    docCount: docs.length,
    chunkCount,
    termCount: lexical.terms.length,
    vectorCount,
    idFormat: hex24 ? 'hex24' : 'text',
    sections,
  });
  let headerJson = Buffer.from(JSON.stringify(headerOf(layout(0).sections)), 'utf8');
  for (;;) {
    const next = Buffer.from(JSON.stringify(headerOf(layout(headerJson.length).sections)), 'utf8');
    if (next.length === headerJson.length) {
      headerJson = next;
      break;
    }
    headerJson = next;
  }
  const { sections, end } = layout(headerJson.length);
  const file = Buffer.alloc(end);
  INDEX_FILE_MAGIC.copy(file, 0);
  file.writeUInt32LE(headerJson.length, PREFIX);
  headerJson.copy(file, PREFIX + 4);
  for (const name of SECTIONS) {
    const [offset] = sections[name];
    if (name === 'blocks') {
      let at = offset;
      for (const doc of docs) {
        file.set(doc.block, at);
        at += doc.block.length;
      }
    } else file.set(parts[name], offset);
    await slicer.tick();
  }
  const hash = createHash('sha256');
  for (let at = PREFIX; at < file.length; at += HASH_STEP) {
    hash.update(file.subarray(at, Math.min(file.length, at + HASH_STEP)));
    await slicer.tick();
  }
  hash.digest().copy(file, INDEX_FILE_MAGIC.length);
  return file;
}

/** True when `bytes` start like a schema 3 base file (older files are journal files, see journal.ts). */
export function isIndexFile(bytes: Uint8Array): boolean {
  return bytes.length >= INDEX_FILE_MAGIC.length && Buffer.from(bytes.buffer, bytes.byteOffset, INDEX_FILE_MAGIC.length).equals(INDEX_FILE_MAGIC);
}

/** Decodes and verifies a base file; every failed check throws CorruptIndexFileError. */
export async function decodeIndexFile(file: string, bytes: Uint8Array, slicer = new TimeSlicer()): Promise<DecodedBase> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (reason: string) => new CorruptIndexFileError(file, reason);
  if (data.length < PREFIX + 4 || !isIndexFile(data)) throw corrupt('it is not a Big Three index file (bad signature)');
  const hash = createHash('sha256');
  for (let at = PREFIX; at < data.length; at += HASH_STEP) {
    hash.update(data.subarray(at, Math.min(data.length, at + HASH_STEP)));
    await slicer.tick();
  }
  if (!hash.digest().equals(data.subarray(INDEX_FILE_MAGIC.length, PREFIX))) throw corrupt('its checksum does not match (truncated or modified)');
  const headerLength = data.readUInt32LE(PREFIX);
  if (PREFIX + 4 + headerLength > data.length) throw corrupt('its header is longer than the file');
  let header: IndexFileHeader;
  try {
    header = JSON.parse(data.toString('utf8', PREFIX + 4, PREFIX + 4 + headerLength)) as IndexFileHeader;
  } catch (error) {
    throw corrupt(`its header is not valid JSON (${(error as Error).message})`);
  }
  if (header.schema !== INDEX_FILE_SCHEMA) throw corrupt(`schema version ${header.schema} is not a supported one (${INDEX_FILE_SCHEMA})`);
  const section = (name: SectionName): Buffer => {
    const [offset, length] = header.sections?.[name] ?? [-1, -1];
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > data.length)
      throw corrupt(`its ${name} section does not fit in the file`);
    return data.subarray(offset, offset + length);
  };
  /** A typed array copied out of the file (aligned, and independent of the file's bytes). */
  const typed = <T extends Int32Array | Uint32Array | Float32Array>(name: SectionName, make: (buffer: ArrayBuffer) => T, count: number): T => {
    const bytesIn = section(name);
    if (bytesIn.length !== count * 4) throw corrupt(`its ${name} section holds ${bytesIn.length} bytes where ${count * 4} are expected`);
    const copy = new ArrayBuffer(bytesIn.length);
    new Uint8Array(copy).set(bytesIn);
    return make(copy);
  };
  const { docCount, chunkCount, termCount, vectorCount, dimension } = header;
  let docRows: Array<[string, string, string, string, number]>;
  try {
    docRows = JSON.parse((await unbrotli(section('docs'))).toString('utf8')) as typeof docRows;
  } catch (error) {
    throw corrupt(`its document table is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(docRows) || docRows.length !== docCount) throw corrupt('its document table does not match its header');
  const idBytes = section('chunkIds');
  let chunkIds: string[];
  if (header.idFormat === 'hex24') {
    if (idBytes.length !== chunkCount * 12) throw corrupt('its chunk ids do not match its header');
    // One hex string cut in pieces: far cheaper than a conversion per id.
    const hex = idBytes.toString('hex');
    chunkIds = new Array<string>(chunkCount);
    for (let i = 0; i < chunkCount; i++) {
      chunkIds[i] = hex.substring(i * 24, i * 24 + 24);
      if (i % 2048 === 2047) await slicer.tick();
    }
  } else chunkIds = chunkCount ? idBytes.toString('utf8').split('\n') : [];
  if (chunkIds.length !== chunkCount) throw corrupt(`it lists ${chunkIds.length} chunk ids where ${chunkCount} are announced`);
  let terms: string[];
  try {
    terms = termCount ? (await unbrotli(section('lexicon'))).toString('utf8').split('\n') : [];
  } catch (error) {
    throw corrupt(`its lexicon cannot be read (${(error as Error).message})`);
  }
  if (terms.length !== termCount) throw corrupt(`it lists ${terms.length} terms where ${termCount} are announced`);
  await slicer.tick();
  const blockOffsets = typed('blockOffsets', (b) => new Uint32Array(b), docCount + 1);
  const blocks = new Uint8Array(section('blocks'));
  if (blockOffsets[docCount] !== blocks.length) throw corrupt('its block offsets do not match its blocks');
  const postingOffsets = typed('postingOffsets', (b) => new Uint32Array(b), termCount + 1);
  const postings = new Uint8Array(section('postings'));
  if (postingOffsets[termCount] !== postings.length) throw corrupt('its posting offsets do not match its postings');
  const vectorRows = vectorCount ? typed('vectorRows', (b) => new Int32Array(b), chunkCount) : new Int32Array(chunkCount).fill(-1);
  // The vectors (the bulk of a file with a model) are not copied when aligned: a view, used once to fill the store.
  const vectorBytes = section('vectors');
  if (vectorBytes.length !== vectorCount * dimension * 4)
    throw corrupt(`its vectors section holds ${vectorBytes.length} bytes where ${vectorCount * dimension * 4} are expected`);
  let vectors: Float32Array;
  if (vectorBytes.byteOffset % 4 === 0) vectors = new Float32Array(vectorBytes.buffer, vectorBytes.byteOffset, vectorCount * dimension);
  else {
    vectors = new Float32Array(vectorCount * dimension);
    const into = new Uint8Array(vectors.buffer);
    for (let at = 0; at < vectorBytes.length; at += HASH_STEP) {
      into.set(vectorBytes.subarray(at, Math.min(vectorBytes.length, at + HASH_STEP)), at);
      await slicer.tick();
    }
  }
  const lexical: LexicalBase = {
    terms,
    df: typed('df', (b) => new Int32Array(b), termCount),
    offsets: postingOffsets,
    postings,
    docIds: chunkIds,
    docLength: typed('docLength', (b) => new Int32Array(b), chunkCount),
  };
  let firstChunk = 0;
  const docs: DecodedBase['docs'] = [];
  for (const row of docRows) {
    const [key, hash, embedderId, stamp, count] = row;
    if (
      typeof key !== 'string' ||
      typeof hash !== 'string' ||
      typeof embedderId !== 'string' ||
      !Number.isInteger(count) ||
      count < 0 ||
      firstChunk + count > chunkCount
    )
      throw corrupt('its document table holds an invalid row');
    docs.push({ key, hash, embedderId, ...(stamp ? { stamp } : {}), chunkIds: chunkIds.slice(firstChunk, firstChunk + count), firstChunk });
    firstChunk += count;
    if (docs.length % 256 === 0) await slicer.tick();
  }
  if (firstChunk !== chunkCount) throw corrupt('its documents do not cover its chunks');
  for (const r of vectorRows) if (r >= vectorCount) throw corrupt('a chunk points past the vector block');
  return { seq: header.seq, dimension, docs, blocks, blockOffsets, lexical, vectorRows, vectors };
}
