// The team / scale-out backend: a Chroma server through the official `chromadb` client (HTTP). The
// collection is created without an embedding function (we send our own vectors) in cosine space.
import type { ChromaClientArgs, Collection, Metadata } from 'chromadb';
import type { LoggerPort } from '../ports';
import { VectorStoreError } from './errors';
import type { VectorHit, VectorRecord, VectorStore } from './vector-store';

export interface ChromaSettings {
  host: string;
  port: number;
  ssl: boolean;
  headers?: Record<string, string>;
  tenant?: string;
  database?: string;
}

const BATCH = 256;

export class ChromaVectorStore implements VectorStore {
  readonly kind = 'chroma' as const;
  readonly durable = true;

  private constructor(private readonly collection: Collection, private readonly where: string) {}

  /** Connects and gets (or creates) `collectionName`; fails with a message naming the server. */
  static async connect(settings: ChromaSettings, collectionName: string, logger: LoggerPort): Promise<ChromaVectorStore> {
    const where = `${settings.ssl ? 'https' : 'http'}://${settings.host}:${settings.port}`;
    try {
      const { ChromaClient } = require('chromadb') as typeof import('chromadb');
      const args: ChromaClientArgs = { host: settings.host, port: settings.port, ssl: settings.ssl };
      if (settings.headers && Object.keys(settings.headers).length) args.headers = settings.headers;
      if (settings.tenant) args.tenant = settings.tenant;
      if (settings.database) args.database = settings.database;
      const client = new ChromaClient(args);
      const collection = await client.getOrCreateCollection({ name: collectionName, embeddingFunction: null, metadata: { 'hnsw:space': 'cosine', createdBy: 'big-three' } });
      logger.info(`Chroma collection ${collectionName} ready at ${where}.`);
      return new ChromaVectorStore(collection, where);
    } catch (error) {
      throw new VectorStoreError(`Could not use the Chroma server at ${where} (collection ${collectionName}): ${(error as Error).message}. Check bigThree.rag.chroma.* or switch bigThree.rag.vectorStore to "exact".`);
    }
  }

  private fail(action: string, error: unknown): never {
    throw new VectorStoreError(`Chroma ${action} at ${this.where} failed: ${(error as Error).message}`);
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += BATCH) {
      const batch = records.slice(i, i + BATCH);
      try {
        await this.collection.upsert({
          ids: batch.map((r) => r.id),
          embeddings: batch.map((r) => Array.from(r.vector)),
          metadatas: batch.map((r) => (r.metadata ?? {}) as Metadata),
          ...(batch.every((r) => r.document !== undefined) ? { documents: batch.map((r) => r.document!) } : {}),
        });
      } catch (error) {
        this.fail('upsert', error);
      }
    }
  }

  async delete(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) {
      try {
        await this.collection.delete({ ids: ids.slice(i, i + BATCH) });
      } catch (error) {
        this.fail('delete', error);
      }
    }
  }

  async query(vector: Float32Array, limit: number, accept?: (id: string) => boolean): Promise<VectorHit[]> {
    if (limit <= 0) return [];
    let result;
    try {
      result = await this.collection.query({ queryEmbeddings: [Array.from(vector)], nResults: accept ? limit * 2 : limit, include: ['distances' as never] });
    } catch (error) {
      this.fail('query', error);
    }
    const ids = result.ids[0] ?? [];
    const distances = result.distances?.[0] ?? [];
    const hits: VectorHit[] = [];
    ids.forEach((id, i) => {
      if (accept && !accept(id)) return;
      hits.push({ id, score: 1 - (distances[i] ?? 1) });
    });
    return hits.slice(0, limit);
  }

  async count(): Promise<number> {
    try {
      return await this.collection.count();
    } catch (error) {
      this.fail('count', error);
    }
  }

  async clear(): Promise<void> {
    try {
      const all = await this.collection.get({ include: [] });
      if (all.ids.length) await this.delete(all.ids);
    } catch (error) {
      this.fail('clear', error);
    }
  }
}
