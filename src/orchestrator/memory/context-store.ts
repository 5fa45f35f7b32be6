// Long-term named contexts (decisions, project notes, anything a later session should know), one
// versioned file per name. Saves replace a context atomically; updateContext() reads, changes and
// writes under a lock file, so concurrent updates from several windows or processes all survive.
import * as path from 'path';
import { FileLock, FileLockOptions } from './file-lock';
import { decodeRecord, encodeRecord, isStoreTempOrQuarantine, quarantine } from './record-file';
import type { StoreFileSystemPort } from './store-file-system';
import { validateStoreName } from './store-names';
import type { ClockPort, LoggerPort } from '../ports';

export const CONTEXT_SCHEMA = 'big-three/context';
export const CONTEXT_VERSION = 1;
const LOCK_NAME = '.contexts.lock';

export interface ContextStorePorts {
  fs: StoreFileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
}

export interface ContextInfo {
  name: string;
  savedAt: number;
}

export class ContextStore {
  private readonly lock: FileLock;

  constructor(
    readonly storageDir: string,
    private readonly ports: ContextStorePorts,
    lockOptions: FileLockOptions = {},
  ) {
    this.lock = new FileLock(ports.fs, path.join(storageDir, LOCK_NAME), ports.clock, ports.logger, lockOptions);
  }

  /** Replaces the context `name` (taking the lock, so it never lands in the middle of an update). */
  async saveContext<T>(name: string, data: T): Promise<void> {
    validateStoreName('context name', name);
    const text = encodeRecord(CONTEXT_SCHEMA, CONTEXT_VERSION, name, this.ports.clock.now(), data);
    await this.lock.withLock(() => this.ports.fs.writeFileAtomic(this.fileOf(name), text));
  }

  async loadContext<T = unknown>(name: string): Promise<T | undefined> {
    validateStoreName('context name', name);
    return (await this.read<T>(name))?.data;
  }

  /**
   * Reads the context (undefined when there is none), lets `change` compute the next value and writes
   * it, all under the store's lock. Returns what was written.
   */
  async updateContext<T>(name: string, change: (current: T | undefined) => T | Promise<T>): Promise<T> {
    validateStoreName('context name', name);
    return this.lock.withLock(async () => {
      const next = await change((await this.read<T>(name))?.data);
      await this.ports.fs.writeFileAtomic(this.fileOf(name), encodeRecord(CONTEXT_SCHEMA, CONTEXT_VERSION, name, this.ports.clock.now(), next));
      return next;
    });
  }

  async deleteContext(name: string): Promise<boolean> {
    validateStoreName('context name', name);
    const file = this.fileOf(name);
    return this.lock.withLock(async () => {
      if (!(await this.ports.fs.stat(file))) return false;
      await this.ports.fs.delete(file);
      return true;
    });
  }

  /** Names of the stored contexts, sorted. */
  async listContexts(): Promise<string[]> {
    const names: string[] = [];
    for (const item of await this.ports.fs.readDirectory(this.storageDir)) {
      if (!item.isFile || isStoreTempOrQuarantine(item.name) || !item.name.endsWith('.json')) continue;
      names.push(item.name.slice(0, -'.json'.length));
    }
    return names.sort();
  }

  private fileOf(name: string): string {
    return path.join(this.storageDir, `${name}.json`);
  }

  private async read<T>(name: string): Promise<{ data: T; savedAt: number } | undefined> {
    const file = this.fileOf(name);
    let bytes: Uint8Array;
    try {
      bytes = await this.ports.fs.readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const decoded = decodeRecord<T>(bytes, CONTEXT_SCHEMA, CONTEXT_VERSION);
    if (decoded.ok && decoded.record.key === name) return { data: decoded.record.data, savedAt: decoded.record.savedAt };
    if (!decoded.ok && decoded.newer) {
      this.ports.logger.warn(`Context "${name}" was written by a newer Big Three (${decoded.reason}); left untouched.`);
      return undefined;
    }
    await quarantine(this.ports.fs, this.ports.clock, this.ports.logger, file, decoded.ok ? `it holds "${decoded.record.key}"` : decoded.reason);
    return undefined;
  }
}
