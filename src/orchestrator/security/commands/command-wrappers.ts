// Programs that run another command: `env`, `timeout`, `nice`, `xargs`, `sudo`, `sh -c`, `find -exec`,
// … Each is unwrapped to the command (or the script text) it would run, so that the policy checks
// that one too; their options are read as the wrapper reads them (wrapper-options.ts).
import type { ShellWord } from './shell-words';
import { mapfileCallback } from './builtin-names';
import { unwrapEnv } from './env-wrapper';
import { unwrapFind, unwrapParallel, unwrapXargs } from './input-runners';
import { isShell, unwrapShell, unwrapSource } from './shell-wrappers';
import { unwrapRunner } from './runner-specs';
import { unwrapOptionCommand } from './option-commands';
import { unwrapSession } from './session-runners';
import { type Floor, type OptionSpec, type ParsedOptions, optionFloor, parseOptions, suffixes } from './wrapper-options';
import { lookupTable } from '../../text/lookup-table';

export interface Unwrapped {
  /** The command the wrapper runs, as words (checked like any other command). */
  inner?: ShellWord[][];
  /** Script text the wrapper hands to a shell (parsed and checked like the command line itself). */
  scripts?: ShellWord[];
  /** Environment variables the wrapper sets (VAR=value after env, --unset is harmless). */
  assigns?: string[];
  /** The least strict verdict the whole command may get, and why. */
  floor?: Floor;
  /** Words the wrapper itself reads as files or folders (option values, a lock file): checked as arguments. */
  checked?: ShellWord[];
  /**
   * The commands are guesses, not what it runs: after an option it does not know, each of the next words
   * may be the program. The guard explores a few such guesses and asks beyond them.
   */
  guesses?: boolean;
  /**
   * Programs it may run with arguments this check does not see (make's `CC=gcc`, where a recipe names
   * $(CC)): refused when a deny rule names one, asked for a shell, an interpreter or a wrapper, which
   * may read those arguments as code or as a command.
   */
  programNames?: ShellWord[];
  /** Words of its scripts that stand for what it puts in place of a replacement string (parallel's `{}`). */
  replacing?: Replacing;
}

/** Which words hold a replacement string, and which program fills it in at run time. */
export interface Replacing {
  holds: (value: string) => boolean;
  by: string;
}

interface WrapperSpec extends OptionSpec {
  /** Positional words before the command (timeout's duration, taskset's mask, flock's file). */
  leading?: number;
  floor?: Floor;
}

/** Wrappers that run the rest of their arguments as a command. */
const WRAPPERS: Record<string, WrapperSpec> = lookupTable<WrapperSpec>({
  command: { valued: [], flags: ['-p', '-v', '-V'] },
  builtin: { valued: [], flags: [] },
  // dash's exec takes no options (`exec -a x ls` runs a program called -a); bash's do: any option asks.
  exec: {
    valued: ['-a'],
    flags: ['-c', '-l'],
    askOn: { '-a': 'exec takes -a in bash but not in dash', '-c': 'exec takes -c in bash but not in dash', '-l': 'exec takes -l in bash but not in dash' },
  },
  nohup: { valued: [], flags: [] },
  // setsid forks whenever it leads its process group (`exec setsid …`), and the command then runs on in a
  // session of its own, beyond the runner's timeout and cancellation: it always asks.
  setsid: {
    valued: [],
    flags: ['-c', '--ctty', '-f', '--fork', '-w', '--wait'],
    floor: { verdict: 'ask', reason: 'setsid runs the command in a session of its own, which a timeout or a cancellation may not reach' },
  },
  time: {
    valued: ['-f', '--format', '-o', '--output'],
    flags: ['-p', '--portability', '-v', '--verbose', '-q', '--quiet', '-a', '--append'],
    askOn: {
      '-o': "time -o writes its report to a file of the command line's choosing",
      '--output': "time --output writes its report to a file of the command line's choosing",
    },
  },
  nice: { valued: ['-n', '--adjustment'], flags: [] },
  ionice: {
    valued: ['-c', '--class', '-n', '--classdata', '-p', '--pid', '-P', '--pgid', '-u', '--uid'],
    flags: ['-t', '--ignore'],
    askOn: {
      '-p': 'ionice -p changes the I/O priority of processes the command did not start (and keeps it when the rest fails)',
      '--pid': 'ionice --pid changes the I/O priority of processes the command did not start',
      '-P': 'ionice -P changes the I/O priority of a whole process group the command did not start',
      '--pgid': 'ionice --pgid changes the I/O priority of a whole process group the command did not start',
      '-u': 'ionice -u changes the I/O priority of every process of a user',
      '--uid': 'ionice --uid changes the I/O priority of every process of a user',
    },
  },
  chrt: {
    valued: ['-T', '--sched-runtime', '-P', '--sched-period', '-D', '--sched-deadline'],
    flags: [
      '-a',
      '--all-tasks',
      '-b',
      '--batch',
      '-d',
      '--deadline',
      '-f',
      '--fifo',
      '-i',
      '--idle',
      '-o',
      '--other',
      '-r',
      '--rr',
      '-R',
      '--reset-on-fork',
      '-v',
      '--verbose',
    ],
    leading: 1,
    floor: { verdict: 'ask', reason: 'chrt can give the command a real-time priority, which can starve the rest of the machine' },
  },
  taskset: { valued: [], flags: ['-a', '--all-tasks', '-c', '--cpu-list'], leading: 1 },
  timeout: { valued: ['-s', '--signal', '-k', '--kill-after'], flags: ['--preserve-status', '--foreground', '-v', '--verbose'], leading: 1 },
  stdbuf: { valued: ['-i', '--input', '-o', '--output', '-e', '--error'], flags: [] },
  unbuffer: { valued: [], flags: ['-p'] },
  busybox: { valued: [], flags: [] },
  // toybox runs its applets as busybox does (`toybox rm -rf src`, `toybox wget …`: stop 32's red team).
  toybox: { valued: [], flags: [] },
  strace: {
    valued: ['-o', '-e', '-p', '-s', '-u', '-E', '-a', '-b', '-I', '-O', '-P', '-S', '-X'],
    floor: { verdict: 'ask', reason: 'it traces another program' },
  },
  ltrace: { valued: ['-o', '-e', '-p', '-s', '-u', '-a', '-n'], floor: { verdict: 'ask', reason: 'it traces another program' } },
  'systemd-run': {
    valued: ['-p', '--property', '-u', '--unit', '--uid', '--gid', '-E', '--setenv', '--working-directory', '-M', '--machine'],
    floor: { verdict: 'ask', reason: 'it starts a system service' },
  },
  chroot: { valued: ['--userspec', '--groups'], leading: 1, floor: { verdict: 'ask', reason: 'it changes the root folder' } },
  nsenter: { valued: ['-t', '--target', '-S', '--setuid', '-G', '--setgid'], floor: { verdict: 'ask', reason: 'it enters other namespaces' } },
  unshare: { valued: ['--map-user', '--map-group', '--propagation', '--setgroups'], floor: { verdict: 'ask', reason: 'it creates namespaces' } },
  firejail: { valued: [], floor: { verdict: 'ask', reason: 'it runs a sandboxed program' } },
  sudo: {
    valued: [
      '-u',
      '--user',
      '-g',
      '--group',
      '-C',
      '--close-from',
      '-D',
      '--chdir',
      '-h',
      '--host',
      '-p',
      '--prompt',
      '-r',
      '--role',
      '-t',
      '--type',
      '-U',
      '--other-user',
      '-T',
      '--command-timeout',
    ],
  },
  doas: { valued: ['-u', '-C'] },
  pkexec: { valued: ['--user'] },
  runuser: { valued: ['-u', '--user', '-g', '--group', '-G', '--supp-group'] },
});

/** `sem --wait` (with only a semaphore's name beside it) runs nothing: it waits for what sem started. */
function semWaits(args: readonly ShellWord[]): boolean {
  let waits = false;
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '--wait') waits = true;
    else if (v === '--id' || v === '--semaphorename') i++;
    else if (!/^--(?:id|semaphorename)=/.test(v)) return false;
  }
  return waits;
}

/** Returns how `program` wraps another command, or undefined when it does not. */
export function unwrap(program: string, args: readonly ShellWord[]): Unwrapped | undefined {
  if (program === 'env') {
    const env = unwrapEnv(args);
    return (env.inner?.length ?? 0) > 1 ? { ...env, guesses: true } : env;
  }
  if (isShell(program)) return unwrapShell(program, args);
  if (program === 'source' || program === '.') return unwrapSource(args);
  if (program === 'su') return unwrapSu(args);
  if (program === 'find') return unwrapFind(args);
  if (program === 'xargs') return unwrapXargs(args);
  if (program === 'parallel') return unwrapParallel(args);
  // sem is parallel --semaphore: it runs its command once, when the semaphore lets it (stop 31's red team).
  if (program === 'sem')
    return semWaits(args)
      ? { floor: { verdict: 'ask', reason: 'sem --wait waits for the commands sem started' } }
      : unwrapParallel([{ value: '--semaphore' }, ...args]);
  if (program === 'watch') return unwrapWatch(args);
  if (program === 'systemctl') return unwrapSystemctl(args);
  if (program === 'flock') return unwrapFlock(args);
  if (program === 'script') return unwrapScriptCommand(args);
  if (program === 'eval') return { scripts: [joinWords(args)], floor: { verdict: 'ask', reason: 'eval runs its arguments as a script' } };
  if (program === 'mapfile' || program === 'readarray') {
    const callback = mapfileCallback(args);
    return callback ? { scripts: [callback], floor: { verdict: 'ask', reason: `${program} -C runs its callback as a command` } } : undefined;
  }
  if (program === 'trap') {
    const action = args.find((w) => !w.value.startsWith('-'));
    return action && action.value !== '' && action.value !== '-'
      ? { scripts: [action], floor: { verdict: 'ask', reason: 'trap runs its action later, on a signal or at exit' } }
      : {};
  }
  // Red team 33: wrappers and programs that run a command from an option (runner-specs.ts,
  // option-commands.ts, session-runners.ts).
  const other = unwrapRunner(program, args) ?? unwrapOptionCommand(program, args) ?? unwrapSession(program, args);
  if (other) return other;
  const spec = WRAPPERS[program];
  if (!spec) return undefined;
  const options = parseOptions(args, spec, program === 'nice' || program === 'chrt');
  const i = options.index + (spec.leading ?? 0);
  const rest = args.slice(i);
  const strict =
    optionFloor(program, spec, options) ??
    (program === 'nice' && (options.values.some((v) => v.value.trimStart().startsWith('-')) || args.slice(0, options.index).some((a) => /^--\d/.test(a.value)))
      ? { verdict: 'ask' as const, reason: 'nice with a negative adjustment raises the command above the rest of the machine' }
      : program === 'ionice' && ioniceRealtime(options)
        ? { verdict: 'ask' as const, reason: "ionice's real-time class puts the command's disk access above the rest of the machine" }
        : undefined);
  // An option it does not know may take a value: each of the next words may be the program, and a deny
  // rule applies to any of them.
  if (strict)
    return {
      ...(rest.length ? { inner: options.unknown ? suffixes(rest, 4) : [rest] } : {}),
      ...(options.unknown ? { guesses: true } : {}),
      floor: strict,
      checked: options.values,
    };
  if (!rest.length) return { ...(spec.floor ? { floor: spec.floor } : {}), checked: options.values };
  return { inner: [rest], ...(spec.floor ? { floor: spec.floor } : {}), checked: options.values };
}

export function joinWords(words: readonly ShellWord[]): ShellWord {
  const dynamic = words.find((w) => w.dynamic)?.dynamic;
  return { value: words.map((w) => w.value).join(' '), ...(dynamic ? { dynamic } : {}) };
}

function unwrapSu(args: readonly ShellWord[]): Unwrapped {
  const i = args.findIndex((w) => w.value === '-c' || w.value === '--command' || w.value.startsWith('--command='));
  if (i < 0) return {};
  const w = args[i]!;
  return { scripts: [w.value.startsWith('--command=') ? { ...w, value: w.value.slice(10) } : (args[i + 1] ?? { value: '' })] };
}

/** systemctl's verbs that are the programs of the same name (reboot, halt and poweroff are links to systemctl). */
const SYSTEMCTL_POWER: Record<string, string> = lookupTable<string>({
  reboot: 'reboot',
  'soft-reboot': 'reboot',
  kexec: 'reboot',
  halt: 'halt',
  poweroff: 'poweroff',
});
/** systemctl's verbs that start units: starting reboot.target reboots (ctrl-alt-del.target is reboot.target). */
const SYSTEMCTL_STARTS = new Set(['start', 'isolate', 'restart', 'try-restart', 'reload-or-restart', 'try-reload-or-restart', 'enable']);
const SYSTEMCTL_VALUED = new Set([
  '-H',
  '--host',
  '-M',
  '--machine',
  '-t',
  '--type',
  '-p',
  '--property',
  '-P',
  '-n',
  '--lines',
  '-o',
  '--output',
  '-s',
  '--signal',
  '--kill-whom',
  '--kill-value',
  '--root',
  '--image',
  '--job-mode',
  '--state',
  '--what',
  '--when',
  '--timestamp',
  '--message',
  '--reboot-argument',
  '--boot-loader-entry',
  '--boot-loader-menu',
  '--drop-in',
  '--preset-mode',
  '--check-inhibitors',
]);

/**
 * `systemctl reboot` is `reboot` (on systemd, /sbin/reboot is a link to systemctl), and so are
 * poweroff, halt, kexec and soft-reboot, and starting their targets: read as that program, so its deny
 * rule applies (stop 32's red team). Any other systemctl command is not a wrapper.
 */
function unwrapSystemctl(args: readonly ShellWord[]): Unwrapped | undefined {
  const operands: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!w.startsWith('-') || w === '-') operands.push(args[i]!);
    else if (SYSTEMCTL_VALUED.has(w)) i++;
  }
  const verb = operands[0]?.value.toLowerCase() ?? '';
  const target = SYSTEMCTL_STARTS.has(verb)
    ? operands
        .slice(1)
        .map((o) => /^(reboot|soft-reboot|kexec|halt|poweroff|ctrl-alt-del)\.target$/i.exec(o.value)?.[1]?.toLowerCase())
        .find(Boolean)
    : verb;
  const program = SYSTEMCTL_POWER[target === 'ctrl-alt-del' ? 'reboot' : (target ?? '')];
  return program ? { inner: [[{ value: program }]] } : undefined;
}

function unwrapWatch(args: readonly ShellWord[]): Unwrapped {
  const i = parseOptions(args, { valued: ['-n', '--interval', '-q', '--equexit'] }).index;
  const rest = args.slice(i);
  const direct = args.slice(0, i).some((w) => w.value === '-x' || w.value === '--exec');
  const floor = { verdict: 'ask' as const, reason: 'watch runs a command over and over' };
  if (!rest.length) return { floor };
  return direct ? { inner: [rest], floor } : { scripts: [joinWords(rest)], floor };
}

function unwrapFlock(args: readonly ShellWord[]): Unwrapped {
  const spec = {
    valued: ['-w', '--timeout', '--wait', '-E', '--conflict-exit-code'],
    flags: ['-s', '--shared', '-x', '-e', '--exclusive', '-u', '--unlock', '-n', '--nb', '--nonblock', '-o', '--close', '-F', '--no-fork', '--verbose'],
  };
  const options = parseOptions(args, spec);
  const lock = args[options.index];
  const rest = args.slice(options.index + 1); // the lock file or folder comes first: flock creates it
  const checked = lock ? [...options.values, lock] : options.values;
  // flock creates its lock file (in .git, over a protected name…): a write this check cannot approve.
  const floor = optionFloor('flock', {}, options) ?? {
    verdict: 'ask' as const,
    reason: `flock creates its lock file${lock ? ` "${lock.value.slice(0, 80)}"` : ''}, a write that does not go through the file-edit approval`,
  };
  if (rest[0]?.value === '-c' || rest[0]?.value === '--command') return { scripts: [rest[1] ?? { value: '' }], checked, floor };
  return { ...(rest.length ? { inner: [rest] } : {}), checked, floor };
}

/** util-linux script's short options that take a value (the rest of a cluster, or the next word). */
const SCRIPT_VALUED = new Set(['c', 'E', 'I', 'O', 'B', 'T', 'm', 'o']);

/**
 * script [options] [file]: its -c/--command script is checked, however the option is spelled (`-qc CMD`,
 * `-qcCMD`, `--command=CMD`, `--comm CMD`: stop 31's red team found only a plain -c was read).
 */
function unwrapScriptCommand(args: readonly ShellWord[]): Unwrapped {
  const scripts: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (v === '--') break;
    const long = /^--([^=]+)(?:=(.*))?$/s.exec(v);
    if (long) {
      if (long[1]!.length >= 2 && 'command'.startsWith(long[1]!)) {
        if (long[2] !== undefined) scripts.push({ ...w, value: long[2] });
        else scripts.push(args[++i] ?? { value: '' });
      } else if (long[2] === undefined && /^(echo|log-in|log-out|log-io|log-timing|logging-format|output-limit)$/.test(long[1]!)) i++;
      continue;
    }
    if (!/^-[^-]/.test(v)) continue;
    for (let k = 1; k < v.length; k++) {
      if (!SCRIPT_VALUED.has(v[k]!)) continue;
      const attached = v.slice(k + 1);
      const value = attached ? { ...w, value: attached } : (args[++i] ?? { value: '' });
      if (v[k] === 'c') scripts.push(value);
      break;
    }
  }
  if (!scripts.length) return { floor: { verdict: 'ask', reason: 'script records a terminal session' } };
  return { scripts, floor: { verdict: 'ask', reason: 'script runs a command' } };
}

/** Whether ionice is given the real-time class (-c 1, --class=realtime, -tc1 …). */
function ioniceRealtime(options: ParsedOptions): boolean {
  return options.pairs.some(({ name, value }) => (name === '-c' || name === '--class') && /^\s*(1|real-?time|rt)\s*$/i.test(value.value));
}
