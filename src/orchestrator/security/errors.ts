// Typed errors of the security layer. Every message says what was refused and what to do about it.
import { BigThreeError } from '../errors';

/** An operation was refused by the access-control gate (no grant, blocked by a policy, missing tool). */
export class AccessDeniedError extends BigThreeError {
  override readonly name: string = 'AccessDeniedError';
  constructor(
    message: string,
    readonly operation: string,
    readonly principal: string,
  ) {
    super(message, 'access-denied');
  }
}

/** A token or request could not be authenticated (unknown, forged, expired, revoked or replayed). */
export class AuthenticationError extends BigThreeError {
  override readonly name: string = 'AuthenticationError';
  constructor(
    message: string,
    readonly reason: 'malformed' | 'unknown' | 'forged' | 'expired' | 'revoked' | 'replayed' | 'stale' | 'session',
  ) {
    super(message, 'authentication-failed');
  }
}

export class RateLimitError extends BigThreeError {
  override readonly name: string = 'RateLimitError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message, 'rate-limited');
  }
}

/** A path given to an operation is outside the workspace, escapes through a symlink or is forbidden. */
export class PathViolationError extends BigThreeError {
  override readonly name: string = 'PathViolationError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message, 'path-violation');
  }
}

export class CommandViolationError extends BigThreeError {
  override readonly name: string = 'CommandViolationError';
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(message, 'command-violation');
  }
}

export class PayloadTooLargeError extends BigThreeError {
  override readonly name: string = 'PayloadTooLargeError';
  constructor(
    message: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super(message, 'payload-too-large');
  }
}

/** The audit log cannot be written; the gate then refuses everything (fails closed). */
export class AuditUnavailableError extends BigThreeError {
  override readonly name: string = 'AuditUnavailableError';
  constructor(message: string) {
    super(message, 'audit-unavailable');
  }
}

/** The user (or the absence of a way to ask) did not approve an operation that needs approval. */
export class ApprovalDeniedError extends BigThreeError {
  override readonly name: string = 'ApprovalDeniedError';
  /** userAsked: false when nobody could be asked (no approval port), true when the user said no. */
  constructor(
    message: string,
    readonly operation: string,
    readonly userAsked = true,
  ) {
    super(message, 'approval-denied');
  }
}

/** A security configuration (permissions file, policy, token store) is invalid. */
export class SecurityConfigError extends BigThreeError {
  override readonly name: string = 'SecurityConfigError';
  constructor(message: string) {
    super(message, 'security-config');
  }
}
