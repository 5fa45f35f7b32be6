// Turns what the official SDKs throw into DelegateProviderError with a message a user can act on.
// Duck-typed on purpose (status, type, error body), so it works for both SDKs and their subclasses.
import { BigThreeError } from '../errors';
import { DelegateCancelledError, DelegateProviderError, ProviderName, errorMessage } from './errors';

interface SdkErrorShape {
  name?: string;
  status?: unknown;
  type?: unknown;
  error?: unknown;
  message?: string;
  cause?: unknown;
}

const KEY_HINT: Record<ProviderName, string> = {
  Claude: 'run "Big Three: Set API Key" for Anthropic (or check bigThree.claude.baseUrl)',
  Gemini: 'run "Big Three: Set API Key" for Google Gemini (or check bigThree.gemini.baseUrl)',
};

export function isAbortError(error: unknown): boolean {
  const e = error as SdkErrorShape | undefined;
  return (
    !!e && (e.name === 'AbortError' || e.name === 'APIUserAbortError' || (/aborted|abort signal/i.test(String(e.message ?? '')) && e.status === undefined))
  );
}

export function toProviderError(provider: ProviderName, error: unknown, signal?: AbortSignal, what = `${provider} request`): BigThreeError {
  if (error instanceof BigThreeError) return error;
  if (signal?.aborted || isAbortError(error)) return new DelegateCancelledError(what);
  const e = (error ?? {}) as SdkErrorShape;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const body = e.error as { error?: { type?: string; message?: string }; type?: string } | undefined;
  const type =
    typeof e.type === 'string'
      ? e.type
      : (body?.error?.type ?? (typeof body?.type === 'string' && body.type !== 'error' ? body.type : undefined) ?? googleStatus(e.message));
  const detail = body?.error?.message ?? errorMessage(error);
  const connection =
    status === undefined &&
    /connect|ECONNREFUSED|ECONNRESET|socket|network|fetch failed|terminated|premature/i.test(`${e.name ?? ''} ${e.message ?? ''} ${errorMessage(e.cause)}`);
  if (status === 529 || type === 'overloaded_error') {
    return new DelegateProviderError(
      `${provider} is overloaded right now (${status ?? 'in the stream'}: ${detail}); try again in a minute.`,
      provider,
      status,
      type ?? 'overloaded_error',
      true,
    );
  }
  if (status === 401 || status === 403 || type === 'authentication_error' || type === 'permission_error') {
    return new DelegateProviderError(`${provider} refused the API key (${status ?? type}: ${detail}); ${KEY_HINT[provider]}.`, provider, status, type, false);
  }
  if (status === 429 || type === 'rate_limit_error') {
    return new DelegateProviderError(`${provider} rate limit reached (${detail}); wait a little and try again.`, provider, status, type, true);
  }
  if (status === 404) {
    return new DelegateProviderError(
      `${provider} endpoint or model not found (${detail}); check the model and base URL settings.`,
      provider,
      status,
      type,
      false,
    );
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new DelegateProviderError(`${provider} rejected the request (${status}${type ? ` ${type}` : ''}: ${detail}).`, provider, status, type, false);
  }
  if (status !== undefined && status >= 500) {
    return new DelegateProviderError(`${provider} had a server error (${status}: ${detail}); try again later.`, provider, status, type, true);
  }
  if (connection) {
    return new DelegateProviderError(
      `The connection to ${provider} failed or dropped (${detail}); check the network and the base URL setting.`,
      provider,
      undefined,
      'connection',
      true,
    );
  }
  if (type) return new DelegateProviderError(`${provider} reported an error (${type}: ${detail}).`, provider, status, type, type === 'api_error');
  return new DelegateProviderError(`${provider} request failed: ${detail}`, provider, status, undefined, false);
}

/** Google errors carry their status name (RESOURCE_EXHAUSTED, …) inside the message JSON. */
function googleStatus(message: string | undefined): string | undefined {
  return message?.match(/"status":\s*"([A-Z_]+)"/)?.[1];
}
