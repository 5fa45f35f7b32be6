// Loads expert definitions from every source (the shipped pool, Claude Code subagents, the
// workspace's own experts), merges them by precedence and keeps the problems it found.
import * as path from 'path';
import type { FileSystemPort, LoggerPort } from '../ports';
import { EventEmitter } from '../events';
import { UnknownExpertError } from '../errors';
import { DefinitionDiagnostic, DefinitionOrigin, ExpertDefinition, ORIGIN_PRECEDENCE, formatDiagnostic } from './expert-definition';
import { decodeDefinitionBytes, parseDefinition } from './definition-parser';
import type { DefinitionCache, LoadedDefinition } from './definition-cache';

export interface DefinitionSource {
  root: string;
  origin: DefinitionOrigin;
  /** A workspace folder the root lies in: a symbolic link on the way to it (`.claude` → elsewhere) is not followed. */
  within?: string;
}

export interface CatalogSnapshot {
  experts: readonly ExpertDefinition[];
  diagnostics: readonly DefinitionDiagnostic[];
}

const MAX_DEPTH = 3;
const MAX_FILES_PER_SOURCE = 2000;

export class ExpertCatalog {
  private byId = new Map<string, ExpertDefinition>();
  private list: readonly ExpertDefinition[] | undefined;
  private problems: DefinitionDiagnostic[] = [];
  private readonly changed = new EventEmitter<CatalogSnapshot>();
  private loading: Promise<CatalogSnapshot> | undefined;
  private queued: Promise<CatalogSnapshot> | undefined;
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly fs: FileSystemPort,
    private readonly logger: LoggerPort,
    private sources: DefinitionSource[],
    /** Parsed definitions kept between starts; every file is parsed when absent. */
    private readonly cache?: DefinitionCache,
  ) {}

  /** The same array until the next reload (callers may key caches on it). */
  get experts(): readonly ExpertDefinition[] {
    return (this.list ??= Object.freeze([...this.byId.values()]));
  }

  get diagnostics(): readonly DefinitionDiagnostic[] {
    return this.problems;
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }

  find(id: string): ExpertDefinition | undefined {
    return this.byId.get(id);
  }

  get(id: string): ExpertDefinition {
    const expert = this.byId.get(id);
    if (!expert) throw new UnknownExpertError(id, this.ids);
    return expert;
  }

  setSources(sources: DefinitionSource[]): void {
    this.sources = sources;
  }

  /** Reloads every source. Calls made while a load runs are coalesced into one more load. */
  reload(): Promise<CatalogSnapshot> {
    if (this.loading) {
      this.queued ??= this.loading
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined;
          return this.reload();
        });
      return this.queued;
    }
    this.loading = this.loadAll().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async loadAll(): Promise<CatalogSnapshot> {
    const diagnostics: DefinitionDiagnostic[] = [];
    const merged = new Map<string, ExpertDefinition>();
    await this.cache?.begin();
    const ordered = [...this.sources].sort((a, b) => ORIGIN_PRECEDENCE[a.origin] - ORIGIN_PRECEDENCE[b.origin]);
    for (const source of ordered) {
      const seenInSource = new Map<string, string>();
      if (source.within !== undefined && (await this.linkedOnTheWay(source.within, source.root, diagnostics))) continue;
      for (const file of await this.listMarkdown(source.root, diagnostics)) {
        const definition = await this.loadFile(file, source.origin, diagnostics);
        if (!definition) continue;
        const earlier = seenInSource.get(definition.id);
        if (earlier) {
          diagnostics.push({ file, severity: 'error', message: `duplicate expert id "${definition.id}": already defined in ${earlier}; this file is skipped` });
          continue;
        }
        seenInSource.set(definition.id, file);
        const replaced = merged.get(definition.id);
        if (replaced) {
          diagnostics.push({ file, severity: 'info', message: `overrides the ${replaced.origin} expert "${definition.id}" from ${replaced.file}` });
          merged.set(definition.id, { ...definition, overrides: replaced.file });
        } else {
          merged.set(definition.id, definition);
        }
      }
    }
    await this.cache?.commit();
    this.list = undefined;
    this.byId = new Map([...merged.entries()].sort((a, b) => a[1].tier - b[1].tier || a[0].localeCompare(b[0])));
    this.problems = diagnostics;
    for (const d of diagnostics) {
      if (d.severity === 'error') this.logger.warn(formatDiagnostic(d));
    }
    this.logger.info(`Loaded ${this.byId.size} experts (${diagnostics.filter((d) => d.severity === 'error').length} definition errors).`);
    const snapshot = { experts: this.experts, diagnostics };
    this.changed.fire(snapshot, (error) => this.logger.error('expert catalog listener failed', error));
    return snapshot;
  }

  private async loadFile(file: string, origin: DefinitionOrigin, diagnostics: DefinitionDiagnostic[]): Promise<ExpertDefinition | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(file);
    } catch (error) {
      diagnostics.push({ file, severity: 'error', message: `cannot be read: ${(error as Error).message}` });
      return undefined;
    }
    const key = this.cache?.key(file, origin, bytes);
    const cached = key !== undefined ? this.cache!.get(key) : undefined;
    const loaded = cached ?? parseFile(file, origin, bytes);
    if (key !== undefined && !cached) this.cache!.set(key, loaded);
    diagnostics.push(...loaded.diagnostics);
    return loaded.definition;
  }

  /**
   * True (with a warning) when a folder between `within` and `root` is a symbolic link: a project's
   * `.claude/agents` linked to `/` had loaded markdown from anywhere on the machine as experts.
   */
  private async linkedOnTheWay(within: string, root: string, diagnostics: DefinitionDiagnostic[]): Promise<boolean> {
    let folder = within;
    for (const name of path.relative(within, root).split(path.sep).filter(Boolean)) {
      const entry = (await this.fs.readDirectory(folder).catch(() => [])).find((e) => e.name === name);
      if (!entry) return false; // not there (yet): nothing to load
      const next = path.join(folder, name);
      if (entry.isSymbolicLink) {
        diagnostics.push({
          file: next,
          severity: 'warning',
          message: 'is a symbolic link: the definitions it leads to are not loaded (copy them into the workspace)',
        });
        return true;
      }
      folder = next;
    }
    return false;
  }

  private async listMarkdown(root: string, diagnostics: DefinitionDiagnostic[]): Promise<string[]> {
    const files: string[] = [];
    const walk = async (dir: string, depth: number): Promise<void> => {
      let entries;
      try {
        entries = await this.fs.readDirectory(dir);
      } catch (error) {
        diagnostics.push({ file: dir, severity: 'error', message: `folder cannot be listed: ${(error as Error).message}` });
        return;
      }
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (files.length >= MAX_FILES_PER_SOURCE) return;
        const full = path.join(dir, entry.name);
        const markdown = entry.name.toLowerCase().endsWith('.md') && entry.name.toLowerCase() !== 'readme.md';
        if (entry.isDirectory && !entry.name.startsWith('.')) {
          if (depth < MAX_DEPTH) await walk(full, depth + 1);
          else diagnostics.push({ file: full, severity: 'warning', message: `more than ${MAX_DEPTH} folders deep: its definitions are not loaded` });
        } else if (entry.isFile && markdown) files.push(full);
        else if (entry.isSymbolicLink && !entry.name.startsWith('.'))
          // A link in a project's agent folder may lead anywhere on the machine: it is not followed.
          diagnostics.push({ file: full, severity: 'warning', message: 'is a symbolic link: not followed (copy the definition into the folder)' });
      }
    };
    await walk(root, 1);
    if (files.length >= MAX_FILES_PER_SOURCE) {
      diagnostics.push({ file: root, severity: 'warning', message: `more than ${MAX_FILES_PER_SOURCE} definition files; the rest are not loaded` });
    }
    return files;
  }
}

function parseFile(file: string, origin: DefinitionOrigin, bytes: Uint8Array): LoadedDefinition {
  const decoded = decodeDefinitionBytes(file, bytes);
  if (decoded.diagnostic) return { diagnostics: [decoded.diagnostic] };
  const result = parseDefinition(file, decoded.text!, origin);
  const diagnostics = [...result.diagnostics];
  const stem = path.basename(file, '.md');
  if (result.definition && stem !== result.definition.id && origin !== 'claude') {
    diagnostics.push({ file, severity: 'warning', message: `file name "${stem}.md" differs from the expert id "${result.definition.id}"` });
  }
  return result.definition ? { definition: result.definition, diagnostics } : { diagnostics };
}
