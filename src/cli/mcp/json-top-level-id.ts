// Finds the top-level "id" of a JSON-RPC message that is too large to parse, as its bytes stream past:
// a small state machine tracking nesting and strings, so an "id" inside "params" is not taken for the
// request's (thirteenth red team: a 4 MB request whose arguments held "id": 99 was answered as 99, and
// request 5 never). A message with no top-level id is a notification, which gets no answer.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const MAX_VALUE = 220;

export class TopLevelIdScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The top-level key being read (its bytes), or the one whose value comes next. */
  private key: number[] | undefined;
  private lastKey: string | undefined;
  private awaitingValue = false;
  private value: number[] | undefined;
  private found: string | number | null | undefined;
  private hasId = false;

  /** The id when the message has a top-level one that could be read; null otherwise. */
  get id(): string | number | null {
    return this.found ?? null;
  }

  /** False when the message has no top-level "id": a notification. */
  get isRequest(): boolean {
    return this.hasId;
  }

  push(bytes: Uint8Array): void {
    for (const b of bytes) this.step(b);
  }

  private step(b: number): void {
    if (this.value) {
      if (this.value.length < MAX_VALUE) this.value.push(b);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) this.inString = false;
        return;
      }
      if (b === 0x2c || b === 0x7d || isSpace(b)) {
        this.value.pop();
        this.finishValue();
        this.step(b);
      }
      return;
    }
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (b === BACKSLASH) this.escaped = true;
      else if (b === QUOTE) {
        this.inString = false;
        if (this.key) {
          this.lastKey = Buffer.from(this.key).toString('utf8');
          this.key = undefined;
        }
        return;
      }
      if (this.key && this.key.length < 64) this.key.push(b);
      return;
    }
    if (b === QUOTE) {
      this.inString = true;
      if (this.depth === 1 && !this.awaitingValue) this.key = [];
      else if (this.depth === 1 && this.awaitingValue) this.startValue(b);
      return;
    }
    if (this.depth === 1 && b === COLON && this.lastKey !== undefined) {
      this.awaitingValue = true;
      return;
    }
    if (this.depth === 1 && this.awaitingValue && !isSpace(b)) {
      if (b === 0x7b || b === 0x5b) {
        if (this.lastKey === 'id') this.hasId = true; // not a valid id: answered as null
        this.awaitingValue = false;
        this.lastKey = undefined;
        this.depth++;
        return;
      }
      this.startValue(b);
      return;
    }
    if (b === 0x7b || b === 0x5b) this.depth++;
    else if (b === 0x7d || b === 0x5d) this.depth--;
  }

  private startValue(first: number): void {
    this.awaitingValue = false;
    this.value = [first];
    if (first === QUOTE) this.inString = true;
  }

  private finishValue(): void {
    const text = Buffer.from(this.value!).toString('utf8');
    const key = this.lastKey;
    this.value = undefined;
    this.lastKey = undefined;
    if (key !== 'id') return;
    this.hasId = true;
    try {
      const parsed = JSON.parse(text) as unknown;
      this.found = typeof parsed === 'string' || typeof parsed === 'number' ? parsed : null;
    } catch {
      this.found = null;
    }
  }
}

/** JSON's whitespace: space, tab, line feed, carriage return. */
function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}
