// A fetch for the @google/genai client (httpOptions.fetch) that retries 408/429/5xx answers with
// exponential backoff and jitter, waiting exactly as long as the service asks when it says so
// (a `retry-after` header, or a google.rpc.RetryInfo `retryDelay` in the error body). The SDK's own
// retryOptions back off blindly and never read retry-after, so this replaces them.

export interface HttpRetryPolicy {
  /** Tries in all, the first one included. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  statuses: readonly number[];
}

export const DEFAULT_HTTP_RETRY: HttpRetryPolicy = { attempts: 5, initialDelayMs: 1_000, maxDelayMs: 60_000, statuses: [408, 429, 500, 502, 503, 504] };

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryNotice {
  status: number;
  attempt: number;
  attempts: number;
  waitMs: number;
  /** True when the wait came from the service (retry-after / RetryInfo). */
  asked: boolean;
}

export const abortableSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** The wait the service asked for, in ms: retry-after (seconds or an HTTP date), else RetryInfo. */
export function askedDelayMs(headers: Headers, body: string, now = Date.now()): number | undefined {
  const header = headers.get('retry-after')?.trim();
  if (header) {
    if (/^\d+(\.\d+)?$/.test(header)) return Math.round(Number(header) * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const delay = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body)?.[1];
  return delay === undefined ? undefined : Math.round(Number(delay) * 1000);
}

/** Exponential backoff with jitter for retry number `retry` (1 = the first retry): [½, 1) of initial·2^(retry-1), capped. */
export function backoffMs(policy: HttpRetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

export function retryingFetch(
  policy: HttpRetryPolicy,
  sleep: Sleep = abortableSleep,
  onRetry?: (notice: RetryNotice) => void,
  base: typeof fetch = fetch,
): typeof fetch {
  return async (input, init) => {
    for (let attempt = 1; ; attempt++) {
      const response = await base(input, init);
      if (response.ok || attempt >= policy.attempts || !policy.statuses.includes(response.status)) return response;
      const body = await response.text().catch(() => '');
      const asked = askedDelayMs(response.headers, body);
      // A service that asks for a longer wait than we are willing to block gets its error back.
      if (asked !== undefined && asked > policy.maxDelayMs)
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      const waitMs = asked ?? backoffMs(policy, attempt);
      onRetry?.({ status: response.status, attempt: attempt + 1, attempts: policy.attempts, waitMs, asked: asked !== undefined });
      await sleep(waitMs, init?.signal ?? undefined);
    }
  };
}
