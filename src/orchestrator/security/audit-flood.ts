// Keeps a flood of refusals from rotating the audit history away: per principal, operation and event
// type, the first few refusals in a window are recorded one by one; the rest are counted and written
// as one record per burst (with the count, the time span and the last message) when the window ends.
// Critical refusals are never aggregated.
import { type AuditEventInput, defaultSeverity } from './audit-types';

export interface FloodOptions {
  /** Refusals of one kind recorded individually per window (default 5). */
  individually?: number;
  /** Window length (default 10 s). */
  windowMs?: number;
}

interface Burst {
  windowStart: number;
  seen: number;
  suppressed: number;
  firstSuppressedAt?: number;
  last?: AuditEventInput;
  lastAt?: number;
}

export class DenialFloodFilter {
  private readonly bursts = new Map<string, Burst>();
  private readonly individually: number;
  private readonly windowMs: number;

  constructor(options: FloodOptions = {}) {
    this.individually = options.individually ?? 5;
    this.windowMs = options.windowMs ?? 10_000;
  }

  /** True when the event is to be written now; false when it was counted into its burst. */
  admit(input: AuditEventInput, now: number): boolean {
    if (input.outcome !== 'denied') return true;
    // Critical refusals (security violations) are each written on their own, however many there are.
    if ((input.severity ?? defaultSeverity(input.type, input.outcome)) === 'critical') return true;
    const key = `${String(input.user)}\u0000${String(input.operation ?? '')}\u0000${input.type}`;
    let burst = this.bursts.get(key);
    if (!burst || now - burst.windowStart >= this.windowMs) {
      burst = { windowStart: now, seen: 0, suppressed: 0 };
      this.bursts.set(key, burst);
    }
    burst.seen++;
    if (burst.seen <= this.individually) return true;
    burst.suppressed++;
    burst.firstSuppressedAt ??= now;
    burst.last = input;
    burst.lastAt = now;
    return false;
  }

  /** One summary record per burst whose window has ended (all of them with `all`). */
  drain(now: number, all = false): AuditEventInput[] {
    const out: AuditEventInput[] = [];
    for (const [key, burst] of this.bursts) {
      if (!all && now - burst.windowStart < this.windowMs) continue;
      this.bursts.delete(key);
      if (!burst.suppressed || !burst.last) continue;
      const last = burst.last;
      out.push({
        ...last,
        message: `${burst.suppressed} more refusal(s) like this in ${Math.max(1, Math.round(((burst.lastAt ?? now) - (burst.firstSuppressedAt ?? now)) / 1000))} s (aggregated): ${last.message}`,
        details: { ...(last.details ?? {}), aggregated: burst.suppressed, firstAt: burst.firstSuppressedAt, lastAt: burst.lastAt },
      });
    }
    return out;
  }

  get pending(): number {
    let n = 0;
    for (const b of this.bursts.values()) n += b.suppressed;
    return n;
  }
}
