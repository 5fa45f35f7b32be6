// The bigThree.rag.* settings.
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ChromaSettings } from '../../orchestrator/rag/chroma-vector-store';
import { defaultModelDir } from '../../orchestrator/rag/rag-paths';
import { DEFAULT_ANN_THRESHOLD, DEFAULT_WORKER_THRESHOLD } from '../../orchestrator/rag/exact-vector-store';
import { readDataDir } from '../configuration';

export interface RagSettings {
  enabled: boolean;
  autoIndex: boolean;
  modelDir: string;
  vectorStore: 'exact' | 'chroma';
  chroma: ChromaSettings;
  weights: { lexical: number; vector: number };
  maxFileBytes: number;
  debounceMs: number;
  excludes: string[];
  /** The exact store searches in a worker thread above this many vectors. */
  workerThreshold: number;
  /** Above this many vectors the worker answers from an approximate (HNSW) index (0: never). */
  annThreshold: number;
  gemini: { enabled: boolean; model: string; storeName: string; baseUrl: string; localWeight: number; googleWeight: number };
}

/** The data folder shared with the CLI (models are downloaded once for both). */
export function sharedDataDir(): string {
  return readDataDir();
}

export function readRagSettings(): RagSettings {
  const c = vscode.workspace.getConfiguration('bigThree.rag');
  const modelPath = c.get<string>('modelPath', '').trim();
  const headers = c.get<Record<string, unknown>>('chroma.headers', {});
  return {
    enabled: c.get<boolean>('enabled', true),
    autoIndex: c.get<boolean>('autoIndex', true),
    modelDir: modelPath ? path.resolve(modelPath.replace(/^~(?=$|[\\/])/, os.homedir())) : defaultModelDir(sharedDataDir()),
    vectorStore: c.get<string>('vectorStore', 'exact') === 'chroma' ? 'chroma' : 'exact',
    chroma: {
      host: c.get<string>('chroma.host', 'localhost'),
      port: c.get<number>('chroma.port', 8000),
      ssl: c.get<boolean>('chroma.ssl', false),
      headers: Object.fromEntries(Object.entries(headers ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
      ...(c.get<string>('chroma.tenant') ? { tenant: c.get<string>('chroma.tenant')! } : {}),
      ...(c.get<string>('chroma.database') ? { database: c.get<string>('chroma.database')! } : {}),
      timeoutMs: Math.max(1000, c.get<number>('chroma.timeoutSeconds', 30) * 1000),
    },
    weights: { lexical: c.get<number>('weights.lexical', 1), vector: c.get<number>('weights.vector', 1) },
    maxFileBytes: Math.max(1, c.get<number>('maxFileSizeKB', 1000)) * 1024,
    debounceMs: c.get<number>('watchDebounceMs', 750),
    excludes: c.get<string[]>('excludes', []).filter((x) => typeof x === 'string'),
    workerThreshold: Math.max(0, c.get<number>('workerThreshold', DEFAULT_WORKER_THRESHOLD)),
    annThreshold: annThreshold(c.get<number>('approximateSearchThreshold', DEFAULT_ANN_THRESHOLD)),
    gemini: {
      enabled: c.get<boolean>('gemini.enabled', false),
      model: c.get<string>('gemini.model', 'gemini-2.5-flash'),
      storeName: c.get<string>('gemini.storeName', 'big-three-workspace'),
      baseUrl: c.get<string>('gemini.baseUrl', '').trim(),
      localWeight: c.get<number>('gemini.localWeight', 0.4),
      googleWeight: c.get<number>('gemini.googleWeight', 0.6),
    },
  };
}

/** The approximate-index threshold as the store takes it: 0 (or anything not a positive number) turns it off. */
function annThreshold(setting: number): number {
  return Number.isFinite(setting) && setting > 0 ? setting : Infinity;
}
