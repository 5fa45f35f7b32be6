// Authentication for the headless surfaces (CLI, MCP, local endpoints). Tokens look like
// bt_<16 hex id>_<43 base64url secret>; only a hash of the secret is stored. A token authenticates
// until it expires or is revoked. Requests carry a nonce and a timestamp: one outside the clock-skew
// window or a nonce already seen is refused as stale or replayed. Sessions track who is connected.
import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import type { ClockPort } from '../ports';
import { InvalidArgumentError } from '../errors';
import type { AuditLogger } from './audit-logger';
import { AuthenticationError } from './errors';
import { isPrincipal } from './permissions';
import type { TokenRecord, TokenStore } from './token-store';

const TOKEN_FORMAT = /^bt_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;
export const DEFAULT_TOKEN_TTL_MS = 30 * 86_400_000;
export const MAX_TOKEN_TTL_MS = 366 * 86_400_000;

export interface AuthenticatedPrincipal {
  principal: string;
  tokenId: string;
}

export interface Session {
  id: string;
  principal: string;
  tokenId: string;
  surface: string;
  startedAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface SignedRequest {
  token: string;
  /** Unique per request (8–128 characters). */
  nonce: string;
  /** The caller's clock, epoch milliseconds. */
  timestamp: number;
}

export interface TokenAuthorityOptions {
  /** Accepted difference between the caller's and our clock (default 5 minutes). */
  maxSkewMs?: number;
  /** Idle sessions end after this long (default 1 hour). */
  sessionIdleMs?: number;
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export class TokenAuthority {
  private readonly nonces = new Map<string, number>();
  private readonly sessions = new Map<string, Session>();
  private readonly maxSkewMs: number;
  private readonly sessionIdleMs: number;

  constructor(
    private readonly store: TokenStore,
    private readonly clock: ClockPort,
    private readonly audit: AuditLogger,
    options: TokenAuthorityOptions = {},
  ) {
    this.maxSkewMs = options.maxSkewMs ?? 5 * 60_000;
    this.sessionIdleMs = options.sessionIdleMs ?? 60 * 60_000;
  }

  /** Issues a token for `principal`; the plain token is returned once and never stored. */
  async issue(principal: string, options: { ttlMs?: number; description?: string } = {}): Promise<{ token: string; record: TokenRecord }> {
    if (!isPrincipal(principal) || !principal.startsWith('token:'))
      throw new InvalidArgumentError(`Tokens are issued to principals named token:<name>, not "${principal}".`);
    const ttl = options.ttlMs ?? DEFAULT_TOKEN_TTL_MS;
    if (!(ttl > 0 && ttl <= MAX_TOKEN_TTL_MS)) throw new InvalidArgumentError(`Token lifetime must be between 1 ms and ${MAX_TOKEN_TTL_MS / 86_400_000} days.`);
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const record: TokenRecord = {
      id,
      principal,
      hash: hashSecret(secret),
      createdAt: now,
      expiresAt: now + ttl,
      ...(options.description ? { description: options.description.slice(0, 200) } : {}),
    };
    await this.store.modify((records) => ({ records: [...records, record], result: undefined }));
    return { token: `bt_${id}_${secret}`, record };
  }

  async revoke(tokenId: string): Promise<TokenRecord> {
    const revoked = await this.store.modify((records) => {
      const record = records.find((r) => r.id === tokenId);
      if (!record) throw new InvalidArgumentError(`No token with id "${tokenId}".`);
      const result = { ...record, revokedAt: record.revokedAt ?? this.clock.now() };
      return { records: records.map((r) => (r.id === tokenId ? result : r)), result };
    });
    for (const [id, session] of this.sessions) if (session.tokenId === tokenId) this.sessions.delete(id);
    return revoked;
  }

  list(): readonly TokenRecord[] {
    return this.store.all;
  }

  /** Checks a bearer token; audits success and failure (never the token itself). */
  async authenticate(token: unknown, surface = 'unknown'): Promise<AuthenticatedPrincipal> {
    try {
      const result = this.check(token);
      await this.audit.record({
        type: 'auth_success',
        user: result.principal,
        message: `Authenticated on ${surface}`,
        details: { tokenId: result.tokenId, surface },
      });
      return result;
    } catch (error) {
      if (error instanceof AuthenticationError) {
        const id = typeof token === 'string' ? TOKEN_FORMAT.exec(token)?.[1] : undefined;
        const principal = id ? this.store.find(id)?.principal : undefined;
        await this.audit.record({
          type: 'auth_failure',
          severity: error.reason === 'forged' || error.reason === 'replayed' ? 'critical' : 'warning',
          user: principal ?? 'anonymous:unknown',
          outcome: 'failure',
          message: error.message,
          details: { reason: error.reason, surface, ...(id ? { tokenId: id } : {}) },
        });
      }
      throw error;
    }
  }

  /** Authenticates a request and refuses stale timestamps and reused nonces. */
  async authenticateRequest(request: SignedRequest, surface = 'unknown'): Promise<AuthenticatedPrincipal> {
    const now = this.clock.now();
    const fail = async (reason: 'stale' | 'replayed' | 'malformed', message: string): Promise<never> => {
      const error = new AuthenticationError(message, reason);
      await this.audit.record({
        type: 'auth_failure',
        severity: reason === 'replayed' ? 'critical' : 'warning',
        user: 'anonymous:unknown',
        outcome: 'failure',
        message,
        details: { reason, surface },
      });
      throw error;
    };
    if (typeof request?.nonce !== 'string' || !/^[A-Za-z0-9_-]{8,128}$/.test(request.nonce))
      return fail('malformed', 'The request needs a nonce of 8–128 letters, digits, "-" or "_".');
    if (typeof request.timestamp !== 'number' || !Number.isFinite(request.timestamp) || Math.abs(now - request.timestamp) > this.maxSkewMs) {
      return fail('stale', `The request timestamp is more than ${this.maxSkewMs / 1000}s away from this machine's clock; send a fresh request.`);
    }
    this.pruneNonces(now);
    if (this.nonces.has(request.nonce))
      return fail('replayed', 'This request was already received (its nonce was used before); replayed requests are refused.');
    const result = await this.authenticate(request.token, surface);
    this.nonces.set(request.nonce, request.timestamp);
    return result;
  }

  async startSession(token: string, surface: string): Promise<Session> {
    const who = await this.authenticate(token, surface);
    const now = this.clock.now();
    const record = this.store.find(who.tokenId)!;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      principal: who.principal,
      tokenId: who.tokenId,
      surface,
      startedAt: now,
      lastSeenAt: now,
      expiresAt: Math.min(record.expiresAt, now + this.sessionIdleMs),
    };
    this.sessions.set(session.id, session);
    return { ...session };
  }

  /** The session's principal; refreshes its idle timer. Throws for unknown, ended or expired sessions. */
  touchSession(sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    const now = this.clock.now();
    if (!session) throw new AuthenticationError('Unknown or ended session; authenticate again.', 'session');
    const record = this.store.find(session.tokenId);
    if (now >= session.expiresAt || !record || record.revokedAt !== undefined || now >= record.expiresAt) {
      this.sessions.delete(sessionId);
      throw new AuthenticationError('The session expired or its token was revoked; authenticate again.', 'session');
    }
    session.lastSeenAt = now;
    session.expiresAt = Math.min(record.expiresAt, now + this.sessionIdleMs);
    return { ...session };
  }

  endSession(sessionId: string): boolean {
    return this.sessions.delete(sessionId);
  }

  listSessions(): Session[] {
    const now = this.clock.now();
    return [...this.sessions.values()].filter((s) => s.expiresAt > now).map((s) => ({ ...s }));
  }

  private check(token: unknown): AuthenticatedPrincipal {
    const match = typeof token === 'string' ? TOKEN_FORMAT.exec(token) : null;
    if (!match) throw new AuthenticationError('The token is malformed (expected bt_<id>_<secret>).', 'malformed');
    const record = this.store.find(match[1]!);
    if (!record) throw new AuthenticationError('The token is not known (never issued here, or its store was reset).', 'unknown');
    const expected = Buffer.from(record.hash, 'hex');
    const actual = Buffer.from(hashSecret(match[2]!), 'hex');
    if (!timingSafeEqual(expected, actual)) throw new AuthenticationError('The token secret is wrong (forged or mistyped token).', 'forged');
    if (record.revokedAt !== undefined) throw new AuthenticationError(`The token ${record.id} was revoked.`, 'revoked');
    if (this.clock.now() >= record.expiresAt)
      throw new AuthenticationError(`The token ${record.id} expired on ${new Date(record.expiresAt).toISOString()}; issue a new one.`, 'expired');
    return { principal: record.principal, tokenId: record.id };
  }

  private pruneNonces(now: number): void {
    for (const [nonce, ts] of this.nonces) if (Math.abs(now - ts) > this.maxSkewMs) this.nonces.delete(nonce);
  }
}
