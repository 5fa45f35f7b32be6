// Whether a path relative to a folder (what path.relative answers) stays inside that folder: not "..",
// not "../…", not absolute (another drive on Windows). A name that only starts with two dots
// ("..config", "..otter.ts") is inside: testing startsWith('..') had refused such files (review of stop 28).
import * as path from 'path';

export function staysInside(rel: string): boolean {
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !rel.startsWith('../') && !path.isAbsolute(rel);
}

/** Whether `target` is `folder` itself or inside it (both absolute, compared as given). */
export function isWithin(folder: string, target: string): boolean {
  const rel = path.relative(folder, target);
  return rel === '' || staysInside(rel);
}
