// What a line's redirections may do: open a network connection, write a file without the file-edit
// approval, or, through a process's own descriptors (/dev/stdout after `< package.json`), write to a file
// another redirection opened. command-guard.ts turns these into verdicts.
import type { ShellRedirect } from './shell-script';

/** Device files that read or write nothing of the user's. */
export const HARMLESS_PATHS = new Set(['/dev/null', '/dev/stdin', '/dev/stdout', '/dev/stderr', '/dev/zero']);
/** Device files that discard what is written, whatever else the line redirects. */
const DISCARDING_PATHS = new Set(['/dev/null', '/dev/zero']);
/** A process's own descriptors by name: what they write to depends on the line's other redirections. */
const OWN_DESCRIPTOR_PATHS = /^(?:\/dev\/(?:stdin|stdout|stderr|fd\/\d+)|\/proc\/(?:self|\d+)\/fd\/\d+)$/;

export type RedirectionFinding =
  | { kind: 'deny' | 'ask'; reason: string }
  /** Named a file like an argument: checked as a path (inside the workspace, where links lead). */
  | { kind: 'path'; redirect: ShellRedirect };

/** `2>&1`, `>&-`: a copy or a close of a descriptor, no file named. */
function isDescriptorCopy(r: ShellRedirect): boolean {
  return (r.op === '>&' || r.op === '<&') && /^(\d+|-)$/.test(r.target.value);
}

export function redirectionFindings(redirects: readonly ShellRedirect[]): RedirectionFinding[] {
  // /dev/stdout (stdin, stderr, /dev/fd/N) is the file the descriptor has open: harmless when it is the
  // terminal or a pipe, but after `< package.json` or `1<package.json` on the same line a write to it
  // overwrites that file (red team 32). It is harmless only on a line with no other redirection to a file.
  const toFiles = redirects.filter((r) => !isDescriptorCopy(r) && !DISCARDING_PATHS.has(r.target.value));
  const reopens = toFiles.some((r) => !OWN_DESCRIPTOR_PATHS.test(r.target.value)) && toFiles.some((r) => OWN_DESCRIPTOR_PATHS.test(r.target.value));
  const findings: RedirectionFinding[] = [];
  for (const r of redirects) {
    if (isDescriptorCopy(r)) continue;
    const writes = r.op !== '<' && r.op !== '<<<' && r.op !== '<&';
    if (reopens && writes && OWN_DESCRIPTOR_PATHS.test(r.target.value))
      findings.push({
        kind: 'ask',
        reason: `the redirection ${r.op} ${r.target.value} writes to whatever file another redirection on the line opened for that descriptor`,
      });
    else if (/^\/dev\/(tcp|udp)\//i.test(r.target.value))
      findings.push({ kind: 'deny', reason: `the redirection ${r.op} ${r.target.value.slice(0, 60)} opens a network connection` });
    else if (writes && !r.target.dynamic && !HARMLESS_PATHS.has(r.target.value))
      findings.push({ kind: 'ask', reason: `the redirection ${r.op} writes to "${r.target.value.slice(0, 80)}" without going through the file-edit approval` });
    else findings.push({ kind: 'path', redirect: r });
  }
  return findings;
}
