// A file-system error from a broken data folder or store file (a folder where a file belongs, a file
// in the way of a folder, no permission, a full disk) as one line naming the file and what to do.
const ADVICE: Record<string, string> = {
  EISDIR: 'a folder is where a file belongs; move the folder away',
  ENOTREG: 'a named pipe, a device or a socket is where a file belongs; move it away',
  ENOTDIR: 'a file is in the way where a folder belongs; move the file away',
  EEXIST: 'something is in the way where a folder or file has to be created; move it away',
  EACCES: 'permission denied; fix its permissions or use another --data-dir',
  EPERM: 'the operation is not permitted; fix its permissions or use another --data-dir',
  ENOSPC: 'the disk is full; free some space',
  EDQUOT: 'the disk quota is exhausted; free some space',
  EROFS: 'the file system is read-only; use another --data-dir',
  ELOOP: 'too many symbolic links (a link loop); fix the link',
  ENAMETOOLONG: 'the path is too long; use a shorter --data-dir',
  EMFILE: 'too many open files; close other programs and try again',
};

/** One line for a known file-system error code, or undefined for anything else. */
export function describeFileError(error: unknown): string | undefined {
  const e = error as (NodeJS.ErrnoException & { dest?: string }) | undefined;
  const advice = e?.code ? ADVICE[e.code] : undefined;
  if (!advice) return undefined;
  const where = e!.path ? `${e!.path}${e!.dest ? ` → ${e!.dest}` : ''}` : 'a data file';
  return `cannot use ${where} (${e!.code}${e!.syscall ? ` in ${e!.syscall}` : ''}): ${advice}.`;
}
