// Gemini File Search (Developer API, v1beta) through the official @google/genai SDK: workspace
// documents are uploaded to a File Search store (only those whose content changed since the last
// upload), and questions go through generateContent with the fileSearch tool; the grounding chunks
// come back with the title (our relative path) and the passage text. Uploads run in parallel, a
// bounded number at a time; 408/429/5xx answers are retried with backoff honouring retry-after.
import type { GoogleGenAI, Operation } from '@google/genai';
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { DEFAULT_HTTP_RETRY, HttpRetryPolicy, Sleep, abortableSleep, retryingFetch } from '../retrying-fetch';
import { GeminiFileSearchError } from './errors';
import type { CancellationSignal } from './types';

export const GEMINI_STATE_SCHEMA = 1;

export interface GeminiFileSearchOptions {
  apiKey: string;
  /** For tests and proxies: e.g. http://127.0.0.1:PORT */
  baseUrl?: string;
  model: string;
  storeDisplayName: string;
  fs: FileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
  /** Where the upload state (store name, uploaded hashes) is kept. */
  stateFile: string;
  /** First poll interval of an upload operation (default 500 ms, growing to 4×). */
  pollMs?: number;
  /** Gives up polling one upload after this long. */
  operationTimeoutMs?: number;
  /** Uploads in flight at once (default 4). */
  concurrency?: number;
  /** Retries of 408/429/5xx answers (default: 5 tries, 1 s doubling to 60 s). */
  retry?: HttpRetryPolicy;
  /** Waits between retries (tests record them instead of waiting). */
  sleep?: Sleep;
}

export interface GroundingPassage {
  title: string;
  text: string;
  store?: string;
}

export interface FileSearchAnswer {
  answer: string;
  passages: GroundingPassage[];
}

interface UploadState {
  schema: number;
  storeName?: string;
  documents: Record<string, { hash: string; documentName?: string }>;
}

export interface UploadItem {
  relPath: string;
  hash: string;
  text: string;
}

/** An SDK error without an HTTP status never reached the service (no network, DNS, refused). */
function describe(error: unknown): GeminiFileSearchError {
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') {
    const hint = status === 401 || status === 403 ? ' Check the Gemini API key (Big Three: Set API Key).' : '';
    return new GeminiFileSearchError(`Gemini File Search failed with HTTP ${status}: ${(error as Error).message}.${hint}`, false);
  }
  return new GeminiFileSearchError(`Gemini File Search is unreachable (${(error as Error).message}); using local results only.`, true);
}

export class GeminiFileSearch {
  private readonly ai: GoogleGenAI;
  private state: UploadState | undefined;

  constructor(private readonly options: GeminiFileSearchOptions) {
    const { GoogleGenAI: Client } = require('@google/genai') as typeof import('@google/genai');
    this.ai = new Client({
      apiKey: options.apiKey,
      apiVersion: 'v1beta',
      httpOptions: {
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        fetch: retryingFetch(options.retry ?? DEFAULT_HTTP_RETRY, options.sleep ?? abortableSleep, (n) =>
          options.logger.info(
            `Gemini File Search answered ${n.status}; retrying in ${(n.waitMs / 1000).toFixed(1)} s (attempt ${n.attempt} of ${n.attempts}).`,
          ),
        ),
      },
    });
  }

  private async loadState(): Promise<UploadState> {
    if (this.state) return this.state;
    const stat = await this.options.fs.stat(this.options.stateFile);
    if (stat) {
      try {
        const parsed = JSON.parse(Buffer.from(await this.options.fs.readFile(this.options.stateFile)).toString('utf8')) as UploadState;
        if (parsed.schema === GEMINI_STATE_SCHEMA && parsed.documents && typeof parsed.documents === 'object') return (this.state = parsed);
        throw new Error(`schema ${parsed.schema}`);
      } catch (error) {
        const moved = `${this.options.stateFile}.corrupt-${this.options.clock.now()}`;
        await this.options.fs.rename(this.options.stateFile, moved).catch(() => undefined);
        this.options.logger.warn(
          `Gemini upload state ${this.options.stateFile} was unreadable (${(error as Error).message}); moved to ${path.basename(moved)}, documents are uploaded again.`,
        );
      }
    }
    return (this.state = { schema: GEMINI_STATE_SCHEMA, documents: {} });
  }

  private async saveState(): Promise<void> {
    if (this.state) await this.options.fs.writeFileAtomic(this.options.stateFile, JSON.stringify(this.state, null, 1));
  }

  /** The store named in the state, else one with our display name, else a new one. */
  async ensureStore(): Promise<string> {
    const state = await this.loadState();
    try {
      if (state.storeName) {
        try {
          await this.ai.fileSearchStores.get({ name: state.storeName });
          return state.storeName;
        } catch (error) {
          if ((error as { status?: number }).status !== 404) throw error;
          state.documents = {};
        }
      }
      const pager = await this.ai.fileSearchStores.list();
      for await (const store of pager) {
        if (store.displayName === this.options.storeDisplayName && store.name) {
          state.storeName = store.name;
          await this.saveState();
          return store.name;
        }
      }
      const created = await this.ai.fileSearchStores.create({ config: { displayName: this.options.storeDisplayName } });
      state.storeName = created.name!;
      state.documents = {};
      await this.saveState();
      this.options.logger.info(`Created Gemini File Search store ${created.name}.`);
      return created.name!;
    } catch (error) {
      throw error instanceof GeminiFileSearchError ? error : describe(error);
    }
  }

  private async waitFor<T extends Operation<unknown>>(operation: T): Promise<T> {
    const deadline = this.options.clock.now() + (this.options.operationTimeoutMs ?? 120_000);
    let op = operation;
    // Short first polls (most small documents import in about a second), then up to 4× less often.
    let delay = this.options.pollMs ?? 500;
    const longest = delay * 4;
    while (!op.done) {
      if (this.options.clock.now() > deadline) throw new GeminiFileSearchError(`Gemini did not finish ${op.name} in time.`, false);
      const wait = delay;
      await new Promise<void>((resolve) => this.options.clock.setTimer(wait, resolve));
      delay = Math.min(longest, Math.round(delay * 1.5));
      op = (await this.ai.operations.get({ operation: op })) as T;
    }
    if (op.error) throw new GeminiFileSearchError(`Gemini could not import a document: ${JSON.stringify(op.error)}`, false);
    return op;
  }

  /** Uploads new or changed documents and deletes the ones no longer present. Returns how many were uploaded. */
  async sync(
    items: readonly UploadItem[],
    onProgress?: (done: number, total: number) => void,
    cancellation?: CancellationSignal,
  ): Promise<{ uploaded: number; deleted: number }> {
    const storeName = await this.ensureStore();
    const state = await this.loadState();
    const wanted = new Map(items.map((i) => [i.relPath, i]));
    const changed = items.filter((i) => state.documents[i.relPath]?.hash !== i.hash);
    let uploaded = 0;
    let deleted = 0;
    try {
      for (const [relPath, entry] of Object.entries(state.documents)) {
        if (wanted.get(relPath)?.hash === entry.hash) continue;
        if (entry.documentName)
          await this.ai.fileSearchStores.documents.delete({ name: entry.documentName, config: { force: true } }).catch((error: unknown) => {
            if ((error as { status?: number }).status !== 404) throw error;
          });
        delete state.documents[relPath];
        if (!wanted.has(relPath)) deleted++;
      }
      // A few workers take the next changed document until none is left (or the sync is cancelled);
      // the first failure stops the others from starting new uploads.
      let next = 0;
      let failed = false;
      const worker = async () => {
        while (!failed && next < changed.length && !cancellation?.isCancellationRequested) {
          const item = changed[next++]!;
          try {
            let op = await this.ai.fileSearchStores.uploadToFileSearchStore({
              fileSearchStoreName: storeName,
              file: new Blob([item.text], { type: 'text/plain' }),
              config: { displayName: item.relPath, mimeType: 'text/plain' },
            });
            op = await this.waitFor(op);
            const documentName = op.response?.documentName;
            state.documents[item.relPath] = { hash: item.hash, ...(documentName ? { documentName } : {}) };
          } catch (error) {
            failed = true;
            throw error;
          }
          uploaded++;
          onProgress?.(uploaded, changed.length);
          if (uploaded % 20 === 0) await this.saveState();
        }
      };
      const workers = Array.from({ length: Math.max(1, Math.min(this.options.concurrency ?? 4, changed.length)) }, worker);
      const outcomes = await Promise.allSettled(workers);
      const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (rejected) throw rejected.reason;
    } catch (error) {
      throw error instanceof GeminiFileSearchError ? error : describe(error);
    } finally {
      await this.saveState();
    }
    return { uploaded, deleted };
  }

  /** Asks the model with the fileSearch tool; returns its answer and the grounding passages. */
  async query(question: string, topK = 8): Promise<FileSearchAnswer> {
    const state = await this.loadState();
    if (!state.storeName)
      throw new GeminiFileSearchError('No Gemini File Search store yet: run "Big Three: Index Workspace" with Gemini File Search enabled first.', false);
    try {
      const response = await this.ai.models.generateContent({
        model: this.options.model,
        contents: question,
        config: { tools: [{ fileSearch: { fileSearchStoreNames: [state.storeName], topK } }] },
      });
      const chunks = response.candidates?.[0]?.groundingMetadata?.groundingChunks ?? [];
      const passages: GroundingPassage[] = [];
      for (const chunk of chunks) {
        const context = chunk.retrievedContext;
        if (!context?.text) continue;
        passages.push({ title: context.title ?? '', text: context.text, ...(context.fileSearchStore ? { store: context.fileSearchStore } : {}) });
      }
      return { answer: response.text ?? '', passages };
    } catch (error) {
      throw describe(error);
    }
  }

  /** A plain generateContent call (no tools), used to synthesize answers from retrieved context. */
  async generate(prompt: string): Promise<string> {
    try {
      const response = await this.ai.models.generateContent({ model: this.options.model, contents: prompt });
      return response.text ?? '';
    } catch (error) {
      throw describe(error);
    }
  }
}
