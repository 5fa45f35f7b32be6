// Background indexing gives way to the person at the editor. While one of Big Three's commands runs (a
// quick pick being shown, a search answered), indexing waits between files, so the editor's processes
// get both of the machine's cores instead of sharing them with the indexer. The pause lasts as long as
// the command, but never more than MAX_GIVE_WAY_MS from its start: a quick pick left open while the
// user thinks does not hold indexing back, and a burst of commands cannot stop it for good.
//
// The pause is a deadline in epoch milliseconds (Date.now's clock), so the indexing child process can
// be told it in one message and keep it without asking again.
import { EventEmitter } from '../events';
import type { ClockPort, Disposable } from '../ports';
import type { CancellationSignal } from './types';

/** The longest one command holds indexing back, from its start. */
export const MAX_GIVE_WAY_MS = 1000;
/** How often a paused pass looks again at its deadline (it may be lifted early). */
const LOOK_AGAIN_MS = 25;

/** Where a pass reads whether it should wait: paused while `pausedUntil` is ahead of the clock. */
export interface PauseSource {
  readonly pausedUntil: number;
}

/** A PauseSource that says when it changes (what the host forwards to the indexing process). */
export interface PauseAnnouncer extends PauseSource {
  onDidChange(listener: (pausedUntil: number) => void): Disposable;
}

/** What a command host needs of the pacing: run a command with indexing paused. */
export interface UserWaits {
  whileUserWaits<T>(run: () => Promise<T>): Promise<T>;
}

export class IndexPacing implements PauseAnnouncer, UserWaits {
  private until = 0;
  private running = 0;
  private readonly changed = new EventEmitter<number>();

  constructor(private readonly clock: Pick<ClockPort, 'now'>) {}

  get pausedUntil(): number {
    return this.until;
  }

  readonly onDidChange = (listener: (pausedUntil: number) => void): Disposable => this.changed.event(listener);

  /** Runs a command with indexing paused until it ends (at most MAX_GIVE_WAY_MS from now). */
  async whileUserWaits<T>(run: () => Promise<T>): Promise<T> {
    this.running++;
    this.set(this.clock.now() + MAX_GIVE_WAY_MS);
    try {
      return await run();
    } finally {
      if (--this.running === 0) this.set(0);
    }
  }

  private set(until: number): void {
    if (until === this.until) return;
    this.until = until;
    this.changed.fire(until);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * Waits while `source` says to (a pass calls it between files); returns at once when not paused, and as
 * soon as the pause is lifted or the pass is cancelled. Resolves to the milliseconds waited.
 */
export async function waitWhilePaused(source: PauseSource | undefined, clock: ClockPort, cancellation?: CancellationSignal): Promise<number> {
  if (!source) return 0;
  const start = clock.now();
  let now = start;
  while (source.pausedUntil > now && !cancellation?.isCancellationRequested) {
    const left = Math.min(source.pausedUntil - now, LOOK_AGAIN_MS);
    await new Promise<void>((resolve) => clock.setTimer(left, resolve));
    now = clock.now();
  }
  return now - start;
}

/**
 * A deadline received from another process, kept within what one command may ask (a wrong or hostile
 * value cannot stop indexing): a number, at most MAX_GIVE_WAY_MS ahead of this process's clock.
 */
export function acceptedPause(until: unknown, now: number): number {
  return typeof until === 'number' && Number.isFinite(until) ? Math.min(until, now + MAX_GIVE_WAY_MS) : 0;
}
