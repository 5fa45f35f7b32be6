// The files a program writes, among its arguments: the gate asks before a command writes a protected file
// (path-guard.ts: .vscode/, package.json, CI workflows, …), as a file edit of it always asks. Red team of
// stop 38, with the program on the allow list: `sed -i` on package.json put a script there that the
// default-allowed `npm test` then ran, and `cp x .vscode/tasks.json` wrote a task while the same write
// through a redirection asked. Only programs whose written operands are plain to read are listed; others
// that write names this check never sees (tar -x, unzip, patch) ask on their own (capability-policies.ts).
import { lookupTable } from '../../text/lookup-table';
import type { ShellWord } from './shell-script';

/** A written file; `ifFolder`: written only when that destination is a folder (`cp x DEST`, DEST being one). */
export interface WrittenName {
  value: string;
  ifFolder?: string;
}

type Written = (operands: readonly ShellWord[], options: ReadonlyMap<string, string | true>) => readonly WrittenName[];

const all: Written = (operands) => operands;
/**
 * The destination: `-t DIR`/`--target-directory`, else the last operand (cp, install, ln, rsync). Where the
 * destination is a folder, each source lands in it under its own name (`cp x .vscode`): with -t, a trailing
 * slash or several sources it must be one; otherwise those names count only if it is (`ifFolder`).
 */
const destination: Written = (operands, options) => {
  const target = options.get('-t') ?? options.get('--target-directory');
  const folder = typeof target === 'string' ? target : operands.length > 1 ? operands[operands.length - 1]!.value : undefined;
  if (folder === undefined) return [];
  const sources = typeof target === 'string' ? operands : operands.slice(0, -1);
  const surely = typeof target === 'string' || /[\\/]$/.test(folder) || sources.length > 1;
  const inside = sources.map((s) => ({
    value: `${folder.replace(/[\\/]+$/, '')}/${s.value.split(/[\\/]/).filter(Boolean).pop() ?? ''}`,
    ...(surely ? {} : { ifFolder: folder }),
  }));
  return [{ value: folder }, ...inside];
};
/** Every operand but the first (a mode or an owner), unless --reference gives that instead. */
const afterFirst: Written = (operands, options) => (options.has('--reference') ? operands : operands.slice(1));

/** Per program: which operands it writes, and its options that take the next word as their value. */
/**
 * Per program: which operands it writes; its options that take the next word as their value; and its long
 * options that take none but decide what is written (an abbreviation of any of these counts as the option,
 * as GNU's getopt reads `--target=DIR` or `--in`).
 */
const WRITERS: Readonly<Record<string, { written: Written; valued?: readonly string[]; flags?: readonly string[] }>> = lookupTable({
  cp: { written: destination, valued: ['-t', '--target-directory', '-S', '--suffix'] },
  install: { written: destination, valued: ['-t', '--target-directory', '-m', '--mode', '-o', '--owner', '-g', '--group', '-S', '--suffix'] },
  ln: { written: destination, valued: ['-t', '--target-directory', '-S', '--suffix'] },
  rsync: { written: destination, valued: ['-e', '--rsh', '--exclude', '--include', '--filter', '-f', '--exclude-from', '--include-from'] },
  // mv takes its sources away too.
  mv: { written: all, valued: ['-t', '--target-directory', '-S', '--suffix'] },
  tee: { written: all },
  touch: { written: all, valued: ['-d', '--date', '-r', '--reference', '-t'] },
  truncate: { written: all, valued: ['-s', '--size', '-r', '--reference'] },
  rm: { written: all },
  unlink: { written: all },
  shred: { written: all, valued: ['-n', '--iterations', '-s', '--size', '--random-source'] },
  dos2unix: { written: all },
  unix2dos: { written: all },
  chmod: { written: afterFirst, valued: ['--reference'] },
  chown: { written: afterFirst, valued: ['--reference', '--from'] },
  chgrp: { written: afterFirst, valued: ['--reference'] },
  // sed writes its files only in place (-i, -i.bak, --in-place, in a cluster such as -Ei); its first operand is
  // the script unless -e or -f gives it.
  sed: {
    written: (operands, options) => {
      if (!options.has('-i') && !options.has('--in-place')) return [];
      return options.has('-e') || options.has('--expression') || options.has('-f') || options.has('--file') ? operands : operands.slice(1);
    },
    valued: ['-e', '--expression', '-f', '--file', '-l', '--line-length'],
    flags: ['--in-place'],
  },
  sort: {
    written: (_operands, options) => [options.get('-o'), options.get('--output')].filter((v): v is string => typeof v === 'string').map((value) => ({ value })),
    valued: ['-o', '--output', '-k', '--key', '-t', '--field-separator', '-S', '--buffer-size', '-T', '--temporary-directory'],
  },
});

/** A long option as the program reads it: the one of `known` it abbreviates, when it abbreviates exactly one. */
function fullName(name: string, known: readonly string[]): string {
  if (known.includes(name)) return name;
  const candidates = known.filter((k) => k.startsWith('--') && k.startsWith(name));
  return candidates.length === 1 ? candidates[0]! : name;
}

/** The operands `program` writes (as given, relative to where it runs), or none when it is not a known writer. */
export function writtenOperands(program: string, args: readonly ShellWord[]): readonly WrittenName[] {
  const writer = WRITERS[program];
  if (!writer) return [];
  const valued = new Set(writer.valued ?? []);
  const known = [...valued, ...(writer.flags ?? [])];
  const options = new Map<string, string | true>();
  const operands: ShellWord[] = [];
  let ended = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    if (ended || !w.startsWith('-') || w === '-') {
      operands.push(args[i]!);
      continue;
    }
    if (w === '--') {
      ended = true;
      continue;
    }
    if (w.startsWith('--')) {
      const [given, attached] = w.split(/=(.*)/s) as [string, string | undefined];
      const name = fullName(given, known);
      options.set(name, valued.has(name) ? (attached ?? args[++i]?.value ?? '') : (attached ?? true));
      continue;
    }
    // A cluster of short options (`-vt DIR`, `-uoFILE`): a letter that takes a value takes the rest of the
    // word, or else the next word.
    for (let j = 1; j < w.length; j++) {
      const letter = `-${w[j]}`;
      if (!valued.has(letter)) {
        options.set(letter, true);
        continue;
      }
      options.set(letter, j + 1 < w.length ? w.slice(j + 1) : (args[++i]?.value ?? ''));
      break;
    }
  }
  return writer.written(operands, options);
}
