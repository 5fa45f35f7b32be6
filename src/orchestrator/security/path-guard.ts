// Confines paths to the workspace roots. Lexical rules first (no "..", no control or bidi characters,
// no colons or 8.3 short names, no home or UNC forms, absolute paths only inside a root), then the
// real path: the deepest existing ancestor is resolved through symlinks and must stay inside the real
// root, and a dangling symlink on the way is refused. Nothing may be written under .git; protected
// files (.vscode/**, .big-three/**, .claude/** and configured globs) always need approval to write.
import * as path from 'path';
import { codePointName, invisibleCharacter, replaceInvisible } from './invisible-characters';
import { PathViolationError } from './errors';
import { isWithin } from '../path-inside';

/** What the guard needs from the file system (lstat/realpath); Node's is in src/adapters. */
export interface RealPathPort {
  /** The canonical path with every symlink resolved; undefined when nothing exists there. */
  realpath(path: string): Promise<string | undefined>;
  /** The kind of the entry itself (a symlink is not followed); undefined when nothing exists. */
  lstatKind(path: string): Promise<'file' | 'directory' | 'symlink' | 'other' | undefined>;
  /** The names in a folder (without it, a folder a command names is not looked into). */
  list?(folder: string): Promise<string[]>;
}

export const DEFAULT_PROTECTED_GLOBS: readonly string[] = [
  '.vscode/**',
  '.big-three/**',
  '.claude/**',
  '**/*.code-workspace',
  '.gitmodules',
  '**/.gitattributes', // filters and diff drivers, in any folder
  '**/node_modules/**', // code npm test, npx and tsc run
  // files that make tools run code: package manifests and their config, CI workflows, git hooks, direnv
  '**/package.json',
  // compiler settings: where tsc writes its output and build info
  '**/tsconfig*.json',
  '**/jsconfig*.json',
  '**/.npmrc',
  '**/.yarnrc',
  '**/.yarnrc.yml',
  '**/.pnpmfile.cjs',
  '**/pyproject.toml',
  '**/setup.py',
  '**/setup.cfg',
  '**/Cargo.toml',
  '**/build.rs',
  '**/go.mod',
  '**/Gemfile',
  '**/composer.json',
  '**/Makefile',
  '**/makefile',
  '**/GNUmakefile',
  '**/*.mk',
  '.github/workflows/**',
  '.github/actions/**',
  '.gitlab-ci.yml',
  '.circleci/**',
  'azure-pipelines.yml',
  'Jenkinsfile',
  '.buildkite/**',
  '.travis.yml',
  '.husky/**',
  '.githooks/**',
  '.pre-commit-config.yaml',
  'lefthook.yml',
  '.lefthook.yml',
  '.envrc',
  '**/.envrc',
  '.env*',
  '**/.env*',
  '.editorconfig',
  '.devcontainer/**',
];

export const MAX_PATH_LENGTH = 4096;

export interface PathGuardOptions {
  roots: readonly string[];
  protectedGlobs?: readonly string[];
  /** Compare paths without case (default: on Windows and macOS). */
  caseInsensitive?: boolean;
}

export interface GuardedPath {
  /** Absolute path with symlinks resolved (use this one for the actual I/O). */
  absolute: string;
  /** Path relative to its root, with "/" separators. */
  relative: string;
  root: string;
  /** The protected-file glob it matches; writes then always need approval. */
  protectedBy?: string;
}

export class PathGuard {
  private readonly roots: string[];
  private readonly protectedMatchers: Array<{ glob: string; regex: RegExp }>;
  private readonly caseInsensitive: boolean;
  private readonly realRoots = new Map<string, string>();

  constructor(
    options: PathGuardOptions,
    private readonly real?: RealPathPort,
  ) {
    if (!options.roots.length) throw new PathViolationError('No workspace folder is open, so no file may be touched.', '');
    this.roots = options.roots.map((r) => path.resolve(r));
    this.caseInsensitive = options.caseInsensitive ?? (process.platform === 'win32' || process.platform === 'darwin');
    this.protectedMatchers = [...DEFAULT_PROTECTED_GLOBS, ...(options.protectedGlobs ?? [])].map((glob) => ({ glob, regex: globToRegExp(glob.toLowerCase()) }));
  }

  /** Lexical checks only (fast, no I/O); throws PathViolationError. */
  checkLexical(input: unknown, mode: 'read' | 'write', options: { allowRoot?: boolean } = {}): GuardedPath {
    if (typeof input !== 'string' || !input.length) throw new PathViolationError('A path must be a non-empty string.', String(input));
    const fail = (why: string): never => {
      throw new PathViolationError(`Refused path "${printable(input)}": ${why}.`, input);
    };
    if (input.length > MAX_PATH_LENGTH) fail(`longer than ${MAX_PATH_LENGTH} characters`);
    const invisible = invisibleCharacter(input);
    if (invisible) fail(`it contains a control, zero-width, bidirectional or other invisible character (${codePointName(invisible)})`);
    const unified = input.replace(/\\/g, '/');
    if (unified.startsWith('~')) fail('home-relative paths (~) are not allowed');
    if (unified.startsWith('//')) fail('UNC and network paths are not allowed');
    const drive = /^[A-Za-z]:\//.test(unified) && process.platform === 'win32' ? 2 : 0;
    if (unified.slice(drive).includes(':')) fail('colons (drive-relative paths, alternate data streams, URLs) are not allowed');
    const segments = unified.split('/');
    if (segments.some((s) => s === '..' || /^\.{2,}\s*$/.test(s) || (/^[.\s]+$/.test(s) && s.length > 1)))
      fail('".." and other dot-only segments are not allowed');
    if (segments.some((s) => /~\d/.test(s))) fail('8.3 short names (like GIT~1) are not allowed');
    const isAbsolute = unified.startsWith('/') || drive > 0;
    const absolute = isAbsolute ? path.resolve(unified) : undefined;
    const root = absolute ? this.roots.find((r) => this.inside(r, absolute)) : this.roots[0]!;
    if (!root) fail(`it is outside the workspace folders (${this.roots.join(', ')})`);
    const resolved = absolute ?? path.resolve(root!, unified);
    if (!this.inside(root!, resolved)) fail('it leaves the workspace folder');
    const relative = path.relative(root!, resolved).split(path.sep).join('/');
    if (!relative) {
      if (options.allowRoot && mode === 'read') return { absolute: resolved, relative: '', root: root! };
      fail('it is the workspace folder itself, not a file in it');
    }
    return this.classify({ absolute: resolved, relative, root: root! }, mode, input);
  }

  /** Lexical checks plus symlink resolution; the returned absolute path is the real one. */
  async resolve(input: unknown, mode: 'read' | 'write', options: { allowRoot?: boolean } = {}): Promise<GuardedPath> {
    const lexical = this.checkLexical(input, mode, options);
    if (!this.real) return lexical;
    const realRoot = await this.realRoot(lexical.root);
    let probe = lexical.absolute;
    const missing: string[] = [];
    let realProbe: string | undefined;
    for (;;) {
      realProbe = await this.real.realpath(probe);
      if (realProbe !== undefined) break;
      if ((await this.real.lstatKind(probe)) === 'symlink')
        throw new PathViolationError(
          `Refused path "${printable(String(input))}": ${path.relative(lexical.root, probe) || probe} is a dangling symbolic link.`,
          String(input),
        );
      missing.unshift(path.basename(probe));
      const parent = path.dirname(probe);
      if (parent === probe) break;
      probe = parent;
    }
    const realTarget = path.join(realProbe ?? probe, ...missing);
    if (!this.inside(realRoot, realTarget)) {
      throw new PathViolationError(
        `Refused path "${printable(String(input))}": a symbolic link leads outside the workspace folder (to ${realTarget}).`,
        String(input),
      );
    }
    const realRelative = path.relative(realRoot, realTarget).split(path.sep).join('/');
    if (!realRelative) {
      if (options.allowRoot && mode === 'read') return { absolute: realRoot, relative: '', root: lexical.root };
      throw new PathViolationError(`Refused path "${printable(String(input))}": it resolves to the workspace folder itself.`, String(input));
    }
    const checked = this.classify({ absolute: realTarget, relative: realRelative, root: lexical.root }, mode, String(input));
    return lexical.protectedBy && !checked.protectedBy ? { ...checked, protectedBy: lexical.protectedBy } : checked;
  }

  /**
   * The protected glob a folder's contents fall under, or one inside it: writing the folder as a whole (moving
   * it, copying a tree into it) writes such files. `relative` is the folder's path in its root ('' for the root).
   */
  protectedWithin(relative: string): string | undefined {
    const folder = relative
      .toLowerCase()
      .split('/')
      .map((s) => s.replace(/[. ]+$/, ''))
      .filter(Boolean)
      .join('/');
    const probe = folder ? `${folder}/x` : 'x';
    const under = this.protectedMatchers.find((m) => m.regex.test(probe));
    if (under) return under.glob;
    // A glob that names files below the folder: `.github` holds `.github/workflows/**`. (A name such as
    // `**/package.json` may lie anywhere, but no such file is made without asking, so moving a folder that
    // holds one moves a file already approved; it counts where it lands, as any written name does.)
    const prefix = `${folder}/`;
    return this.protectedMatchers.find((m) => !m.glob.startsWith('**/') && m.glob.toLowerCase().startsWith(prefix))?.glob;
  }

  private classify(p: GuardedPath, mode: 'read' | 'write', input: string): GuardedPath {
    // Windows drops trailing dots and spaces from names, so ".git." is ".git" there: compare trimmed.
    const segments = p.relative
      .toLowerCase()
      .split('/')
      .map((s) => s.replace(/[. ]+$/, ''));
    if (mode === 'write' && segments.includes('.git')) {
      throw new PathViolationError(`Refused path "${printable(input)}": nothing may be written under .git.`, input);
    }
    const normalized = segments.join('/');
    const hit = this.protectedMatchers.find((m) => m.regex.test(normalized));
    return hit ? { ...p, protectedBy: hit.glob } : p;
  }

  private inside(root: string, candidate: string): boolean {
    return this.caseInsensitive ? isWithin(root.toLowerCase(), candidate.toLowerCase()) : isWithin(root, candidate);
  }

  private async realRoot(root: string): Promise<string> {
    let real = this.realRoots.get(root);
    if (!real) {
      real = (await this.real!.realpath(root)) ?? root;
      this.realRoots.set(root, real);
    }
    return real;
  }
}

/** `**` any number of segments, `*` within a segment, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function printable(text: string): string {
  const shown = text.length > 120 ? `${text.slice(0, 117)}…` : text;
  return replaceInvisible(shown, (c) => {
    const code = c.codePointAt(0)!;
    return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
  });
}
