// Programs that walk a folder tree and follow the symbolic links they meet inside it: a link planted in the
// workspace (`src/keys -> ~/.aws`) then takes the walk outside, where no name on the command line shows it.
// The gate follows the names a command gives (real-locations.ts), not the links a walk finds on its way, so
// such a walk asks. Red team of stop 38: with grep, rg, find, zip, tar, cp, rsync or du on the allow list,
// `grep -R secret .` printed a credentials file a link led to, and `zip -r`/`cp -rL` copied it into the
// workspace for the agent's read tool; `ls -RL` alone asked before.
import { lookupTable } from '../../text/lookup-table';
import { abbreviatesLong } from './rule-matching';
import type { ShellWord } from './shell-words';

interface LinkWalk {
  /** Short options (letters, in a cluster too) and long options (GNU abbreviations too) that follow links. */
  follow: { short: string; long: readonly string[] };
  /** Options that make the walk recursive, when the program does not walk without one. */
  recurse?: { short: string; long: readonly string[] };
  /** The program follows links while it walks unless one of these is given (zip's -y, diff's --no-dereference). */
  followsUnless?: { short: string; long: readonly string[] };
  /** find-style single words (`-L`, `-follow`) anywhere before or in the expression. */
  words?: readonly string[];
  /** tar: a first argument without a dash is a cluster of options (`tar chzf out.tgz src`). */
  bareCluster?: boolean;
}

const none = { short: '', long: [] };

const LINK_WALKS: Readonly<Record<string, LinkWalk>> = lookupTable<LinkWalk>({
  ls: { follow: { short: 'L', long: ['--dereference'] }, recurse: { short: 'R', long: ['--recursive'] } },
  grep: { follow: { short: 'R', long: ['--dereference-recursive'] } },
  egrep: { follow: { short: 'R', long: ['--dereference-recursive'] } },
  fgrep: { follow: { short: 'R', long: ['--dereference-recursive'] } },
  rg: { follow: { short: 'L', long: ['--follow'] } },
  ag: { follow: { short: 'f', long: ['--follow'] } },
  ack: { follow: { short: '', long: ['--follow'] } },
  fd: { follow: { short: 'L', long: ['--follow'] } },
  fdfind: { follow: { short: 'L', long: ['--follow'] } },
  tree: { follow: { short: 'l', long: [] } },
  find: { follow: none, words: ['-L', '-follow'] },
  du: { follow: { short: 'L', long: ['--dereference'] } },
  cp: { follow: { short: 'L', long: ['--dereference'] }, recurse: { short: 'rRa', long: ['--recursive', '--archive'] } },
  rsync: { follow: { short: 'Lk', long: ['--copy-links', '--copy-dirlinks', '--copy-unsafe-links'] } },
  tar: { follow: { short: 'h', long: ['--dereference'] }, bareCluster: true },
  zip: { follow: none, recurse: { short: 'rR', long: ['--recurse-paths', '--recurse-patterns'] }, followsUnless: { short: 'y', long: ['--symlinks'] } },
  diff: { follow: none, recurse: { short: 'r', long: ['--recursive'] }, followsUnless: { short: '', long: ['--no-dereference'] } },
});

/** The options among a command's words: up to `--`; a long option without its `=value`. */
function optionsOf(args: readonly ShellWord[], bareCluster: boolean): { short: string; long: string[]; words: string[] } {
  let short = '';
  const long: string[] = [];
  const words: string[] = [];
  for (const [i, a] of args.entries()) {
    const w = a.value;
    if (w === '--') break;
    words.push(w);
    if (w.startsWith('--')) long.push(w.split('=')[0]!);
    else if (w.startsWith('-') && w.length > 1) short += w.slice(1);
    else if (i === 0 && bareCluster && /^[A-Za-z]+$/.test(w)) short += w;
  }
  return { short, long, words };
}

/** Whether the options include one of `set`: a letter of a cluster, or a long option or its abbreviation (three letters or more). */
function given(options: { short: string; long: readonly string[] }, set: { short: string; long: readonly string[] }): boolean {
  if ([...set.short].some((letter) => options.short.includes(letter))) return true;
  return options.long.some((o) => set.long.some((name) => abbreviatesLong(o, name, 3)));
}

/** Why the command asks, when it walks a tree following the links it finds there. */
export function followsLinksWhileWalking(name: string, args: readonly ShellWord[]): string | undefined {
  const walk = LINK_WALKS[name];
  if (!walk) return undefined;
  const options = optionsOf(args, walk.bareCluster ?? false);
  if (walk.recurse && !given(options, walk.recurse)) return undefined;
  const follows =
    given(options, walk.follow) ||
    (walk.words ?? []).some((w) => options.words.includes(w)) ||
    (walk.followsUnless !== undefined && !given(options, walk.followsUnless));
  if (!follows) return undefined;
  const keepLinks = walk.followsUnless
    ? ` (${[...walk.followsUnless.short]
        .map((l) => `-${l}`)
        .concat(walk.followsUnless.long)
        .join(' or ')} keeps them as links)`
    : '';
  return `${name} ${walk.followsUnless ? 'follows' : 'is told to follow'} the symbolic links it finds while it walks the folders, which can lead outside the workspace where no name on the command line shows it${keepLinks}`;
}
