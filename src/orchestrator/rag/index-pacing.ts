// Background indexing gives way to the person at the editor. While Big Three does work someone is waiting
// for (a ranking, a search, the list that shows it), indexing waits between files, so the editor's
// processes get both of the machine's cores instead of sharing them with the indexer.
//
// Each piece of work holds indexing back until it ends, but never more than MAX_GIVE_WAY_MS from its own
// start: a list left open while the user thinks does not hold indexing back, and work that ends lifts its
// own hold at once, whatever else is still running. Holds are measured on a monotonic clock, and the
// indexing child process is told how many milliseconds are left, never a wall-clock time, so a clock
// stepped backwards cannot stretch a pause.
import { EventEmitter } from '../events';
import type { ClockPort, Disposable } from '../ports';
import type { CancellationSignal } from './types';

/** The longest one piece of work holds indexing back, from its start. */
export const MAX_GIVE_WAY_MS = 1000;
/** How often a paused pass looks again (the hold may be lifted early). */
const LOOK_AGAIN_MS = 25;

/** A clock that never steps backwards (milliseconds since this process started). */
export const monotonicClock: Pick<ClockPort, 'now'> = { now: () => performance.now() };

/** Where a pass reads whether it should wait: how many milliseconds it should still hold back (0: go on). */
export interface PauseSource {
  remainingMs(): number;
}

/** A PauseSource that says when what is left changes (what the host forwards to the indexing process). */
export interface PauseAnnouncer extends PauseSource {
  onDidChange(listener: (remainingMs: number) => void): Disposable;
}

/** What a command host needs of the pacing: run work someone waits for with indexing held back. */
export interface UserWaits {
  whileUserWaits<T>(run: () => Promise<T>): Promise<T>;
}

/** Runs work as it is, holding nothing back (a host without an index to pace). */
export const NO_PACING: UserWaits = { whileUserWaits: (run) => run() };

export class IndexPacing implements PauseAnnouncer, UserWaits {
  /** Each running piece of work's own deadline on the monotonic clock. */
  private readonly holds = new Map<number, number>();
  private nextHold = 0;
  private readonly changed = new EventEmitter<number>();

  constructor(private readonly clock: Pick<ClockPort, 'now'> = monotonicClock) {}

  remainingMs(): number {
    const now = this.clock.now();
    let until = now;
    for (const deadline of this.holds.values()) until = Math.max(until, deadline);
    return until - now;
  }

  readonly onDidChange = (listener: (remainingMs: number) => void): Disposable => this.changed.event(listener);

  /** Runs `run` with indexing held back until it ends, at most MAX_GIVE_WAY_MS from now. */
  async whileUserWaits<T>(run: () => Promise<T>): Promise<T> {
    const hold = this.nextHold++;
    this.holds.set(hold, this.clock.now() + MAX_GIVE_WAY_MS);
    this.changed.fire(this.remainingMs());
    try {
      return await run();
    } finally {
      this.holds.delete(hold);
      this.changed.fire(this.remainingMs());
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A hold received as a number of milliseconds (from another process): a finite number within [0, MAX_GIVE_WAY_MS], else none. */
export function acceptedPause(ms: unknown): number {
  return typeof ms === 'number' && Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_GIVE_WAY_MS) : 0;
}

/** A PauseSource set from messages: each one says how long from now (the indexing process's side). */
export class ReceivedPause implements PauseSource {
  private until = 0;

  constructor(private readonly clock: Pick<ClockPort, 'now'> = monotonicClock) {}

  /** Holds back for `ms` from now (clamped by acceptedPause); 0 lifts the hold. */
  set(ms: unknown): void {
    this.until = this.clock.now() + acceptedPause(ms);
  }

  remainingMs(): number {
    return Math.max(0, this.until - this.clock.now());
  }
}

/**
 * Waits while `source` says to (a pass calls it between files): at once when it does not, and never more
 * than MAX_GIVE_WAY_MS in one call, measured on the monotonic clock; returns early when the hold is lifted
 * or the pass is cancelled. `timers` only schedules the next look. Resolves to the milliseconds waited.
 */
export async function waitWhilePaused(
  source: PauseSource | undefined,
  timers: Pick<ClockPort, 'setTimer'>,
  cancellation?: CancellationSignal,
): Promise<number> {
  if (!source) return 0;
  const start = monotonicClock.now();
  for (;;) {
    const waited = monotonicClock.now() - start;
    const left = Math.min(source.remainingMs(), MAX_GIVE_WAY_MS - waited);
    if (left <= 0 || cancellation?.isCancellationRequested) return waited;
    await new Promise<void>((resolve) => timers.setTimer(Math.min(left, LOOK_AGAIN_MS), resolve));
  }
}
