// Parsed expert definitions kept on disk between starts, so a host does not parse (YAML front matter,
// sections, keywords) every unchanged definition again when it starts. An entry is found by the hash of
// the code version, the file's path and origin and its exact bytes: any edit, or another build of the
// code, misses and parses afresh. A missing or unreadable cache file is ignored, a malformed one moved
// aside (<file>.corrupt-<time>), and the cache rewritten; entries of files not loaded any more are
// dropped when the cache is written.
import { createHash } from 'crypto';
import * as path from 'path';
import type { FileSystemPort, LoggerPort } from '../ports';
import type { DefinitionDiagnostic, DefinitionOrigin, ExpertDefinition } from './expert-definition';

/** What loading one file produced: its definition (none when it has errors) and its diagnostics. */
export interface LoadedDefinition {
  definition?: ExpertDefinition;
  diagnostics: DefinitionDiagnostic[];
}

interface CacheFile {
  format: typeof FORMAT;
  version: string;
  entries: Record<string, LoadedDefinition>;
}

const FORMAT = 'big-three-definition-cache/1';

export class DefinitionCache {
  private entries: Map<string, LoadedDefinition> | undefined;
  private used = new Set<string>();
  private dirty = false;
  /** Files found in the cache and files parsed, since this cache was made. */
  readonly counts = { hits: 0, misses: 0 };

  /** `version` names the code that parses (a new build never reuses another build's entries). */
  constructor(
    private readonly fs: FileSystemPort,
    private readonly file: string,
    private readonly version: string,
    private readonly logger: LoggerPort,
  ) {}

  /** Starts one catalog load: reads the cache file the first time. */
  async begin(): Promise<void> {
    this.used = new Set();
    this.entries ??= await this.read();
  }

  key(file: string, origin: DefinitionOrigin, bytes: Uint8Array): string {
    return createHash('sha256').update(`${this.version}\0${origin}\0${file}\0`).update(bytes).digest('hex');
  }

  /** A copy of the cached result (callers may change what they get). */
  get(key: string): LoadedDefinition | undefined {
    const entry = this.entries?.get(key);
    if (!entry) {
      this.counts.misses++;
      return undefined;
    }
    this.counts.hits++;
    this.used.add(key);
    return structuredClone(entry);
  }

  set(key: string, loaded: LoadedDefinition): void {
    this.entries ??= new Map();
    this.entries.set(key, structuredClone(loaded));
    this.used.add(key);
    this.dirty = true;
  }

  /** Ends a load: writes the cache when it changed, keeping only the entries this load used. */
  async commit(): Promise<void> {
    if (!this.entries) return;
    for (const key of [...this.entries.keys()]) {
      if (!this.used.has(key)) {
        this.entries.delete(key);
        this.dirty = true;
      }
    }
    if (!this.dirty) return;
    this.dirty = false;
    const data: CacheFile = { format: FORMAT, version: this.version, entries: Object.fromEntries(this.entries) };
    try {
      await this.fs.createDirectory(path.dirname(this.file));
      await this.fs.writeFileAtomic(this.file, JSON.stringify(data), { sync: false });
    } catch (error) {
      this.logger.warn(`Could not write the definition cache ${this.file}: ${(error as Error).message}`);
    }
  }

  private async read(): Promise<Map<string, LoadedDefinition>> {
    let text: string;
    try {
      if (!(await this.fs.stat(this.file))) return new Map();
      text = new TextDecoder().decode(await this.fs.readFile(this.file));
    } catch (error) {
      this.logger.warn(`Could not read the definition cache ${this.file}: ${(error as Error).message}; definitions are parsed again.`);
      return new Map();
    }
    const parsed = parseCacheFile(text);
    if (!parsed) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      await this.fs.rename(this.file, aside).catch(() => undefined);
      this.logger.warn(`The definition cache ${this.file} is malformed (kept as ${aside}); definitions are parsed again and the cache rewritten.`);
      this.dirty = true;
      return new Map();
    }
    // Another build's entries can never match (the version is in every key): start empty.
    if (parsed.version !== this.version) {
      this.dirty = true;
      return new Map();
    }
    return new Map(Object.entries(parsed.entries));
  }
}

function parseCacheFile(text: string): CacheFile | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value.format !== FORMAT || typeof value.version !== 'string' || !isRecord(value.entries)) return undefined;
  for (const entry of Object.values(value.entries)) if (!isLoadedDefinition(entry)) return undefined;
  return value as unknown as CacheFile;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLoadedDefinition(value: unknown): value is LoadedDefinition {
  if (!isRecord(value) || !Array.isArray(value.diagnostics)) return false;
  if (
    !value.diagnostics.every(
      (d) =>
        isRecord(d) &&
        typeof d.file === 'string' &&
        typeof d.message === 'string' &&
        (d.severity === 'error' || d.severity === 'warning' || d.severity === 'info'),
    )
  )
    return false;
  if (value.definition === undefined) return true;
  const d = value.definition;
  return (
    isRecord(d) &&
    typeof d.id === 'string' &&
    typeof d.displayName === 'string' &&
    typeof d.description === 'string' &&
    (d.tier === 1 || d.tier === 2 || d.tier === 3) &&
    typeof d.category === 'string' &&
    Array.isArray(d.triggers) &&
    Array.isArray(d.focusAreas) &&
    Array.isArray(d.tools) &&
    typeof d.role === 'string' &&
    typeof d.systemPrompt === 'string' &&
    typeof d.guidelines === 'string' &&
    (d.examples === undefined || (Array.isArray(d.examples) && d.examples.every((e) => typeof e === 'string'))) &&
    typeof d.origin === 'string' &&
    typeof d.file === 'string'
  );
}
