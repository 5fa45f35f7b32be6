// Argument policies per program: options that make an allow-listed program run other code, read or
// write outside the workspace, or load another configuration (git -c, --exec-path, --no-index,
// --output, --ext-diff; npm --prefix, --script-shell, config files; interpreters' inline code …).
import type { ShellWord } from './shell-words';
import { standInRefusal, subscriptRefusal } from './builtin-names';
import { inlineCode, interpreterName, programFromInput } from './inline-code';
import { sedFileNames, toolCode } from './tool-code';
import { awkCommandFiles } from './awk-program';
import { capabilityRefusal, gitDiscards, unseenNames } from './capability-policies';
import { cargoConfig, registryRefusal } from './publish-policies';
import { tscPolicy } from './tsc-policy';
import { npmPolicy, npxPolicy } from './npm-policy';
import { kubectlPlugin } from './runner-specs';
import { lookupTable } from '../../text/lookup-table';
import { followsLinksWhileWalking } from './link-following';
import { unseenWrites } from './unseen-writes';

export interface ProgramPolicy {
  /** Words used to match allow and deny rules (git without its global options, for instance). */
  words: ShellWord[];
  refusal?: { verdict: 'ask' | 'deny'; reason: string };
  /** Folders the command runs in besides the workspace (git -C DIR), checked like path arguments. */
  chdir?: ShellWord[];
  /** A command the program runs (npx PACKAGE …): its deny rules and policies apply too. */
  runs?: ShellWord[];
  /** tsc's project as given (`-p VALUE`), '' for the default tsconfig.json: the gate reads its `extends` chain. */
  tscProject?: string;
  /** Files a script given on the command line reads or writes (sed's `w FILE`, awk's `print > "FILE"`): checked like path arguments. */
  named?: ShellWord[];
}

const GIT_GLOBAL_VALUED = new Set([
  '-C',
  '-c',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--super-prefix',
  '--config-env',
  '--exec-path',
  '--list-cmds',
  '--attr-source',
  '--shallow-file',
]);
const GIT_GLOBAL_DENIED = new Set([
  '--bare', // takes the folder for a repository as it is: its config (written by an agent) runs programs
  '--shallow-file', // reads and rewrites a shallow file of the caller's choosing; and it takes the next word
  '-c',
  '--config-env',
  '--exec-path',
  '--git-dir',
  '--work-tree',
  '--namespace',
  '--super-prefix',
  '-p',
  '--paginate',
  '--attr-source',
]);
/**
 * Global options (before the subcommand) that take no value and only change how git reads paths or
 * prints. Any other global option asks: git reads some as taking the next word (`--shallow-file status
 * -c …` runs whatever follows "status"), so an option this check does not know hides the real command.
 */
const GIT_GLOBAL_FLAGS = new Set([
  '-P',
  '--no-pager',
  '--no-replace-objects',
  '--no-lazy-fetch',
  '--no-optional-locks',
  '--no-advice',
  '--literal-pathspecs',
  '--glob-pathspecs',
  '--noglob-pathspecs',
  '--icase-pathspecs',
]);
/** Options that run a program, write a file of the caller's choosing or read outside the repository. */
const GIT_ARGS_DENIED = [
  '--no-index',
  '--ext-diff',
  '--open-files-in-pager',
  '--output',
  '--upload-pack',
  '--receive-pack',
  '--exec',
  '--extcmd',
  '--template',
  '--separate-git-dir',
  '--config',
  '--textconv',
  '--paginate',
];
/** Options that make git run gpg (to check signatures), which writes in the home folder. */
const GIT_RUNS_GPG = /^--show-signature$|^--(pretty|format)=.*%G|^--verify-signatures$/i;

/** Options that are a prefix of a denied option but mean something else. */
const GIT_EXACT_OPTIONS = new Set(['--text', '--exit-code', '--config']);
const GIT_SUBCOMMANDS_DENIED: Record<string, string> = lookupTable<string>({
  'submodule foreach': 'runs a command in every submodule',
  'bisect run': 'runs a command at every step',
  'filter-branch': 'runs filters on every commit',
  difftool: 'starts an external diff program',
  mergetool: 'starts an external merge program',
  config: 'changes git configuration (which can make later git commands run programs)',
  // Red team 36: a server for the network, the user's stored credentials, and jobs scheduled outside the workspace.
  daemon: 'serves repositories to the network',
  credential: "prints, stores or erases the user's stored credentials",
  'maintenance register': "writes the user's global git configuration",
  'maintenance unregister': "writes the user's global git configuration",
  'maintenance start': "writes the user's global git configuration and schedules jobs (cron, systemd, launchd)",
  'maintenance stop': 'removes scheduled jobs of the user',
});

/**
 * Reaching another machine at an address the command gives (red team of stop 38, with git on the allow
 * list): the address can carry data out (`git ls-remote https://host/<a secret>`, `git ls-remote host:x`
 * through ssh). Fetching from the remotes the repository already names (`git fetch`, `git pull origin
 * main`) stays as the rules say; what sets a new address (`remote add`, `set-url`, a submodule's URL)
 * asks. `git push` and `send-pack` are refused by the deny rules (publish-policies.ts).
 */
const GIT_NETWORK_ALWAYS: Readonly<Record<string, true>> = lookupTable<true>({
  clone: true,
  'fetch-pack': true,
  'http-fetch': true,
  'http-push': true,
  'request-pull': true,
  svn: true,
  p4: true,
  'remote add': true,
  'remote set-url': true,
  'submodule add': true,
  'submodule update': true,
  'submodule sync': true,
  'submodule set-url': true,
});
/** `git remote show|prune|set-head NAME`: a NAME written as an address is reached as a one-off remote. */
const GIT_REMOTE_REACHES = new Set(['show', 'prune', 'set-head']);
/** Subcommands whose first operand is the repository to reach (a remote's name, or an address). */
const GIT_REPOSITORY_FIRST = new Set(['fetch', 'pull', 'ls-remote']);
/** Their options that take the next word as a value (that word is not the repository); lower case, as the words are compared. */
const GIT_FETCH_VALUED = new Set([
  '--depth',
  '--deepen',
  '--shallow-since',
  '--shallow-exclude',
  '-j',
  '--jobs',
  '--refmap',
  '-o',
  '--server-option',
  '--negotiation-tip',
  '--recurse-submodules-default',
  '--filter',
  '-s',
  '--strategy',
  '-x',
  '--strategy-option',
  '--sort',
]);
/** A repository written as an address rather than a remote's name: a URL, `host:path`, or a folder. */
const ADDRESS = /[:/\\]|^[.~]/;

/** The network subcommand a git command runs, when it reaches an address the command gives or sets. */
function gitNetwork(sub: readonly string[]): string | undefined {
  const two = `${sub[0]} ${sub[1]}`;
  if (GIT_NETWORK_ALWAYS[two]) return two;
  if (sub[0] && GIT_NETWORK_ALWAYS[sub[0]]) return sub[0];
  if (sub[0] === 'archive' && sub.slice(1).some((w) => w.length >= 5 && '--remote'.startsWith(w.split('=')[0]!))) return 'archive --remote';
  if (sub[0] === 'remote' && GIT_REMOTE_REACHES.has(sub[1] ?? '') && sub.slice(2).some((w) => !w.startsWith('-') && ADDRESS.test(w))) return `remote ${sub[1]}`;
  if (!GIT_REPOSITORY_FIRST.has(sub[0] ?? '')) return undefined;
  // Submodules are fetched from the addresses .gitmodules and the configuration give (set-url changes them).
  if (sub.some((w) => /^--recurse-submodules(=(?!no$|false$|off$|0$).*)?$/.test(w))) return `${sub[0]} --recurse-submodules`;
  for (let i = 1; i < sub.length; i++) {
    const w = sub[i]!;
    if (w === '--') return ADDRESS.test(sub[i + 1] ?? '') ? sub[0] : undefined;
    if (!w.startsWith('-')) return ADDRESS.test(w) ? sub[0] : undefined;
    if (GIT_FETCH_VALUED.has(w)) i++;
  }
  return undefined;
}

const GIT_CONFIG_READS = new Set(['--get', '--get-all', '--get-regexp', '--get-urlmatch', '--get-color', '--get-colorbool', '--list', '-l']);
const GIT_CONFIG_FLAGS = new Set(['--global', '--system', '--local', '--worktree', '--show-origin', '--show-scope', '--null', '-z', '--name-only']);
const GIT_CONFIG_TYPES = new Set(['--bool', '--int', '--bool-or-int', '--path', '--expiry-date', '--includes', '--no-includes']);
const GIT_CONFIG_VALUED = new Set(['-f', '--file', '--blob', '--type', '--default']);

/**
 * Whether `git config ARGS` only reads: `get`/`list` (git 2.46's subcommands), --get…/--list, or one key
 * and no value; every option known (an unknown one, or --edit, --add, --unset…, is taken as a change).
 */
function gitConfigReads(args: readonly string[]): boolean {
  let reads = args[0] === 'get' || args[0] === 'list';
  const operands: string[] = [];
  for (let i = reads ? 1 : 0; i < args.length; i++) {
    const [name, attached] = args[i]!.startsWith('--') ? args[i]!.split(/=(.*)/s) : [args[i]!, undefined];
    if (GIT_CONFIG_READS.has(name!)) reads = true;
    else if (GIT_CONFIG_VALUED.has(name!)) i += attached === undefined ? 1 : 0;
    else if (!GIT_CONFIG_FLAGS.has(name!) && !GIT_CONFIG_TYPES.has(name!)) {
      if (name!.startsWith('-')) return false;
      operands.push(name!);
    }
  }
  return reads ? operands.length <= 2 : operands.length === 1;
}

/** `roots`: the workspace folders (git reads a root named by its path as the whole tree). */
export function programPolicy(program: string, args: readonly ShellWord[], roots: readonly string[] = []): ProgramPolicy {
  const name = interpreterName(program);
  if (name === 'git') return withGitDiscards(gitPolicy(args), roots);
  if (name === 'npm' || name === 'pnpm' || name === 'yarn') {
    const npm = npmPolicy(name, args);
    const registry = npm.refusal?.verdict !== 'deny' ? registryRefusal(name, args) : undefined;
    return registry ? { ...npm, refusal: { verdict: 'deny', reason: registry } } : npm;
  }
  if (name === 'npx') return npxPolicy(args);
  if (name === 'tsc') return tscPolicy(args);
  const subscript = subscriptRefusal(program, args) ?? standInRefusal(program, args);
  if (subscript) return { words: [{ value: program }, ...args], refusal: { verdict: 'deny', reason: subscript } };
  const code = inlineCode(name, program, args) ?? programFromInput(name, program, args) ?? toolCode(program, args) ?? capabilityRefusal(program, args);
  if (code) return { words: [{ value: program }, ...args], refusal: { verdict: 'deny', reason: code } };
  // kubectl WORD runs a plugin from PATH; an archive tool may write or read names this check never sees; a walk
  // may follow links out of the workspace (link-following.ts); a program may write names it never shows into
  // the workspace folder (unseen-writes.ts).
  const asks = (name === 'kubectl' ? kubectlPlugin(args) : unseenNames(program, args)) ?? followsLinksWhileWalking(name, args) ?? unseenWrites(name, args);
  const config = name === 'cargo' ? cargoConfig(args) : asks ? { verdict: 'ask' as const, reason: asks } : undefined;
  return { words: [{ value: program }, ...args], ...(config ? { refusal: config } : {}), ...scriptFiles(name, program, args) };
}

/** gawk's special files that open a network connection (`print > "/inet/tcp/0/host/80"`), as bash's /dev/tcp does. */
const NETWORK_FILE = /^\/(?:inet[46]?|dev\/(?:tcp|udp))\//i;

/**
 * The files a sed script or an awk program given on the command line reads or writes (sed's `w FILE`,
 * awk's `print > "FILE"`), checked like path arguments; an awk redirection to a name computed at run
 * time asks, and one to a network connection is refused (red team 36).
 */
function scriptFiles(name: string, program: string, args: readonly ShellWord[]): Pick<ProgramPolicy, 'named' | 'refusal'> {
  const files = name === 'awk' ? awkCommandFiles(args) : { names: sedFileNames(program, args), computed: false };
  const network = files.names.find((n) => NETWORK_FILE.test(n));
  if (network) return { refusal: { verdict: 'deny', reason: `the ${program} script opens a network connection ("${network.slice(0, 60)}")` } };
  return {
    ...(files.names.length ? { named: files.names.map((value) => ({ value })) } : {}),
    ...(files.computed
      ? {
          refusal: {
            verdict: 'ask' as const,
            reason: `the ${program} program writes to or reads from a file whose name it computes, which this check cannot follow`,
          },
        }
      : {}),
  };
}

/** git's own refusals first; then one for commands that throw work away where a rule cannot tell (capability-policies.ts). */
function withGitDiscards(policy: ProgramPolicy, roots: readonly string[]): ProgramPolicy {
  if (policy.refusal?.verdict === 'deny') return policy;
  const discards = gitDiscards(policy.words.slice(1), roots);
  if (!discards || (discards.verdict === 'ask' && policy.refusal)) return policy;
  return { ...policy, refusal: discards };
}

/** git commands that read the paths a pathspec matches, in the tree or the history (git grep's first word is its pattern). */
const PATHSPEC_READERS = new Set(['log', 'diff', 'show', 'whatchanged', 'shortlog', 'ls-files', 'ls-tree', 'blame', 'difftool', 'archive', 'grep']);
const afterDashes = (words: readonly ShellWord[], word: ShellWord) =>
  words.findIndex((w) => w.value === '--') >= 0 && words.indexOf(word) > words.findIndex((w) => w.value === '--');

function gitPolicy(args: readonly ShellWord[]): ProgramPolicy {
  const chdir: ShellWord[] = [];
  let movesTo: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i]!.value;
    if (!w.startsWith('-')) break;
    const name = w.startsWith('--') ? w.split('=')[0]! : w.slice(0, 2);
    if (GIT_GLOBAL_DENIED.has(name))
      return {
        words: [{ value: 'git' }, ...args],
        refusal: { verdict: 'deny', reason: `git ${name} can make git run other programs or use another repository or configuration` },
      };
    if (['--help', '-h', '--version', '-v', '--html-path', '--man-path', '--info-path'].includes(w.split('=')[0]!))
      return {
        words: [{ value: 'git' }, ...args],
        refusal: { verdict: 'ask', reason: `git ${name} is not the command it looks like (git -h and --help open a manual viewer)` },
      };
    const attached = w.startsWith('--') ? w.includes('=') : w.length > 2;
    if (name === '-C') {
      const folder = attached ? { ...args[i]!, value: w.slice(2) } : (args[i + 1] ?? { value: '' });
      // The names after it are read from that folder (and a second -C from the first one's), where a link
      // may lead anywhere: `git -C src -C sec diff id_rsa id_rsa.pub` printed a key through src/sec.
      if (!['.', './'].includes(folder.value)) movesTo ??= folder.value;
      chdir.push(folder);
    } else if (name !== '--list-cmds' && !GIT_GLOBAL_FLAGS.has(w))
      return {
        words: [{ value: 'git' }, ...args],
        refusal: { verdict: 'ask', reason: `git ${w.slice(0, 40)} is not a global option this check knows, so the command git runs cannot be told` },
      };
    if (GIT_GLOBAL_VALUED.has(name) && !attached) i++;
  }
  const rest = args.slice(i);
  const words = [{ value: 'git' }, ...rest];
  const sub = rest.map((w) => w.value.toLowerCase());
  if (sub[0] === 'config' && gitConfigReads(rest.slice(1).map((w) => w.value)))
    return { words, chdir, refusal: { verdict: 'ask', reason: "git config only reads git's configuration here" } };
  // The credential helpers are git commands too (git credential-store get, git credential-cache exit).
  if (/^credential-/.test(sub[0] ?? '')) return { words, chdir, refusal: { verdict: 'deny', reason: `git ${sub[0]} ${GIT_SUBCOMMANDS_DENIED.credential}` } };
  for (const [pattern, why] of Object.entries(GIT_SUBCOMMANDS_DENIED)) {
    const parts = pattern.split(' ');
    if (parts.every((p, k) => sub[k] === p)) return { words, chdir, refusal: { verdict: 'deny', reason: `git ${pattern} ${why}` } };
  }
  if (['help', 'web--browse', 'instaweb'].includes(sub[0] ?? ''))
    return { words, chdir, refusal: { verdict: 'ask', reason: `git ${sub[0]} opens a manual viewer, a browser or a web server` } };
  if (rest.slice(1).some((a) => a.value === '--help'))
    return { words, chdir, refusal: { verdict: 'ask', reason: 'git … --help opens a manual viewer (man, or a browser with -w)' } };
  for (const a of rest.slice(1)) {
    // Pathspec magic (:/, :(top), :(glob)…) starts from the repository's top, which may be above the workspace.
    if (a.value.startsWith(':') && a.value.length > 1)
      return {
        words,
        chdir,
        refusal: { verdict: 'ask', reason: `git pathspec "${a.value.slice(0, 40)}" may reach files outside the workspace (the repository's top)` },
      };
    // A pathspec is a pattern git matches itself, against every path in the history too: `git log -p -- '.e*'`
    // printed a .env committed once and removed (red team 42), where the name `.env` asks.
    if (PATHSPEC_READERS.has(sub[0] ?? '') && !a.glob && !a.value.startsWith('-') && /[*?[]/.test(a.value) && (sub[0] !== 'grep' || afterDashes(rest, a)))
      return {
        words,
        chdir,
        refusal: { verdict: 'ask', reason: `git matches the pattern "${a.value.slice(0, 40)}" against every path itself, secret files too` },
      };
    const w = a.value.toLowerCase();
    // Words after the first "--" are still checked as options: git log reads some options of its own
    // (--decorate-refs, -L) before it looks for "--", and they take the next word as their value, so in
    // `git log --decorate-refs -- --output=package.json` the "--" is a pattern and --output writes.
    if (w === '--') continue;
    if (GIT_RUNS_GPG.test(a.value)) return { words, chdir, refusal: { verdict: 'ask', reason: `git ${a.value.slice(0, 40)} runs gpg to check signatures` } };
    const name = w.split('=')[0]!;
    // git apply --unsafe-paths writes the files a patch names outside the work tree too (red team 36).
    if (sub[0] === 'apply' && name.length >= 5 && '--unsafe-paths'.startsWith(name))
      return { words, chdir, refusal: { verdict: 'ask', reason: `git apply ${name} writes the files the patch names, outside the work tree too` } };
    // git accepts unambiguous abbreviations (--outp = --output, --ext = --ext-diff), except where the short
    // form is an option itself. Any prefix of two letters or more counts: which prefixes are unambiguous
    // depends on the subcommand's options (`git rebase --ex`, `git clone --co`, `git clone --up` run
    // programs: red team 32). One letter is left to git: `git status --u` is --untracked-files there.
    const denied = GIT_ARGS_DENIED.filter(
      (d) => w === d || w.startsWith(`${d}=`) || (!GIT_EXACT_OPTIONS.has(name) && name.startsWith('--') && name.length >= 4 && d.startsWith(name)),
    );
    if (denied.length) {
      const which = denied.includes(name) ? name : `${name} (an abbreviation of ${denied.join(' or ')})`;
      return { words, chdir, refusal: { verdict: 'deny', reason: `git ${which} can run a program or touch files outside the repository` } };
    }
    if ((sub[0] === 'grep' && /^-[a-z]*o/i.test(a.value) && a.value.startsWith('-O')) || (sub[0] === 'rebase' && /^-[a-z]*x/.test(a.value))) {
      return { words, chdir, refusal: { verdict: 'deny', reason: `git ${sub[0]} ${a.value} runs another program` } };
    }
    // One letter after "--" is left to git, except where it is unambiguous and runs a program: clone's and
    // ls-remote's --u is --upload-pack.
    if (
      (['fetch', 'pull', 'clone', 'ls-remote', 'archive'].includes(sub[0] ?? '') && /^-u/.test(a.value)) ||
      (['clone', 'ls-remote'].includes(sub[0] ?? '') && /^--u(=|$)/.test(a.value))
    )
      return { words, chdir, refusal: { verdict: 'deny', reason: `git ${sub[0]} -u runs another program` } };
    // clone -c KEY=VALUE (also in a cluster: -qc, -ccore.fsmonitor=…) writes configuration into the new
    // repository before its checkout, and core.fsmonitor, core.sshCommand or a filter runs a program;
    // clone's and ls-remote's -u (--upload-pack) in a cluster (-qu) runs one too.
    if ((sub[0] === 'clone' && /^-[A-Za-z]*[cu]/.test(a.value)) || (sub[0] === 'ls-remote' && /^-[A-Za-z]*u/.test(a.value) && !a.value.startsWith('--')))
      return {
        words,
        chdir,
        refusal: { verdict: 'deny', reason: `git ${sub[0]} ${a.value.slice(0, 40)} sets configuration or an upload program, which can run another program` },
      };
  }
  // Checked last, so that a deny rule on the real command (git -C src push) still refuses it.
  if (sub[0] === 'apply' && !sub.some((w) => ['--check', '--stat', '--numstat', '--summary', '--cached'].includes(w)))
    return {
      words,
      chdir,
      refusal: { verdict: 'ask', reason: 'git apply changes the files its patch names, which this check cannot see and which may be protected files' },
    };
  const network = gitNetwork(sub);
  if (network)
    return {
      words,
      chdir,
      refusal: { verdict: 'ask', reason: `git ${network} reaches another machine at an address the command gives or sets, which can carry data out` },
    };
  if (movesTo !== undefined)
    return {
      words,
      chdir,
      refusal: { verdict: 'ask', reason: `git -C ${movesTo.slice(0, 60)} runs in another folder, where the names after it may lead elsewhere` },
    };
  return { words, chdir };
}
