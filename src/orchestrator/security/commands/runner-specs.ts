// Programs that run the rest of their arguments as a command, after options and a few words of their
// own (red team 33: `prlimit curl x`, `fakeroot rm -rf src`, `docker run img curl x`, `uv run curl x`,
// `pnpm dlx curl x` only asked while `timeout 5 curl x` was denied). The command is checked like one
// given on its own, so its deny rules apply; the wrapper itself always asks (it is not on the allow list
// and runs the command in another setting: a container, another user's limits, a package it fetches).
import type { ShellWord } from './shell-script';
import { type Unwrapped, joinWords } from './command-wrappers';
import { optionFloor, parseOptions, suffixes } from './wrapper-options';
import { NPM_VALUED_OPTIONS } from './npm-options';

export interface RunnerSpec {
  /** Subcommand words that come first (docker run, uv tool run). */
  sub?: string;
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
const DOCKER_RUN = {
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
  sub: 'exec',
  valued: '-e --env --env-file -u --user -w --workdir --detach-keys',
  flags: '-d --detach -i --interactive -t --tty --privileged',
  leading: 1,
  why: IN_CONTAINER,
};
const UV_VALUED =
  '--with --with-editable --with-requirements -p --python --directory --project --package --extra --group --only-group --no-group --env-file --index --index-url --default-index --extra-index-url -f --find-links --index-strategy --keyring-provider --resolution --prerelease --exclude-newer --link-mode --refresh-package --reinstall-package --upgrade-package --config-setting -C --python-platform --color --cache-dir --config-file --allow-insecure-host --from';
const FETCHES = 'it may fetch a package and runs a command of it';
/** npm's options that take the next word, also those npmPolicy put after the subcommand (`npm --loglevel silent exec …`). */
const NPM_EXEC_VALUED = ['--package', ...NPM_VALUED_OPTIONS].join(' ');
const RUNS_IN_ENV = 'it runs the command in an environment of its own';

/** By program: the ways it runs a command (several where subcommands differ). */
export const RUNNERS: Record<string, readonly RunnerSpec[]> = {
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
  docker: [DOCKER_RUN, DOCKER_EXEC, { ...DOCKER_RUN, sub: 'container run' }, { ...DOCKER_EXEC, sub: 'container exec' }],
  podman: [DOCKER_RUN, DOCKER_EXEC],
  nerdctl: [DOCKER_RUN, DOCKER_EXEC],
  kubectl: [
    {
      sub: 'exec',
      valued: '-c --container -n --namespace -f --filename --pod-running-timeout --context --cluster --user --kubeconfig -s --server',
      flags: '-i --stdin -t --tty -q --quiet',
      leading: 1,
      why: IN_CONTAINER,
    },
  ],
  lxc: [{ sub: 'exec', valued: '--env --cwd --user --group --mode', flags: '-T -t -n', leading: 1, why: IN_CONTAINER }],
  toolbox: [{ sub: 'run', valued: '-c --container -d --distro -r --release', why: IN_CONTAINER }],
  npm: [
    { sub: 'exec', valued: NPM_EXEC_VALUED, scripts: '-c --call', why: FETCHES },
    { sub: 'x', valued: NPM_EXEC_VALUED, scripts: '-c --call', why: FETCHES },
    { sub: 'explore', leading: 1, join: true, why: "it runs the command in a package's folder" },
  ],
  pnpm: [
    { sub: 'exec', valued: '--filter -F --resume-from', shellFlags: '-c --shell-mode', why: RUNS_IN_ENV },
    { sub: 'dlx', valued: '--package', shellFlags: '-c --shell-mode', why: FETCHES },
  ],
  yarn: [
    { sub: 'exec', join: true, why: RUNS_IN_ENV },
    { sub: 'dlx', valued: '-p --package', why: FETCHES },
  ],
  bunx: [{ valued: '-p --package', why: FETCHES }],
  uv: [
    { sub: 'run', valued: UV_VALUED, why: RUNS_IN_ENV },
    { sub: 'tool run', valued: UV_VALUED, why: FETCHES },
  ],
  uvx: [{ valued: UV_VALUED, why: FETCHES }],
  pipx: [{ sub: 'run', valued: '--spec --python --pip-args --index-url', why: FETCHES }],
  poetry: [{ sub: 'run', why: RUNS_IN_ENV }],
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
};

const list = (text: string | undefined): string[] => (text ? text.split(' ') : []);

/** How `program` runs a command given after its own words, by the table above; undefined when it does not. */
export function unwrapRunner(program: string, args: readonly ShellWord[]): Unwrapped | undefined {
  for (const spec of RUNNERS[program] ?? []) {
    const sub = list(spec.sub);
    if (!sub.every((s, k) => args[k]?.value === s)) continue;
    const after = args.slice(sub.length);
    const scriptOptions = list(spec.scripts);
    const flags = spec.flags === undefined ? undefined : [...list(spec.flags), ...list(spec.shellFlags)];
    const options = parseOptions(after, { valued: [...list(spec.valued), ...scriptOptions], ...(flags ? { flags } : {}), optional: list(spec.optional) });
    const scripts = options.pairs.filter((p) => scriptOptions.includes(p.name)).map((p) => p.value);
    let rest = after.slice(options.index + (spec.leading ?? 0));
    if (rest[0]?.value === '--') rest = rest.slice(1);
    const floor = optionFloor(program, {}, options) ?? { verdict: 'ask' as const, reason: `${program} ${sub.join(' ')}: ${spec.why}`.replace(' :', ':') };
    const checked = options.values.filter((v) => !scripts.includes(v));
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
  return undefined;
}
