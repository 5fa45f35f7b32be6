// Typed errors of the delegates (Claude coder, Gemini browser, delegation service). Every message says
// what went wrong and, where it can, what to do about it.
import { BigThreeError } from '../errors';

/** A delegate cannot start: no API key, no model, a bad endpoint, no browser. */
export class DelegateConfigError extends BigThreeError {
  override readonly name: string = 'DelegateConfigError';
  constructor(message: string) {
    super(message, 'delegate-config');
  }
}

export type ProviderName = 'Claude' | 'Gemini';

/** The model provider failed: HTTP error, overloaded, dropped connection, error event in the stream. */
export class DelegateProviderError extends BigThreeError {
  override readonly name: string = 'DelegateProviderError';
  constructor(
    message: string,
    readonly provider: ProviderName,
    readonly status: number | undefined,
    /** The provider's error type, e.g. overloaded_error, authentication_error, RESOURCE_EXHAUSTED. */
    readonly providerType: string | undefined,
    /** Whether trying again later may help. */
    readonly retryable: boolean,
  ) {
    super(message, 'delegate-provider');
  }
}

export class DelegateCancelledError extends BigThreeError {
  override readonly name: string = 'DelegateCancelledError';
  constructor(what: string) {
    super(`${what} was cancelled.`, 'delegate-cancelled');
  }
}

/** A tool the model asked for failed; `denied` when security refused it (permission, approval, path, command rules). */
export class DelegateToolError extends BigThreeError {
  override readonly name: string = 'DelegateToolError';
  constructor(
    message: string,
    readonly denied: boolean,
  ) {
    super(message, denied ? 'delegate-tool-denied' : 'delegate-tool-failed');
  }
}

export class UnknownDelegatedTaskError extends BigThreeError {
  override readonly name: string = 'UnknownDelegatedTaskError';
  constructor(readonly taskId: string) {
    super(`No delegated task "${taskId}" is known (finished tasks are kept for this session only).`, 'unknown-delegated-task');
  }
}

/** Error codes of the security layer that mean "refused", not "broken". */
export const DENIAL_CODES: ReadonlySet<string> = new Set([
  'access-denied',
  'approval-denied',
  'path-violation',
  'command-violation',
  'payload-too-large',
  'rate-limited',
  'audit-unavailable',
  'delegate-tool-denied',
]);

export function isDenial(error: unknown): boolean {
  return error instanceof BigThreeError && DENIAL_CODES.has(error.code);
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
