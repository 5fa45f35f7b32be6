// The files a program writes, among its arguments: the gate asks before a command writes a protected file
// (path-guard.ts: .vscode/, package.json, CI workflows, …), as a file edit of it always asks. Red teams of
// stop 38, with the program on the allow list: `sed -i` could put a script into package.json that the
// default-allowed `npm test` then runs, `cp x .vscode/tasks.json` wrote a task while the same write through a
// redirection asked, and `mv .vscode v`, `cp -r evil/. .vscode`, `ln package.json hl` then `tee hl` reached
// them by moving a folder, copying into one, or linking. Only programs whose written names are plain to read
// are listed; those that write names this check never sees ask on their own (unseen-writes.ts).
import { lookupTable } from '../../text/lookup-table';
import type { ShellWord } from './shell-words';
import { sedFileNames } from './tool-code';
import { awkCommandFiles } from './awk-program';
import { extractionFolder } from './unseen-writes';
import { compressorWrites, tarArchiveWrites, zipArchiveWrites } from './archive-writes';
import { optionValues } from './wrapper-options';
import { abbreviatesLong } from './rule-matching';

/**
 * A written file. `ifFolder`: written only when that destination is a folder (`cp x DEST`, DEST being one).
 * `tree`: everything under it may be written (a recursive copy's destination, a moved folder), so a protected
 * file anywhere inside it counts. `itself`: the name is written, not what a symbolic link there leads to
 * (`rm link` removes the link).
 */
export interface WrittenName {
  value: string;
  ifFolder?: string;
  tree?: boolean;
  /** A tree unless it is a folder already (a destination that a copied or moved folder becomes when it does not exist). */
  treeUnlessFolder?: boolean;
  itself?: boolean;
}

type Options = ReadonlyMap<string, string | true>;
type Written = (operands: readonly ShellWord[], options: Options) => readonly WrittenName[];

const has = (options: Options, ...names: string[]) => names.some((n) => options.has(n));
const names = (words: readonly ShellWord[], extra: Partial<WrittenName> = {}): WrittenName[] => words.map((w) => ({ value: w.value, ...extra }));
const baseName = (name: string) => name.split(/[\\/]/).filter(Boolean).pop() ?? '';

/**
 * The destination: `-t DIR`/`--target-directory`, else the last operand (cp, install, ln, mv, rsync). Where
 * it is a folder, each source lands in it under its own name (`cp x .vscode`): with -t, a trailing slash or
 * several sources it must be one; otherwise those names count only if it is (`ifFolder`). `-T` makes the last
 * operand the destination itself. A recursive copy or a move writes whatever its sources hold: the names
 * inside are trees, and so is the destination when it is not a folder yet (the source becomes it).
 */
function destination(operands: readonly ShellWord[], options: Options, tree: boolean): WrittenName[] {
  const target = options.get('-t') ?? options.get('--target-directory');
  const folder = typeof target === 'string' ? target : operands.length > 1 ? operands[operands.length - 1]!.value : undefined;
  if (folder === undefined) return [];
  const sources = typeof target === 'string' ? operands : operands.slice(0, -1);
  if (typeof target !== 'string' && has(options, '-T', '--no-target-directory')) return [{ value: folder, tree }];
  const surely = typeof target === 'string' || /[\\/]$/.test(folder) || sources.length > 1;
  const inside = sources.map((s) => ({
    value: `${folder.replace(/[\\/]+$/, '')}/${baseName(s.value)}`,
    tree,
    ...(surely ? {} : { ifFolder: folder }),
  }));
  return [{ value: folder, treeUnlessFolder: tree }, ...inside];
}

const recursiveCopy = (options: Options) => has(options, '-r', '-R', '-a', '--recursive', '--archive');
/** Every operand but the first (a mode or an owner), unless --reference gives that instead. */
const afterFirst: Written = (operands, options) => names(options.has('--reference') ? operands : operands.slice(1));
interface Writer {
  written: Written;
  /** Options that take the next word (or the rest of their cluster) as their value. */
  valued?: readonly string[];
  /** Long options that take none but decide what is written (their abbreviations count, as GNU getopt reads them). */
  flags?: readonly string[];
}

const COPY_FLAGS = ['--recursive', '--archive', '--no-target-directory', '--link', '--symbolic-link'];

const WRITERS: Readonly<Record<string, Writer>> = lookupTable<Writer>({
  // A hard or symbolic link made to a file lets a later write in the line change it (cp -l, cp -s, ln).
  cp: {
    written: (operands, options) => [
      ...destination(operands, options, recursiveCopy(options)),
      ...(has(options, '-l', '--link', '-s', '--symbolic-link') ? names(operands.slice(0, -1)) : []),
    ],
    valued: ['-t', '--target-directory', '-S', '--suffix'],
    flags: COPY_FLAGS,
  },
  install: {
    written: (operands, options) => destination(operands, options, false),
    valued: ['-t', '--target-directory', '-m', '--mode', '-o', '--owner', '-g', '--group', '-S', '--suffix'],
    flags: COPY_FLAGS,
  },
  ln: {
    written: (operands, options) => [...destination(operands, options, false), ...names(operands)],
    valued: ['-t', '--target-directory', '-S', '--suffix'],
    flags: COPY_FLAGS,
  },
  rsync: {
    written: (operands, options) => [
      ...destination(operands, options, recursiveCopy(options)),
      ...valuesOf(options, '--log-file', '--write-batch', '--only-write-batch'),
      ...valuesOf(options, '--backup-dir').map((w) => ({ ...w, tree: true })),
    ],
    valued: [
      '-e',
      '--rsh',
      '--exclude',
      '--include',
      '--filter',
      '-f',
      '--exclude-from',
      '--include-from',
      '--log-file',
      '--write-batch',
      '--only-write-batch',
      '--backup-dir',
      '--suffix',
    ],
    flags: ['--recursive', '--archive'],
  },
  // mv takes its sources away (folders with all they hold) and puts them in the destination.
  mv: {
    written: (operands, options) => {
      const sources = options.has('-t') || options.has('--target-directory') ? operands : operands.slice(0, -1);
      return [...names(sources, { tree: true, itself: true }), ...destination(operands, options, true)];
    },
    valued: ['-t', '--target-directory', '-S', '--suffix'],
    flags: COPY_FLAGS,
  },
  tee: { written: (operands) => names(operands) },
  touch: { written: (operands) => names(operands), valued: ['-d', '--date', '-r', '--reference', '-t'] },
  truncate: { written: (operands) => names(operands), valued: ['-s', '--size', '-r', '--reference'] },
  rm: { written: (operands) => names(operands, { tree: true, itself: true }) },
  unlink: { written: (operands) => names(operands, { itself: true }) },
  shred: { written: (operands) => names(operands), valued: ['-n', '--iterations', '-s', '--size', '--random-source'] },
  dos2unix: { written: (operands) => names(operands) },
  unix2dos: { written: (operands) => names(operands) },
  chmod: { written: afterFirst, valued: ['--reference'] },
  chown: { written: afterFirst, valued: ['--reference', '--from'] },
  chgrp: { written: afterFirst, valued: ['--reference'] },
  // uniq INPUT OUTPUT; xxd -r INPUT OUTPUT; iconv -o/--output.
  uniq: { written: (operands) => names(operands.slice(1, 2)), valued: ['-f', '--skip-fields', '-s', '--skip-chars', '-w', '--check-chars'] },
  xxd: {
    written: (operands) => names(operands.slice(1, 2)),
    valued: ['-c', '-cols', '-g', '-groupsize', '-l', '-len', '-o', '-offset', '-s', '-seek', '-n', '-name'],
  },
  iconv: { written: (_operands, options) => valuesOf(options, '-o', '--output'), valued: ['-f', '--from-code', '-t', '--to-code', '-o', '--output'] },
  // sed writes its files in place (-i, -i.bak, --in-place, in a cluster such as -Ei), and with its `w` commands
  // (`w FILE`, `s/a/b/w FILE`) whether or not in place; its first operand is the script unless -e or -f gives it.
  sed: {
    written: (operands, options) => {
      const inPlace = has(options, '-i', '--in-place');
      const files = !inPlace ? [] : has(options, '-e', '--expression', '-f', '--file') ? operands : operands.slice(1);
      return names(files);
    },
    valued: ['-e', '--expression', '-f', '--file', '-l', '--line-length'],
    flags: ['--in-place'],
  },
  sort: {
    written: (_operands, options) => valuesOf(options, '-o', '--output'),
    valued: ['-o', '--output', '-k', '--key', '-t', '--field-separator', '-S', '--buffer-size', '-T', '--temporary-directory'],
  },
});

/** The values the read options were given, as written names. */
function valuesOf(options: Options, ...keys: string[]): WrittenName[] {
  return keys.map((k) => options.get(k)).flatMap((v) => (typeof v === 'string' ? [{ value: v }] : []));
}

/** A long option as the program reads it: the one of `known` it abbreviates, when it abbreviates exactly one. */
function fullName(name: string, known: readonly string[]): string {
  if (known.includes(name)) return name;
  const candidates = known.filter((k) => abbreviatesLong(name, k));
  return candidates.length === 1 ? candidates[0]! : name;
}

/** The options (short ones letter by letter, a valued letter taking the rest of its cluster or the next word) and operands of `args`. */
function readArguments(args: readonly ShellWord[], writer: Writer): { options: Map<string, string | true>; operands: ShellWord[] } {
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
    if (w.startsWith('--') || (valued.has(w) && w.length > 2)) {
      const [given, attached] = w.split(/=(.*)/s) as [string, string | undefined];
      const name = fullName(given, known);
      options.set(name, valued.has(name) ? (attached ?? args[++i]?.value ?? '') : (attached ?? true));
      continue;
    }
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
  return { options, operands };
}

/**
 * Programs whose written names come from their own grammar rather than getopt's options and operands: the
 * archivers and compressors (archive-writes.ts), tar and unzip extracting into a folder of their own, find's
 * output primaries, mktemp's folder.
 */
const OTHER_WRITERS: Readonly<Record<string, (args: readonly ShellWord[]) => WrittenName[]>> = lookupTable<(args: readonly ShellWord[]) => WrittenName[]>({
  tar: (args) => [...tarArchiveWrites(args), ...extractedInto('tar', args)],
  unzip: (args) => extractedInto('unzip', args),
  zip: zipArchiveWrites,
  find: findOutputs,
  // mktemp -p DIR / --tmpdir=DIR makes a file of a name it chooses in DIR.
  mktemp: (args) => optionValues(args, '-p', '--tmpdir').map((value) => ({ value, tree: true })),
});

function extractedInto(program: string, args: readonly ShellWord[]): WrittenName[] {
  const folder = extractionFolder(program, args);
  return folder === undefined ? [] : [{ value: folder, tree: true }];
}

/** The names `program` writes (as given, relative to where it runs); none when it is not a known writer. */
export function writtenOperands(program: string, args: readonly ShellWord[]): readonly WrittenName[] {
  // Files named inside a sed script or an awk program (`w FILE`, `print > "FILE"`): written, or read, which
  // counts the same here.
  const scripted = (program === 'sed' || program === 'gsed' ? sedFileNames(program, args) : program.endsWith('awk') ? awkCommandFiles(args).names : []).map(
    (value) => ({ value }),
  );
  const other = OTHER_WRITERS[program]?.(args) ?? compressorWrites(program, args);
  if (other) return [...other, ...scripted];
  const writer = WRITERS[program === 'gsed' ? 'sed' : program];
  if (!writer) return scripted;
  const { options, operands } = readArguments(args, writer);
  return [...withBackups(writer.written(operands, options), options), ...scripted];
}

/**
 * A backup moves the file being replaced to its name plus the suffix (`cp -b -S .json x package` renames an
 * existing `package` to package.json): with a suffix given, those names are written too.
 */
function withBackups(written: readonly WrittenName[], options: Options): WrittenName[] {
  const suffix = options.get('-S') ?? options.get('--suffix');
  if (typeof suffix !== 'string' || !suffix) return [...written];
  return [...written, ...written.filter((w) => !w.itself).map((w) => ({ ...w, value: `${w.value}${suffix}` }))];
}

/** find's -fprint, -fprint0, -fls and -fprintf write the file they name. */
function findOutputs(args: readonly ShellWord[]): WrittenName[] {
  const out: WrittenName[] = [];
  args.forEach((a, i) => {
    if (/^-f(print0?|ls|printf)$/.test(a.value) && args[i + 1]) out.push({ value: args[i + 1]!.value });
  });
  return out;
}
