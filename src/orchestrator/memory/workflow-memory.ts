// Persistent memory of workflow executions. Each store writes a new immutable file named
// `<time>-<sequence>-<random>-<id>.json` atomically; older versions of the same id are deleted after
// the new one is safely in place. Writers never modify a shared file, so two windows or a window and
// the CLI storing at the same time cannot lose each other's updates, and recency is read from the
// names alone. A corrupt file is quarantined and the previous version (if any) is used instead.
import { randomBytes } from 'crypto';
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { InvalidArgumentError } from '../errors';
import { decodeRecord, encodeRecord, isStoreTempOrQuarantine, quarantine } from './record-file';
import { validateStoreName } from './store-names';

export const WORKFLOW_EXECUTION_SCHEMA = 'big-three/workflow-execution';
export const WORKFLOW_EXECUTION_VERSION = 1;

export interface StoredExecution<T = unknown> {
  id: string;
  storedAt: number;
  data: T;
}

export interface StorePorts {
  fs: FileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
}

export interface WorkflowMemoryOptions {
  /** Executions kept; the oldest beyond this are deleted (default 500). */
  maxExecutions?: number;
}

interface Entry {
  file: string;
  order: string;
  id: string;
}

const FILE_PATTERN = /^(\d{15}-\d{6}-[0-9a-f]{6})-(.+)\.json$/;
let sequence = 0;

export class WorkflowMemory {
  private readonly maxExecutions: number;

  constructor(
    readonly storageDir: string,
    private readonly ports: StorePorts,
    options: WorkflowMemoryOptions = {},
  ) {
    this.maxExecutions = options.maxExecutions ?? 500;
    if (!Number.isInteger(this.maxExecutions) || this.maxExecutions < 1)
      throw new InvalidArgumentError(`maxExecutions must be a whole number ≥ 1, got ${options.maxExecutions}`);
  }

  async storeExecution<T>(id: string, data: T): Promise<StoredExecution<T>> {
    validateStoreName('execution id', id);
    const storedAt = this.ports.clock.now();
    const text = encodeRecord(WORKFLOW_EXECUTION_SCHEMA, WORKFLOW_EXECUTION_VERSION, id, storedAt, data);
    sequence = (sequence + 1) % 1_000_000;
    const order = `${String(storedAt).padStart(15, '0')}-${String(sequence).padStart(6, '0')}-${randomBytes(3).toString('hex')}`;
    const file = `${order}-${id}.json`;
    await this.ports.fs.writeFileAtomic(path.join(this.storageDir, file), text);
    const entries = await this.list();
    const stale = entries.filter((e) => e.id === id && e.order < order);
    for (const e of stale) await this.ports.fs.delete(path.join(this.storageDir, e.file));
    await this.prune(entries.filter((e) => !stale.includes(e)));
    return { id, storedAt, data };
  }

  async getExecution<T = unknown>(id: string): Promise<StoredExecution<T> | undefined> {
    validateStoreName('execution id', id);
    for (const entry of (await this.list()).filter((e) => e.id === id)) {
      const record = await this.read<T>(entry);
      if (record) return record;
    }
    return undefined;
  }

  /** The most recently stored executions, newest first. */
  async getRecent<T = unknown>(limit = 10): Promise<StoredExecution<T>[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new InvalidArgumentError(`limit must be a whole number ≥ 1, got ${limit}`);
    const out: StoredExecution<T>[] = [];
    const done = new Set<string>();
    for (const entry of await this.list()) {
      if (out.length >= limit) break;
      if (done.has(entry.id)) continue;
      const record = await this.read<T>(entry);
      if (record) {
        done.add(entry.id);
        out.push(record);
      }
    }
    return out;
  }

  async count(): Promise<number> {
    return new Set((await this.list()).map((e) => e.id)).size;
  }

  /** Every version on disk, newest first. */
  private async list(): Promise<Entry[]> {
    const entries: Entry[] = [];
    for (const item of await this.ports.fs.readDirectory(this.storageDir)) {
      if (!item.isFile || isStoreTempOrQuarantine(item.name)) continue;
      const match = FILE_PATTERN.exec(item.name);
      if (match) entries.push({ file: item.name, order: match[1]!, id: match[2]! });
    }
    return entries.sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0));
  }

  private async read<T>(entry: Entry): Promise<StoredExecution<T> | undefined> {
    const file = path.join(this.storageDir, entry.file);
    let bytes: Uint8Array;
    try {
      bytes = await this.ports.fs.readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // replaced or pruned by another writer
      throw error;
    }
    const decoded = decodeRecord<T>(bytes, WORKFLOW_EXECUTION_SCHEMA, WORKFLOW_EXECUTION_VERSION);
    if (decoded.ok && decoded.record.key === entry.id) return { id: entry.id, storedAt: decoded.record.savedAt, data: decoded.record.data };
    if (!decoded.ok && decoded.newer) {
      this.ports.logger.warn(`Skipping ${entry.file}: ${decoded.reason}.`);
      return undefined;
    }
    await quarantine(
      this.ports.fs,
      this.ports.clock,
      this.ports.logger,
      file,
      decoded.ok ? `it holds "${decoded.record.key}", not "${entry.id}"` : decoded.reason,
    );
    return undefined;
  }

  private async prune(entries: Entry[]): Promise<void> {
    const ids = [...new Set(entries.map((e) => e.id))];
    if (ids.length <= this.maxExecutions) return;
    const drop = new Set(ids.slice(this.maxExecutions));
    for (const e of entries) if (drop.has(e.id)) await this.ports.fs.delete(path.join(this.storageDir, e.file));
    this.ports.logger.info(`Workflow memory keeps the ${this.maxExecutions} most recent executions; removed ${drop.size} older ones.`);
  }
}
