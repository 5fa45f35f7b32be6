// What the voice panel has played of each assistant audio item, on the AudioContext clock (seconds).
// Chunks of an item are scheduled back to back from its first chunk's start; when playback stops
// (barge-in), every item is capped at the position reached and its late chunks are dropped, and the
// played position of the interrupted item is what the host truncates the server's copy to.
// Pure TypeScript: bundled into the webview script and unit-tested in Node.

const KEPT_ITEMS = 8;

export class PlaybackLedger {
  private readonly items = new Map<string, { startAt: number; seconds: number }>();
  private readonly stopped = new Set<string>();

  /** False for an item whose playback was stopped: its late chunks must not play. */
  accepts(itemId: string): boolean {
    return !this.stopped.has(itemId);
  }

  /** A chunk of `seconds` of `itemId` was scheduled to start at `startAt`. */
  scheduled(itemId: string, startAt: number, seconds: number): void {
    const item = this.items.get(itemId) ?? { startAt, seconds: 0 };
    item.seconds += seconds;
    this.items.set(itemId, item);
    if (this.items.size > KEPT_ITEMS) this.items.delete(this.items.keys().next().value as string);
  }

  /** Playback stops at `now`: nothing scheduled after it will be heard. */
  stop(now: number): void {
    for (const [id, item] of this.items) {
      item.seconds = Math.min(item.seconds, Math.max(0, now - item.startAt));
      this.stopped.add(id);
    }
    while (this.stopped.size > KEPT_ITEMS * 4) this.stopped.delete(this.stopped.values().next().value as string);
  }

  /** ms of `itemId` heard by `now` (0 for an unknown item). */
  playedMs(itemId: string, now: number): number {
    const item = this.items.get(itemId);
    if (!item) return 0;
    return Math.round(Math.max(0, Math.min(item.seconds, now - item.startAt)) * 1000);
  }

  reset(): void {
    this.items.clear();
    this.stopped.clear();
  }
}
