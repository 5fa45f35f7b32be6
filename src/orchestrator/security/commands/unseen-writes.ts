// Programs that write files whose names this check never sees: what an archive, a patch or a script file
// holds, or a name made from a prefix. Into the workspace folder they may write a protected file (package.json,
// .vscode/tasks.json), which an edit could not write unasked (red team of stop 38: `tar xf evil.tar`,
// `unzip -o evil.zip`, `patch -p0 -i x.patch`, `split … package.jso`, `sed -f script` with `w package.json`
// rewrote them). Extracting into a folder of its own (`tar -C out`, `unzip -d out`) keeps its verdict.
import { lookupTable } from '../../text/lookup-table';
import type { ShellWord } from './shell-script';

const option = (args: readonly ShellWord[], short: string, long: string) =>
  args.findIndex(
    (a) =>
      a.value === short || a.value.startsWith(`${long}=`) || a.value === long || (short.length === 2 && a.value.startsWith(short) && !a.value.startsWith('--')),
  );

/** The folder an option names (`-C DIR`, `-CDIR`, `--directory=DIR`, `--directory DIR`), if given. */
function folderOf(args: readonly ShellWord[], short: string, long: string): string | undefined {
  // The last one counts: tar changes folder at each -C and extracts into the last (red team of stop 38).
  let at = -1;
  for (let i = args.length - 1; i >= 0 && at < 0; i--) if (option(args.slice(i, i + 1), short, long) === 0) at = i;
  if (at < 0) return undefined;
  const w = args[at]!.value;
  if (w.startsWith(`${long}=`)) return w.slice(long.length + 1);
  if (w === short || w === long) return args[at + 1]?.value;
  return w.slice(short.length);
}

const intoTheWorkspaceFolder = (folder: string | undefined) => folder === undefined || /^(\.\/?|\.\/\.)$/.test(folder);

/** tar's operation: the letters of its first word when it has no dash (`tar xzf`), else its options. */
function tarExtracts(args: readonly ShellWord[]): boolean {
  const first = args[0]?.value ?? '';
  const letters = !first.startsWith('-') ? first : '';
  const short = args.filter((a) => /^-[^-]/.test(a.value)).map((a) => a.value.slice(1));
  const extracts =
    letters.includes('x') || short.some((s) => s.startsWith('x') || /^[a-wyzA-Z]*x/.test(s)) || args.some((a) => /^--(extract|get)$/.test(a.value));
  const toStdout =
    letters.includes('O') || short.some((s) => s.includes('O')) || args.some((a) => a.value === '--to-stdout' || a.value.startsWith('--to-command'));
  return extracts && !toStdout;
}

const UNSEEN: Readonly<Record<string, (args: readonly ShellWord[]) => string | undefined>> = lookupTable({
  tar: (args) =>
    !tarExtracts(args)
      ? undefined
      : args.some((a) => /^--(transform|xform)\b/.test(a.value))
        ? 'tar renames what it extracts (--transform), so where the files land cannot be checked'
        : intoTheWorkspaceFolder(folderOf(args, '-C', '--directory'))
          ? 'tar extracts into the workspace folder names this check cannot see, which may be protected files (extract into a folder of its own with -C)'
          : undefined,
  unzip: (args) =>
    !args.some((a) => /^-[a-zA-Z]*[lptvZ]/.test(a.value)) && intoTheWorkspaceFolder(folderOf(args, '-d', '--directory'))
      ? 'unzip extracts into the workspace folder names this check cannot see, which may be protected files (extract into a folder of its own with -d)'
      : undefined,
  cpio: (args) =>
    args.some((a) => /^-[a-zA-Z]*i/.test(a.value) || a.value === '--extract') && !args.some((a) => /^-[a-zA-Z]*t/.test(a.value) || a.value === '--list')
      ? 'cpio -i extracts into the working folder names this check cannot see, which may be protected files'
      : undefined,
  patch: (args) =>
    args.some((a) => a.value === '--dry-run' || a.value === '-C' || a.value === '--check')
      ? undefined
      : 'patch changes the files its patch names, which this check cannot see and which may be protected files',
  // cmake's command-line tools copy, move, link and unpack (cmake -E copy_directory also follows links).
  cmake: (args) =>
    args[0]?.value === '-E' &&
    /^(copy|copy_if_different|copy_directory|copy_directory_if_different|rename|touch|touch_nocreate|create_symlink|create_hardlink|tar|rm|remove|remove_directory|make_directory|cat)$/.test(
      args[1]?.value ?? '',
    )
      ? `cmake -E ${args[1]!.value} writes or reads files this check does not follow, which may be protected files or lead outside the workspace`
      : undefined,
  split: () => 'split writes files named by a prefix and suffixes this check cannot follow, which may make a protected name',
  csplit: () => 'csplit writes files named by a prefix and suffixes this check cannot follow, which may make a protected name',
  sed: (args) =>
    args.some((a) => a.value === '-f' || a.value.startsWith('--file') || /^-[a-zA-Z]*f/.test(a.value))
      ? 'sed -f reads its commands from a file, whose `w` commands may write any file, protected ones too'
      : undefined,
});

/** The folder tar or unzip extracts into, when it is not the workspace folder (its whole tree is written). */
export function extractionFolder(name: string, args: readonly ShellWord[]): string | undefined {
  const folder =
    name === 'tar' && tarExtracts(args)
      ? folderOf(args, '-C', '--directory')
      : name === 'unzip' && !args.some((a) => /^-[a-zA-Z]*[lptvZ]/.test(a.value))
        ? folderOf(args, '-d', '--directory')
        : undefined;
  return intoTheWorkspaceFolder(folder) ? undefined : folder;
}

/** Why the command asks, when it writes names this check cannot see. */
export function unseenWrites(name: string, args: readonly ShellWord[]): string | undefined {
  return UNSEEN[name === 'gsed' ? 'sed' : name]?.(args);
}
