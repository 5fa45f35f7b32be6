// Which workspace paths may be indexed: .gitignore files (at every level, git semantics), .bigthreeignore
// files (same syntax, for things a team keeps in git but not in the index), folders that are never
// source, and built-in secret patterns that no negation in any ignore file can re-include.
import ignore = require('ignore');
import * as path from 'path';
import type { FileSystemPort, LoggerPort } from '../ports';
import { withLinearGaps } from './ignore-gaps';
import { staysInside } from '../path-inside';
import { SECRET_PATTERNS } from '../security/secrets/secret-files';

export const IGNORE_FILES = ['.gitignore', '.bigthreeignore'] as const;

/** Never source, or generated: never worth embedding. */
export const ALWAYS_EXCLUDED = [
  '.git/',
  '.hg/',
  '.svn/',
  'node_modules/',
  '.big-three/rag/',
  '.DS_Store',
  '*.min.js',
  '*.min.css',
  '*.map',
  'package-lock.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'Cargo.lock',
  'poetry.lock',
  'composer.lock',
];

export type IgnoreReason = 'excluded' | 'secret' | 'gitignore' | 'bigthreeignore' | 'too-deep';

/**
 * Paths more than this many names deep are not indexed: source is never nested so deep, and matching
 * ignore patterns costs more with every folder (a project whose tree nests 2,000 folders deep, within the
 * system's path limit, made each pattern test take seconds).
 */
export const MAX_PATH_DEPTH = 64;

const toPosix = (p: string) => p.split(path.sep).join('/');

export class IgnoreRules {
  private readonly perDirectory = new Map<string, Array<{ file: (typeof IGNORE_FILES)[number]; rules: ignore.Ignore }>>();
  private readonly secrets = ignore().add(SECRET_PATTERNS);
  private readonly excluded: ignore.Ignore;
  /** Big Three's own data folders inside the root (relative, posix): never indexed. */
  private readonly privateFolders: string[];

  /**
   * `privateDirs`: Big Three's own data folders (real paths). One inside the root (a data folder in the
   * workspace, or the home folder opened as the workspace) is never indexed: it holds the audit log,
   * tokens and the index itself.
   */
  constructor(
    private readonly fs: FileSystemPort,
    readonly root: string,
    private readonly logger: LoggerPort,
    extraExcludes: readonly string[] = [],
    privateDirs: readonly string[] = [],
  ) {
    this.excluded = withLinearGaps(ignore().add([...ALWAYS_EXCLUDED, ...extraExcludes]));
    this.privateFolders = [];
    for (const dir of privateDirs) {
      const rel = path.relative(root, dir);
      if (rel === '') logger.warn(`Big Three's data folder ${dir} is the indexed folder itself; only its index folder is left out.`);
      else if (staysInside(rel)) this.privateFolders.push(toPosix(rel));
    }
  }

  private isPrivate(rel: string): boolean {
    return this.privateFolders.some((folder) => rel === folder || rel.startsWith(`${folder}/`));
  }

  /** Forgets the cached ignore files (call when one of them changes). */
  reset(): void {
    this.perDirectory.clear();
  }

  /** Loads the ignore files of one folder (relative posix path, '' for the root); cached. */
  async loadDirectory(dirRel: string): Promise<void> {
    if (this.perDirectory.has(dirRel)) return;
    const found: Array<{ file: (typeof IGNORE_FILES)[number]; rules: ignore.Ignore }> = [];
    for (const file of IGNORE_FILES) {
      const full = path.join(this.root, dirRel, file);
      const stat = await this.fs.stat(full);
      if (!stat?.isFile) continue;
      try {
        found.push({ file, rules: withLinearGaps(ignore().add(Buffer.from(await this.fs.readFile(full)).toString('utf8'))) });
      } catch (error) {
        this.logger.warn(`Could not read ${full}; its rules are not applied: ${(error as Error).message}`);
      }
    }
    this.perDirectory.set(dirRel, found);
  }

  /** Only secret patterns: true when the path or any folder on it looks like a secret. */
  isSecret(relPath: string): boolean {
    const rel = toPosix(relPath);
    return this.secrets.ignores(rel) || this.secrets.ignores(`${rel}/`);
  }

  /**
   * Why `relPath` (relative to the root) is not indexed, or undefined when it may be. The ignore files of
   * its folders must have been loaded (the scanner does it while walking; use `check` otherwise).
   */
  reasonLoaded(relPath: string, isDirectory: boolean): IgnoreReason | undefined {
    const rel = toPosix(relPath);
    const segments = rel.split('/');
    if (segments.length > MAX_PATH_DEPTH) return 'too-deep';
    if (this.isPrivate(rel)) return 'excluded';
    const probe = isDirectory ? `${rel}/` : rel;
    if (this.excluded.ignores(probe)) return 'excluded';
    if (this.secrets.ignores(probe)) return 'secret';
    let verdict: IgnoreReason | undefined;
    for (let depth = 0; depth < segments.length; depth++) {
      const dir = segments.slice(0, depth).join('/');
      const below = segments.slice(depth).join('/') + (isDirectory ? '/' : '');
      for (const { file, rules } of this.perDirectory.get(dir) ?? []) {
        const result = rules.test(below);
        if (result.ignored) verdict = file === '.gitignore' ? 'gitignore' : 'bigthreeignore';
        else if (result.unignored) verdict = undefined;
      }
    }
    return verdict;
  }

  /** Like reasonLoaded, loading the ignore files on the way and checking every parent folder. */
  async check(relPath: string, isDirectory = false): Promise<IgnoreReason | undefined> {
    const segments = toPosix(relPath).split('/');
    if (segments.length > MAX_PATH_DEPTH) return 'too-deep';
    for (let depth = 0; depth < segments.length; depth++) {
      await this.loadDirectory(segments.slice(0, depth).join('/'));
      if (depth > 0) {
        const parentReason = this.reasonLoaded(segments.slice(0, depth).join('/'), true);
        if (parentReason) return parentReason;
      }
    }
    return this.reasonLoaded(relPath, isDirectory);
  }
}
