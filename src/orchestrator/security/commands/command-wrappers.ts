// Programs that run another command: `env`, `timeout`, `nice`, `xargs`, `sudo`, `sh -c`, `find -exec`,
// … Each is unwrapped to the command (or the script text) it would run, so that the policy checks
// that one too; options that take a value are skipped with their value.
import type { ShellWord } from './shell-script';

export interface Unwrapped {
  /** The command the wrapper runs, as words (checked like any other command). */
  inner?: ShellWord[][];
  /** Script text the wrapper hands to a shell (parsed and checked like the command line itself). */
  scripts?: ShellWord[];
  /** Environment variables the wrapper sets (VAR=value after env, --unset is harmless). */
  assigns?: string[];
  /** The least strict verdict the whole command may get, and why. */
  floor?: { verdict: 'ask' | 'deny'; reason: string };
}

interface WrapperSpec {
  /** Options followed by a separate value (their --long=value form is recognised as well). */
  valued: readonly string[];
  /** Positional words before the command (timeout's duration, taskset's mask, flock's file). */
  leading?: number;
  floor?: { verdict: 'ask' | 'deny'; reason: string };
}

const ASK_STDIN = { verdict: 'ask' as const, reason: 'its arguments come from standard input' };

/** Wrappers that run the rest of their arguments as a command. */
const WRAPPERS: Record<string, WrapperSpec> = {
  command: { valued: [] },
  builtin: { valued: [] },
  exec: { valued: ['-a'] },
  nohup: { valued: [] },
  setsid: { valued: [] },
  time: { valued: ['-f', '--format', '-o', '--output'] },
  nice: { valued: ['-n', '--adjustment'] },
  ionice: { valued: ['-c', '--class', '-n', '--classdata', '-p', '--pid', '-P', '--pgid', '-u', '--uid'] },
  chrt: { valued: ['-T', '-P', '-D'], leading: 1 },
  taskset: { valued: [], leading: 1 },
  timeout: { valued: ['-s', '--signal', '-k', '--kill-after'], leading: 1 },
  stdbuf: { valued: ['-i', '--input', '-o', '--output', '-e', '--error'] },
  unbuffer: { valued: [] },
  busybox: { valued: [] },
  xargs: {
    valued: [
      '-a',
      '--arg-file',
      '-d',
      '--delimiter',
      '-E',
      '-e',
      '--eof',
      '-I',
      '--replace',
      '-L',
      '--max-lines',
      '-n',
      '--max-args',
      '-P',
      '--max-procs',
      '-s',
      '--max-chars',
      '--process-slot-var',
    ],
    floor: ASK_STDIN,
  },
  parallel: { valued: ['-j', '--jobs', '-S', '--sshlogin', '--joblog', '-a', '--arg-file'], floor: ASK_STDIN },
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
};

/** Shells whose -c option (alone or in a cluster such as -lc) runs its argument as a script. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'yash', 'posh', 'rbash']);

export function isShell(program: string): boolean {
  return SHELLS.has(program);
}

/** Returns how `program` wraps another command, or undefined when it does not. */
export function unwrap(program: string, args: readonly ShellWord[]): Unwrapped | undefined {
  if (program === 'env') return unwrapEnv(args);
  if (SHELLS.has(program)) return unwrapShell(program, args);
  if (program === 'su') return unwrapSu(args);
  if (program === 'find') return unwrapFind(args);
  if (program === 'watch') return unwrapWatch(args);
  if (program === 'flock') return unwrapFlock(args);
  if (program === 'script') return unwrapScriptCommand(args);
  if (program === 'eval') return { scripts: [joinWords(args)], floor: { verdict: 'ask', reason: 'eval runs its arguments as a script' } };
  if (program === 'trap') {
    const action = args.find((w) => !w.value.startsWith('-'));
    return action && action.value !== '' && action.value !== '-'
      ? { scripts: [action], floor: { verdict: 'ask', reason: 'trap runs its action later, on a signal or at exit' } }
      : {};
  }
  const spec = WRAPPERS[program];
  if (!spec) return undefined;
  let i = skipOptions(args, spec.valued, program === 'nice' || program === 'chrt');
  i += spec.leading ?? 0;
  const rest = args.slice(i);
  if (program === 'xargs' || program === 'parallel') {
    const command =
      program === 'parallel'
        ? rest.slice(
            0,
            indexOrEnd(rest, (w) => w.value === ':::' || w.value === '::::'),
          )
        : rest;
    return { inner: [command.length ? command : [{ value: 'echo' }]], floor: spec.floor! };
  }
  if (!rest.length) return spec.floor ? { floor: spec.floor } : {};
  return { inner: [rest], ...(spec.floor ? { floor: spec.floor } : {}) };
}

/** Index of the first word after the options (`--` ends them). */
function skipOptions(args: readonly ShellWord[], valued: readonly string[], numericOptions = false): number {
  let i = 0;
  while (i < args.length) {
    const w = args[i]!.value;
    if (w === '--') return i + 1;
    if (!w.startsWith('-') || w === '-') return i;
    if (numericOptions && /^-\d+$/.test(w)) {
      i++;
      continue;
    }
    const name = w.startsWith('--') ? w.split('=')[0]! : w.slice(0, 2);
    const attached = w.startsWith('--') ? w.includes('=') : w.length > 2;
    i += valued.includes(name) && !attached ? 2 : 1;
  }
  return i;
}

function indexOrEnd<T>(items: readonly T[], test: (item: T) => boolean): number {
  const i = items.findIndex(test);
  return i < 0 ? items.length : i;
}

function joinWords(words: readonly ShellWord[]): ShellWord {
  const dynamic = words.find((w) => w.dynamic)?.dynamic;
  return { value: words.map((w) => w.value).join(' '), ...(dynamic ? { dynamic } : {}) };
}

function unwrapEnv(args: readonly ShellWord[]): Unwrapped {
  const assigns: string[] = [];
  const scripts: ShellWord[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === '--' || w === '-') {
      i++;
      break;
    }
    if (!w.startsWith('-')) break;
    if (w === '-S' || w === '--split-string') scripts.push(args[++i] ?? { value: '' });
    else if (w.startsWith('--split-string=')) scripts.push({ ...args[i]!, value: w.slice('--split-string='.length) });
    else if (/^-[^-]*S./.test(w)) scripts.push({ ...args[i]!, value: w.slice(w.indexOf('S') + 1) });
    else if (['-u', '--unset', '-C', '--chdir'].includes(w)) i++;
  }
  for (; i < args.length && /^[^=]+=/.test(args[i]!.value); i++) assigns.push(args[i]!.value.split('=')[0]!);
  const rest = args.slice(i);
  if (scripts.length) return { scripts: [joinWords([...scripts, ...rest])], assigns };
  return { ...(rest.length ? { inner: [rest] } : {}), assigns };
}

function unwrapShell(program: string, args: readonly ShellWord[]): Unwrapped {
  let script = false;
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === '--' || w === '-') {
      i++;
      break;
    }
    if (/^[-+]/.test(w) && !w.startsWith('--')) {
      if (w.slice(1).includes('c')) script = true;
      if (/^[-+]o$/.test(w) || (program === 'fish' && ['-C', '-i'].includes(w))) i++;
    } else if (w.startsWith('--')) {
      if (w === '--command' || w === '--init-command' || w === '--rcfile' || w === '--init-file') {
        if (w === '--command') script = true;
        if (w !== '--command') i++;
      } else if (w.startsWith('--command='))
        return { scripts: [{ ...args[i]!, value: w.slice('--command='.length) }], floor: { verdict: 'ask', reason: `${program} runs a script` } };
    } else break;
  }
  if (script) {
    const text = args[i];
    if (!text) return { floor: { verdict: 'deny', reason: `${program} -c without a script` } };
    return { scripts: [text], floor: { verdict: 'ask', reason: `${program} -c runs a script` } };
  }
  if (i < args.length) return { floor: { verdict: 'ask', reason: `${program} runs the script file ${args[i]!.value}, which cannot be checked` } };
  return { floor: { verdict: 'deny', reason: `${program} would run commands read from its input, which cannot be checked` } };
}

function unwrapSu(args: readonly ShellWord[]): Unwrapped {
  const i = args.findIndex((w) => w.value === '-c' || w.value === '--command' || w.value.startsWith('--command='));
  if (i < 0) return {};
  const w = args[i]!;
  return { scripts: [w.value.startsWith('--command=') ? { ...w, value: w.value.slice(10) } : (args[i + 1] ?? { value: '' })] };
}

function unwrapFind(args: readonly ShellWord[]): Unwrapped {
  const inner: ShellWord[][] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === '-delete') return { floor: { verdict: 'deny', reason: 'find -delete removes files' } };
    if (['-exec', '-execdir', '-ok', '-okdir'].includes(w)) {
      const end = args.findIndex((a, k) => k > i && (a.value === ';' || a.value === '+'));
      const stop = end < 0 ? args.length : end;
      inner.push(args.slice(i + 1, stop));
      i = stop;
    }
  }
  return inner.length ? { inner, floor: { verdict: 'ask', reason: 'find runs a command for every file it finds' } } : {};
}

function unwrapWatch(args: readonly ShellWord[]): Unwrapped {
  const i = skipOptions(args, ['-n', '--interval', '-q', '--equexit']);
  const rest = args.slice(i);
  const direct = args.slice(0, i).some((w) => w.value === '-x' || w.value === '--exec');
  const floor = { verdict: 'ask' as const, reason: 'watch runs a command over and over' };
  if (!rest.length) return { floor };
  return direct ? { inner: [rest], floor } : { scripts: [joinWords(rest)], floor };
}

function unwrapFlock(args: readonly ShellWord[]): Unwrapped {
  const i = skipOptions(args, ['-w', '--timeout', '-E', '--conflict-exit-code']);
  const rest = args.slice(i + 1); // the lock file or folder comes first
  if (rest[0]?.value === '-c' || rest[0]?.value === '--command') return { scripts: [rest[1] ?? { value: '' }] };
  return rest.length ? { inner: [rest] } : {};
}

function unwrapScriptCommand(args: readonly ShellWord[]): Unwrapped {
  const i = args.findIndex((w) => w.value === '-c' || w.value === '--command');
  if (i < 0) return { floor: { verdict: 'ask', reason: 'script records a terminal session' } };
  return { scripts: [args[i + 1] ?? { value: '' }], floor: { verdict: 'ask', reason: 'script runs a command' } };
}
