// What compressors and archivers write among their arguments (red team of stop 38, third round): `gzip -d`,
// `xz -d`, `zstd -d -o FILE` write the file they restore (`package.json.gz` → package.json), compressing
// replaces the file it reads (`gzip -f package.json` removes it), and creating an archive writes the archive's
// name (`tar cf .env src`, `zip .env.local a.txt`). Read by written-operands.ts.
import type { ShellWord } from './shell-script';
import { tarArchives } from './option-commands';
import { optionValues } from './wrapper-options';

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
  // -o FILE (zstd, lz4's second operand aside), --output-dir-flat DIR (zstd).
  const out: ArchiveWrite[] = [
    ...optionValues(args, '-o', '--output').map((value) => ({ value })),
    ...optionValues(args, '', '--output-dir-flat').map((value) => ({ value, tree: true })),
  ];
  const operands = a.filter((w, i) => !w.startsWith('-') && a[i - 1] !== '-o' && a[i - 1] !== '--output-dir-flat');
  const restores = !!family[1] || given(a, 'd', '--decompress', '--uncompress');
  for (const o of operands) out.push({ value: restores ? o.replace(COMPRESSED, '') : o });
  return out;
}

/**
 * Whether tar's operation is one of `letters`: in its first word when that has no dash (`tar xzf`), at the head
 * of a cluster of short options (`-xzf`), or as a long option matching `long` (`--extract`).
 */
export function tarDoes(args: readonly ShellWord[], letters: string, long: RegExp): boolean {
  const first = args[0]?.value ?? '';
  if (!first.startsWith('-') && [...letters].some((l) => first.includes(l))) return true;
  const head = new RegExp(`^-[a-zA-Z]*[${letters}]`);
  return args.some((a) => (!a.value.startsWith('--') && head.test(a.value)) || long.test(a.value));
}

/** The archive tar creates, appends to or updates (its archive names as option-commands.ts reads them). */
export function tarArchiveWrites(args: readonly ShellWord[]): ArchiveWrite[] {
  if (!tarDoes(args, 'cruA', /^--(create|append|update|catenate|concatenate)$/)) return [];
  return tarArchives(args).map((a) => ({ value: a.value }));
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
