// What the client received of each assistant audio item, so a barge-in can truncate the item at the
// position the player actually reached (never past what arrived): the GA server keeps in its context
// only the audio up to `audio_end_ms`, so the model forgets the words the user never heard.
import type { ConversationItemTruncateEvent } from 'openai/resources/realtime/realtime';

const BYTES_PER_MS = 48; // PCM16 24 kHz mono
const KEPT_ITEMS = 8;

/** base64 length -> decoded byte count. */
export function base64Bytes(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

export class PlaybackTracker {
  private readonly received = new Map<string, number>();
  private latest: string | undefined;

  /** Records an output_audio delta of an item. */
  add(itemId: string, base64: string): void {
    this.received.set(itemId, (this.received.get(itemId) ?? 0) + base64Bytes(base64));
    this.latest = itemId;
    if (this.received.size > KEPT_ITEMS) this.received.delete(this.received.keys().next().value as string);
  }

  /** The item a barge-in interrupts (the latest one with audio, not yet truncated). */
  current(): { itemId: string; receivedMs: number } | undefined {
    if (!this.latest || !this.received.has(this.latest)) return undefined;
    return { itemId: this.latest, receivedMs: this.receivedMs(this.latest) };
  }

  receivedMs(itemId: string): number {
    return Math.floor((this.received.get(itemId) ?? 0) / BYTES_PER_MS);
  }

  /**
   * The truncate event for an item the player stopped after `playedMs`, clamped to what was received
   * (audio still in flight was never heard either); undefined for an unknown or already truncated item.
   */
  truncation(itemId: string, playedMs: number): ConversationItemTruncateEvent | undefined {
    if (!this.received.has(itemId) || !Number.isFinite(playedMs)) return undefined;
    const receivedMs = this.receivedMs(itemId);
    this.received.delete(itemId);
    const end = Math.max(0, Math.min(Math.floor(playedMs), receivedMs));
    return { type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: end };
  }
}
