// What compressors and archivers write among their arguments (red team of stop 38, third round): `gzip -d`,
// `xz -d`, `zstd -d -o FILE` write the file they restore (`package.json.gz` → package.json), compressing
// replaces the file it reads (`gzip -f package.json` removes it), and creating an archive writes the archive's
// name (`tar cf .env src`, `zip .env.local a.txt`). Read by written-operands.ts.
import type { ShellWord } from './shell-words';
import { TAR_VALUED, tarArchives } from './option-commands';
import { optionValues } from './wrapper-options';

export interface ArchiveWrite {
  value: string;
  /** Everything under it may be written (zstd --output-dir-flat DIR). */
  tree?: boolean;
}

const COMPRESSED = /\.(gz|z|tgz|bz2|tbz2?|xz|txz|lzma|zst|tzst|lz4|lz)$/i;
const words = (args: readonly ShellWord[]) => args.map((a) => a.value);
/** A short option letter anywhere in a cluster (`-dfk`), or one of the long names. */
/**
 * The option letters of a cluster of short options (`-dfk`), up to the first that takes a value: the rest of
 * the word is that value (`-opackage.json`, `-xfOut.tar`), not options.
 */
function clusterLetters(word: string, valued: string): string {
  if (!/^-[^-]/.test(word)) return '';
  const letters = word.slice(1);
  const at = [...letters].findIndex((c) => valued.includes(c));
  return at < 0 ? letters : letters.slice(0, at + 1);
}

/** The compressors' short options that take a value (gzip -S, xz -F/-C/-M/-T, zstd -o/-D/-T/-B). */
const COMPRESSOR_VALUED = 'oSFCMDTB';
/** A short option letter in a cluster (`-dfk`), or one of the long names. */
const given = (args: readonly string[], letter: string, ...long: string[]) =>
  args.some((a) => clusterLetters(a, COMPRESSOR_VALUED).includes(letter) || long.some((l) => a === l || a.startsWith(`${l}=`)));

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
 * Whether tar's operation is one of `letters`: in its first word when that has no dash (`tar xzf`), in a cluster
 * of short options before a letter that takes a value (`-xzf NAME`; not `-fOut.tar`), or as a long option
 * matching `long` (`--extract`).
 */
export function tarDoes(args: readonly ShellWord[], letters: string, long: RegExp): boolean {
  const first = args[0]?.value ?? '';
  const found = (cluster: string) => [...letters].some((l) => cluster.includes(l));
  if (!first.startsWith('-') && found(first)) return true;
  return args.some((a) => found(clusterLetters(a.value, TAR_VALUED)) || long.test(a.value));
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
