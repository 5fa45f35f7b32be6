// Palette commands of workspace search: Index Workspace, Search Code, Ask With Context, Download Embedding Model.
import * as path from 'path';
import * as vscode from 'vscode';
import { BigThreeError } from '../../orchestrator/errors';
import { IndexCancelledError } from '../../orchestrator/rag/errors';
import type { IndexRunReport } from '../../orchestrator/rag/code-indexer';
import { downloadEmbeddingModel } from '../../orchestrator/rag/model-download';
import { describeSignals, markedBestLine } from '../../orchestrator/rag/search-preview';
import type { CodeSearchResult } from '../../orchestrator/rag/types';
import type { TaskContext } from '../../orchestrator/rag/task-context';
import { formatCode, formatExperiences } from '../../orchestrator/rag/task-context';
import type { RagHost } from './rag-host';
import { readRagSettings } from './rag-settings';
import { COMMANDS } from '../command-ids';

async function requireService(host: RagHost) {
  const rag = await host.ready();
  if (!rag) throw new BigThreeError(host.reason ?? 'Workspace search is not available.', 'rag-unavailable');
  return rag;
}

function report(log: vscode.LogOutputChannel, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  log.error(message);
  void vscode.window.showErrorMessage(`Big Three: ${message}`);
}

/** Checks a privileged request with the security gate (audited either way); throws when refused. */
export type RagAuthorizer = (operation: 'code.index' | 'code.search', detail: string) => Promise<void>;

export function registerRagCommands(host: RagHost, log: vscode.LogOutputChannel, authorize: RagAuthorizer): vscode.Disposable[] {
  /** Runs a command only after the gate allowed it; a refusal is shown like any other error. */
  const gated =
    <A extends unknown[], R>(operation: 'code.index' | 'code.search', detail: string, command: (...args: A) => Promise<R | undefined>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        await authorize(operation, detail);
      } catch (error) {
        report(log, error);
        return undefined;
      }
      return command(...args);
    };

  const indexWorkspace = async (): Promise<IndexRunReport | undefined> => {
    try {
      const rag = await requireService(host);
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Big Three: indexing the workspace', cancellable: true },
        async (progress, token) => {
          let last = 0;
          const roots = rag.roots;
          const result = await rag.indexCodebase(
            undefined,
            (p, root) => {
              // With several folders each one gets an equal share of the bar, and the message names it.
              const where = roots.length > 1 ? `${path.basename(root)}: ` : '';
              if (p.phase !== 'indexing' || !p.filesTotal) return progress.report({ message: `${where}${p.phase}…` });
              const pct = Math.floor(((Math.max(0, roots.indexOf(root)) + p.filesDone / p.filesTotal) / roots.length) * 100);
              progress.report({ message: `${where}${p.filesDone}/${p.filesTotal} files, ${p.chunksDone} chunks`, increment: Math.max(0, pct - last) });
              last = Math.max(last, pct);
            },
            token,
          );
          if (readRagSettings().gemini.enabled) {
            try {
              progress.report({ message: 'uploading changed documents to Gemini File Search…' });
              const synced = await rag.syncGemini(undefined, token);
              log.info(`Gemini File Search: ${synced.uploaded} uploaded, ${synced.deleted} deleted.`);
            } catch (error) {
              log.warn(`Gemini File Search upload skipped: ${(error as Error).message}`);
            }
          }
          // The final summary: what is searchable now, and what would make search better.
          const where = rag.roots.length > 1 ? ` in ${rag.roots.length} folders` : '';
          const changed = result.filesIndexed
            ? `${result.filesIndexed} changed file${result.filesIndexed === 1 ? '' : 's'} indexed now`
            : 'nothing had changed';
          const mode = rag.status.lexicalOnly ? ' Keyword search only: download the embedding model to also search by meaning.' : '';
          const actions = rag.status.lexicalOnly ? ['Search Code', 'Download Model'] : ['Search Code'];
          void vscode.window
            .showInformationMessage(`Big Three: ${rag.status.files} files searchable${where} (${changed}).${mode}`, ...actions)
            .then((action) => {
              if (action === 'Search Code') void vscode.commands.executeCommand(COMMANDS.searchCode);
              if (action === 'Download Model') void vscode.commands.executeCommand(COMMANDS.downloadEmbeddingModel);
            });
          return result;
        },
      );
    } catch (error) {
      if (error instanceof IndexCancelledError) {
        void vscode.window.showInformationMessage(`Big Three: ${error.message}`);
        return undefined;
      }
      report(log, error);
      return undefined;
    }
  };

  const searchCode = async (query?: string): Promise<(CodeSearchResult & { root?: string }) | undefined> => {
    try {
      const rag = await requireService(host);
      const text =
        typeof query === 'string'
          ? query
          : await vscode.window.showInputBox({ title: 'Big Three: Search Code', prompt: 'Describe what you are looking for', ignoreFocusOut: true });
      if (!text?.trim()) return undefined;
      // The work and the list that shows it are waited for: indexing holds back meanwhile (index-pacing.ts).
      return await host.pacing.whileUserWaits(async () => {
        const hybrid = readRagSettings().gemini.enabled;
        const found = hybrid ? await rag.searchHybrid(text, 20) : { results: await rag.searchCode(text, 20), notice: undefined };
        if (found.notice && hybrid) log.warn(found.notice);
        if (!found.results.length) {
          void vscode.window.showInformationMessage(
            rag.status.files
              ? `Big Three: nothing in the index matches "${text}".`
              : 'Big Three: the workspace is not indexed yet; run "Big Three: Index Workspace".',
          );
          return undefined;
        }
        const items = found.results.map((r) => ({
          label: `$(file-code) ${typeof r.metadata.workspaceFolder === 'string' ? `${r.metadata.workspaceFolder} › ` : ''}${r.codePath}${r.metadata.startLine ? `:${r.metadata.startLine}-${r.metadata.endLine}` : ''}`,
          description: `${r.similarityScore.toFixed(3)}${r.metadata.symbol ? ` · ${r.metadata.symbol}` : ''}${r.signals ? ` · ${describeSignals(r.signals)}` : ''}`,
          detail: r.preview
            ? `${r.preview.bestLine}: ${markedBestLine(r.preview)}`.slice(0, 160)
            : (r.content.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 120),
          result: r,
        }));
        // As the CLI's search and MCP search_code say it: an index a pass is writing, or one left unfinished, may miss files.
        const incomplete = (await rag.unfinishedPass()) ? ' (index incomplete: a pass is running or was interrupted; some files may be missing)' : '';
        const picked = await vscode.window.showQuickPick(items, {
          title: `Big Three: ${items.length} results for "${text}"${rag.status.lexicalOnly ? ' (lexical)' : ''}${incomplete}`,
          matchOnDescription: true,
          matchOnDetail: true,
        });
        if (!picked) return undefined;
        const r: CodeSearchResult & { root?: string } = picked.result;
        if (r.metadata.source !== 'gemini-file-search') {
          // Each result names the workspace folder it comes from; codePath is relative to it.
          const uri = vscode.Uri.file(path.join(r.root ?? rag.root, r.codePath));
          // The best matching line when the result has a preview, else the whole chunk.
          const start = Math.max(0, (r.preview?.bestLine ?? Number(r.metadata.startLine ?? 1)) - 1);
          const end = r.preview ? start : Math.max(start, Number(r.metadata.endLine ?? start + 1) - 1);
          const editor = await vscode.window.showTextDocument(uri, { preview: true });
          const range = new vscode.Range(start, 0, end, editor.document.lineAt(Math.min(end, editor.document.lineCount - 1)).text.length);
          editor.selection = new vscode.Selection(range.start, range.end);
          editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        }
        return r;
      });
    } catch (error) {
      report(log, error);
      return undefined;
    }
  };

  const askWithContext = async (task?: string, expertType?: string): Promise<TaskContext | undefined> => {
    try {
      const rag = await requireService(host);
      const text =
        typeof task === 'string'
          ? task
          : await vscode.window.showInputBox({
              title: 'Big Three: Ask With Context',
              prompt: 'What do you want to do? Relevant code and past experiences are gathered for it.',
              ignoreFocusOut: true,
            });
      if (!text?.trim()) return undefined;
      // Gathering is waited for: indexing holds back meanwhile (index-pacing.ts).
      const context = await host.pacing.whileUserWaits(() => rag.retrieveForTask(text, typeof expertType === 'string' ? expertType : ''));
      const content = [
        `# ${text}`,
        '',
        `## Recommended approach${context.approachSource === 'llm' ? '' : ' (summary of what was found; configure Gemini for a written plan)'}`,
        '',
        context.recommendedApproach,
        '',
        '## Relevant code',
        '',
        context.codeContext.length ? '```\n' + formatCode(context.codeContext) + '\n```' : '_Nothing in the index matches._',
        '',
        '## Past experiences',
        '',
        context.experienceContext.length ? formatExperiences(context.experienceContext) : '_None recorded yet._',
        '',
      ].join('\n');
      const doc = await vscode.workspace.openTextDocument({ content, language: 'markdown' });
      await vscode.window.showTextDocument(doc, { preview: true });
      return context;
    } catch (error) {
      report(log, error);
      return undefined;
    }
  };

  const downloadModel = async (): Promise<string[] | undefined> => {
    const settings = readRagSettings();
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Big Three: downloading the embedding model', cancellable: true },
        (progress, token) => {
          let lastPct = 0;
          return downloadEmbeddingModel({
            fs: host.fs,
            modelDir: settings.modelDir,
            cancellation: token,
            onProgress: (p) => {
              const pct = p.bytesTotal ? Math.floor((p.bytesReceived / p.bytesTotal) * 100) : 0;
              if (pct !== lastPct || !p.bytesTotal)
                progress.report({
                  message: `${p.file} (${p.fileIndex + 1}/${p.fileCount}) ${p.bytesTotal ? `${pct}%` : `${Math.round(p.bytesReceived / 1024)} KB`}`,
                });
              lastPct = pct;
            },
          });
        },
      );
      log.info(
        `Embedding model in ${settings.modelDir}: downloaded ${result.downloaded.join(', ') || 'nothing'} (${result.bytes} bytes), already present ${result.skipped.join(', ') || 'nothing'}.`,
      );
      const rag = await host.rebuild();
      if (rag && !rag.status.lexicalOnly) {
        void vscode.window.showInformationMessage('Big Three: embedding model ready; re-indexing the workspace for semantic search.');
        void indexWorkspace();
      }
      return result.downloaded;
    } catch (error) {
      report(log, error);
      return undefined;
    }
  };

  return [
    vscode.commands.registerCommand(COMMANDS.indexWorkspace, gated('code.index', 'Index the workspace folders', indexWorkspace)),
    vscode.commands.registerCommand(COMMANDS.searchCode, gated('code.search', 'Search Code', searchCode)),
    vscode.commands.registerCommand(COMMANDS.askWithContext, gated('code.search', 'Ask With Context', askWithContext)),
    vscode.commands.registerCommand(COMMANDS.downloadEmbeddingModel, downloadModel),
  ];
}
