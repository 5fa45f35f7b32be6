// The shipped sentence encoder in its own process (sentence-encoder-worker.ts), as the extension host runs
// it: TensorFlow.js and its ~125 MiB stay out of the host. A process that stops, or hangs past the request
// timeout (then it is killed), fails what it was asked; the next request starts a new one, a few times
// per session at most, so a crash does not leave the ranking without the encoder for good.
import type { ChildProcess } from 'child_process';
import { forkNodeScript, stderrTail } from '../orchestrator/child-script';
import type { SentenceEncoder } from '../orchestrator/learning/definition-sentence-similarity';
import type { LoggerPort } from '../orchestrator/ports';
import type { EncodeReply, EncodeRequest } from './sentence-encoder-worker';

/** How long the process may take over one request (a batch of texts) before it is stopped. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** New processes started after the first one stopped, per session. */
export const MAX_RESTARTS = 3;
/** How much of the process's stderr is kept for the message when it stops. */
const STDERR_KEPT = 1000;

export interface EncoderProcessOptions {
  id: string;
  dimension: number;
  requestTimeoutMs?: number;
  /** Given at once how to stop the process being started (a host that shuts down while the weights load). */
  onStarting?: (stop: () => void) => void;
}

/** One process: requests are sent as they come and answered by id (the process encodes them in turn). */
class EncoderProcess {
  private next = 0;
  private readonly pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  /** Why the process can no longer answer, once it cannot. */
  failure: Error | undefined;
  private readonly stderr: { lastLines(count: number): string };
  private answered = false;

  constructor(
    private readonly child: ChildProcess,
    private readonly timeoutMs: number,
  ) {
    this.stderr = stderrTail(child, STDERR_KEPT);
    child.on('message', (reply: EncodeReply) => {
      this.answered = true;
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      this.settle();
      if ('error' in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.vectors);
    });
    child.on('error', (error) => this.stop(error));
    child.on('exit', (code, signal) => {
      const last = this.stderr.lastLines(2);
      this.stop(new Error(`the sentence encoder's process stopped (${signal ? `signal ${signal}` : `exit code ${code}`})${last ? `: ${last}` : ''}`));
    });
    this.settle();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.failure) return Promise.reject(this.failure);
    // Until the process has answered once it is loading the weights: that first request gets the default time at least.
    const timeoutMs = this.answered ? this.timeoutMs : Math.max(DEFAULT_REQUEST_TIMEOUT_MS, this.timeoutMs);
    const id = this.next++;
    return new Promise<Float32Array[]>((resolve, reject) => {
      // A process that does not answer in time is stopped: this request and any others fail, the next one starts a new process.
      const timer = setTimeout(
        () => this.stop(new Error(`the sentence encoder's process did not answer within ${timeoutMs / 1000} s; it was stopped`)),
        timeoutMs,
      );
      timer.unref();
      const done =
        <T>(f: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          f(value);
        };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject) });
      this.holdOpen(true);
      this.child.send({ id, texts: [...texts] } satisfies EncodeRequest, (error) => {
        if (error) this.stop(new Error(`could not reach the sentence encoder's process: ${error.message}`));
      });
    });
  }

  /** Fails what is waiting with `error` and ends the process (killed: a hung one may not hear a gentler signal). */
  stop(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
    this.settle();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private settle(): void {
    if (!this.pending.size) this.holdOpen(false);
  }

  /** With nothing waiting, the process, its channel and its stderr pipe do not keep this process alive. */
  private holdOpen(hold: boolean): void {
    const stderr = this.child.stderr as (NodeJS.ReadableStream & { ref?(): void; unref?(): void }) | null;
    for (const handle of [this.child, this.child.channel, stderr]) {
      if (hold) handle?.ref?.();
      else handle?.unref?.();
    }
  }
}

/** The encoder the chooser keeps: the current process, started again when it stopped (MAX_RESTARTS at most). */
class RestartingEncoder implements SentenceEncoder {
  readonly id: string;
  readonly dimension: number;
  private restarts = 0;
  private disposed = false;

  constructor(
    private current: EncoderProcess,
    private readonly start: () => EncoderProcess,
    private readonly logger: LoggerPort,
    options: EncoderProcessOptions,
  ) {
    this.id = options.id;
    this.dimension = options.dimension;
  }

  /** The running process's id (tests stop it to see it replaced). */
  get processId(): number | undefined {
    return this.current.pid;
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.current.failure && !this.disposed && this.restarts < MAX_RESTARTS) {
      this.restarts++;
      this.logger.warn(`${this.current.failure.message}; starting it again (${this.restarts} of ${MAX_RESTARTS} this session)`);
      this.current = this.start();
    }
    return this.current.embed(texts);
  }

  dispose(): void {
    this.disposed = true;
    this.current.stop(new Error("the sentence encoder's process was stopped: Big Three is shutting down"));
  }
}

/** Starts the encoder's process and waits until it has loaded the weights (a process that cannot is stopped and the error thrown). */
export async function startEncoderProcess(
  script: string,
  logger: LoggerPort,
  options: EncoderProcessOptions,
): Promise<SentenceEncoder & { dispose(): void; readonly processId: number | undefined }> {
  const start = () => new EncoderProcess(forkNodeScript(script), options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const first = start();
  options.onStarting?.(() => first.stop(new Error("the sentence encoder's process was stopped while it loaded: Big Three is shutting down")));
  try {
    await first.embed(['ready']); // loads the weights, and says now if they cannot be
  } catch (error) {
    first.stop(error as Error);
    throw error;
  }
  return new RestartingEncoder(first, start, logger, options);
}
