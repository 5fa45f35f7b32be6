// Sentence embeddings. The interface is shared with other areas (learning, selection): keep it stable.
// The implementation runs transformers.js (ONNX Runtime on CPU) on a model in a local folder and never
// fetches anything at run time (allowRemoteModels = false).
import { promises as nodeFs } from 'fs';
import * as path from 'path';
import type { FileSystemPort, LoggerPort } from '../ports';
import { EmbeddingModelError } from './errors';

export interface Embedder {
  readonly id: string;
  readonly dimension: number;
  /** One L2-normalized vector per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/** The default model: all-MiniLM-L6-v2, quantized (q8), 384 dimensions, mean pooling. */
export const DEFAULT_MODEL_ID = 'Xenova/all-MiniLM-L6-v2';
export const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'] as const;

export interface LocalEmbedderOptions {
  /** Texts per inference call (bounded so one call never holds a huge tensor). */
  batchSize?: number;
  fs?: FileSystemPort;
  /**
   * How a user of this host gets the model, said when the folder lacks it (the extension names its
   * download command, the CLI `big-three model download`). Default: a host-neutral sentence.
   */
  howToInstall?: string;
}

/** What a host says when it names no way of getting the model. */
export const NEUTRAL_MODEL_HINT = `Download ${DEFAULT_MODEL_ID} into it, or configure a folder that holds it.`;

interface FeatureTensor {
  dims: number[];
  data: Float32Array;
}
type FeatureExtractor = ((texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<FeatureTensor>) & { dispose?: () => Promise<void> };

/** Which required files are missing from a model folder (relative names). */
export async function missingModelFiles(modelDir: string, fs?: FileSystemPort): Promise<string[]> {
  const missing: string[] = [];
  for (const file of MODEL_FILES) {
    const full = path.join(modelDir, file);
    const stat = fs
      ? await fs.stat(full)
      : await nodeFs.stat(full).then(
          (s) => ({ isFile: s.isFile(), size: s.size }),
          () => undefined,
        );
    if (!stat?.isFile || stat.size === 0) missing.push(file);
  }
  return missing;
}

class TransformersEmbedder implements Embedder {
  constructor(
    readonly id: string,
    readonly dimension: number,
    private readonly extractor: FeatureExtractor,
    private readonly batchSize: number,
  ) {}

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize).map((t) => (t.trim() ? t : ' '));
      const tensor = await this.extractor(batch, { pooling: 'mean', normalize: true });
      const dim = tensor.dims[tensor.dims.length - 1]!;
      if (dim !== this.dimension) throw new EmbeddingModelError(`The embedding model returned ${dim}-dimensional vectors, expected ${this.dimension}.`);
      for (let i = 0; i < batch.length; i++) out.push(normalize(tensor.data.slice(i * dim, (i + 1) * dim)));
    }
    return out;
  }
}

function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0 && Math.abs(norm - 1) > 1e-6) for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}

/**
 * Loads the model in `modelDir` (a folder laid out like Xenova/all-MiniLM-L6-v2 on the Hub). Resolves to
 * undefined, with the reason logged, when the folder has no model or the model cannot be loaded: callers
 * then search lexically only.
 */
export async function loadLocalEmbedder(modelDir: string, logger: LoggerPort, options: LocalEmbedderOptions = {}): Promise<Embedder | undefined> {
  try {
    return await loadLocalEmbedderOrThrow(modelDir, options);
  } catch (error) {
    logger.warn(`No embedding model, so search ranks lexically (BM25) only: ${(error as Error).message}`);
    return undefined;
  }
}

/** Like loadLocalEmbedder but throws an EmbeddingModelError saying what is wrong. */
export async function loadLocalEmbedderOrThrow(modelDir: string, options: LocalEmbedderOptions = {}): Promise<Embedder> {
  const resolved = path.resolve(modelDir);
  const missing = await missingModelFiles(resolved, options.fs);
  if (missing.length) {
    throw new EmbeddingModelError(`the model folder ${resolved} lacks ${missing.join(', ')}. ${options.howToInstall ?? NEUTRAL_MODEL_HINT}`);
  }
  let transformers: typeof import('@huggingface/transformers');
  try {
    // Loaded on first use only: the runtime and its native binding stay out of activation.
    transformers = require('@huggingface/transformers') as typeof import('@huggingface/transformers');
  } catch (error) {
    throw new EmbeddingModelError(`the transformers.js runtime could not be loaded (${(error as Error).message}).`);
  }
  const { env, pipeline } = transformers;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFSCache = false;
  env.localModelPath = path.dirname(resolved);
  let extractor: FeatureExtractor;
  try {
    extractor = (await pipeline('feature-extraction', path.basename(resolved), { dtype: 'q8' })) as unknown as FeatureExtractor;
  } catch (error) {
    throw new EmbeddingModelError(`the model in ${resolved} could not be loaded (${(error as Error).message}).`);
  }
  const probe = await extractor(['dimension probe'], { pooling: 'mean', normalize: true });
  const dimension = probe.dims[probe.dims.length - 1]!;
  const configText = options.fs
    ? Buffer.from(await options.fs.readFile(path.join(resolved, 'config.json'))).toString('utf8')
    : await nodeFs.readFile(path.join(resolved, 'config.json'), 'utf8');
  let name = path.basename(resolved);
  try {
    name = (JSON.parse(configText) as { _name_or_path?: string })._name_or_path || name;
  } catch {
    // the pipeline already parsed it; a name is only cosmetic
  }
  return new TransformersEmbedder(`${name}@q8/${dimension}`, dimension, extractor, options.batchSize ?? 16);
}
