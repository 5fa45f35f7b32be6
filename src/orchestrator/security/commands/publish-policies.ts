// Publishing, and changing a package in a registry, where a deny rule cannot tell the command from its
// read-only or trial forms (review 34: `npm dist-tag ls`, `npm publish --dry-run` and `docker push
// --help` were refused as publishing), nor find the subcommand after global options and their values
// (`cargo +stable publish`, `cargo --color always publish`, `docker --context prod push`). These are
// refused here instead of by the PUBLISH rules of default-deny.ts; the rest of that group stays rules.
import type { ShellWord } from './shell-script';
import { type ManagerLine, type PackageManager, lastBoolean, readManagerLine } from './npm-options';
import { subcommandStarts } from './wrapper-options';

const IN_REGISTRY = "publishes or changes a package in the registry, under the user's name";

/** npm's registry commands, the shortest prefix npm takes for each here (`npm pu` publishes; `npm un` is uninstall). */
const NPM_REGISTRY: Record<string, number> = {
  publish: 2,
  unpublish: 3,
  deprecate: 2,
  undeprecate: 3,
  'dist-tag': 2,
  'dist-tags': 2,
  owner: 2,
  author: 2,
  access: 2,
};
/** Their actions that only read (npm's dist-tag.js, owner.js, access.js); any other changes the registry or is refused by npm. */
const READS: Record<string, readonly string[]> = {
  'dist-tag': ['ls', 'l', 'sl', 'list'],
  owner: ['ls', 'list'],
  access: ['list', 'ls', 'get', 'ls-packages', 'ls-collaborators'],
};
const DIST_TAG_CHANGES = ['add', 'a', 'set', 's', 'rm', 'r', 'del', 'd', 'remove'];

/**
 * npm's and pnpm's registry commands, read as npmPolicy reads the line: `publish` unless its last
 * --dry-run is on, `unpublish`, `deprecate`, `undeprecate`, and `dist-tag`, `owner` (`author`) and
 * `access` unless their action only reads (pnpm hands these to npm). npm takes a prefix of a subcommand.
 */
export function registryRefusal(manager: PackageManager, args: readonly ShellWord[]): string | undefined {
  if (manager === 'yarn') return undefined;
  const line = readManagerLine(manager, args);
  const sub = line.at >= 0 ? args[line.at]!.value.toLowerCase() : '';
  const command = Object.keys(NPM_REGISTRY).find((c) => c === sub || (manager === 'npm' && sub.length >= NPM_REGISTRY[c]! && c.startsWith(sub)));
  if (!command) return undefined;
  const name = command === 'dist-tags' ? 'dist-tag' : command === 'author' ? 'owner' : command;
  if (command === 'publish' && lastBoolean(line, args, 'dry-run') === true) return undefined;
  if (name in READS && onlyReads(name, line)) return undefined;
  return `${manager} ${command} ${IN_REGISTRY}`;
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
    return starts.some((s) => !options(skip + s + 1).includes('--dry-run')) ? `cargo publish ${IN_REGISTRY}` : undefined;
  }
  if (program === 'bun') {
    const starts = subcommandStarts(args, ['publish'], ['--cwd', '-c', '--config']);
    const dry = (s: number) => options(s + 1).includes('--dry-run') && !options(s + 1).some((o) => o.startsWith('--dry-run='));
    return starts.some((s) => !dry(s)) ? `bun publish ${IN_REGISTRY}` : undefined;
  }
  if (program === 'docker' || program === 'podman') {
    const starts = [['push'], ['image', 'push']].flatMap((sub) =>
      subcommandStarts(args, sub, DOCKER_GLOBALS.valued, DOCKER_GLOBALS.flags).map((s) => s + sub.length),
    );
    const help = (from: number) => options(from).some((o) => o === '--help' || o === '-h');
    return starts.some((s) => !help(s)) ? `${program} push uploads an image to a registry under the user's name` : undefined;
  }
  return undefined;
}
