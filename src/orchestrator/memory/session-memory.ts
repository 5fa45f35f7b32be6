// Memory of one session (one VS Code window, one CLI run): a typed key-value map that hands out
// copies, so nobody changes a stored value behind the store's back.
import { EventEmitter } from '../events';
import { InvalidArgumentError } from '../errors';

export interface SessionMemoryChange {
  key: string | undefined; // undefined: cleared
  kind: 'set' | 'delete' | 'clear';
}

export class SessionMemory {
  private readonly values = new Map<string, unknown>();
  private readonly changed = new EventEmitter<SessionMemoryChange>();
  readonly onDidChange = this.changed.event;

  set<T>(key: string, value: T): void {
    checkKey(key);
    if (value === undefined) throw new InvalidArgumentError(`session memory "${key}": undefined cannot be stored; use delete()`);
    this.values.set(key, structuredClone(value));
    this.changed.fire({ key, kind: 'set' });
  }

  get<T>(key: string): T | undefined {
    checkKey(key);
    const value = this.values.get(key);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  delete(key: string): boolean {
    const existed = this.values.delete(key);
    if (existed) this.changed.fire({ key, kind: 'delete' });
    return existed;
  }

  /** A copy of everything, optionally only the keys starting with `prefix`. */
  getAll(prefix = ''): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of this.values) if (key.startsWith(prefix)) out[key] = structuredClone(value);
    return out;
  }

  get size(): number {
    return this.values.size;
  }

  clear(): void {
    this.values.clear();
    this.changed.fire({ key: undefined, kind: 'clear' });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function checkKey(key: unknown): void {
  if (typeof key !== 'string' || !key) throw new InvalidArgumentError('a session memory key must be a non-empty text');
}
