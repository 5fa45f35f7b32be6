// Owns the RagService of the first workspace folder: builds it off the activation path, rebuilds it
// when settings or the model change, and feeds it file-watcher events.
import * as path from 'path';
import * as vscode from 'vscode';
import { NodeFileSystem } from '../../adapters/node-file-system';
import { EventEmitter } from '../../orchestrator/events';
import { systemClock, type LoggerPort } from '../../orchestrator/ports';
import { loadLocalEmbedder } from '../../orchestrator/rag/embedder';
import { GeminiFileSearch } from '../../orchestrator/rag/gemini-file-search';
import { RagService } from '../../orchestrator/rag/rag-service';
import { workspaceIndexDir } from '../../orchestrator/rag/rag-paths';
import { readRagSettings, type RagSettings } from './rag-settings';

export interface RagHostOptions {
  context: vscode.ExtensionContext;
  logger: LoggerPort;
  geminiKey: () => Promise<string | undefined>;
}

export class RagHost implements vscode.Disposable {
  private service: RagService | undefined;
  private building: Promise<RagService | undefined> | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly changed = new EventEmitter<RagService | undefined>();
  readonly onDidChangeService = this.changed.event;
  /** Why search is lexical only, or why there is no index; shown by the status bar and commands. */
  reason: string | undefined;

  constructor(private readonly options: RagHostOptions) {}

  get current(): RagService | undefined {
    return this.service;
  }

  /** The service once built (undefined when RAG is disabled or no folder is open). */
  ready(): Promise<RagService | undefined> {
    return this.building ?? this.rebuild();
  }

  rootFolder(): string | undefined {
    return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
  }

  storageDir(root: string): string {
    const base = this.options.context.storageUri?.fsPath;
    return base ? path.join(base, 'rag') : workspaceIndexDir(this.options.context.globalStorageUri.fsPath, root);
  }

  rebuild(): Promise<RagService | undefined> {
    const previous = this.building ?? Promise.resolve(undefined);
    this.building = previous.catch(() => undefined).then(() => this.build());
    return this.building;
  }

  private async build(): Promise<RagService | undefined> {
    this.teardown();
    const settings = readRagSettings();
    const root = this.rootFolder();
    const { logger } = this.options;
    if (!settings.enabled || !root) {
      this.reason = !settings.enabled ? 'Workspace search is disabled (bigThree.rag.enabled).' : 'Open a folder to index it.';
      this.changed.fire(undefined);
      return undefined;
    }
    const embedder = await loadLocalEmbedder(settings.modelDir, logger);
    this.reason = embedder ? undefined : `No embedding model in ${settings.modelDir}: search is lexical (BM25) only. Run "Big Three: Download Embedding Model" for semantic search.`;
    const gemini = settings.gemini.enabled ? await this.gemini(settings, root) : undefined;
    try {
      this.service = await RagService.create({
        fs: new NodeFileSystem(),
        clock: systemClock,
        logger,
        root,
        storageDir: this.storageDir(root),
        ...(embedder ? { embedder } : {}),
        vectorStore: settings.vectorStore === 'chroma' ? { kind: 'chroma', settings: settings.chroma } : { kind: 'exact' },
        ...(gemini ? { gemini, generator: gemini } : {}),
        weights: settings.weights,
        hybridWeights: { local: settings.gemini.localWeight, google: settings.gemini.googleWeight },
        maxFileBytes: settings.maxFileBytes,
        debounceMs: settings.debounceMs,
        extraExcludes: settings.excludes,
      });
    } catch (error) {
      this.reason = (error as Error).message;
      logger.error(`Workspace search is unavailable: ${this.reason}`);
      void vscode.window.showErrorMessage(`Big Three: workspace search is unavailable. ${this.reason}`);
      this.changed.fire(undefined);
      return undefined;
    }
    for (const notice of this.service.notices) void vscode.window.showWarningMessage(`Big Three: ${notice}`);
    this.watch(root);
    this.changed.fire(this.service);
    return this.service;
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
      fs: new NodeFileSystem(),
      clock: systemClock,
      logger: this.options.logger,
      stateFile: path.join(this.storageDir(root), 'gemini-file-search.json'),
      ...(settings.gemini.baseUrl ? { baseUrl: settings.gemini.baseUrl } : {}),
    });
  }

  private watch(root: string): void {
    const service = this.service!;
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '**/*'));
    const notify = (uri: vscode.Uri) => service.notifyFileChanged(uri.fsPath);
    this.watcher.onDidCreate(notify);
    this.watcher.onDidChange(notify);
    this.watcher.onDidDelete(notify);
  }

  private teardown(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    this.service?.dispose();
    this.service = undefined;
  }

  dispose(): void {
    this.teardown();
    this.changed.dispose();
  }
}
