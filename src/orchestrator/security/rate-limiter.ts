// Token buckets per principal and operation. Each bucket holds up to `burst` tokens and refills at
// `perMinute` tokens a minute; an empty bucket refuses with RateLimitError saying when to retry.
import type { ClockPort } from '../ports';
import { InvalidArgumentError } from '../errors';
import { RateLimitError } from './errors';

export interface RateLimit {
  /** Sustained rate. */
  perMinute: number;
  /** Most requests allowed at once. */
  burst: number;
}

export interface RateLimitConfig {
  default: RateLimit;
  /** Per operation id (e.g. "agent.acquire"); overrides the default. */
  operations?: Record<string, RateLimit>;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  default: { perMinute: 120, burst: 30 },
  operations: {
    'agent.acquire': { perMinute: 60, burst: 20 },
    'command.run': { perMinute: 30, burst: 10 },
    'token.issue': { perMinute: 10, burst: 5 },
  },
};

/** A limit that applies to one principal (e.g. from its role), or undefined for the configured one. */
export type PrincipalLimits = (principal: string, operation: string) => RateLimit | undefined;

export interface Bucket {
  tokens: number;
  updatedAt: number;
}

const MAX_BUCKETS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private config: RateLimitConfig;
  private principalLimits: PrincipalLimits = () => undefined;

  constructor(
    private readonly clock: ClockPort,
    config: RateLimitConfig = DEFAULT_RATE_LIMITS,
  ) {
    this.config = validateRateLimits(config);
  }

  setConfig(config: RateLimitConfig): void {
    this.config = validateRateLimits(config);
  }

  /** Limits by principal (its roles' limits in the permissions file) take precedence over the configuration. */
  usePrincipalLimits(limits: PrincipalLimits): void {
    this.principalLimits = limits;
  }

  limitFor(operation: string, principal?: string): RateLimit {
    const own = principal === undefined ? undefined : this.principalLimits(principal, operation);
    if (own) return own;
    return (
      (Object.prototype.hasOwnProperty.call(this.config.operations ?? {}, operation) ? this.config.operations![operation] : undefined) ?? this.config.default
    );
  }

  /** Takes one token or throws RateLimitError. */
  consume(principal: string, operation: string): void {
    const limit = this.limitFor(operation, principal);
    const key = `${principal}\u0000${operation}`;
    const now = this.clock.now();
    const refillPerMs = limit.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, updatedAt: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + Math.max(0, now - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) {
      const retryAfterMs = Math.ceil((1 - bucket.tokens) / refillPerMs);
      this.buckets.set(key, bucket);
      throw new RateLimitError(
        `Rate limit: ${principal} may "${operation}" at most ${limit.perMinute} times a minute (bursts of ${limit.burst}); try again in ${(retryAfterMs / 1000).toFixed(1)} s.`,
        retryAfterMs,
      );
    }
    bucket.tokens -= 1;
    this.buckets.delete(key); // re-insert: the map stays ordered by last use
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_BUCKETS) this.evict(now);
  }

  /** The bucket of a principal and operation as last used here (for sharing it with other processes). */
  bucketOf(principal: string, operation: string): Bucket | undefined {
    const b = this.buckets.get(`${principal}\u0000${operation}`);
    return b ? { ...b } : undefined;
  }

  /** Takes over the bucket state another process saved (undefined: a full bucket). */
  adoptBucket(principal: string, operation: string, bucket: Bucket | undefined): void {
    const key = `${principal}\u0000${operation}`;
    // Read from a file other processes (or a hand) write: a bucket below empty, or updated in the future,
    // would keep a principal out (fifteenth red team): tokens below zero count as zero, and a time in the
    // future as now (so the bucket refills from now on).
    if (bucket && Number.isFinite(bucket.tokens) && Number.isFinite(bucket.updatedAt))
      this.buckets.set(key, { tokens: Math.max(0, bucket.tokens), updatedAt: Math.min(bucket.updatedAt, this.clock.now()) });
    else this.buckets.delete(key);
  }

  /** Drops full buckets (they behave exactly like missing ones), oldest first. */
  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.buckets.size <= MAX_BUCKETS / 2) break;
      const cut = key.indexOf('\u0000');
      const limit = this.limitFor(key.slice(cut + 1), key.slice(0, cut));
      if (bucket.tokens + (now - bucket.updatedAt) * (limit.perMinute / 60_000) >= limit.burst) this.buckets.delete(key);
    }
  }
}

/** A limit with perMinute > 0 and burst ≥ 1 (finite numbers), copied; anything else is refused. */
export function checkRateLimit(name: string, value: unknown): RateLimit {
  const limit = value as Partial<RateLimit> | null | undefined;
  if (
    !limit ||
    typeof limit !== 'object' ||
    typeof limit.perMinute !== 'number' ||
    typeof limit.burst !== 'number' ||
    !(limit.perMinute > 0) ||
    !Number.isFinite(limit.perMinute) ||
    !(limit.burst >= 1) ||
    !Number.isFinite(limit.burst)
  ) {
    throw new InvalidArgumentError(`Rate limit for ${name} needs perMinute > 0 and burst ≥ 1, got ${JSON.stringify(value)}.`);
  }
  return { perMinute: limit.perMinute, burst: limit.burst };
}

export function validateRateLimits(config: RateLimitConfig): RateLimitConfig {
  const check = (name: string, limit: RateLimit | undefined) => checkRateLimit(name, limit);
  check('the default', config.default);
  for (const [op, limit] of Object.entries(config.operations ?? {})) check(`"${op}"`, limit);
  return { default: { ...config.default }, operations: { ...(config.operations ?? {}) } };
}
