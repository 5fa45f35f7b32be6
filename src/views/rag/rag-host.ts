// Owns the workspace index: one RagService per file:// workspace folder (each with its own storage
// folder), combined in a WorkspaceRag. Builds it off the activation path, rebuilds it when settings,
// the model or the workspace folders change, and feeds each folder's file-watcher events to it.
import * as path from 'path';
import * as vscode from 'vscode';
import { realFolder } from '../../orchestrator/app/data-dirs';
import { EventEmitter } from '../../orchestrator/events';
import { systemClock, type FileSystemPort, type LoggerPort } from '../../orchestrator/ports';
import type { RealPathPort } from '../../orchestrator/security/path-guard';
import { DEFAULT_MODEL_ID, loadLocalEmbedder, type Embedder } from '../../orchestrator/rag/embedder';
import { GeminiFileSearch } from '../../orchestrator/rag/gemini-file-search';
import { IndexPacing } from '../../orchestrator/rag/index-pacing';
import { defaultIndexWorkerScript } from '../../orchestrator/rag/index-worker-client';
import { RagService } from '../../orchestrator/rag/rag-service';
import { noteAndPrune } from '../../orchestrator/rag/index-registry';
import { migrateLegacyIndex, workspaceIndexDir } from '../../orchestrator/rag/rag-paths';
import { nestedRootExcludes, WorkspaceRag } from '../../orchestrator/rag/workspace-rag';
import { readRagSettings, type RagSettings } from './rag-settings';
import { staysInside } from '../../orchestrator/path-inside';

export interface RagHostOptions {
  fs: FileSystemPort;
  realPath: RealPathPort;
  /** The shared data folder: indexes live in <dataDir>/rag/<folder>-<hash of its real path>. */
  dataDir: string;
  /** Where an older version kept the indexes (VS Code's workspace storage), moved once. */
  legacyStorage?: string;
  logger: LoggerPort;
  geminiKey: () => Promise<string | undefined>;
}

export class RagHost implements vscode.Disposable {
  private service: WorkspaceRag | undefined;
  private building: Promise<WorkspaceRag | undefined> | undefined;
  private watchers: vscode.FileSystemWatcher[] = [];
  private readonly changed = new EventEmitter<WorkspaceRag | undefined>();
  private readonly realRoots = new Map<string, string>();
  readonly onDidChangeService = this.changed.event;
  /** Why search is lexical only, or why there is no index; shown by the status bar and commands. */
  reason: string | undefined;
  /** True while the saved index is being opened (the status bar says so). */
  loading = false;
  private readonly loadingChanged = new EventEmitter<boolean>();
  readonly onDidChangeLoading = this.loadingChanged.event;
  /** When indexing gives way to a command of the person at the editor (shared by every folder's index). */
  readonly pacing = new IndexPacing();

  constructor(private readonly options: RagHostOptions) {}

  /** The host's file system port (the model download writes through it too). */
  get fs(): FileSystemPort {
    return this.options.fs;
  }

  get current(): WorkspaceRag | undefined {
    return this.service;
  }

  /** The index once built (undefined when RAG is disabled or no folder is open). */
  ready(): Promise<WorkspaceRag | undefined> {
    return this.building ?? this.rebuild();
  }

  /** The file:// workspace folders, in workspace order (the first one is the primary). */
  rootFolders(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }

  rootFolder(): string | undefined {
    return this.rootFolders()[0];
  }

  /** One storage folder per workspace folder in the shared data folder, keyed by its real path (as the CLI's). */
  storageDir(root: string): string {
    return workspaceIndexDir(this.options.dataDir, this.realRoots.get(root) ?? root);
  }

  rebuild(): Promise<WorkspaceRag | undefined> {
    const previous = this.building ?? Promise.resolve(undefined);
    this.building = previous
      .catch(() => undefined)
      .then(async () => {
        this.setLoading(true);
        try {
          return await this.build();
        } finally {
          this.setLoading(false);
        }
      });
    return this.building;
  }

  private setLoading(loading: boolean): void {
    this.loading = loading;
    this.loadingChanged.fire(loading);
  }

  private async build(): Promise<WorkspaceRag | undefined> {
    this.teardown();
    const settings = readRagSettings();
    const roots = this.rootFolders();
    const { logger } = this.options;
    if (!settings.enabled || !roots.length) {
      this.reason = !settings.enabled ? 'Workspace search is disabled (bigThree.rag.enabled).' : 'Open a folder to index it.';
      this.changed.fire(undefined);
      return undefined;
    }
    const embedder = await loadLocalEmbedder(settings.modelDir, logger, {
      howToInstall: `Run "Big Three: Download Embedding Model", or point bigThree.rag.modelPath to a folder holding ${DEFAULT_MODEL_ID}.`,
    });
    this.reason = embedder
      ? undefined
      : `No embedding model in ${settings.modelDir}: search is lexical (BM25) only. Run "Big Three: Download Embedding Model" for semantic search.`;
    const gemini = settings.gemini.enabled ? await this.gemini(settings, roots[0]!) : undefined;
    const services: RagService[] = [];
    try {
      for (const root of roots) this.realRoots.set(root, await realFolder(root, this.options.realPath));
      const realDataDir = await realFolder(this.options.dataDir, this.options.realPath);
      const storage = this.options.legacyStorage;
      if (storage && (await migrateLegacyIndex(this.options.fs, path.join(storage, 'rag'), this.storageDir(roots[0]!))))
        logger.info(`Moved the index of ${roots[0]} to ${this.storageDir(roots[0]!)} (one index per workspace folder).`);
      for (const root of storage ? roots : []) {
        if (await migrateLegacyIndex(this.options.fs, workspaceIndexDir(storage!, root), this.storageDir(root)))
          logger.info(`Moved the index of ${root} to the shared data folder ${this.storageDir(root)}.`);
      }
      for (const [i, root] of roots.entries())
        services.push(await this.open(root, settings, embedder, roots, i === 0 ? gemini : undefined, this.dataDirUnder(root, realDataDir)));
    } catch (error) {
      for (const s of services) s.dispose();
      this.reason = (error as Error).message;
      logger.error(`Workspace search is unavailable: ${this.reason}`);
      void vscode.window.showErrorMessage(`Big Three: workspace search is unavailable. ${this.reason}`);
      this.changed.fire(undefined);
      return undefined;
    }
    this.service = new WorkspaceRag(services, {
      logger,
      ...(gemini ? { gemini, generator: gemini } : {}),
      hybridWeights: { local: settings.gemini.localWeight, google: settings.gemini.googleWeight },
    });
    if (roots.length > 1) logger.info(`Workspace search covers ${roots.length} folders: ${roots.join(', ')}.`);
    for (const notice of this.service.notices) void vscode.window.showWarningMessage(`Big Three: ${notice}`);
    this.watch(this.service);
    this.changed.fire(this.service);
    // Each index notes its folder's real path; then the code indexes of folders gone for a month are removed.
    void noteAndPrune(
      this.options.fs,
      this.options.dataDir,
      roots.map((root) => this.realRoots.get(root) ?? root),
      logger,
      systemClock.now(),
    );
    return this.service;
  }

  private open(
    root: string,
    settings: RagSettings,
    embedder: Embedder | undefined,
    roots: readonly string[],
    gemini: GeminiFileSearch | undefined,
    privateDirs: string[],
  ): Promise<RagService> {
    return RagService.create({
      fs: this.options.fs,
      clock: systemClock,
      logger: this.options.logger,
      root,
      storageDir: this.storageDir(root),
      ...(embedder ? { embedder } : {}),
      vectorStore: settings.vectorStore === 'chroma' ? { kind: 'chroma', settings: settings.chroma } : { kind: 'exact' },
      ...(gemini ? { gemini, generator: gemini } : {}),
      weights: settings.weights,
      hybridWeights: { local: settings.gemini.localWeight, google: settings.gemini.googleWeight },
      maxFileBytes: settings.maxFileBytes,
      debounceMs: settings.debounceMs,
      // A workspace folder nested in another one is indexed by itself only.
      extraExcludes: [...settings.excludes, ...nestedRootExcludes(root, roots)],
      privateDirs,
      workerThreshold: settings.workerThreshold,
      annThreshold: settings.annThreshold,
      // Indexing runs in a child process: the extension host only receives progress and the result.
      indexWorker: { script: defaultIndexWorkerScript(), modelDir: settings.modelDir },
      pacing: this.pacing,
    });
  }

  /** The data folder as a path under `root` when it lies inside that folder's real path (then never indexed). */
  private dataDirUnder(root: string, realDataDir: string): string[] {
    const inside = path.relative(this.realRoots.get(root) ?? root, realDataDir);
    return staysInside(inside) ? [path.join(root, inside)] : [];
  }

  private async gemini(settings: RagSettings, root: string): Promise<GeminiFileSearch | undefined> {
    const apiKey = await this.options.geminiKey();
    if (!apiKey) {
      this.options.logger.warn('Gemini File Search is enabled but no Gemini API key is stored (Big Three: Set API Key); search stays local.');
      return undefined;
    }
    return new GeminiFileSearch({
      apiKey,
      model: settings.gemini.model,
      storeDisplayName: settings.gemini.storeName,
      fs: this.options.fs,
      clock: systemClock,
      logger: this.options.logger,
      stateFile: path.join(this.storageDir(root), 'gemini-file-search.json'),
      ...(settings.gemini.baseUrl ? { baseUrl: settings.gemini.baseUrl } : {}),
    });
  }

  /** One watcher per folder; an event goes to the folder that holds the file (the innermost one). */
  private watch(rag: WorkspaceRag): void {
    for (const root of rag.roots) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '**/*'));
      const notify = (uri: vscode.Uri) => rag.notifyFileChanged(uri.fsPath);
      watcher.onDidCreate(notify);
      watcher.onDidChange(notify);
      watcher.onDidDelete(notify);
      this.watchers.push(watcher);
    }
  }

  private teardown(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    this.service?.dispose();
    this.service = undefined;
  }

  dispose(): void {
    this.teardown();
    this.changed.dispose();
    this.loadingChanged.dispose();
    this.pacing.dispose();
  }
}
