// Programs that run the rest of their arguments as a command, after options and a few words of their
// own (red team 33: `prlimit curl x`, `fakeroot rm -rf src`, `docker run img curl x`, `uv run curl x`,
// `pnpm dlx curl x` only asked while `timeout 5 curl x` was denied). The command is checked like one
// given on its own, so its deny rules apply; the wrapper itself always asks (it is not on the allow list
// and runs the command in another setting: a container, another user's limits, a package it fetches).
import type { ShellWord } from './shell-words';
import { type Unwrapped, joinWords } from './command-wrappers';
import { optionFloor, parseOptions, subcommandStarts, suffixes } from './wrapper-options';
import { type ManagerLine, type PackageManager, initializerPackage, readManagerLine } from './npm-options';
import { lookupTable } from '../../text/lookup-table';

export interface RunnerSpec {
  /** Subcommand words (docker run, uv tool run), after the program's global options if any. */
  sub?: string;
  /** Global options before the subcommand that take a value (docker --context X run), and those that take none. */
  globals?: string;
  globalFlags?: string;
  /** Options followed by a separate value. */
  valued?: string;
  /** Options without a value; when given, any other option makes the words after it guesses. */
  flags?: string;
  /** Options whose value is optional and only attached (prlimit --nofile=…, -n…). */
  optional?: string;
  /** Positional words before the command (docker's image, faketime's time, envdir's folder). */
  leading?: number;
  /** Options whose value is a shell command line (npm exec -c, nodemon --exec). */
  scripts?: string;
  /** Flags after which the command is one line handed to a shell (pnpm exec -c). */
  shellFlags?: string;
  /** The command is handed to a shell as one line (npm explore, yarn exec, watchexec). */
  join?: boolean;
  why: string;
}

const IN_CONTAINER = 'it runs the command in a container, with what the container is given';
const DOCKER_GLOBALS = {
  globals: '-H --host -c --context --config -l --log-level --tlscacert --tlscert --tlskey',
  globalFlags: '-D --debug --tls --tlsverify',
};
const DOCKER_RUN = {
  ...DOCKER_GLOBALS,
  sub: 'run',
  valued:
    '-a --attach -c --cpu-shares -e --env --env-file -h --hostname -l --label --label-file -m --memory -p --publish -u --user -v --volume -w --workdir --name --network --net --mount --entrypoint --platform --pull --restart --log-driver --log-opt --add-host --dns --dns-search --dns-option --device --cap-add --cap-drop --security-opt --ulimit --shm-size --tmpfs --gpus --ipc --pid --uts --userns --cgroupns --runtime --stop-signal --stop-timeout --cidfile --volumes-from --link --expose --group-add --memory-swap --cpus --cpuset-cpus --detach-keys --domainname --mac-address --ip --ip6 --network-alias --health-cmd --health-interval --health-retries --health-timeout --oom-score-adj --pids-limit --storage-opt --sysctl --blkio-weight --isolation --init-path',
  flags:
    '-d --detach -i --interactive -t --tty --rm --privileged --init -P --publish-all --read-only --no-healthcheck --oom-kill-disable --sig-proxy -q --quiet --help',
  scripts: '--health-cmd',
  leading: 1,
  why: IN_CONTAINER,
};
const DOCKER_EXEC = {
  ...DOCKER_GLOBALS,
  sub: 'exec',
  valued: '-e --env --env-file -u --user -w --workdir --detach-keys',
  flags: '-d --detach -i --interactive -t --tty --privileged',
  leading: 1,
  why: IN_CONTAINER,
};
const UV_VALUED =
  '--with --with-editable --with-requirements -p --python --directory --project --package --extra --group --only-group --no-group --env-file --index --index-url --default-index --extra-index-url -f --find-links --index-strategy --keyring-provider --resolution --prerelease --exclude-newer --link-mode --refresh-package --reinstall-package --upgrade-package --config-setting -C --python-platform --color --cache-dir --config-file --allow-insecure-host --from';
/** docker compose (and docker-compose, podman-compose) run/exec SERVICE COMMAND, after compose's own global options. */
const COMPOSE_GLOBALS = {
  globals: '-f --file -p --project-name --profile --env-file --project-directory --ansi --progress --parallel',
  globalFlags: '--compatibility --dry-run --all-resources',
};
const COMPOSE = [
  {
    ...COMPOSE_GLOBALS,
    sub: 'run',
    valued: '-e --env -l --label --name -p --publish --pull -u --user -v --volume -w --workdir --entrypoint --cap-add --cap-drop',
    flags: '-d --detach -i --interactive -T --no-TTY --no-deps -q --quiet-pull --rm --service-ports --use-aliases --build --remove-orphans -P',
    leading: 1,
    why: IN_CONTAINER,
  },
  {
    ...COMPOSE_GLOBALS,
    sub: 'exec',
    valued: '-e --env -u --user -w --workdir --index',
    flags: '-d --detach -T --no-TTY --privileged',
    leading: 1,
    why: IN_CONTAINER,
  },
];
const UV_GLOBALS = {
  globals: '--color --cache-dir --config-file --directory --project --python-preference --allow-insecure-host',
  globalFlags: '-q --quiet -v --verbose -n --no-cache --offline --native-tls --no-progress --no-config --preview --no-python-downloads',
};
const POETRY_GLOBALS = {
  globals: '-C --directory -P --project',
  globalFlags: '-q --quiet -v -vv -vvv --verbose -n --no-interaction --ansi --no-ansi --no-plugins --no-cache',
};
const FETCHES = 'it may fetch a package and runs a command of it';
const RUNS_IN_ENV = 'it runs the command in an environment of its own';

/** By program: the ways it runs a command (several where subcommands differ). */
export const RUNNERS: Record<string, readonly RunnerSpec[]> = lookupTable<readonly RunnerSpec[]>({
  prlimit: [
    {
      valued: '-p --pid -o --output',
      flags: '--noheadings --raw --verbose',
      optional:
        '-c --core -d --data -e --nice -f --fsize -i --sigpending -l --memlock -m --rss -n --nofile -q --msgqueue -r --rtprio -s --stack -t --cpu -u --nproc -v --as -x --locks -y --rttime',
      why: 'it changes resource limits',
    },
  ],
  numactl: [
    {
      valued: '-C --physcpubind -N --cpunodebind -m --membind -p --preferred -i --interleave -P --preferred-many',
      flags: '-a --all -l --localalloc -b --balancing',
      why: 'it binds the command to processors and memory',
    },
  ],
  cgexec: [{ valued: '-g', flags: '--sticky', why: 'it runs the command in control groups' }],
  fakeroot: [{ valued: '-l --lib --faked -s -i -b', flags: '-u --unknown-is-real', why: 'it runs the command as a pretended root' }],
  faketime: [{ valued: '-f --date-prog', flags: '-m --exclude-monotonic --disable-shm', leading: 1, why: 'it runs the command at a pretended time' }],
  proxychains: [{ valued: '-f', flags: '-q', why: 'it sends the command through proxies' }],
  proxychains4: [{ valued: '-f', flags: '-q', why: 'it sends the command through proxies' }],
  torsocks: [
    {
      valued: '-u --user -p --pass -a --address -P --port',
      flags: '-i --isolate -d --debug -q --quiet -6 --ipv6',
      why: 'it sends the command through Tor',
    },
  ],
  trickle: [{ valued: '-u -d -w -t -l -n', flags: '-s -v -V', why: 'it limits the bandwidth of the command' }],
  chpst: [{ valued: '-u -U -b -e -/ -n -l -L -m -d -o -p -f -c -r -t', flags: '-v -P -0 -1 -2', why: 'it runs the command with other rights or limits' }],
  softlimit: [{ valued: '-m -a -d -o -p -f -c -r -t -l -s', why: 'it runs the command with other limits' }],
  envdir: [{ leading: 1, why: 'it sets the environment from files' }],
  envuidgid: [{ leading: 1, why: 'it sets the user from its arguments' }],
  setuidgid: [{ leading: 1, why: 'it runs the command as another user' }],
  setlock: [{ flags: '-n -N -x -X', leading: 1, why: 'it creates a lock file' }],
  pgrphack: [{ why: 'it runs the command in a process group of its own' }],
  valgrind: [{ why: 'it runs the command under a tool' }],
  catchsegv: [{ why: 'it runs the command under a tool' }],
  'xvfb-run': [
    {
      valued: '-e --error-file -f --auth-file -n --server-num -p --xauth-protocol -s --server-args -w --wait',
      flags: '-a --auto-servernum -d --auto-display -l --listen-tcp',
      why: 'it starts an X server',
    },
  ],
  'dbus-run-session': [{ valued: '--config-file --dbus-daemon', flags: '--help --version', why: 'it starts a message bus' }],
  'ssh-agent': [{ valued: '-a -E -O -P -t', flags: '-c -s -D -d', why: 'it starts an ssh agent' }],
  ifne: [{ flags: '-n', why: 'it runs the command when its input is not empty' }],
  chronic: [{ flags: '-e -v', why: 'it runs the command and hides its output' }],
  daemonize: [{ valued: '-c -e -E -o -p -l -u', flags: '-a -v', why: 'it runs the command as a daemon, beyond the runner' }],
  'flatpak-spawn': [{ valued: '--env --forward-fd --directory --sandbox-expose --sandbox-expose-ro', why: 'it runs the command outside the sandbox' }],
  'distrobox-host-exec': [{ why: 'it runs the command on the host' }],
  'systemd-nspawn': [{ valued: '-D --directory -i --image -M --machine -u --user -E --setenv -S --slice -Z -L --bind --bind-ro --chdir', why: IN_CONTAINER }],
  schroot: [{ valued: '-c --chroot -u --user -d --directory -n --session-name', why: 'it runs the command in a chroot' }],
  proot: [{ valued: '-r --rootfs -b --bind -m --mount -w --pwd --cwd -k --kernel-release -q --qemu', why: 'it runs the command in another root' }],
  // `create` makes the container whose command runs on `start`: the same line as run's.
  docker: [
    DOCKER_RUN,
    DOCKER_EXEC,
    { ...DOCKER_RUN, sub: 'container run' },
    { ...DOCKER_EXEC, sub: 'container exec' },
    { ...DOCKER_RUN, sub: 'create' },
    { ...DOCKER_RUN, sub: 'container create' },
  ],
  podman: [DOCKER_RUN, DOCKER_EXEC, { ...DOCKER_RUN, sub: 'create' }, { ...DOCKER_RUN, sub: 'container create' }],
  nerdctl: [DOCKER_RUN, DOCKER_EXEC, { ...DOCKER_RUN, sub: 'create' }],
  'docker-compose': COMPOSE,
  'podman-compose': COMPOSE,
  kubectl: [
    {
      sub: 'exec',
      globals: '-n --namespace --context --cluster --user --kubeconfig -s --server --token --as --as-group --cache-dir --request-timeout -v --log-file',
      valued: '-c --container -n --namespace -f --filename --pod-running-timeout --context --cluster --user --kubeconfig -s --server',
      flags: '-i --stdin -t --tty -q --quiet',
      leading: 1,
      why: IN_CONTAINER,
    },
  ],
  lxc: [{ sub: 'exec', valued: '--env --cwd --user --group --mode', flags: '-T -t -n', leading: 1, why: IN_CONTAINER }],
  toolbox: [{ sub: 'run', valued: '-c --container -d --distro -r --release', why: IN_CONTAINER }],
  bunx: [{ valued: '-p --package', why: FETCHES }],
  uv: [
    { ...UV_GLOBALS, sub: 'run', valued: UV_VALUED, why: RUNS_IN_ENV },
    { ...UV_GLOBALS, sub: 'tool run', valued: UV_VALUED, why: FETCHES },
  ],
  uvx: [{ valued: UV_VALUED, why: FETCHES }],
  pipx: [{ sub: 'run', valued: '--spec --python --pip-args --index-url', why: FETCHES }],
  poetry: [{ ...POETRY_GLOBALS, sub: 'run', why: RUNS_IN_ENV }],
  pipenv: [{ sub: 'run', why: RUNS_IN_ENV }],
  pdm: [{ sub: 'run', why: RUNS_IN_ENV }],
  hatch: [{ sub: 'run', why: RUNS_IN_ENV }],
  conda: [{ sub: 'run', valued: '-n --name -p --prefix --cwd', why: RUNS_IN_ENV }],
  mamba: [{ sub: 'run', valued: '-n --name -p --prefix --cwd', why: RUNS_IN_ENV }],
  micromamba: [{ sub: 'run', valued: '-n --name -p --prefix --cwd', why: RUNS_IN_ENV }],
  nodemon: [
    { valued: '-w --watch -e --ext -i --ignore -d --delay -V -C --config', scripts: '-x --exec', why: 'it runs the command again whenever a file changes' },
  ],
  watchexec: [
    {
      valued:
        '-w --watch -W --watch-non-recursive -e --exts -f --filter -i --ignore -d --debounce --delay-run -s --signal --stop-signal --stop-timeout --shell -E --env --on-busy-update --poll --project-origin --workdir --emit-events-to --ignore-file --filter-file --log-file',
      join: true,
      why: 'it runs the command again whenever a file changes',
    },
  ],
});

const list = (text: string | undefined): string[] => (text ? text.split(' ') : []);

/** How `program` runs a command given after its own words, by the table above; undefined when it does not. */
export function unwrapRunner(program: string, args: readonly ShellWord[]): Unwrapped | undefined {
  if (program === 'npm' || program === 'pnpm' || program === 'yarn') return unwrapManager(program, args);
  const pod = program === 'kubectl' ? kubectlPodCommand(args) : undefined;
  if (pod) return pod;
  // `docker compose …` is docker-compose's line (`docker compose -f x.yml run web CMD`).
  const compose =
    program === 'docker' || program === 'podman' || program === 'nerdctl'
      ? subcommandStarts(args, ['compose'], list(DOCKER_GLOBALS.globals), list(DOCKER_GLOBALS.globalFlags))
      : [];
  const composed = compose.flatMap((at) => unwrapRunner('docker-compose', args.slice(at + 1)) ?? []);
  if (composed.length) return composed.length === 1 ? composed[0] : merged(composed);
  for (const spec of RUNNERS[program] ?? []) {
    const sub = list(spec.sub);
    // After global options (`docker --debug run`, `uv -q run`): each place the subcommand may stand.
    const starts = sub.length ? subcommandStarts(args, sub, list(spec.globals), list(spec.globalFlags)) : [0];
    const found = starts.map((start) => unwrapAt(program, spec, args, start));
    if (found.length) return found.length === 1 ? found[0] : merged(found);
  }
  return undefined;
}

/** The commands of every reading, each checked, as guesses (the floor of the first). */
function merged(found: readonly Unwrapped[]): Unwrapped {
  return {
    inner: found.flatMap((u) => u.inner ?? []),
    scripts: found.flatMap((u) => u.scripts ?? []),
    checked: found.flatMap((u) => u.checked ?? []),
    floor: found[0]!.floor!,
    guesses: true,
  };
}

/** The command after the subcommand that starts at `start`; the global options before it are checked as arguments. */
function unwrapAt(program: string, spec: RunnerSpec, args: readonly ShellWord[], start: number): Unwrapped {
  const sub = list(spec.sub);
  const after = args.slice(start + sub.length);
  const scriptOptions = list(spec.scripts);
  const flags = spec.flags === undefined ? undefined : [...list(spec.flags), ...list(spec.shellFlags)];
  const options = parseOptions(after, { valued: [...list(spec.valued), ...scriptOptions], ...(flags ? { flags } : {}), optional: list(spec.optional) });
  const scripts = options.pairs.filter((p) => scriptOptions.includes(p.name)).map((p) => p.value);
  let rest = after.slice(options.index + (spec.leading ?? 0));
  if (rest[0]?.value === '--') rest = rest.slice(1);
  const floor = optionFloor(program, {}, options) ?? { verdict: 'ask' as const, reason: `${program} ${sub.join(' ')}: ${spec.why}`.replace(' :', ':') };
  const checked = [...args.slice(0, start), ...options.values.filter((v) => !scripts.includes(v))];
  const join = spec.join || options.seen.some((o) => list(spec.shellFlags).includes(o));
  if (join) return { scripts: [...scripts, ...(rest.length ? [joinWords(rest)] : [])], floor, checked };
  return {
    ...(rest.length ? { inner: options.unknown ? suffixes(rest, 4) : [rest] } : {}),
    ...(scripts.length ? { scripts } : {}),
    ...(options.unknown ? { guesses: true } : {}),
    floor,
    checked,
  };
}

/**
 * npm exec/x (also `-c`/`--call`, a shell line), npm explore (a shell line in a package's folder), pnpm
 * exec/dlx (`-c`/`--shell-mode`: a shell line) and yarn exec (a shell line)/dlx, with the line read as
 * npmPolicy reads it (npm-options.ts): `npm --json false exec curl x` runs curl, and so does `npm exec
 * curl --json false x`, where npm takes --json as its own.
 */
function unwrapManager(manager: PackageManager, args: readonly ShellWord[]): Unwrapped | undefined {
  const line = readManagerLine(manager, args);
  if (!line.runs) return undefined;
  const why =
    line.runs === 'explore'
      ? "it runs the command in a package's folder"
      : line.runs === 'bin'
        ? 'it runs a script or a program of that name'
        : line.runs === 'exec' && manager !== 'npm'
          ? RUNS_IN_ENV
          : FETCHES;
  const floor = { verdict: 'ask' as const, reason: `${manager} ${args[line.at]!.value}: ${why}` };
  const callOptions = manager === 'npm' ? ['-c', '--call'] : [];
  const valueOf = (o: ManagerLine['options'][number]) =>
    o.value ?? (args[o.index]!.value.includes('=') ? { ...args[o.index]!, value: args[o.index]!.value.replace(/^[^=]*=/, '') } : undefined);
  const scripts = line.options.filter((o) => callOptions.includes(o.name)).flatMap((o) => valueOf(o) ?? []);
  const checked = line.options.filter((o) => !callOptions.includes(o.name)).flatMap((o) => valueOf(o) ?? []);
  // Options pnpm and yarn hand on to the command after `exec` are read as runner options too, the
  // stricter reading (`pnpm exec -c 'curl x'` runs a program named -c, which fails).
  const command = parseOptions(line.runs === 'bin' ? [] : line.operands, { valued: ['--filter', '-F', '--resume-from', '--package', '-p'] });
  // `pnpm curl x` runs curl as `pnpm exec curl x` does, unless a script has that name.
  let rest = line.runs === 'bin' ? [args[line.at]!, ...line.operands] : line.operands.slice(command.index);
  checked.push(...command.values);
  const shell =
    (manager === 'pnpm' && [...line.options.map((o) => o.name), ...command.seen].some((o) => o === '-c' || o === '--shell-mode')) ||
    (manager === 'yarn' && line.runs === 'exec');
  if (line.runs === 'explore') {
    checked.push(...rest.slice(0, 1));
    rest = rest.slice(1);
  }
  // `npm init vite` runs `npm exec create-vite`.
  if (line.runs === 'init' && rest[0]) rest = [{ ...rest[0], value: initializerPackage(rest[0].value) }, ...rest.slice(1)];
  if (shell || line.runs === 'explore') return { scripts: [...scripts, ...(rest.length ? [joinWords(rest)] : [])], floor, checked };
  return { ...(rest.length ? { inner: [rest] } : {}), ...(scripts.length ? { scripts } : {}), floor, checked };
}

const KUBECTL_GLOBALS =
  '-n --namespace --context --cluster --user --kubeconfig -s --server --token --as --as-group --cache-dir --request-timeout -v --log-file';
/** kubectl's commands (1.31); any other word runs a plugin, an executable kubectl-WORD found on PATH. */
const KUBECTL_COMMANDS = new Set(
  (
    'create expose run set explain get edit delete rollout scale autoscale certificate cluster-info top cordon uncordon drain taint ' +
    'describe logs attach exec port-forward proxy cp auth debug events diff apply patch replace wait kustomize label annotate completion ' +
    'alpha api-resources api-versions config plugin version options help'
  ).split(' '),
);

/**
 * `kubectl run NAME … -- COMMAND`, `kubectl create job|cronjob NAME … -- COMMAND` and `kubectl debug … --
 * COMMAND` give the pod the command after `--`: it is checked as docker run's is.
 */
function kubectlPodCommand(args: readonly ShellWord[]): Unwrapped | undefined {
  const dash = args.findIndex((a) => a.value === '--');
  if (dash < 0 || dash === args.length - 1) return undefined;
  const before = args.slice(0, dash);
  const subs = [['run'], ['debug'], ['create', 'job'], ['create', 'cronjob']];
  if (!subs.some((sub) => subcommandStarts(before, sub, list(KUBECTL_GLOBALS)).length)) return undefined;
  return { inner: [args.slice(dash + 1)], floor: { verdict: 'ask', reason: `kubectl: ${IN_CONTAINER}` } };
}

/** The plugin `kubectl WORD` runs when WORD is not one of kubectl's commands (after its global options). */
export function kubectlPlugin(args: readonly ShellWord[]): string | undefined {
  const globals = list(KUBECTL_GLOBALS);
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === '--') return undefined;
    if (w.startsWith('-')) {
      if (globals.includes(w)) i++;
      continue;
    }
    return KUBECTL_COMMANDS.has(w) ? undefined : `kubectl ${w.slice(0, 40)} runs the plugin kubectl-${w.slice(0, 40)}, a program found on PATH`;
  }
  return undefined;
}
