// A manual ClockPort for tests: time only moves when a test calls advance(), and due timers fire
// in order of their due time (ties in the order they were set). Timers may set more timers.
import type { ClockPort, Disposable } from '../../src/orchestrator/ports';

interface PendingTimer {
  readonly dueAt: number;
  readonly sequence: number;
  readonly callback: () => void;
}

export class FakeClock implements ClockPort {
  private current: number;
  private sequence = 0;
  private readonly timers = new Set<PendingTimer>();

  constructor(start = 1_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Sets the wall clock as a user changing the system time would (back or forward); fires no timer. */
  jumpTo(time: number): void {
    this.current = time;
  }

  setTimer(delayMs: number, callback: () => void): Disposable {
    // Like setTimeout: a negative or non-numeric delay means "as soon as possible".
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    const timer: PendingTimer = { dueAt: this.current + delay, sequence: ++this.sequence, callback };
    this.timers.add(timer);
    return { dispose: () => this.timers.delete(timer) };
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way, each with now() equal
   * to its due time. Timers set by a callback fire too when they fall due before the end.
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`FakeClock.advance needs a duration ≥ 0, got ${ms}`);
    const target = this.current + ms;
    for (;;) {
      const next = this.nextDue();
      if (!next || next.dueAt > target) break;
      this.timers.delete(next);
      this.current = Math.max(this.current, next.dueAt);
      next.callback();
    }
    this.current = target;
  }

  /** How many timers are set and neither fired nor disposed. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Due times of the pending timers, earliest first. */
  pendingDueTimes(): number[] {
    return [...this.timers].sort(compareTimers).map((t) => t.dueAt);
  }

  private nextDue(): PendingTimer | undefined {
    let next: PendingTimer | undefined;
    for (const timer of this.timers) if (!next || compareTimers(timer, next) < 0) next = timer;
    return next;
  }
}

function compareTimers(a: PendingTimer, b: PendingTimer): number {
  return a.dueAt - b.dueAt || a.sequence - b.sequence;
}
