// `big-three index DIR` and `big-three search "QUERY"`: the workspace index from the command line.
import * as path from 'path';
import { escapeTerminal } from '../../orchestrator/security/terminal-text';
import { folderProblem } from '../../adapters/folder-check';
import { nodeRealPath } from '../../adapters/node-real-path';
import { realFolder } from '../../orchestrator/app/data-dirs';
import { systemClock, type FileSystemPort, type LoggerPort } from '../../orchestrator/ports';
import type { Embedder } from '../../orchestrator/rag/embedder';
import { MISSING_DAYS, noteAndPrune } from '../../orchestrator/rag/index-registry';
import { RagService } from '../../orchestrator/rag/rag-service';
import { workspaceIndexDir } from '../../orchestrator/rag/rag-paths';
import { describeSignals, markedLines } from '../../orchestrator/rag/search-preview';
import type { Progress } from '../../orchestrator/rag/types';
import type { CliIo } from '../cli-host';
import { UsageError } from '../usage-error';

export interface RagCliOptions {
  /** The host's file system (nodePorts().fs): the index is read and written through it. */
  fs: FileSystemPort;
  dataDir: string;
  json: boolean;
  logger: LoggerPort;
  /** The run's embedding model, loaded once (cliEmbedder). */
  embedder: () => Promise<Embedder | undefined>;
  /** Draws a live progress bar (a terminal); otherwise progress is reported in quarters on stderr. */
  tty?: { write(text: string): void; columns?: number };
}

export async function openRagService(dir: string, options: Pick<RagCliOptions, 'fs' | 'dataDir' | 'logger' | 'embedder'>): Promise<RagService> {
  const { fs } = options;
  // One index per folder, keyed by its real path: a folder reached through a symbolic link, or through
  // the link's target, opens the same index (as in VS Code).
  const problem = await folderProblem(dir);
  if (problem) throw new UsageError(`${dir} ${problem}`);
  const root = await realFolder(dir, nodeRealPath);
  // A missing model is reported once, by the loader's warning, with the CLI's ways to get one.
  const embedder = await options.embedder();
  return RagService.create({
    fs,
    clock: systemClock,
    logger: options.logger,
    root,
    storageDir: workspaceIndexDir(options.dataDir, root),
    privateDirs: [await realFolder(options.dataDir, nodeRealPath)],
    ...(embedder ? { embedder } : {}),
  });
}

function progressBar(p: Progress, width: number): string {
  if (p.phase !== 'indexing' || !p.filesTotal) return `${p.phase}…`;
  const share = p.filesDone / p.filesTotal;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.filesDone}/${p.filesTotal} files, ${p.chunksDone} chunks`;
}

export async function indexCommand(io: CliIo, dir: string | undefined, options: RagCliOptions): Promise<number> {
  if (!dir) throw new UsageError('expected a folder, e.g. big-three index .');
  const rag = await openRagService(dir, options);
  try {
    for (const notice of rag.notices) io.err(`big-three: ${notice}`);
    let lastQuarter = -1;
    const report = await rag.indexCodebase(undefined, (p) => {
      if (options.tty) {
        const line = progressBar(p, Math.max(10, Math.min(40, (options.tty.columns ?? 80) - 40)));
        options.tty.write(`\r${line.padEnd(78)}`);
      } else if (p.phase === 'indexing' && p.filesTotal) {
        const quarter = Math.floor((p.filesDone / p.filesTotal) * 4);
        if (quarter > lastQuarter) {
          lastQuarter = quarter;
          io.err(`indexing: ${p.filesDone}/${p.filesTotal} files`);
        }
      }
    });
    if (options.tty) options.tty.write('\r'.padEnd(80) + '\r');
    // The index notes its folder's real path (rag.root); then the code indexes of folders gone for a month
    // are removed, and said so on stderr.
    const pruned = await noteAndPrune(options.fs, options.dataDir, [rag.root], options.logger, systemClock.now());
    for (const { root } of pruned) io.err(`big-three: removed the code index of ${root}, a folder missing for ${MISSING_DAYS} days or more`);
    if (options.json) {
      io.out(JSON.stringify({ root: rag.root, ...report, files: rag.status.files, chunks: rag.status.chunks, lexicalOnly: rag.status.lexicalOnly }));
    } else {
      const skipped = Object.entries(report.skipped)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ');
      io.out(
        `Indexed ${rag.root}: ${report.filesIndexed} changed, ${report.filesUnchanged} unchanged, ${report.filesRemoved} removed; ${rag.status.files} files, ${rag.status.chunks} chunks in the index (${report.durationMs} ms)${skipped ? `; skipped ${skipped}` : ''}.`,
      );
    }
    return 0;
  } finally {
    rag.dispose();
  }
}

/**
 * An index without a file: never indexed with this data folder, or indexed with nothing to index (an
 * empty folder was 'not indexed yet' right after "big-three index" had indexed it: robustness probe).
 */
export function nothingIndexed(root: string, workspace: string): string {
  return `big-three: ${root} is not indexed yet, or its last index found no file to index (an empty folder, or only binary, too large, ignored or unreadable files); run "big-three index ${workspace}" and read its summary.`;
}

/**
 * The nearest folder above `root` with an index in this data folder (a search started in a subfolder of
 * an indexed workspace; review of stop 39), or undefined.
 */
export async function enclosingIndexed(fs: FileSystemPort, dataDir: string, root: string): Promise<string | undefined> {
  for (let folder = path.dirname(root); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    if ((await fs.stat(path.join(workspaceIndexDir(dataDir, folder), 'code')))?.isDirectory) return folder;
  }
  return undefined;
}

export async function searchCommand(io: CliIo, query: string | undefined, workspace: string, limit: number, options: RagCliOptions): Promise<number> {
  if (!query?.trim()) throw new UsageError('expected a query in quotes, e.g. big-three search "where are invoices rounded"');
  const rag = await openRagService(workspace, options);
  try {
    if (!rag.status.files) {
      const above = await enclosingIndexed(options.fs, options.dataDir, rag.root);
      io.err(above ? `big-three: ${rag.root} is not indexed, but ${above} is: search there with --workspace ${above}.` : nothingIndexed(rag.root, workspace));
      return 3;
    }
    const incomplete = await rag.unfinishedPass();
    if (incomplete)
      io.err(
        `big-three: the last indexing pass of ${rag.root} did not finish (interrupted, cancelled, or still running elsewhere): these results come from the files indexed so far. Run "big-three index ${workspace}" to finish it.`,
      );
    const results = await rag.searchCode(query, limit);
    if (options.json) {
      io.out(JSON.stringify({ query, lexicalOnly: rag.status.lexicalOnly, ...(incomplete ? { incomplete } : {}), results }));
      return results.length ? 0 : 3;
    }
    if (!results.length) {
      io.err('No indexed code matches this query.');
      return 3;
    }
    const bold = options.tty ? (['\u001b[1m', '\u001b[22m'] as const) : (['«', '»'] as const);
    for (const r of results) {
      // A file name or symbol is one line: a newline in a name had printed a forged result line (fourteenth red team).
      const where = `${escapeTerminal(r.codePath)}:${r.metadata.startLine}-${r.metadata.endLine}`;
      io.out(
        `${where}  ${r.similarityScore.toFixed(3)}${r.metadata.symbol ? `  ${escapeTerminal(String(r.metadata.symbol))}` : ''}${r.signals ? `  (${describeSignals(r.signals)})` : ''}`,
      );
      if (r.preview) {
        markedLines(r.preview, bold[0], bold[1]).forEach((text, i) => {
          const n = r.preview!.startLine + i;
          io.out(`  ${String(n).padStart(5)}${n === r.preview!.bestLine ? '>' : ' '} ${text.slice(0, 140)}`);
        });
      } else {
        const firstLine = r.content.split('\n').find((l) => l.trim()) ?? '';
        io.out(`    ${firstLine.trim().slice(0, 110)}`);
      }
    }
    return 0;
  } finally {
    rag.dispose();
  }
}
