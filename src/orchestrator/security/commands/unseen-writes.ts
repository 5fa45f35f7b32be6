// Programs that write files whose names this check never sees: what an archive, a patch or a script file
// holds, or a name made from a prefix. Into the workspace folder they may write a protected file (package.json,
// .vscode/tasks.json), which an edit could not write unasked (red team of stop 38: `tar xf evil.tar`,
// `unzip -o evil.zip`, `patch -p0 -i x.patch`, `split … package.jso`, `sed -f script` with `w package.json`
// rewrote them). Extracting into a folder of its own (`tar -C out`, `unzip -d out`) keeps its verdict.
import { lookupTable } from '../../text/lookup-table';
import type { ShellWord } from './shell-words';
import { lastOptionValue } from './wrapper-options';
import { tarDoes } from './archive-writes';

const intoTheWorkspaceFolder = (folder: string | undefined) => folder === undefined || /^(\.\/?|\.\/\.)$/.test(folder);

/** Whether tar extracts to files (not to its output or a command). */
const tarExtracts = (args: readonly ShellWord[]) => tarDoes(args, 'x', /^--(extract|get)$/) && !tarDoes(args, 'O', /^--to-(stdout|command)/);

const UNSEEN: Readonly<Record<string, (args: readonly ShellWord[]) => string | undefined>> = lookupTable({
  tar: (args) =>
    !tarExtracts(args)
      ? undefined
      : args.some((a) => /^--(transform|xform)\b/.test(a.value))
        ? 'tar renames what it extracts (--transform), so where the files land cannot be checked'
        : intoTheWorkspaceFolder(lastOptionValue(args, '-C', '--directory'))
          ? 'tar extracts into the workspace folder names this check cannot see, which may be protected files (extract into a folder of its own with -C)'
          : undefined,
  unzip: (args) =>
    !args.some((a) => /^-[a-zA-Z]*[lptvZ]/.test(a.value)) && intoTheWorkspaceFolder(lastOptionValue(args, '-d', '--directory'))
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
      ? lastOptionValue(args, '-C', '--directory')
      : name === 'unzip' && !args.some((a) => /^-[a-zA-Z]*[lptvZ]/.test(a.value))
        ? lastOptionValue(args, '-d', '--directory')
        : undefined;
  return intoTheWorkspaceFolder(folder) ? undefined : folder;
}

/** Why the command asks, when it writes names this check cannot see. */
export function unseenWrites(name: string, args: readonly ShellWord[]): string | undefined {
  return UNSEEN[name === 'gsed' ? 'sed' : name]?.(args);
}
