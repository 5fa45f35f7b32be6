// The RAG facade used by every host: one workspace folder's code index, the experience collection,
// hybrid search with Gemini File Search, and task context for agents.
import { createHash } from 'crypto';
import * as path from 'path';
import { EventEmitter } from '../events';
import { InvalidArgumentError } from '../errors';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { ChromaVectorStore, type ChromaSettings } from './chroma-vector-store';
import { DEFAULT_CHUNKER_OPTIONS, type ChunkerOptions } from './chunker';
import { CodeIndexer, DEFAULT_MAX_FILE_BYTES, contentHash, type IndexRunReport } from './code-indexer';
import { Collection, DEFAULT_FUSION_WEIGHTS, type FusionWeights } from './collection';
import type { Embedder } from './embedder';
import { ExperienceStore, type ExperienceMatch, type ExperienceRecord } from './experiences';
import type { GeminiFileSearch } from './gemini-file-search';
import { DEFAULT_HYBRID_WEIGHTS, hybridSearch, type HybridResult, type HybridWeights } from './hybrid-search';
import { IgnoreRules } from './ignore-rules';
import type { IndexJobRequest } from './index-job';
import { runIndexJobInWorker } from './index-worker-client';
import type { PauseAnnouncer } from './index-pacing';
import { LiveIndexUpdater } from './live-updater';
import { CodeRanker } from './code-ranker';
import { PathPrior, type PathPriorRule } from './path-prior';
import { previewOf } from './search-preview';
import { augmentQueryFrom, taskContextFrom, type AugmentContextType, type AugmentedQuery, type TaskContext, type TextGenerator } from './task-context';
import type { CancellationSignal, ChunkMetadata, CodeSearchResult, Progress } from './types';
import { decodeText, scanWorkspace } from './workspace-scanner';
import { staysInside } from '../path-inside';

export type VectorStoreChoice = { kind: 'exact' } | { kind: 'chroma'; settings: ChromaSettings };

export interface RagServiceOptions {
  fs: FileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
  /** The workspace folder indexed. */
  root: string;
  /** Where the index is kept (outside the workspace in VS Code, .big-three/rag in the CLI). */
  storageDir: string;
  embedder?: Embedder;
  vectorStore?: VectorStoreChoice;
  gemini?: GeminiFileSearch;
  generator?: TextGenerator;
  weights?: FusionWeights;
  hybridWeights?: HybridWeights;
  chunker?: ChunkerOptions;
  maxFileBytes?: number;
  /** Files embedded per call and files per checkpoint (see CodeIndexer). */
  batchFiles?: number;
  checkpointFiles?: number;
  debounceMs?: number;
  extraExcludes?: string[];
  /** Big Three's data folders (real paths): never indexed, even inside the workspace (the index folder always counts). */
  privateDirs?: string[];
  /** How much each kind of file counts in code search (default DEFAULT_PATH_PRIORS: tests, docs, generated files less). */
  pathPriors?: readonly PathPriorRule[];
  /** The exact store searches in a worker thread above this many vectors (default 50,000). */
  workerThreshold?: number;
  /** The worker builds an approximate (HNSW) index above this many vectors (default 100,000; Infinity: never). */
  annThreshold?: number;
  /** The worker script (default: vector-search-worker.js beside the running code). */
  workerScript?: string;
  /**
   * Index in a child process at a lower priority (scanning, chunking, embedding and writing off the
   * host's thread and heap; the host reloads the saved index when the run ends): the indexer script
   * (dist/rag-index-worker.js) and the model folder it loads the embedder from. Not used with a Chroma store.
   */
  indexWorker?: { script: string; modelDir?: string };
  /** Says when indexing gives way to the person at the editor (index-pacing.ts); absent: it never waits. */
  pacing?: PauseAnnouncer;
}

export type RagState = 'loading' | 'idle' | 'indexing' | 'error';

export interface RagStatus {
  state: RagState;
  files: number;
  chunks: number;
  experiences: number;
  lexicalOnly: boolean;
  embedderId?: string;
  vectorStore: 'exact' | 'chroma' | 'none';
  progress?: Progress;
  lastRun?: IndexRunReport;
  lastError?: string;
}

export type { AugmentContextType, AugmentedQuery } from './task-context';

const round = (n: number) => Math.round(n * 1000) / 1000;

export class RagService {
  readonly onDidChangeStatus: EventEmitter<RagStatus>['event'];
  private readonly statusEmitter = new EventEmitter<RagStatus>();
  private readonly indexer: CodeIndexer;
  readonly experiences: ExperienceStore;
  readonly liveUpdater: LiveIndexUpdater;
  private readonly ranker: CodeRanker;
  private current: RagStatus;
  private codeCollection: Collection;

  /** The workspace code collection (replaced when a worker run saved a new index). */
  get code(): Collection {
    return this.codeCollection;
  }

  /** The embedding model in use, if any (other areas reuse it, e.g. learning's task similarity). */
  get embedder(): Embedder | undefined {
    return this.options.embedder;
  }

  private constructor(
    private readonly options: RagServiceOptions,
    code: Collection,
    private readonly experienceCollection: Collection,
    readonly rules: IgnoreRules,
    private readonly reopenCode: () => Promise<Collection>,
  ) {
    this.onDidChangeStatus = this.statusEmitter.event;
    this.codeCollection = code;
    const service = this; // the indexer and the ranker follow the collection when a worker run replaced it
    this.indexer = new CodeIndexer({
      fs: options.fs,
      logger: options.logger,
      rules,
      get collection() {
        return service.code;
      },
      maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
      chunker: options.chunker ?? DEFAULT_CHUNKER_OPTIONS,
      ...(options.batchFiles ? { batchFiles: options.batchFiles } : {}),
      ...(options.checkpointFiles ? { checkpointFiles: options.checkpointFiles } : {}),
      ...(options.pacing ? { pacing: options.pacing, clock: options.clock } : {}),
      // With a worker, every full pass (a run, or a live update that needs one) leaves this thread.
      ...(options.indexWorker && code.vectorStore?.kind !== 'chroma'
        ? { fullPass: (p?: (p: Progress) => void, c?: CancellationSignal) => this.indexInWorker((x) => p?.(x), c) }
        : {}),
    });
    this.ranker = new CodeRanker(
      {
        get lexical() {
          return service.code.lexical;
        },
        chunk: (id) => this.code.chunk(id),
        keyOf: (id) => this.code.keyOf(id),
        chunksIn: (key) => this.code.docs.get(key)?.chunkIds.length ?? 1,
        files: () => this.code.docs,
        ...(code.hasVectors
          ? { vectorHits: (query: string, limit: number, accept: (id: string) => boolean) => this.code.vectorHits(query, limit, accept) }
          : {}),
      },
      new PathPrior(options.pathPriors),
    );
    this.experiences = new ExperienceStore(experienceCollection, () => options.clock.now());
    this.liveUpdater = new LiveIndexUpdater(this.indexer, options.clock, options.logger, options.debounceMs ?? 750, (report) =>
      this.update({ lastRun: report }),
    );
    this.current = {
      state: 'idle',
      files: code.docs.size,
      chunks: code.chunkCount,
      experiences: experienceCollection.docs.size,
      lexicalOnly: !options.embedder,
      ...(options.embedder ? { embedderId: options.embedder.id } : {}),
      vectorStore: code.vectorStore?.kind ?? 'none',
    };
  }

  static async create(options: RagServiceOptions): Promise<RagService> {
    const root = path.resolve(options.root);
    const workspaceId = createHash('sha1').update(root).digest('hex').slice(0, 10);
    const open = async (name: 'code' | 'experiences') => {
      const choice = options.vectorStore ?? { kind: 'exact' };
      const vectorStore =
        choice.kind === 'chroma' && options.embedder
          ? await ChromaVectorStore.connect(choice.settings, `bigthree-${name}-${workspaceId}`, options.logger, options.clock)
          : undefined;
      return Collection.open({
        name,
        fs: options.fs,
        logger: options.logger,
        clock: options.clock,
        dir: path.join(options.storageDir, name),
        rebuiltFromFiles: name === 'code',
        weights: options.weights ?? DEFAULT_FUSION_WEIGHTS,
        ...(options.embedder ? { embedder: options.embedder } : {}),
        ...(vectorStore ? { vectorStore } : {}),
        exactStore: {
          ...(options.workerThreshold !== undefined ? { workerThreshold: options.workerThreshold } : {}),
          ...(options.annThreshold !== undefined ? { annThreshold: options.annThreshold } : {}),
          ...(options.workerScript ? { workerScript: options.workerScript } : {}),
        },
      });
    };
    const code = await open('code');
    const experiences = await open('experiences');
    const rules = new IgnoreRules(options.fs, root, options.logger, options.extraExcludes, privateDirsOf(options));
    return new RagService({ ...options, root }, code, experiences, rules, () => open('code'));
  }

  get root(): string {
    return this.options.root;
  }

  get status(): RagStatus {
    return this.current;
  }

  /** A full pass is writing the index now (here or in another process), or one left it unfinished (pass-marks.ts). */
  unfinishedPass(): Promise<boolean> {
    return this.code.passes.unfinished();
  }

  /** Notices from opening the index (quarantined files, stale vectors) for the host to show. */
  get notices(): string[] {
    return [...this.code.notices, ...this.experienceCollection.notices];
  }

  private update(patch: Partial<RagStatus>): void {
    this.current = { ...this.current, ...patch, files: this.code.docs.size, chunks: this.code.chunkCount, experiences: this.experiences.count };
    this.statusEmitter.fire(this.current, (error) => this.options.logger.error('A RAG status listener failed', error));
  }

  /** Indexes (incrementally) the workspace folder; `dir` must be that folder when given. */
  async indexCodebase(dir?: string, onProgress?: (p: Progress) => void, cancellation?: CancellationSignal): Promise<IndexRunReport> {
    if (dir !== undefined && path.resolve(dir) !== this.root)
      throw new InvalidArgumentError(`This index covers ${this.root}; ${path.resolve(dir)} is another folder. Open a RAG service for that folder instead.`);
    this.update({ state: 'indexing' });
    const progress = (p: Progress) => {
      this.update({ progress: p });
      onProgress?.(p);
    };
    try {
      const report = await this.indexer.indexAll(progress, cancellation);
      const { progress: _p, lastError: _e, ...rest } = this.current;
      this.current = rest;
      this.update({ state: 'idle', lastRun: report });
      return report;
    } catch (error) {
      const { progress: _p, ...rest } = this.current;
      this.current = rest;
      this.update({ state: 'idle', lastError: (error as Error).message });
      throw error;
    }
  }

  /** Whether indexing runs run in a child process (see RagServiceOptions.indexWorker). */
  get usesIndexWorker(): boolean {
    return !!this.options.indexWorker && this.code.vectorStore?.kind !== 'chroma';
  }

  /** One run in the worker; the index it saved then replaces the one in memory (searches keep answering meanwhile). */
  private async indexInWorker(onProgress: (p: Progress) => void, cancellation?: CancellationSignal): Promise<IndexRunReport> {
    const { indexWorker, storageDir, maxFileBytes, extraExcludes, chunker, batchFiles, checkpointFiles, embedder } = this.options;
    const privateDirs = privateDirsOf(this.options);
    const request: IndexJobRequest = {
      root: this.root,
      storageDir,
      ...(indexWorker!.modelDir && embedder ? { modelDir: indexWorker!.modelDir, embedderId: embedder.id } : {}),
      ...(maxFileBytes ? { maxFileBytes } : {}),
      ...(extraExcludes ? { extraExcludes } : {}),
      privateDirs,
      ...(chunker ? { chunker } : {}),
      ...(batchFiles ? { batchFiles } : {}),
      ...(checkpointFiles ? { checkpointFiles } : {}),
    };
    let report: IndexRunReport | undefined;
    try {
      report = await runIndexJobInWorker(indexWorker!.script, request, this.options.logger, onProgress, cancellation, this.options.pacing);
      return report;
    } finally {
      // Whatever the run saved (all of it, or the checkpoints before a cancel or a failure) is loaded. A run
      // that found nothing to change saved nothing: the index in memory is the one on disk, and loading it a
      // second time held two copies (a second start of the editor grew by 100 MiB instead of 60; stop 37).
      if (!(report && report.filesIndexed === 0 && report.filesRemoved === 0)) {
        const next = await this.reopenCode();
        const previous = this.codeCollection;
        this.codeCollection = next;
        previous.dispose();
      }
    }
  }

  /** Indexes one text under a path relative to the workspace (it need not exist on disk). */
  async indexCode(codePath: string, content: string, metadata: ChunkMetadata = {}): Promise<number> {
    const rel = path.isAbsolute(codePath) ? path.relative(this.root, codePath) : codePath;
    if (!rel || !staysInside(rel)) throw new InvalidArgumentError(`${codePath} is outside the indexed folder ${this.root}.`);
    const key = rel.split(path.sep).join('/');
    if (this.rules.isSecret(key)) throw new InvalidArgumentError(`${key} looks like a secret file (.env, key, credentials); it is never indexed.`);
    const chunks = await this.indexer.indexText(key, content, metadata);
    this.update({});
    return chunks;
  }

  async searchCode(query: string, limit = 10): Promise<CodeSearchResult[]> {
    const hits = await this.ranker.rank(query, { limit });
    return hits.map((hit) => {
      const { path: codePath, ...metadata } = hit.chunk.metadata;
      const relPath = String(codePath ?? this.code.chunk(hit.chunk.id)?.key ?? '');
      return {
        codePath: relPath,
        content: hit.chunk.text,
        metadata: { ...metadata, path: relPath },
        similarityScore: round(hit.score),
        signals: hit.signals,
        preview: previewOf(hit.chunk, hit.matchedTerms),
      };
    });
  }

  /** Local search fused with Gemini File Search when configured; local only (with a notice) otherwise. */
  async searchHybrid(query: string, limit = 10): Promise<HybridResult> {
    const local = await this.searchCode(query, Math.max(limit * 2, 10));
    return hybridSearch(query, limit, local, this.options.gemini, this.options.logger, this.options.hybridWeights ?? DEFAULT_HYBRID_WEIGHTS);
  }

  /** Uploads changed workspace documents to the Gemini File Search store. */
  async syncGemini(onProgress?: (done: number, total: number) => void, cancellation?: CancellationSignal): Promise<{ uploaded: number; deleted: number }> {
    const gemini = this.options.gemini;
    if (!gemini) throw new InvalidArgumentError('Gemini File Search is not configured: set a Gemini API key and enable bigThree.rag.gemini.enabled.');
    this.rules.reset();
    const scan = await scanWorkspace(this.options.fs, this.rules, this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, cancellation);
    const items = [];
    for (const file of scan.files) {
      const decoded = decodeText(await this.options.fs.readFile(file.absPath));
      if ('text' in decoded && decoded.text.trim()) items.push({ relPath: file.relPath, hash: contentHash(decoded.text), text: decoded.text });
    }
    return gemini.sync(items, onProgress, cancellation);
  }

  async indexExperience(record: ExperienceRecord): Promise<string> {
    const id = await this.experiences.index(record);
    this.update({});
    return id;
  }

  searchSimilarExperiences(query: string, limit = 5): Promise<ExperienceMatch[]> {
    return this.experiences.search(query, limit);
  }

  augmentQuery(query: string, contextType: AugmentContextType = 'auto', limit = 5): Promise<AugmentedQuery> {
    return augmentQueryFrom(this, query, contextType, limit);
  }

  retrieveForTask(task: string, expertType = '', limit = 5): Promise<TaskContext> {
    return taskContextFrom(this, task, expertType, limit, this.options.generator, this.options.logger);
  }

  /** A workspace file changed on disk (relative or absolute path); indexed after the debounce. */
  notifyFileChanged(file: string): void {
    const rel = path.isAbsolute(file) ? path.relative(this.root, file) : file;
    if (!rel || !staysInside(rel)) return;
    this.liveUpdater.notify(rel.split(path.sep).join('/'));
  }

  dispose(): void {
    this.liveUpdater.dispose();
    this.statusEmitter.dispose();
    this.code.dispose();
    this.experienceCollection.dispose();
  }
}

/** The folders never indexed: the index's own folder, and the data folders the host names. */
function privateDirsOf(options: Pick<RagServiceOptions, 'storageDir' | 'privateDirs'>): string[] {
  return [options.storageDir, ...(options.privateDirs ?? [])];
}
