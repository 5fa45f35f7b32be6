// Commands refused for what they do where a deny rule cannot say it (red team 33): the words' case
// matters (`git branch -D`, while rules match lower case), an operand decides (`kill -9 -1` signals
// every process, `rsync . host:x` copies to another machine, `git restore .` throws away every
// change), or a name is two programs (shadow's `sg GROUP`, ast-grep's `sg run`).
import * as path from 'path';
import type { ShellWord } from './shell-words';
import { INTERACTIVE_NEVER, abbreviatesLong } from './rule-matching';
import { publishRefusal } from './publish-policies';
import { tarArchives } from './option-commands';

/** Why the command is refused for what it does, if it is (programs other than git). */
export function capabilityRefusal(program: string, args: readonly ShellWord[]): string | undefined {
  if (program === 'kill') return killsEverything(args);
  if (program === 'sg') return shadowSg(args);
  // rsync --daemon serves the folders its configuration names to the network, as git daemon does.
  if (program === 'rsync' && args.some((a) => a.value === '--daemon')) return 'rsync --daemon serves files to the network, as httpd does';
  if (program === 'rsync') return rsyncRemote(args) ?? rsyncDeletes(args);
  if (program === 'crontab') return crontabChanges(args);
  if (program === 'rm') return rmRecursive(args);
  if (program === 'tar' || program === 'gtar') return tarRemote(args);
  return publishRefusal(program, args);
}

/**
 * Options with which an archive or patch tool writes or reads files this check never sees (red team 36):
 * names from the archive kept absolute or with `..` (`tar -P`, `unzip -:`, `cpio -i` without
 * --no-absolute-filenames, `git apply --unsafe-paths`), or names read from a file or the input (`tar -T`,
 * `zip -@`). `tar -xPf x.tar` wrote /root/.bashrc as the archive said. Such a command asks.
 */
export function unseenNames(program: string, args: readonly ShellWord[]): string | undefined {
  const before = args.findIndex((a) => a.value === '--');
  const options = (before >= 0 ? args.slice(0, before) : args).map((a) => a.value);
  // Short letters of each cluster up to one that takes the rest of the word (or the next) as its value.
  const shortLetters = (valued: string) => options.filter((w) => /^-[^-]/.test(w)).flatMap((w) => letters(w, valued));
  const long = (name: string, min: number) => options.some((w) => abbreviatesLong(w, name, min));
  if (program === 'tar' || program === 'gtar' || program === 'bsdtar') {
    const old = /^[A-Za-z]+$/.test(options[0] ?? '') ? [...options[0]!] : [];
    const letter = [...shortLetters('IFfCTXbgHKLNV'), ...old];
    if (letter.includes('P') || long('--absolute-names', 3)) return `${program} -P keeps the absolute names of the archive's files, which may be anywhere`;
    if (letter.includes('T') || long('--files-from', 6)) return `${program} -T reads the names of the files from a file, which this check does not see`;
  }
  if (program === 'unzip' && options.some((w) => /^-[^-]*:/.test(w))) return 'unzip -: extracts names with "../" in them, outside the folder';
  // -i@FILE and -x@FILE only read patterns that narrow the names given (`zip -r out.zip src -x@exclude.lst`).
  if (program === 'zip' && options.some((w) => /^-[^-ix@]*@/.test(w) || abbreviatesLong(w, '--names-stdin', 2)))
    return 'zip -@ reads the names of the files from its input, which this check does not see';
  // -t (--list) with -i only lists the archive (`cpio -it < x.cpio`).
  const cpio = program === 'cpio' ? shortLetters('CEFHIMOR') : [];
  if (program === 'cpio' && (cpio.includes('i') || long('--extract', 3)) && !cpio.includes('t') && !long('--list', 3) && !long('--no-absolute-filenames', 4))
    return 'cpio -i extracts absolute names as the archive gives them, unless --no-absolute-filenames is given';
  return undefined;
}

/**
 * `rm -r` removes without asking when its input is not a terminal (the runner's never is): it is `rm -rf`.
 * Only an -i, -I or --interactive (other than never) after the last -f makes it ask, and then the
 * answer read from the input is no.
 */
function rmRecursive(args: readonly ShellWord[]): string | undefined {
  let recursive = false;
  let prompts = false;
  for (const a of args) {
    const w = a.value;
    if (w === '--') break;
    if (!w.startsWith('-') || w === '-') continue;
    if (w.startsWith('--')) {
      const value = w.includes('=') ? w.slice(w.indexOf('=') + 1) : undefined;
      if (abbreviatesLong(w, '--recursive')) recursive = true;
      else if (abbreviatesLong(w, '--force')) prompts = false;
      else if (abbreviatesLong(w, '--interactive')) prompts = value === undefined || !INTERACTIVE_NEVER.some((v) => v.startsWith(value));
      continue;
    }
    for (const c of w.slice(1)) {
      if (c === 'r' || c === 'R') recursive = true;
      else if (c === 'f') prompts = false;
      else if (c === 'i' || c === 'I') prompts = true;
    }
  }
  return recursive && !prompts ? "rm -r removes without asking when its input is not a terminal (the runner's never is), as rm -rf does" : undefined;
}

/** kill's options: -s/-n SIGNAL and -q VALUE take the next word; -SIGNAL, -l, -L, --list, --table list signals. */
function killsEverything(args: readonly ShellWord[]): string | undefined {
  let operands = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    if (!operands && w === '--') {
      operands = true;
      continue;
    }
    if (!operands && /^-(?:s|n|q|-signal|-queue)$/.test(w)) {
      i++;
      continue;
    }
    if (!operands && /^-(?:l|L|-list|-table)/.test(w)) return undefined;
    // The first word starting with "-" is the signal (`kill -9 -1`, `kill -KILL -1`); a later one is a process group.
    if (!operands && w.startsWith('-') && i === 0) continue;
    operands = true;
    if (/^-0*1$/.test(w.trim())) return 'kill -1 signals every process the user may signal, which stops the machine as shutdown does';
  }
  return undefined;
}

/** ast-grep installs itself as `sg` too: its subcommands and options are not shadow's `sg GROUP [-c] COMMAND`. */
const AST_GREP = new Set(['run', 'scan', 'test', 'new', 'lsp', 'completions', 'help']);

function shadowSg(args: readonly ShellWord[]): string | undefined {
  const first = args[0]?.value;
  if (first === undefined || AST_GREP.has(first) || (first.startsWith('-') && first !== '-')) return undefined;
  return 'sg runs a command with the rights of another group, as sudo does with another user';
}

/** rsync's long options that take a value (popt's table in rsync's options.c): written apart, the next word is theirs. */
const RSYNC_VALUED = new Set(
  (
    'info debug stderr modify-window chmod max-size min-size max-alloc max-delete filter exclude include exclude-from include-from ' +
    'checksum-choice cc block-size compare-dest copy-dest link-dest compress-choice zc skip-compress compress-level zl partial-dir ' +
    'log-file log-file-format out-format log-format bwlimit backup-dir suffix read-batch write-batch only-write-batch files-from ' +
    'usermap groupmap chown timeout contimeout stop-after time-limit stop-at rsh rsync-path temp-dir iconv copy-as address port ' +
    'sockopts password-file early-input outbuf remote-option protocol checksum-seed config dparam'
  )
    .split(' ')
    .map((name) => `--${name}`),
);
/** rsync's short options that take a value: the rest of a cluster, or the next word (`-ae ssh`, `-T tmp:dir`). */
const RSYNC_VALUED_LETTERS = '@fBeTM';

/**
 * rsync to or from another machine (`host:path`, `user@host:path`, `host::module`, `rsync://…`) sends
 * the workspace away or fetches into it, as scp does. A local name with a colon is written with a slash
 * before it (`./a:b`), as rsync itself requires; an option's value is not a name (`--chown app:app`,
 * `--stop-at 23:00`).
 */
function rsyncRemote(args: readonly ShellWord[]): string | undefined {
  let ended = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    if (!ended && w === '--') ended = true;
    else if (!ended && w.startsWith('--')) {
      if (RSYNC_VALUED.has(w)) i++;
    } else if (!ended && /^-./.test(w)) {
      const valued = [...w.slice(1)].findIndex((c) => RSYNC_VALUED_LETTERS.includes(c));
      if (valued === w.length - 2) i++;
    } else if (/^rsync:\/\//i.test(w) || /^[^/]*:/.test(w)) return `rsync "${w.slice(0, 60)}" copies to or from another machine, as scp does`;
  }
  return undefined;
}

/**
 * rsync --delete (--del, --delete-before, -during, -delay, -after, -excluded, --delete-missing-args) removes
 * every file of the destination that the source lacks: `rsync -a --delete empty/ ./` empties the
 * workspace, as `rm -r` does (red team 36).
 */
function rsyncDeletes(args: readonly ShellWord[]): string | undefined {
  const end = args.findIndex((a) => a.value === '--');
  const option = (end >= 0 ? args.slice(0, end) : args).find((a) => /^--del(?:ete(?:-[a-z-]+)?)?(?:=|$)/.test(a.value));
  return option ? `rsync ${option.value.split('=')[0]} removes the destination's files the source lacks, a tree at once, as rm -r does` : undefined;
}

/**
 * crontab FILE (or its input) installs commands that run later, outside any check and any timeout, and
 * -r removes the user's crontab; -l only lists it (red team 36).
 */
function crontabChanges(args: readonly ShellWord[]): string | undefined {
  // -u USER and -s may stand before or after -l (`crontab -l -u me`).
  const rest = args.map((a) => a.value).filter((w, i, all) => w !== '-s' && w !== '-u' && all[i - 1] !== '-u');
  if (rest.length === 1 && rest[0] === '-l') return undefined;
  return 'crontab installs commands that run later, outside this check (or removes the crontab)';
}

/**
 * GNU tar reads an archive name with a colon before any slash (`host:x.tar`, `user@host:x.tar`) as a
 * file on another machine, which it reaches through rsh and rmt, unless --force-local is given (by any
 * prefix of five letters or more: `--for` is also --format).
 */
function tarRemote(args: readonly ShellWord[]): string | undefined {
  const ended = args.findIndex((a) => a.value === '--');
  if ((ended >= 0 ? args.slice(0, ended) : args).some((a) => abbreviatesLong(a.value, '--force-local', 5))) return undefined;
  const remote = tarArchives(args).find((a) => /^[^/]*:/.test(a.value));
  return remote
    ? `tar "${remote.value.slice(0, 60)}" opens an archive on another machine through rsh, as scp copies; --force-local reads it as a local name`
    : undefined;
}

/**
 * A pathspec that names many files: the whole tree (`.`, `./`, `:/`, `:(top)`, a folder above it, a
 * workspace root by its absolute path), a folder written with a trailing slash (`src/`), a glob (`*`,
 * `*.ts`, `src/*`: git reads pathspecs as globs unless `:(literal)`) or an exclusion (`:!x`, `:^x`,
 * `:(exclude)x`: every file but x). A single file (`src/a.ts`, `:/src/a.ts`) is not.
 */
function manyFiles(spec: string, roots: readonly string[]): boolean {
  let magic: string[] = [];
  let pattern = spec;
  const long = /^:\(([^)]*)\)(.*)$/s.exec(spec);
  const short = /^:([/!^]*):?(.*)$/s.exec(spec);
  if (long) [magic, pattern] = [long[1]!.split(',').map((m) => m.trim().toLowerCase()), long[2]!];
  else if (short) [magic, pattern] = [[...short[1]!].map((c) => (c === '/' ? 'top' : 'exclude')), short[2]!];
  if (magic.some((m) => m.startsWith('exclude'))) return true;
  if (!magic.includes('literal') && /[*?[]/.test(pattern)) return true;
  if (/[\\/]$/.test(pattern)) return true;
  const normal = path.posix.normalize(pattern.replace(/\\/g, '/') || '.').replace(/\/+$/, '');
  if (normal === '.' || normal === '' || /^\.\.(?:\/\.\.)*$/.test(normal)) return true;
  // A workspace root (or a folder above one) by its path: `/work/space`, `../space`.
  const absolute = path.resolve(roots[0] ?? '/', pattern);
  return roots.some((root) => root === absolute || root.startsWith(absolute.endsWith(path.sep) ? absolute : absolute + path.sep));
}

/** The option letters of a cluster up to one that takes the rest as its value (`git restore -sS` is --source=S). */
function letters(word: string, valued: string): string[] {
  const out: string[] = [];
  for (const c of word.slice(1)) {
    out.push(c);
    if (valued.includes(c)) break;
  }
  return out;
}

/**
 * git commands that throw uncommitted work away or move a branch, where the case of an option matters or
 * a pathspec decides: `branch -D` (force-deletes a branch not merged; `-d` refuses to), `branch -f`,
 * `-M`, `-C`, `checkout -B`, `switch -C` and `update-ref` (move or overwrite a branch, dropping its
 * commits), `checkout -- .`, `checkout HEAD .` and `restore .` (overwrite every changed file: `restore
 * --staged .` only unstages), a glob, an exclusion, a folder written `src/`, a workspace root by its path
 * and `--pathspec-from-file` (the names cannot be checked). Any other pathspec asks: a folder counts as
 * many files and this check does not see the disk. Long options count by any prefix, as git reads them
 * (`--work` is --worktree, `--del --forc` --delete --force), except `--st` for --staged, since `--s` is
 * ambiguous there and git refuses it. `words` are git's subcommand and what follows, as gitPolicy found
 * them; `roots` the workspace folders.
 */
export function gitDiscards(words: readonly ShellWord[], roots: readonly string[] = []): { verdict: 'ask' | 'deny'; reason: string } | undefined {
  const sub = words[0]?.value;
  const rest = words.slice(1).map((w) => w.value);
  const dash = rest.indexOf('--');
  const options = (dash >= 0 ? rest.slice(0, dash) : rest).filter((w) => /^-./.test(w));
  const has = (letter: string, valued: string, long?: string, min = 1) =>
    options.some((w) => (w.startsWith('--') ? !!long && abbreviatesLong(w, long, min) : letters(w, valued).includes(letter)));
  const moves = 'moves or overwrites a branch, dropping the commits only it had, as git reset --hard does';
  if (sub === 'update-ref') return { verdict: 'deny', reason: `git update-ref ${moves}` };
  if (sub === 'branch') {
    if (has('D', 'u') || (has('d', 'u', '--delete') && has('f', 'u', '--force')))
      return {
        verdict: 'deny',
        reason: 'git branch -D deletes a branch whether or not its commits are kept elsewhere, as git reset --hard throws commits away',
      };
    return has('f', 'u', '--force') || has('M', 'u') || has('C', 'u') ? { verdict: 'deny', reason: `git branch -f, -M or -C ${moves}` } : undefined;
  }
  if ((sub === 'checkout' && has('B', 'bBo')) || (sub === 'switch' && has('C', 'cC', '--force-create', 3)))
    return { verdict: 'deny', reason: `git ${sub} ${sub === 'switch' ? '-C' : '-B'} ${moves}` };
  if (sub !== 'checkout' && sub !== 'restore') return undefined;
  const discard = `git ${sub} of the whole tree or of many files overwrites their uncommitted changes, as git reset --hard does`;
  if (has('', '', '--pathspec-from-file', 10)) return { verdict: 'deny', reason: `${discard} (--pathspec-from-file names files this check cannot read)` };
  const operands = dash >= 0 ? rest.slice(dash + 1) : rest.filter((w) => !w.startsWith('-'));
  if (sub === 'restore' && has('S', 's', '--staged', 2) && !has('W', 's', '--worktree')) return undefined;
  if (operands.some((spec) => manyFiles(spec, roots))) return { verdict: 'deny', reason: discard };
  // A pathspec (after `--`, any operand of restore, or one after checkout's tree-ish) may be a folder;
  // checkout -b/--orphan NAME START names a branch and where it starts.
  const creates = sub === 'checkout' && (has('b', 'b') || has('', '', '--orphan'));
  const pathspecs = dash >= 0 || sub === 'restore' ? operands : creates ? [] : operands.slice(1);
  return pathspecs.length
    ? { verdict: 'ask', reason: `git ${sub} -- PATH overwrites uncommitted changes in PATH, which may be a folder of many files` }
    : undefined;
}
