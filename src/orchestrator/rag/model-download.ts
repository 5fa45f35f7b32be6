// One-time download of the embedding model into a local folder (the only network use of the RAG area,
// started explicitly by the user). Every file is written atomically, so an interrupted download never
// leaves a half model behind; files already present are skipped.
import * as path from 'path';
import type { FileSystemPort } from '../ports';
import { DEFAULT_MODEL_ID, MODEL_FILES } from './embedder';
import { ModelDownloadError } from './errors';
import type { CancellationSignal } from './types';

export interface DownloadProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  bytesReceived: number;
  /** From Content-Length when the server sends it. */
  bytesTotal?: number;
}

export interface ModelDownloadOptions {
  fs: FileSystemPort;
  modelDir: string;
  /** Default https://huggingface.co */
  hubUrl?: string;
  modelId?: string;
  revision?: string;
  fetch?: typeof fetch;
  onProgress?: (progress: DownloadProgress) => void;
  cancellation?: CancellationSignal;
}

export interface ModelDownloadResult {
  downloaded: string[];
  skipped: string[];
  bytes: number;
}

export async function downloadEmbeddingModel(options: ModelDownloadOptions): Promise<ModelDownloadResult> {
  const hub = (options.hubUrl ?? 'https://huggingface.co').replace(/\/+$/, '');
  const modelId = options.modelId ?? DEFAULT_MODEL_ID;
  const revision = options.revision ?? 'main';
  const doFetch = options.fetch ?? fetch;
  const result: ModelDownloadResult = { downloaded: [], skipped: [], bytes: 0 };
  for (const [index, file] of MODEL_FILES.entries()) {
    const target = path.join(options.modelDir, file);
    const existing = await options.fs.stat(target);
    if (existing?.isFile && existing.size > 0) {
      result.skipped.push(file);
      continue;
    }
    const url = `${hub}/${modelId}/resolve/${encodeURIComponent(revision)}/${file}`;
    let response: Response;
    try {
      response = await doFetch(url);
    } catch (error) {
      throw new ModelDownloadError(
        `Could not reach ${hub} to download ${file} (${(error as Error).message}). Check the network or proxy, or copy the model folder to ${options.modelDir} by hand.`,
      );
    }
    if (!response.ok || !response.body) throw new ModelDownloadError(`Downloading ${url} failed: HTTP ${response.status} ${response.statusText}.`);
    const totalHeader = Number(response.headers.get('content-length'));
    const bytesTotal = Number.isFinite(totalHeader) && totalHeader > 0 ? totalHeader : undefined;
    const parts: Uint8Array[] = [];
    let received = 0;
    const reader = response.body.getReader();
    for (;;) {
      if (options.cancellation?.isCancellationRequested) {
        await reader.cancel();
        throw new ModelDownloadError(`The model download was cancelled during ${file}; files completed so far are kept.`);
      }
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      received += value.byteLength;
      options.onProgress?.({ file, fileIndex: index, fileCount: MODEL_FILES.length, bytesReceived: received, ...(bytesTotal ? { bytesTotal } : {}) });
    }
    if (bytesTotal !== undefined && received !== bytesTotal)
      throw new ModelDownloadError(`Download of ${file} ended early (${received} of ${bytesTotal} bytes).`);
    const data = new Uint8Array(received);
    let offset = 0;
    for (const p of parts) {
      data.set(p, offset);
      offset += p.byteLength;
    }
    await options.fs.writeFileAtomic(target, data);
    result.downloaded.push(file);
    result.bytes += received;
  }
  return result;
}
