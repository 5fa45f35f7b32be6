// All folders of a workspace as one index: one RagService per root folder (each with its own storage),
// searched together. Results of every folder are merged by their fused score (each folder's score is
// its RRF score relative to the best possible one, so they compare), carry the folder they come from
// (`root`, plus `metadata.workspaceFolder` when there are several), and keep `codePath` relative to that
// folder, so path.join(result.root, result.codePath) is the file. Status is the sum over the folders.
// Experiences are recorded in the first folder's index and searched in all of them. Gemini File Search,
// when configured, covers the first folder.
import * as path from 'path';
import { EventEmitter } from '../events';
import { InvalidArgumentError } from '../errors';
import type { Disposable, LoggerPort } from '../ports';
import type { IndexRunReport } from './code-indexer';
import type { Embedder } from './embedder';
import type { ExperienceMatch, ExperienceRecord } from './experiences';
import type { GeminiFileSearch } from './gemini-file-search';
import { DEFAULT_HYBRID_WEIGHTS, hybridSearch, type HybridResult, type HybridWeights } from './hybrid-search';
import type { RagService, RagStatus } from './rag-service';
import { augmentQueryFrom, taskContextFrom, type AugmentContextType, type AugmentedQuery, type TaskContext, type TextGenerator } from './task-context';
import type { CancellationSignal, ChunkMetadata, CodeSearchResult, Progress } from './types';
import { isWithin } from '../path-inside';

export interface WorkspaceCodeResult extends CodeSearchResult {
  /** Absolute path of the workspace folder the result comes from; codePath is relative to it. */
  root: string;
}

export interface WorkspaceRagStatus extends RagStatus {
  /** Number of folders indexed. */
  roots: number;
  /** The folder being indexed, when one is. */
  indexingRoot?: string;
}

export interface WorkspaceRagOptions {
  logger: LoggerPort;
  gemini?: GeminiFileSearch;
  generator?: TextGenerator;
  hybridWeights?: HybridWeights;
}

/**
 * Ignore patterns (gitignore syntax, relative to `root`) for the other roots nested inside it, so a
 * folder that is both a workspace folder and a subfolder of another is indexed once, by itself.
 */
export function nestedRootExcludes(root: string, roots: readonly string[]): string[] {
  return roots
    .filter((other) => other !== root && isWithin(root, other) && path.relative(root, other))
    .map((other) => `/${path.relative(root, other).split(path.sep).join('/')}/`);
}

export class WorkspaceRag implements Disposable {
  private readonly statusEmitter = new EventEmitter<WorkspaceRagStatus>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  private readonly subscriptions: Disposable[];
  private indexingRoot: string | undefined;

  /** `services` in workspace folder order; the first one is the primary (experiences, Gemini). */
  constructor(
    readonly services: readonly RagService[],
    private readonly options: WorkspaceRagOptions,
  ) {
    if (!services.length) throw new InvalidArgumentError('A workspace index needs at least one folder.');
    this.subscriptions = services.map((s) =>
      s.onDidChangeStatus(() => this.statusEmitter.fire(this.status, (error) => options.logger.error('A RAG status listener failed', error))),
    );
  }

  private get primary(): RagService {
    return this.services[0]!;
  }

  /** The first folder (what single-folder callers know as the workspace root). */
  get root(): string {
    return this.primary.root;
  }

  get roots(): string[] {
    return this.services.map((s) => s.root);
  }

  get embedder(): Embedder | undefined {
    return this.primary.embedder;
  }

  get notices(): string[] {
    return this.services.flatMap((s) => s.notices.map((n) => (this.services.length > 1 ? `${path.basename(s.root)}: ${n}` : n)));
  }

  /** A full pass is writing some folder's index now, or one left it unfinished (pass-marks.ts): results may miss files. */
  async unfinishedPass(): Promise<boolean> {
    return (await Promise.all(this.services.map((s) => s.unfinishedPass()))).some(Boolean);
  }

  /** The service whose folder holds `file` (absolute); the innermost folder when folders are nested. */
  serviceFor(file: string): RagService | undefined {
    const abs = path.resolve(file);
    return this.services.filter((s) => isWithin(s.root, abs)).sort((a, b) => b.root.length - a.root.length)[0];
  }

  /** Totals over the folders; the state is the busiest one (indexing, then error, then loading). */
  get status(): WorkspaceRagStatus {
    const all = this.services.map((s) => s.status);
    const first = all[0]!;
    const state = (['indexing', 'error', 'loading'] as const).find((st) => all.some((s) => s.state === st)) ?? 'idle';
    const indexing = all.find((s) => s.state === 'indexing');
    const lastError = all.find((s) => s.lastError)?.lastError;
    return {
      state,
      files: all.reduce((n, s) => n + s.files, 0),
      chunks: all.reduce((n, s) => n + s.chunks, 0),
      experiences: all.reduce((n, s) => n + s.experiences, 0),
      lexicalOnly: first.lexicalOnly,
      ...(first.embedderId ? { embedderId: first.embedderId } : {}),
      vectorStore: first.vectorStore,
      ...(indexing?.progress ? { progress: indexing.progress } : {}),
      ...(first.lastRun ? { lastRun: first.lastRun } : {}),
      ...(lastError ? { lastError } : {}),
      roots: this.services.length,
      ...(this.indexingRoot ? { indexingRoot: this.indexingRoot } : {}),
    };
  }

  /** Indexes every folder in turn (or only `dir` when given); one report summed over the folders. */
  async indexCodebase(dir?: string, onProgress?: (p: Progress, root: string) => void, cancellation?: CancellationSignal): Promise<IndexRunReport> {
    const targets = dir === undefined ? this.services : this.services.filter((s) => s.root === path.resolve(dir));
    if (!targets.length) throw new InvalidArgumentError(`${path.resolve(dir!)} is not a folder of this workspace (${this.roots.join(', ')}).`);
    const total: IndexRunReport = { filesScanned: 0, filesIndexed: 0, filesUnchanged: 0, filesRemoved: 0, chunksIndexed: 0, skipped: {}, durationMs: 0 };
    try {
      for (const service of targets) {
        if (cancellation?.isCancellationRequested) break;
        this.indexingRoot = service.root;
        const report = await service.indexCodebase(undefined, (p) => onProgress?.(p, service.root), cancellation);
        total.filesScanned += report.filesScanned;
        total.filesIndexed += report.filesIndexed;
        total.filesUnchanged += report.filesUnchanged;
        total.filesRemoved += report.filesRemoved;
        total.chunksIndexed += report.chunksIndexed;
        total.durationMs += report.durationMs;
        for (const [reason, n] of Object.entries(report.skipped))
          total.skipped[reason as keyof IndexRunReport['skipped']] = (total.skipped[reason as keyof IndexRunReport['skipped']] ?? 0) + (n ?? 0);
      }
    } finally {
      this.indexingRoot = undefined;
      this.statusEmitter.fire(this.status);
    }
    return total;
  }

  /** Indexes a text under an absolute path (in the folder that holds it) or a path relative to the first folder. */
  async indexCode(codePath: string, content: string, metadata: ChunkMetadata = {}): Promise<number> {
    const service = path.isAbsolute(codePath) ? this.serviceFor(codePath) : this.primary;
    if (!service) throw new InvalidArgumentError(`${codePath} is outside every indexed folder (${this.roots.join(', ')}).`);
    return service.indexCode(codePath, content, metadata);
  }

  /** Every folder searched; results merged by fused score (ties: folder order, then rank in the folder). */
  async searchCode(query: string, limit = 10): Promise<WorkspaceCodeResult[]> {
    const several = this.services.length > 1;
    const perRoot = await Promise.all(
      this.services.map(async (service, folder) =>
        (await service.searchCode(query, limit)).map((r, rank) => ({
          result: { ...r, root: service.root, ...(several ? { metadata: { ...r.metadata, workspaceFolder: path.basename(service.root) } } : {}) },
          folder,
          rank,
        })),
      ),
    );
    return perRoot
      .flat()
      .sort((a, b) => b.result.similarityScore - a.result.similarityScore || a.folder - b.folder || a.rank - b.rank)
      .slice(0, limit)
      .map((x) => x.result);
  }

  /** Local search over every folder fused with Gemini File Search (first folder) when configured. */
  async searchHybrid(query: string, limit = 10): Promise<HybridResult & { results: Array<HybridResult['results'][number] & { root?: string }> }> {
    const local = await this.searchCode(query, Math.max(limit * 2, 10));
    return hybridSearch(query, limit, local, this.options.gemini, this.options.logger, this.options.hybridWeights ?? DEFAULT_HYBRID_WEIGHTS);
  }

  /** Uploads the first folder's changed documents to Gemini File Search. */
  syncGemini(onProgress?: (done: number, total: number) => void, cancellation?: CancellationSignal): Promise<{ uploaded: number; deleted: number }> {
    return this.primary.syncGemini(onProgress, cancellation);
  }

  indexExperience(record: ExperienceRecord): Promise<string> {
    return this.primary.indexExperience(record);
  }

  async searchSimilarExperiences(query: string, limit = 5): Promise<ExperienceMatch[]> {
    const found = await Promise.all(this.services.map((s) => s.searchSimilarExperiences(query, limit)));
    const seen = new Set<string>();
    return found
      .flatMap((matches, folder) => matches.map((m, rank) => ({ m, folder, rank })))
      .sort((a, b) => b.m.similarityScore - a.m.similarityScore || a.folder - b.folder || a.rank - b.rank)
      .filter(({ m }) => !seen.has(m.record.id) && (seen.add(m.record.id), true))
      .slice(0, limit)
      .map(({ m }) => m);
  }

  augmentQuery(query: string, contextType: AugmentContextType = 'auto', limit = 5): Promise<AugmentedQuery> {
    return augmentQueryFrom(this, query, contextType, limit);
  }

  retrieveForTask(task: string, expertType = '', limit = 5): Promise<TaskContext> {
    return taskContextFrom(this, task, expertType, limit, this.options.generator, this.options.logger);
  }

  /** A file changed on disk (absolute path): the folder holding it re-indexes it after its debounce. */
  notifyFileChanged(file: string): void {
    this.serviceFor(file)?.notifyFileChanged(file);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const s of this.services) s.dispose();
    this.statusEmitter.dispose();
  }
}
