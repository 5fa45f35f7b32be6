// What a command's words lead to on disk, for the gate's second look at an allowed command: where each
// file name really is (symbolic links followed as the system follows them), and whether git would read
// a repository that starts above the workspace folder.
import * as path from 'path';
import type { RealPathPort } from '../path-guard';
import { isWithin } from '../../path-inside';
import { isSecretPath } from '../secrets/secret-files';

/** The workspace folders' real locations (a folder that is gone has none). */
async function realRootsOf(roots: readonly string[], real: RealPathPort): Promise<string[]> {
  return (await Promise.all(roots.map((r) => real.realpath(path.resolve(r))))).filter((r): r is string => r !== undefined);
}

/**
 * Why the command's file names need asking, if they do: the first name whose real location (symlinks
 * resolved) is outside every root, or that cannot be followed at all. A name is followed as the system
 * follows it, one part at a time: `link/../x` goes to the parent of where the link leads, and a name that
 * does not exist yet (a file a command would create) is placed under the real location of its deepest
 * existing folder.
 */
export async function escapingPathReason(paths: readonly string[], roots: readonly string[], real: RealPathPort): Promise<string | undefined> {
  const realRoots = await realRootsOf(roots, real);
  // Beyond 64 names the command asks rather than leave the rest unchecked.
  if (paths.length > 64) return `the command has more than 64 file names (${paths.length}); where each leads was not checked`;
  for (const p of paths) {
    let resolved: string;
    try {
      resolved = await realLocation(p, real);
    } catch (error) {
      // A symbolic link loop, one that leads nowhere, or a name the system refuses (too long).
      return `${p} cannot be followed on disk (${(error as Error).message}), so where it leads cannot be checked`;
    }
    const root = realRoots.find((r) => isWithin(r, resolved));
    if (root === undefined) return `${p} leads outside the workspace through a symbolic link`;
    // A link in the workspace (`config.test.js -> .env`) hands a secret file (secret-files.ts) to a program
    // that reads it as what it is named (red team 41).
    const where = path.relative(root, resolved);
    if (isSecretPath(where)) return `${p} leads to a secret file (${where}) through a symbolic link`;
  }
  return undefined;
}

/**
 * The folder above a workspace folder where a program would find its project, when the workspace folder
 * holds none of `markers` itself: git's repository (.git), npm's package (package.json, node_modules),
 * tsc's configuration (tsconfig.json). The program then reads (or runs) what is there, outside the
 * workspace: `git diff` the whole repository, `npm test` the parent's script. Undefined when each
 * folder holds a marker or no folder above does.
 */
export async function projectAboveWorkspace(roots: readonly string[], real: RealPathPort, markers: readonly string[]): Promise<string | undefined> {
  return nearestAbove(roots, real, markers, { unlessRootHolds: true });
}

/**
 * Whether a workspace folder is in no git repository at all (no `.git` in it or above): there git diff
 * compares any two files it is given (`--no-index`), and `git diff src .` printed every file, `.env` too
 * (red team 41).
 */
export async function outsideAnyRepository(roots: readonly string[], real: RealPathPort): Promise<boolean> {
  for (const root of roots) {
    const start = (await real.realpath(path.resolve(root))) ?? path.resolve(root);
    if (await isRepository(start, real)) continue;
    if (!(await nearestAbove([start], real, ['.git'], { unlessRootHolds: false }))) return true;
  }
  return false;
}

/**
 * The nearest folder above the workspace folders with a `node_modules`: npx looks for programs in the
 * `node_modules/.bin` of every folder up to the root, and npm puts them on its scripts' PATH, so what is
 * installed there runs even when the workspace has a package of its own.
 */
export function installAboveWorkspace(roots: readonly string[], real: RealPathPort): Promise<string | undefined> {
  return nearestAbove(roots, real, ['node_modules'], { unlessRootHolds: false });
}

/** The nearest folder above a workspace folder (real path) holding one of `markers`; none for a folder that holds one itself when `unlessRootHolds`. */
async function nearestAbove(
  roots: readonly string[],
  real: RealPathPort,
  markers: readonly string[],
  { unlessRootHolds }: { unlessRootHolds: boolean },
): Promise<string | undefined> {
  const holds = async (folder: string) => {
    for (const marker of markers) if (marker === '.git' ? await isRepository(folder, real) : await real.lstatKind(path.join(folder, marker))) return true;
    return false;
  };
  for (const root of roots) {
    const start = (await real.realpath(path.resolve(root))) ?? path.resolve(root);
    if (unlessRootHolds && (await holds(start))) continue;
    for (let folder = path.dirname(start); ; folder = path.dirname(folder)) {
      if (await holds(folder)) return folder;
      if (path.dirname(folder) === folder) break;
    }
  }
  return undefined;
}

/** Where an absolute name really leads (see firstEscapingPath); a name that exists as written costs one call. */
async function realLocation(name: string, real: RealPathPort): Promise<string> {
  const parts = name.split(/[\\/]+/);
  if (!parts.includes('..')) {
    const direct = await real.realpath(name);
    if (direct !== undefined) return direct;
  }
  let current = path.parse(name).root;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part || part === '.' || (i === 0 && current)) continue;
    if (part === '..') {
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, part);
    const kind = await real.lstatKind(next);
    if (!kind) return path.join(next, ...parts.slice(i + 1)); // the rest does not exist yet
    const target = await real.realpath(next);
    // A dangling link: writing through it creates its target, wherever that is.
    if (target === undefined) throw new Error(`${next} is a symbolic link to nothing`);
    current = target;
  }
  return current;
}

/** Programs that look for their project in the folders above the one they run in, and what they look for. */
const PROJECT_MARKERS: ReadonlyArray<[program: string, markers: readonly string[], what: string]> = [
  ['git', ['.git'], 'the git repository'],
  ['npm', ['package.json', 'node_modules'], "npm's project"],
  ['npx', ['package.json', 'node_modules'], "npx's project"],
  ['tsc', ['tsconfig.json'], "tsc's configuration"],
];

/**
 * Why an allowed command asks because of where its programs find their project: git diff outside any
 * repository, a project or configuration above the workspace folder, programs installed above it.
 */
export async function projectOutsideReason(
  verdict: { programs?: readonly string[]; gitDiff?: true },
  roots: readonly string[],
  real: RealPathPort,
): Promise<string | undefined> {
  if (verdict.gitDiff && (await outsideAnyRepository(roots, real)))
    return 'the workspace is in no git repository, where git diff reads any two files it is given (as --no-index)';
  for (const [program, markers, what] of PROJECT_MARKERS) {
    if (!verdict.programs?.includes(program)) continue;
    const above = await projectAboveWorkspace(roots, real, markers);
    if (above) return `${what} is at ${above}, above the workspace folder, so ${program} reads files outside it`;
  }
  if (verdict.programs?.some((p) => p === 'npm' || p === 'npx')) {
    const installed = await installAboveWorkspace(roots, real);
    if (installed) return `${installed}/node_modules is above the workspace folder, and npm and npx run programs from it`;
    // node_modules, or the program in its .bin, linked to elsewhere runs code from outside (red team 42).
    const realRoots = await realRootsOf(roots, real);
    for (const root of roots) {
      const installs = [path.join(root, 'node_modules'), ...(verdict.programs ?? []).map((p) => path.join(root, 'node_modules', '.bin', p))];
      for (const name of installs) {
        if (!(await real.lstatKind(name))) continue;
        const target = await real.realpath(name);
        if (target === undefined || !realRoots.some((r) => isWithin(r, target)))
          return `${path.relative(root, name)} leads outside the workspace, and npm and npx run programs from it`;
      }
    }
  }
  return undefined;
}

/**
 * Whether git would take `folder` as a repository's top: a `.git` file (a worktree's link) or a `.git` folder
 * with its HEAD. An empty `.git` folder is none: git looks past it, to a repository above or to none, where
 * git diff compares any two files (red team 42).
 */
async function isRepository(folder: string, real: RealPathPort): Promise<boolean> {
  const kind = await real.lstatKind(path.join(folder, '.git'));
  return kind === 'file' || (kind === 'directory' && (await real.lstatKind(path.join(folder, '.git', 'HEAD'))) === 'file');
}

/** Files a test runner or linter loads from a folder it is given (mocha, node --test, eslint): by extension. */
const LOADED_FROM_FOLDERS = /\.(?:[cm]?[jt]sx?|json)$/i;
/** Entries looked at in the folders one command names, at most (past it the command asks). */
const MAX_FOLDER_ENTRIES = 5_000;

/**
 * Why a script's program (npm test, npm run lint) given a folder asks: it loads the files inside, and one of
 * them is a link leading out of the workspace or to a secret file (red team 42: `npm test conf2` loaded
 * `conf2/x.js -> ../../secrets/evil.js`). Node's own folders (node_modules, .git) are not looked into.
 */
export async function linkedIntoFolderReason(paths: readonly string[], roots: readonly string[], real: RealPathPort): Promise<string | undefined> {
  if (!real.list) return undefined;
  const realRoots = await realRootsOf(roots, real);
  const pending: string[] = [];
  for (const p of paths) {
    const target = await real.realpath(p).catch(() => undefined);
    if (target && (await real.lstatKind(target)) === 'directory') pending.push(target);
  }
  const seen = new Set<string>();
  let entries = 0;
  while (pending.length) {
    const folder = pending.pop()!;
    if (seen.has(folder)) continue;
    seen.add(folder);
    for (const name of await real.list(folder).catch(() => [])) {
      if (++entries > MAX_FOLDER_ENTRIES)
        return `the folders the command names hold more than ${MAX_FOLDER_ENTRIES} entries; the links among them were not all checked`;
      if (name === 'node_modules' || name === '.git') continue;
      const full = path.join(folder, name);
      const kind = await real.lstatKind(full);
      if (kind === 'directory') pending.push(full);
      if (kind !== 'symlink') continue;
      const target = await real.realpath(full).catch(() => undefined);
      const root = target === undefined ? undefined : realRoots.find((r) => isWithin(r, target));
      const loaded = LOADED_FROM_FOLDERS.test(name) || (target !== undefined && (await real.lstatKind(target)) === 'directory');
      if (!loaded) continue;
      if (root === undefined) return `${full} in a folder the command names leads outside the workspace, and the script's program loads what it finds there`;
      if (isSecretPath(path.relative(root, target!)))
        return `${full} in a folder the command names leads to a secret file, which the script's program would load`;
      if ((await real.lstatKind(target!)) === 'directory') pending.push(target!);
    }
  }
  return undefined;
}
