// The team / scale-out backend: a Chroma server (≥ 1.0, HTTP API v2) through the official `chromadb`
// client. The collection is created without an embedding function (we send our own vectors) in cosine
// space. Every call has a deadline, so a server that accepts the connection and never answers cannot
// hang indexing or search, and every failure becomes a ChromaStoreError that says what to check.
import type { ChromaClientArgs, Collection, Metadata } from 'chromadb';
import { systemClock, type ClockPort, type Disposable, type LoggerPort } from '../ports';
import { ChromaStoreError, type ChromaFailure } from './errors';
import type { VectorHit, VectorRecord, VectorStore } from './vector-store';

export interface ChromaSettings {
  host: string;
  port: number;
  ssl: boolean;
  headers?: Record<string, string>;
  tenant?: string;
  database?: string;
  /** Deadline of each request to the server (default 30 s). */
  timeoutMs?: number;
}

export const DEFAULT_CHROMA_TIMEOUT_MS = 30_000;
/** Records per write request, lowered to the server's max_batch_size when that is smaller. */
const BATCH = 256;
/** Over-fetch rounds when search filters ids (each asks for 4× more). */
const FILTER_ROUNDS = 4;

type Space = 'cosine' | 'l2' | 'ip';

interface CallContext {
  where: string;
  timeoutMs: number;
  clock: ClockPort;
}

function translate(action: string, where: string, error: unknown): ChromaStoreError {
  if (error instanceof ChromaStoreError) return error;
  const name = (error as Error | undefined)?.name ?? '';
  const detail = (error as Error | undefined)?.message ?? String(error);
  const make = (failure: ChromaFailure, message: string) => new ChromaStoreError(message, failure);
  switch (name) {
    case 'ChromaConnectionError':
      return make(
        'unreachable',
        `Cannot reach the Chroma server at ${where} (${action}): is it running, and are bigThree.rag.chroma.host, port and ssl right?`,
      );
    case 'ChromaAuthError':
      return make('unauthorized', `The Chroma server at ${where} refused the credentials (401) for ${action}: check the token in bigThree.rag.chroma.headers.`);
    case 'ChromaForbiddenError':
      return make('forbidden', `The Chroma server at ${where} does not allow ${action} (403) with these credentials.`);
    case 'ChromaNotFoundError':
      return make('not-found', `The Chroma server at ${where} answered "not found" (404) to ${action}.`);
    case 'ChromaServerError':
      return make('server', `The Chroma server at ${where} failed to ${action}: ${detail}`);
    case 'ChromaClientError':
    case 'ChromaValueError':
    case 'ChromaUniqueError':
    case 'ChromaQuotaExceededError':
    case 'ChromaRateLimitError':
      return make('rejected', `The Chroma server at ${where} rejected ${action}: ${detail}`);
    default:
      return make('server', `Chroma ${action} at ${where} failed: ${detail}`);
  }
}

/** Runs one client call with a deadline; any failure becomes a ChromaStoreError. */
async function guarded<T>(ctx: CallContext, action: string, work: () => Promise<T>): Promise<T> {
  let timer: Disposable | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = ctx.clock.setTimer(ctx.timeoutMs, () =>
      reject(new ChromaStoreError(`The Chroma server at ${ctx.where} did not answer ${action} within ${ctx.timeoutMs} ms.`, 'timeout')),
    );
  });
  try {
    return await Promise.race([work(), deadline]);
  } catch (error) {
    throw translate(action, ctx.where, error);
  } finally {
    timer?.dispose();
  }
}

/** Cosine similarity from a Chroma distance (vectors are normalized, so l2² = 2 − 2·cos). */
function similarity(space: Space, distance: number): number {
  return space === 'l2' ? 1 - distance / 2 : 1 - distance;
}

export class ChromaVectorStore implements VectorStore {
  readonly kind = 'chroma' as const;
  readonly durable = true;

  private constructor(
    private readonly collection: Collection,
    private readonly ctx: CallContext,
    private readonly batch: number,
    private readonly space: Space,
  ) {}

  /** Connects and gets (or creates) `collectionName`; fails with a ChromaStoreError naming the server and what to check. */
  static async connect(settings: ChromaSettings, collectionName: string, logger: LoggerPort, clock: ClockPort = systemClock): Promise<ChromaVectorStore> {
    const where = `${settings.ssl ? 'https' : 'http'}://${settings.host}:${settings.port}`;
    const ctx: CallContext = { where, timeoutMs: settings.timeoutMs ?? DEFAULT_CHROMA_TIMEOUT_MS, clock };
    const hint = 'Check bigThree.rag.chroma.* or set bigThree.rag.vectorStore to "exact".';
    try {
      const { ChromaClient } = require('chromadb') as typeof import('chromadb');
      const args: ChromaClientArgs = { host: settings.host, port: settings.port, ssl: settings.ssl };
      if (settings.headers && Object.keys(settings.headers).length) args.headers = { ...settings.headers };
      if (settings.tenant) args.tenant = settings.tenant;
      if (settings.database) args.database = settings.database;
      const client = new ChromaClient(args);
      try {
        await guarded(ctx, 'the heartbeat', () => client.heartbeat());
      } catch (error) {
        if (error instanceof ChromaStoreError && error.failure === 'not-found')
          throw new ChromaStoreError(
            `${where} has no Chroma API v2 (/api/v2/heartbeat answered 404): Big Three needs a Chroma server 1.0 or later.`,
            'incompatible',
          );
        throw error;
      }
      let collection: Collection;
      try {
        collection = await guarded(ctx, `opening collection ${collectionName}`, () =>
          client.getOrCreateCollection({
            name: collectionName,
            embeddingFunction: null,
            configuration: { hnsw: { space: 'cosine' } },
            metadata: { 'hnsw:space': 'cosine', createdBy: 'big-three' },
          }),
        );
      } catch (error) {
        if (error instanceof ChromaStoreError && error.failure === 'not-found') {
          throw new ChromaStoreError(
            `Tenant "${client.tenant}" or database "${client.database}" does not exist on the Chroma server at ${where}: create it there or change bigThree.rag.chroma.tenant / database.`,
            'not-found',
          );
        }
        throw error;
      }
      const maxBatch = await guarded(ctx, 'the pre-flight checks', () => client.getMaxBatchSize());
      const space = (collection.configuration?.hnsw?.space ?? collection.configuration?.spann?.space ?? collection.metadata?.['hnsw:space'] ?? 'l2') as Space;
      if (space !== 'cosine')
        logger.warn(
          `Chroma collection ${collectionName} at ${where} uses the ${space} space, not cosine (it was created elsewhere); scores are converted, ranking is unaffected for normalized vectors.`,
        );
      logger.info(`Chroma collection ${collectionName} ready at ${where} (tenant ${client.tenant}, database ${client.database}).`);
      return new ChromaVectorStore(collection, ctx, maxBatch > 0 ? Math.min(BATCH, maxBatch) : BATCH, space);
    } catch (error) {
      const failure = translate(`opening collection ${collectionName}`, where, error);
      throw new ChromaStoreError(`${failure.message} ${hint}`, failure.failure);
    }
  }

  /** Records per write request (the server's max_batch_size when smaller than 256). */
  get batchSize(): number {
    return this.batch;
  }

  async upsert(records: readonly VectorRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += this.batch) {
      const batch = records.slice(i, i + this.batch);
      // Chroma refuses an empty metadata object; a record without metadata is sent as null.
      const metadatas = batch.map((r) => (r.metadata && Object.keys(r.metadata).length ? (r.metadata as Metadata) : null));
      await guarded(this.ctx, `upsert of ${batch.length} vectors`, () =>
        this.collection.upsert({
          ids: batch.map((r) => r.id),
          embeddings: batch.map((r) => Array.from(r.vector)),
          ...(metadatas.some(Boolean) ? { metadatas: metadatas as Metadata[] } : {}),
          ...(batch.every((r) => r.document !== undefined) ? { documents: batch.map((r) => r.document!) } : {}),
        }),
      );
    }
  }

  async delete(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += this.batch) {
      const slice = ids.slice(i, i + this.batch);
      await guarded(this.ctx, `delete of ${slice.length} vectors`, () => this.collection.delete({ ids: slice }));
    }
  }

  async query(vector: Float32Array, limit: number, accept?: (id: string) => boolean): Promise<VectorHit[]> {
    if (limit <= 0) return [];
    const embedding = Array.from(vector);
    let n = accept ? limit * 2 : limit;
    for (let round = 0; ; round++) {
      const result = await guarded(this.ctx, 'query', () =>
        this.collection.query({ queryEmbeddings: [embedding], nResults: n, include: ['distances'] as never }),
      );
      const ids = result.ids[0] ?? [];
      const distances = result.distances?.[0] ?? [];
      const hits: VectorHit[] = [];
      ids.forEach((id, i) => {
        if (!accept || accept(id)) hits.push({ id, score: similarity(this.space, distances[i] ?? 2) });
      });
      // Enough accepted hits, or the server has no more to give: done. Otherwise ask for more.
      if (hits.length >= limit || ids.length < n || round + 1 >= FILTER_ROUNDS) return hits.slice(0, limit);
      n *= 4;
    }
  }

  async count(): Promise<number> {
    return guarded(this.ctx, 'count', () => this.collection.count());
  }

  /** Deletes every record of the collection, page by page. */
  async clear(): Promise<void> {
    const total = await this.count();
    for (let round = 0; round <= Math.ceil(total / this.batch); round++) {
      const page = await guarded(this.ctx, 'listing ids', () => this.collection.get({ limit: this.batch, include: [] }));
      if (!page.ids.length) return;
      await this.delete(page.ids);
    }
    const left = await this.count();
    if (left) throw new ChromaStoreError(`The Chroma server at ${this.ctx.where} still holds ${left} vectors after clearing the collection.`, 'server');
  }

  dispose(): void {}
}
