// The gate's second look at an allowed tsc: the configuration it reads, and every file that one extends,
// must be protected files inside the workspace. The user chose what a protected file says (an agent
// cannot edit it unasked); an unprotected file in the chain ("extends": "./config/base.json") could be
// written by an agent to turn on `incremental` with a `tsBuildInfoFile` anywhere, which tsc writes even
// with --noEmit.
import * as path from 'path';
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import type { FileSystemPort } from '../../ports';
import type { PathGuard } from '../path-guard';

/** Reading and stat'ing files, for following the chain. */
export type ConfigFiles = Pick<FileSystemPort, 'readFile' | 'stat'>;

/** A chain deeper than this asks (tsc itself refuses circular chains). */
const MAX_CHAIN = 16;

/**
 * Why tsc with this project (`-p VALUE`, or '' for the workspace's tsconfig.json) must ask, or
 * undefined when every configuration it reads is a protected file in the workspace (or there is none).
 */
export async function unprotectedTscConfig(project: string, root: string, guard: PathGuard, files: ConfigFiles): Promise<string | undefined> {
  let first: string;
  if (project === '') {
    first = path.join(root, 'tsconfig.json');
    if (!(await files.stat(first))) return undefined; // no project here: tsc compiles nothing (a parent's is checked apart)
  } else {
    const named = path.resolve(root, project.replace(/[\\/]+$/, '') || '.');
    const stat = await files.stat(named);
    first = stat?.isDirectory ? path.join(named, 'tsconfig.json') : named;
  }
  const seen = new Set<string>();
  const queue = [first];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (seen.size > MAX_CHAIN) return `tsc's configuration extends more than ${MAX_CHAIN} files`;
    const shown = path.relative(root, file) || file;
    let protectedBy: string | undefined;
    try {
      protectedBy = (await guard.resolve(file, 'read')).protectedBy;
    } catch {
      return `tsc reads the configuration ${shown}, which is outside the workspace`;
    }
    if (!protectedBy) return `tsc reads the configuration ${shown}, which is not a protected file (an agent may have written it)`;
    let text: string;
    try {
      text = Buffer.from(await files.readFile(file)).toString('utf8');
    } catch {
      if (file === first) return undefined; // tsc finds no configuration and compiles nothing
      return `tsc's configuration extends ${shown}, which cannot be read`;
    }
    const errors: ParseError[] = [];
    const config = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as { extends?: unknown } | undefined;
    if (errors.length) return `tsc's configuration ${shown} could not be read (${printParseErrorCode(errors[0]!.error)}), so what it extends cannot be told`;
    const extended = config?.extends === undefined ? [] : Array.isArray(config.extends) ? config.extends : [config.extends];
    for (const target of extended) {
      if (typeof target !== 'string') return `tsc's configuration ${shown} extends something that is not a file name`;
      // A package (@tsconfig/node20/tsconfig.json) comes from node_modules, which is protected.
      if (!target.startsWith('.') && !path.isAbsolute(target)) continue;
      const resolved = path.resolve(path.dirname(file), target);
      queue.push(resolved.endsWith('.json') || (await files.stat(resolved))?.isFile ? resolved : `${resolved}.json`);
    }
  }
  return undefined;
}
