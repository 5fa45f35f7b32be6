// Loads expert definitions from every source (the shipped pool, Claude Code subagents, the
// workspace's own experts), merges them by precedence and keeps the problems it found.
import * as path from 'path';
import type { FileSystemPort, LoggerPort } from '../ports';
import { EventEmitter } from '../events';
import { UnknownExpertError } from '../errors';
import { DefinitionDiagnostic, DefinitionOrigin, ExpertDefinition, ORIGIN_PRECEDENCE, formatDiagnostic } from './expert-definition';
import { decodeDefinitionBytes, parseDefinition } from './definition-parser';
import type { DefinitionCache, LoadedDefinition } from './definition-cache';
import type { RealPathPort } from '../security/path-guard';
import { AgentFolderLinks } from './agent-folder-links';

export interface DefinitionSource {
  root: string;
  origin: DefinitionOrigin;
  /**
   * A workspace folder the root lies in: a symbolic link on the way to it or inside it is followed only
   * when it leads to a place inside this folder (`.claude` → elsewhere is not followed).
   */
  within?: string;
}

export interface CatalogSnapshot {
  experts: readonly ExpertDefinition[];
  diagnostics: readonly DefinitionDiagnostic[];
}

const MAX_DEPTH = 3;
const MAX_FILES_PER_SOURCE = 2000;
/** Why a link is not followed where no real-path resolver is given (the shipped folder, --agents). */
const NOT_FOLLOWED = { followed: false, problem: 'is a symbolic link: not followed (copy the definition into the folder)' } as const;

export class ExpertCatalog {
  private byId = new Map<string, ExpertDefinition>();
  private list: readonly ExpertDefinition[] | undefined;
  private problems: DefinitionDiagnostic[] = [];
  private readonly changed = new EventEmitter<CatalogSnapshot>();
  private loading: Promise<CatalogSnapshot> | undefined;
  private queued: Promise<CatalogSnapshot> | undefined;
  /** The workspace's definition files as last loaded: each path with its size and modification time. */
  private loadedSignature = '';
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly fs: FileSystemPort,
    private readonly logger: LoggerPort,
    private sources: DefinitionSource[],
    /** Parsed definitions kept between starts; every file is parsed when absent. */
    private readonly cache?: DefinitionCache,
    /** Resolves symbolic links; without it no link in a workspace's agent folders is followed. */
    private readonly realPath?: RealPathPort,
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

  /**
   * Reloads when a workspace's definition files changed since the last load (added, removed or edited), for a
   * host without a file watcher (the MCP server). Shipped definitions do not change while a host runs.
   */
  async reloadIfChanged(): Promise<boolean> {
    if (this.loading) return false;
    if ((await this.workspaceSignature()) === this.loadedSignature) return false;
    await this.reload();
    return true;
  }

  /** Every workspace definition file's path, size and modification time, as one text (loadAll notes the same as it reads). */
  private async workspaceSignature(): Promise<string> {
    const lines: string[] = [];
    for (const source of this.orderedSources()) {
      if (source.within === undefined) continue;
      const walk = await this.walkable(source, []);
      for (const file of walk ? await this.listMarkdown(walk.root, [], walk.links) : []) lines.push(await this.stamp(file));
    }
    return lines.join('\n');
  }

  /** A file's path, size and modification time (-1 when it cannot be looked at). */
  private async stamp(file: string): Promise<string> {
    const stat = await this.fs.stat(file).catch(() => undefined);
    return `${file}\t${stat?.size ?? -1}\t${stat?.mtimeMs ?? -1}`;
  }

  /** Sources in the order their definitions override each other (later ones win). */
  private orderedSources(): DefinitionSource[] {
    return [...this.sources].sort((a, b) => ORIGIN_PRECEDENCE[a.origin] - ORIGIN_PRECEDENCE[b.origin]);
  }

  private async loadAll(): Promise<CatalogSnapshot> {
    const diagnostics: DefinitionDiagnostic[] = [];
    const signature: string[] = [];
    const merged = new Map<string, ExpertDefinition>();
    await this.cache?.begin();
    for (const source of this.orderedSources()) {
      const seenInSource = new Map<string, string>();
      const walk = await this.walkable(source, diagnostics);
      if (!walk) continue;
      for (const file of await this.listMarkdown(walk.root, diagnostics, walk.links)) {
        // Stamped before it is read: a file changed meanwhile differs from the stamp, and reloadIfChanged loads it again.
        if (source.within !== undefined) signature.push(await this.stamp(file));
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
    this.loadedSignature = signature.join('\n');
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
   * Where to list a source's definitions: its root, or the real folder when a symbolic link on the way
   * leads into the workspace's protected agent folders (agent-folder-links.ts); otherwise, with a
   * warning, nothing. No link is followed when no real-path resolver was given.
   */
  private async walkable(source: DefinitionSource, diagnostics: DefinitionDiagnostic[]): Promise<{ root: string; links?: AgentFolderLinks } | undefined> {
    if (source.within === undefined) return { root: source.root };
    const links = await AgentFolderLinks.of(this.realPath, source.within);
    let folder = source.within;
    let linked: string | undefined;
    for (const name of path.relative(source.within, source.root).split(path.sep).filter(Boolean)) {
      const entry = (await this.fs.readDirectory(folder).catch(() => [])).find((e) => e.name === name);
      if (!entry) return undefined; // not there (yet): nothing to load
      folder = path.join(folder, name);
      if (entry.isSymbolicLink) linked ??= folder;
    }
    if (linked === undefined) return { root: source.root, ...(links ? { links } : {}) };
    const followed = links ? await links.follow(source.root) : NOT_FOLLOWED;
    if (followed.followed && followed.kind === 'directory') return { root: followed.real, links: links! };
    diagnostics.push({
      file: linked,
      severity: 'warning',
      message: followed.followed ? 'is a symbolic link to a file, not a folder: not followed' : followed.problem,
    });
    return undefined;
  }

  /** Markdown files under `root`; links are followed as `links` allows (none without it), each folder and file once. */
  private async listMarkdown(root: string, diagnostics: DefinitionDiagnostic[], links?: AgentFolderLinks): Promise<string[]> {
    const files: string[] = [];
    const visited = new Set<string>();
    const seenFiles = new Set<string>();
    const addFile = (file: string, real: string) => {
      if (seenFiles.has(real)) return; // a second link to a definition already read
      seenFiles.add(real);
      files.push(file);
    };
    const walk = async (dir: string, depth: number): Promise<void> => {
      const realDir = (await links?.real(dir)) ?? dir;
      if (visited.has(realDir)) return;
      visited.add(realDir);
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
        } else if (entry.isFile && markdown) addFile(full, path.join(realDir, entry.name));
        else if (entry.isSymbolicLink && !entry.name.startsWith('.')) {
          const followed = links ? await links.follow(full) : NOT_FOLLOWED;
          if (!followed.followed) diagnostics.push({ file: full, severity: 'warning', message: followed.problem });
          else if (followed.kind === 'directory' && depth < MAX_DEPTH) await walk(followed.real, depth + 1);
          else if (followed.kind === 'directory')
            diagnostics.push({ file: full, severity: 'warning', message: `more than ${MAX_DEPTH} folders deep: its definitions are not loaded` });
          else if (markdown) addFile(followed.real, followed.real);
        }
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
