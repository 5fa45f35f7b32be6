// Publishing, and changing a package in a registry, where a deny rule cannot tell the command from its
// read-only or trial forms (review 34: `npm dist-tag ls`, `npm publish --dry-run` and `docker push
// --help` were refused as publishing), nor find the subcommand after global options and their values
// (`cargo +stable publish`, `cargo --color always publish`, `docker --context prod push`). These are
// refused here instead of by the PUBLISH rules of default-deny.ts; the rest of that group stays rules.
import type { ShellWord } from './shell-words';
import { type ManagerLine, type PackageManager, lastBoolean, readManagerLine } from './npm-options';
import { subcommandStarts } from './wrapper-options';
import { lookupTable } from '../../text/lookup-table';

const IN_REGISTRY = "publishes or changes a package in the registry, under the user's name";

/** npm's registry commands, the shortest prefix npm takes for each here (`npm pu` publishes; `npm un` is uninstall). */
const NPM_REGISTRY: Record<string, number> = lookupTable<number>({
  publish: 2,
  unpublish: 3,
  deprecate: 2,
  undeprecate: 3,
  'dist-tag': 2,
  'dist-tags': 2,
  owner: 2,
  author: 2,
  access: 2,
  team: 3,
  org: 3,
  ogr: 3,
  hook: 3,
  token: 3,
  star: 4,
  unstar: 3,
});
/** Their actions that only read (npm's dist-tag.js, owner.js, access.js, team.js…); any other changes the registry or is refused by npm. */
const READS: Record<string, readonly string[]> = lookupTable<readonly string[]>({
  'dist-tag': ['ls', 'l', 'sl', 'list'],
  owner: ['ls', 'list'],
  access: ['list', 'ls', 'get', 'ls-packages', 'ls-collaborators'],
  team: ['ls', 'list'],
  org: ['ls'],
  hook: ['ls'],
  token: ['list', 'ls'],
});
const DIST_TAG_CHANGES = ['add', 'a', 'set', 's', 'rm', 'r', 'del', 'd', 'remove'];

/**
 * npm's and pnpm's registry commands, read as npmPolicy reads the line: `publish` unless its last
 * --dry-run is on, `unpublish`, `deprecate`, `undeprecate`, and `dist-tag`, `owner` (`author`) and
 * `access` unless their action only reads (pnpm hands these to npm). npm takes a prefix of a subcommand.
 */
export function registryRefusal(manager: PackageManager, args: readonly ShellWord[]): string | undefined {
  const line = readManagerLine(manager, args);
  const sub = line.at >= 0 ? args[line.at]!.value.toLowerCase() : '';
  if (manager === 'yarn') return yarnRegistry(sub, line);
  const command = Object.keys(NPM_REGISTRY).find((c) => c === sub || (manager === 'npm' && sub.length >= NPM_REGISTRY[c]! && c.startsWith(sub)));
  if (!command) return undefined;
  const name = command === 'dist-tags' ? 'dist-tag' : command === 'author' ? 'owner' : command === 'ogr' ? 'org' : command;
  if (command === 'publish' && lastBoolean(line, args, 'dry-run') === true) return undefined;
  if (name in READS && onlyReads(name, line)) return undefined;
  return `${manager} ${command} ${IN_REGISTRY}`;
}

/** yarn's `unpublish`, and `tag` and `owner` (also `yarn npm tag`) unless they list (yarn 1's and berry's commands). */
function yarnRegistry(sub: string, line: ManagerLine): string | undefined {
  const words = line.operands.map((o) => o.value);
  const [command, action] = sub === 'npm' ? [words[0], words[1]] : [sub, words[0]];
  if (command === 'unpublish') return `yarn unpublish ${IN_REGISTRY}`;
  if ((command === 'tag' || command === 'owner') && action !== undefined && !['list', 'ls'].includes(action))
    return `yarn ${sub === 'npm' ? 'npm ' : ''}${command} ${action} ${IN_REGISTRY}`;
  return undefined;
}

function onlyReads(name: string, line: ManagerLine): boolean {
  const action = line.operands[0]?.value;
  if (action === undefined || READS[name]!.includes(action)) return true;
  // `npm dist-tag PKG` lists PKG's tags.
  return name === 'dist-tag' && line.operands.length === 1 && !DIST_TAG_CHANGES.includes(action);
}

const CARGO_GLOBALS = { valued: ['--color', '--config', '-Z', '-C'], flags: ['-v', '-vv', '--verbose', '-q', '--quiet', '--frozen', '--locked', '--offline'] };
const DOCKER_GLOBALS = {
  valued: ['-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey'],
  flags: ['-D', '--debug', '--tls', '--tlsverify'],
};

/**
 * `cargo publish` (unless --dry-run) and `cargo yank`, after a `+toolchain` and global options; `bun
 * publish` (unless --dry-run); `docker`/`podman push` and `image push` (unless --help or -h, which only
 * print help).
 */
export function publishRefusal(program: string, args: readonly ShellWord[]): string | undefined {
  const options = (from: number) => {
    const end = args.findIndex((a, i) => i >= from && a.value === '--');
    return args.slice(from, end < 0 ? undefined : end).map((a) => a.value);
  };
  if (program === 'cargo') {
    const skip = args[0]?.value.startsWith('+') ? 1 : 0;
    const rest = args.slice(skip);
    if (subcommandStarts(rest, ['yank'], CARGO_GLOBALS.valued, CARGO_GLOBALS.flags).length) return `cargo yank ${IN_REGISTRY}`;
    const starts = subcommandStarts(rest, ['publish'], CARGO_GLOBALS.valued, CARGO_GLOBALS.flags);
    return starts.some((s) => !options(skip + s + 1).includes('--dry-run')) ? `cargo publish ${IN_REGISTRY}` : cargoOwner(args);
  }
  if (program === 'bun') {
    const starts = subcommandStarts(args, ['publish'], ['--cwd', '-c', '--config']);
    const dry = (s: number) => options(s + 1).includes('--dry-run') && !options(s + 1).some((o) => o.startsWith('--dry-run='));
    return starts.some((s) => !dry(s)) ? `bun publish ${IN_REGISTRY}` : undefined;
  }
  if (program === 'docker' || program === 'podman' || program === 'nerdctl' || program === 'docker-compose' || program === 'podman-compose') {
    const compose = program.endsWith('-compose');
    const at = (subs: readonly (readonly string[])[]) =>
      subs.flatMap((sub) => {
        const [first, ...rest] = compose ? ['compose', ...sub] : sub;
        const globals = compose ? [] : subcommandStarts(args, [first!], DOCKER_GLOBALS.valued, DOCKER_GLOBALS.flags);
        const after = compose ? [0] : globals.map((g) => g + 1);
        // compose's own options stand between `compose` and its subcommand (`docker compose -f x.yml push`).
        const extra = first === 'compose' ? COMPOSE_GLOBALS : { valued: [], flags: [] };
        if (!rest.length) return after;
        return after.flatMap((a) => subcommandStarts(args.slice(a), rest, extra.valued, extra.flags).map((s) => a + s + rest.length));
      });
    const help = (from: number) => options(from).some((o) => o === '--help' || o === '-h');
    const pushed = at(PUSHES).filter((s) => !help(s));
    const built = at(BUILDS).filter((s) => !help(s) && options(s).some((o, k, all) => pushesBuild(o, all[k - 1])));
    return pushed.length || built.length
      ? `${program} ${pushed.length ? 'pushes or signs' : 'builds and pushes'} an image in a registry under the user's name`
      : undefined;
  }
  return undefined;
}

/** docker's subcommands that upload or sign in a registry, and those that do with --push or an output of type registry. */
const PUSHES = [['push'], ['image', 'push'], ['manifest', 'push'], ['trust', 'sign'], ['buildx', 'imagetools', 'create'], ['compose', 'push']];
const BUILDS = [['build'], ['image', 'build'], ['builder', 'build'], ['buildx', 'build'], ['buildx', 'b'], ['buildx', 'bake'], ['compose', 'build']];
const COMPOSE_GLOBALS = {
  valued: ['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--progress'],
  flags: [],
};

/** `--push`, `--output type=registry` (`-o`, `=`), `--set *.output=type=registry`, `push=true` in an output. */
function pushesBuild(option: string, before: string | undefined): boolean {
  if (/^--push(?:=true)?$/.test(option)) return true;
  const output = /^(?:--output=|-o=?)(.*)$/s.exec(option)?.[1] ?? (before === '--output' || before === '-o' || before === '--set' ? option : undefined);
  return output !== undefined && /(?:^|[,.=])(?:type=registry|push=true)/i.test(output);
}

/** `cargo owner --add`/`-a`/`--remove`/`-r` changes a crate's owners; `--list` reads. */
function cargoOwner(args: readonly ShellWord[]): string | undefined {
  const skip = args[0]?.value.startsWith('+') ? 1 : 0;
  const starts = subcommandStarts(args.slice(skip), ['owner'], CARGO_GLOBALS.valued, CARGO_GLOBALS.flags);
  const changes = starts.some((s) => args.slice(skip + s + 1).some((a) => /^(?:--add|--remove|-[a-z]*[ar])(?:=|$)/.test(a.value) || /^-[ar]./.test(a.value)));
  return changes ? `cargo owner --add/--remove ${IN_REGISTRY}` : undefined;
}

/**
 * cargo's `--config KEY=VALUE` or `--config FILE` (anywhere before `--`) changes its configuration: an
 * alias (`alias.x=["publish"]` makes `cargo x` publish) or a build wrapper runs what it names. It asks;
 * an alias that names publish, yank or owner is refused.
 */
export function cargoConfig(args: readonly ShellWord[]): { verdict: 'ask' | 'deny'; reason: string } | undefined {
  const end = args.findIndex((a) => a.value === '--');
  const words = (end < 0 ? args : args.slice(0, end)).map((a) => a.value);
  const values = words.flatMap((w, i) => (w === '--config' ? [words[i + 1] ?? ''] : w.startsWith('--config=') ? [w.slice(9)] : []));
  if (!values.length) return undefined;
  if (values.some((v) => /^\s*alias\./.test(v) && /publish|yank|owner/.test(v)))
    return { verdict: 'deny', reason: `cargo --config defines an alias that ${IN_REGISTRY}` };
  return { verdict: 'ask', reason: 'cargo --config changes its configuration (aliases, build wrappers), which can make it run other commands' };
}
