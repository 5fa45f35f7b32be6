// `big-three model download`: the one-time download of the embedding model into the model folder (the
// core's downloader over the CLI host's file system), then a load of what arrived, so "ready" is only
// said of a model that actually loads. Bring your own model instead with --model DIR.
import * as path from 'path';
import { DEFAULT_MODEL_ID, type Embedder, loadLocalEmbedder, loadLocalEmbedderOrThrow } from '../../orchestrator/rag/embedder';
import { type DownloadProgress, downloadEmbeddingModel } from '../../orchestrator/rag/model-download';
import type { FileSystemPort, LoggerPort } from '../../orchestrator/ports';
import { defaultModelDir } from '../../orchestrator/rag/rag-paths';
import type { CliIo } from '../cli-host';
import { UsageError } from '../usage-error';

/** How a CLI user gets the model: said by every warning about a missing model, once per run. */
export const CLI_MODEL_HINT = `Run "big-three model download", or pass --model DIR with a folder holding your own copy of ${DEFAULT_MODEL_ID}.`;

/**
 * The model folder of a CLI run: `--model` (resolved), else a non-empty $BIG_THREE_MODEL_DIR, else the data
 * folder's; `named` when the user gave one (which must then load).
 */
export function cliModelFolder(option: string | undefined, dataDir: string): { dir: string; named: boolean } {
  const given = (option ? path.resolve(option) : undefined) ?? (process.env.BIG_THREE_MODEL_DIR || undefined);
  return { dir: given ?? defaultModelDir(dataDir), named: given !== undefined };
}

/**
 * The embedding model of a CLI run, loaded at most once. A model the user named (--model, $BIG_THREE_MODEL_DIR)
 * that does not load fails the command (exit 1, as the README's table says); without one, the default folder's
 * absence means lexical search, with a warning (review of stop 39: a mistyped --model was ignored, exit 0).
 */
export function cliEmbedder(modelDir: string, named: boolean, logger: LoggerPort): () => Promise<Embedder | undefined> {
  let model: Promise<Embedder | undefined> | undefined;
  return () =>
    (model ??= named
      ? loadLocalEmbedderOrThrow(modelDir, { howToInstall: CLI_MODEL_HINT })
      : loadLocalEmbedder(modelDir, logger, { howToInstall: CLI_MODEL_HINT }));
}

export const MODEL_HELP = `  big-three model download [--model DIR] [--hub URL] [--json]
                       (one-time download of ${DEFAULT_MODEL_ID}, ~23 MB, into the model folder; then index/search rank
                       semantically too. Bring your own model instead: --model DIR on index/search, or $BIG_THREE_MODEL_DIR)`;

export interface ModelCommandOptions {
  fs: FileSystemPort;
  /** Where the model goes: --model, else $BIG_THREE_MODEL_DIR, else <data dir>/models/all-MiniLM-L6-v2. */
  modelDir: string;
  /** The model hub (a mirror or a local server); default the Hugging Face Hub. */
  hubUrl?: string;
  json: boolean;
  /** Draws the progress on one terminal line; otherwise each file is reported on stderr when it completes. */
  tty?: { write(text: string): void };
  fetch?: typeof fetch;
}

export async function modelCommand(io: CliIo, rest: readonly string[], options: ModelCommandOptions): Promise<number> {
  if (rest[0] !== 'download' || rest.length !== 1) throw new UsageError('expected "model download" (see --help)');
  if (options.hubUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(options.hubUrl))
    throw new UsageError(`--hub must be an http(s) URL, not "${options.hubUrl}"`);
  let reported = '';
  const onProgress = (p: DownloadProgress) => {
    const size = p.bytesTotal ? `${mb(p.bytesReceived)} of ${mb(p.bytesTotal)}` : mb(p.bytesReceived);
    if (options.tty) options.tty.write(`\r${`downloading ${p.file} (${p.fileIndex + 1}/${p.fileCount}): ${size}`.padEnd(78)}`);
    else if (p.bytesTotal !== undefined && p.bytesReceived === p.bytesTotal && reported !== p.file) {
      reported = p.file;
      io.err(`downloaded ${p.file} (${p.fileIndex + 1}/${p.fileCount}, ${mb(p.bytesTotal)})`);
    }
  };
  const result = await downloadEmbeddingModel({
    fs: options.fs,
    modelDir: options.modelDir,
    ...(options.hubUrl ? { hubUrl: options.hubUrl } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    onProgress,
  });
  if (options.tty) options.tty.write(`\r${''.padEnd(78)}\r`);
  // Only a model that loads is "ready": a truncated or foreign file is reported, not hidden.
  const model = await loadLocalEmbedderOrThrow(options.modelDir, { fs: options.fs });
  if (options.json) {
    io.out(JSON.stringify({ modelDir: options.modelDir, ...result, model: { id: model.id, dimension: model.dimension } }));
    return 0;
  }
  const fetched = result.downloaded.length ? `downloaded ${result.downloaded.length} file(s), ${mb(result.bytes)}` : 'nothing to download';
  const kept = result.skipped.length ? `; already present: ${result.skipped.join(', ')}` : '';
  io.out(`Embedding model ready in ${options.modelDir} (${model.id}, ${model.dimension} dimensions): ${fetched}${kept}.`);
  io.out('Run "big-three index DIR" again: index and search now rank by meaning as well as by words.');
  return 0;
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
