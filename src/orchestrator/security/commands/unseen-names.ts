// Names in a command's words that reach files no check of the name itself sees: a file in .git, a pattern
// a program expands itself with `..` after it, a secret file (secret-files.ts: `.env`, `*.pem`, `id_rsa`…)
// that the program given it reads and often prints (red team 41: `npm test .env` printed its value).
import { isSecretPath } from '../secrets/secret-files';

/** Why a word (each part of `--opt=a,b:c` on its own) names what a command may not reach unasked, as "\"part\" …"; undefined when it does not. */
export function unseenNameReason(value: string): string | undefined {
  const parts = value.split(/[=:,]/);
  // Nothing is written in .git without approval, and a program given a name in it may write there
  // (a test runner's report file, a lock): such names ask, in any part of the word (--out=.git/x).
  // The folder itself may be named to leave it out (--exclude-dir=.git, -path ./.git -prune): only a name
  // inside it asks.
  const inGit = parts.find((part) => {
    const segments = part.split(/[\\/]/);
    return segments.some((segment, i) => /^\.git\.*$/i.test(segment) && segments.slice(i + 1).some(Boolean));
  });
  if (inGit) return `"${inGit.slice(0, 80)}" names a file in .git`;
  // A program that expands patterns itself (a test runner's glob) reads `**/..` with ** matching no folder:
  // each pair climbs one level, where a check reading the word as a name stays inside (red team 41).
  const climbing = parts.find((part) => /[*?][^\\/]*[\\/]+(?:[^\\/]*[\\/]+)*\.\.(?:[\\/]|$)/.test(part));
  if (climbing) return `"${climbing.slice(0, 80)}" is a pattern with ".." after it: where it leads is only known when a program expands it`;
  // A secret file handed to an allowed program is read by it, and often printed (a test runner loads
  // `.env` as code and shows the line it cannot parse; git diff outside a repository shows it whole).
  const secret = parts.find(isSecretPath);
  if (secret) return `"${secret.slice(0, 80)}" names a secret file, which the program would read`;
  return undefined;
}
