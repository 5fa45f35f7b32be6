// What compressors and archivers write among their arguments (red team of stop 38, third round): `gzip -d`,
// `xz -d`, `zstd -d -o FILE` write the file they restore (`package.json.gz` → package.json), compressing
// replaces the file it reads (`gzip -f package.json` removes it), and creating an archive writes the archive's
// name (`tar cf .env src`, `zip .env.local a.txt`). Read by written-operands.ts.
import type { ShellWord } from './shell-script';

export interface ArchiveWrite {
  value: string;
  /** Everything under it may be written (zstd --output-dir-flat DIR). */
  tree?: boolean;
}

const COMPRESSED = /\.(gz|z|tgz|bz2|tbz2?|xz|txz|lzma|zst|tzst|lz4|lz)$/i;
const words = (args: readonly ShellWord[]) => args.map((a) => a.value);
/** A short option letter anywhere in a cluster (`-dfk`), or one of the long names. */
const given = (args: readonly string[], letter: string, ...long: string[]) =>
  args.some((a) => (/^-[^-]/.test(a) && a.slice(1).includes(letter)) || long.some((l) => a === l || a.startsWith(`${l}=`)));

/** gzip, xz, bzip2, zstd, lz4, lzma and their un- and -d forms. */
export function compressorWrites(program: string, args: readonly ShellWord[]): ArchiveWrite[] | undefined {
  const family = /^(un)?(gzip|xz|bzip2|zstd|lz4|lzma|lzip|pigz|pixz|pbzip2)$/.exec(program);
  if (!family) return undefined;
  const a = words(args);
  if (given(a, 'c', '--stdout', '--to-stdout') || given(a, 'l', '--list') || given(a, 't', '--test')) return [];
  const out: ArchiveWrite[] = [];
  // -o FILE (zstd, lz4's second operand aside), --output-dir-flat DIR (zstd).
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '-o' && a[i + 1]) out.push({ value: a[i + 1]! });
    if (a[i]!.startsWith('--output-dir-flat')) out.push({ value: a[i]!.includes('=') ? a[i]!.split('=')[1]! : (a[i + 1] ?? ''), tree: true });
  }
  const operands = a.filter((w, i) => !w.startsWith('-') && a[i - 1] !== '-o' && a[i - 1] !== '--output-dir-flat');
  const restores = !!family[1] || given(a, 'd', '--decompress', '--uncompress');
  for (const o of operands) out.push({ value: restores ? o.replace(COMPRESSED, '') : o });
  return out;
}

/** The archive tar creates, appends to or updates (`-f FILE`, `-fFILE`, `--file=FILE`, or old style `tar cf FILE`). */
export function tarArchiveWrites(args: readonly ShellWord[]): ArchiveWrite[] {
  const a = words(args);
  const bare = a[0] && !a[0].startsWith('-') ? a[0] : '';
  const shorts = a.filter((w) => /^-[^-]/.test(w)).map((w) => w.slice(1));
  const writes =
    /[cruA]/.test(bare) || shorts.some((s) => /^[a-zA-Z]*[cruA]/.test(s)) || a.some((w) => /^--(create|append|update|catenate|concatenate)$/.test(w));
  if (!writes) return [];
  if (bare.includes('f')) return a[1] ? [{ value: a[1] }] : [];
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w.startsWith('--file=')) return [{ value: w.slice(7) }];
    if (w === '--file' && a[i + 1]) return [{ value: a[i + 1]! }];
    const f = /^-[a-zA-Z]*f(.*)$/.exec(w);
    if (f && !w.startsWith('--')) return f[1] ? [{ value: f[1] }] : a[i + 1] ? [{ value: a[i + 1]! }] : [];
  }
  return [];
}

/** zip's archive: its first operand, and that name with .zip when it has no suffix of its own. */
export function zipArchiveWrites(args: readonly ShellWord[]): ArchiveWrite[] {
  const valued = new Set(['-b', '-n', '-t', '-tt', '-x', '-i', '-O', '--out', '-P', '--password']);
  const a = words(args);
  for (let i = 0; i < a.length; i++) {
    if (valued.has(a[i]!)) {
      i++;
      continue;
    }
    if (!a[i]!.startsWith('-')) return [{ value: a[i]! }, { value: `${a[i]!}.zip` }];
  }
  return [];
}
