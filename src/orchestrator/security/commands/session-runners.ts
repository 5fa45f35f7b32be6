// Programs that run a command in a way of their own (red team 33): terminal multiplexers (tmux's
// shell commands, screen's command), tools that run each argument as a shell command (pee) or the rest
// as one (entr -s, rush, xe -s), debuggers and profilers given a program (gdb --args, lldb --, perf
// stat), start-stop-daemon's -x, cmake -E env/chdir/time, ip netns exec, runcon, corepack, vagrant ssh
// -c. The command is checked like one given on its own; the program itself asks.
import type { ShellWord } from './shell-words';
import { type Unwrapped, joinWords } from './command-wrappers';
import { parseOptions, suffixes } from './wrapper-options';
import { readAssignments } from './env-wrapper';
import { lookupTable } from '../../text/lookup-table';

const asks = (reason: string) => ({ verdict: 'ask' as const, reason });
const list = (text: string) => text.split(' ');

/** tmux commands that take a shell command as their last words, and the letters of their options that take a value. */
const TMUX_SHELL_COMMANDS: Record<string, string> = lookupTable<string>({
  'new-session': 'cefFnstxy',
  new: 'cefFnstxy',
  'new-window': 'ceFnt',
  neww: 'ceFnt',
  'split-window': 'celFpt',
  splitw: 'celFpt',
  'respawn-pane': 'cet',
  respawnp: 'cet',
  'respawn-window': 'cet',
  respawnw: 'cet',
  'run-shell': 'dt',
  run: 'dt',
  'if-shell': 't',
  if: 't',
  'display-popup': 'bcdehsStTwxy',
  popup: 'bcdehsStTwxy',
  'pipe-pane': 't',
  pipep: 't',
  'send-keys': 'Nt',
  send: 'Nt',
});

/** tmux [-c SHELL-COMMAND] COMMAND [ARGS] [; COMMAND …]: each command's shell command is checked as a script (send-keys' keys too: they are typed into a shell). */
function tmux(args: readonly ShellWord[]): Unwrapped {
  const scripts: ShellWord[] = [];
  const global = parseOptions(args, { valued: list('-c -f -L -S -T') });
  scripts.push(...global.pairs.filter((p) => p.name === '-c').map((p) => p.value));
  let command: ShellWord[] = [];
  const finish = () => {
    const name = command[0]?.value ?? '';
    const valued = TMUX_SHELL_COMMANDS[name];
    if (valued !== undefined) {
      const options = parseOptions(command.slice(1), { valued: [...valued].map((c) => `-${c}`) });
      const rest = command.slice(1 + options.index);
      // send-keys' keys are typed into a shell, and if-shell's other words are tmux commands: each is checked as a line.
      if (name.startsWith('send') || name.startsWith('if')) scripts.push(...rest);
      else if (rest.length) scripts.push(joinWords(rest));
    }
    command = [];
  };
  for (const w of args.slice(global.index)) {
    if (w.value === ';' || w.value.endsWith('\\;')) {
      if (w.value.length > 2) command.push({ ...w, value: w.value.slice(0, -2) });
      finish();
    } else command.push(w);
  }
  finish();
  return { scripts, floor: asks('tmux runs commands in a terminal of its own, which outlives the command') };
}

/** screen [options] [command [args]]: the command runs in a new window; -X sends a command to a session (stuff types into a shell). */
function screen(args: readonly ShellWord[]): Unwrapped {
  const valued = new Set(list('c e h p s S t T X Q r x')); // screen reads its own options letter by letter (-dm, -dmS name)
  let i = 0;
  let sends = false;
  for (; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('-') || w === '-') break;
    if (/^-(?:fn|fa|wipe|list|ls|ln|Logfile)$/.test(w)) {
      if (w === '-Logfile') i++;
      continue;
    }
    for (let k = 1; k < w.length; k++) {
      if (!valued.has(w[k]!)) continue;
      if (w[k] === 'X')
        sends = true; // its value is the screen command, the words that follow
      else if (k + 1 === w.length && !'rx'.includes(w[k]!)) i++;
      break;
    }
  }
  const rest = args.slice(i);
  const floor = asks('screen runs the command in a terminal of its own, which outlives the command');
  if (sends) return { scripts: rest.slice(1).map((w) => ({ ...w, value: w.value.replace(/\^M|\\n|\\r/g, '\n') })), floor };
  return rest.length ? { inner: [rest], floor } : { floor };
}

/** start-stop-daemon's -x/--exec and -a/--startas name the program; its arguments come after `--`. */
function startStopDaemon(args: readonly ShellWord[]): Unwrapped {
  const dash = args.findIndex((a) => a.value === '--');
  const after = dash >= 0 ? args.slice(dash + 1) : [];
  const inner: ShellWord[][] = [];
  const own = dash >= 0 ? args.slice(0, dash) : args;
  for (let i = 0; i < own.length; i++) {
    const w = own[i]!.value;
    const m = /^(?:-x|--exec|-a|--startas)(?:=(.*))?$/s.exec(w) ?? /^-[xa](.+)$/s.exec(w);
    if (!m) continue;
    const program = m[1] !== undefined ? { ...own[i]!, value: m[1] } : own[++i];
    if (program) inner.push([program, ...after]);
  }
  return { ...(inner.length ? { inner } : {}), floor: asks('start-stop-daemon starts a daemon, beyond the runner') };
}

/** cmake -E env [--unset=NAME] [NAME=VALUE]… COMMAND, -E chdir DIR COMMAND, -E time COMMAND. */
function cmake(args: readonly ShellWord[]): Unwrapped | undefined {
  if (args[0]?.value !== '-E') return undefined;
  const tool = args[1]?.value;
  const floor = asks(`cmake -E ${tool} runs a command`);
  if (tool === 'time') return args.length > 2 ? { inner: [args.slice(2)], floor } : { floor };
  if (tool === 'chdir') return args.length > 3 ? { inner: [args.slice(3)], checked: [args[2]!], floor } : { floor };
  if (tool !== 'env') return undefined;
  // --unset=NAME, --modify … stand between the assignments; `--` ends them.
  const { names: assigns, end } = readAssignments(args, 2, (w) => w.startsWith('-') && w !== '--');
  const rest = args.slice(args[end]?.value === '--' ? end + 1 : end);
  return { ...(rest.length ? { inner: [rest] } : {}), assigns, floor };
}

/** ip [options] netns exec NAME COMMAND (and `ip -all netns exec COMMAND`). */
function ipNetns(args: readonly ShellWord[]): Unwrapped | undefined {
  const at = args.findIndex((a) => !a.value.startsWith('-'));
  const object = args[at]?.value ?? '';
  const verb = args[at + 1]?.value ?? '';
  if (object.length < 4 || !'netns'.startsWith(object) || !verb || !'exec'.startsWith(verb)) return undefined;
  const all = args.slice(0, at).some((a) => /^-+a(ll)?$/.test(a.value));
  const rest = args.slice(at + (all ? 2 : 3));
  return { ...(rest.length ? { inner: [rest] } : {}), floor: asks('ip netns exec runs the command in another network namespace') };
}

/** bubblewrap's options and how many words each takes (the rest take none); an unknown one makes the next words guesses. */
const BWRAP_ARITY: Record<string, number> = Object.fromEntries([
  ...list('--bind --bind-try --dev-bind --dev-bind-try --ro-bind --ro-bind-try --symlink --setenv --file --bind-data --ro-bind-data --chmod --overlay-src').map(
    (o) => [o, 2],
  ),
  ...list(
    '--dev --proc --tmpfs --mqueue --dir --unsetenv --lock-file --sync-fd --info-fd --json-status-fd --block-fd --userns-block-fd --userns --userns2 --pidns --uid --gid --hostname --chdir --seccomp --add-seccomp-fd --cap-add --cap-drop --argv0 --args --remount-ro --perms --size --exec-label --file-label --tmp-overlay --ro-overlay',
  ).map((o) => [o, 1]),
  ...list('--overlay').map((o) => [o, 3]),
]);

function bwrap(args: readonly ShellWord[]): Unwrapped {
  let i = 0;
  let unknown = false;
  for (; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('-')) break;
    if (BWRAP_ARITY[w] !== undefined) i += BWRAP_ARITY[w]!;
    else if (!/^--(?:unshare-[a-z-]+|share-net|die-with-parent|as-pid-1|new-session|clearenv|disable-userns|assert-userns-disabled|help|version)$/.test(w))
      unknown = true;
  }
  const rest = args.slice(i);
  const floor = asks('bwrap runs the command in a sandbox of its own making');
  if (!rest.length) return { floor };
  return unknown ? { inner: suffixes(rest, 4), guesses: true, floor } : { inner: [rest], floor };
}

/** How `program` runs a command its own way, if it does. */
export function unwrapSession(program: string, args: readonly ShellWord[]): Unwrapped | undefined {
  switch (program) {
    case 'tmux':
      return tmux(args);
    case 'bwrap':
      return bwrap(args);
    case 'screen':
      return screen(args);
    case 'pee':
      return { scripts: args.filter((a) => !a.value.startsWith('--')), floor: asks('pee runs each argument as a shell command') };
    case 'entr': {
      const options = parseOptions(args, { valued: [], flags: list('-a -c -d -n -p -r -s -z -x') });
      const rest = args.slice(options.index);
      const floor = asks('entr runs the command whenever a file changes');
      if (options.seen.includes('-s')) return { scripts: rest.length ? [joinWords(rest)] : [], floor };
      return rest.length ? { inner: [rest], floor } : { floor };
    }
    case 'xe': {
      const options = parseOptions(args, { valued: list('-I -N -j -s -A') });
      const rest = args.slice(options.index);
      const scripts = options.pairs.filter((p) => p.name === '-s').map((p) => p.value);
      const input = { value: '', dynamic: 'the arguments xe puts after the command' };
      return { ...(rest.length ? { inner: [[...rest, input]] } : {}), scripts, floor: asks('xe runs a command for each input') };
    }
    case 'rush': {
      const options = parseOptions(args, {
        valued: list(
          '-j --jobs -i --infile -o --out-file -D --record-delimiter -d --field-delimiter -n --nrecords -t --timeout -r --retries --retry-interval -v --assign -C --continue-file -J --records-join-sep',
        ),
      });
      const rest = args.slice(options.index);
      return {
        scripts: rest.length ? [joinWords(rest)] : [],
        replacing: { holds: (v) => /\{[^}]*\}/.test(v), by: 'rush' },
        floor: asks('rush runs a command for each input'),
      };
    }
    case 'start-stop-daemon':
      return startStopDaemon(args);
    case 'cmake':
      return cmake(args);
    case 'ip':
      return ipNetns(args);
    case 'gdb': {
      const at = args.findIndex((a) => a.value === '--args' || a.value === '-args');
      return at >= 0 && args[at + 1] ? { inner: [args.slice(at + 1)], floor: asks('gdb runs the program it is given') } : undefined;
    }
    case 'lldb': {
      const at = args.findIndex((a) => a.value === '--');
      return at >= 0 && args[at + 1] ? { inner: [args.slice(at + 1)], floor: asks('lldb runs the program it is given') } : undefined;
    }
    case 'perf': {
      if (!['stat', 'record', 'trace', 'ftrace'].includes(args[0]?.value ?? '')) return undefined;
      const options = parseOptions(args.slice(1), {
        valued: list(
          '-e --event -o --output -p --pid -t --tid -r --repeat -G --cgroup -C --cpu -x --field-separator -I --interval-print -F --freq -c --count -m --mmap-pages -u --uid --call-graph -j --branch-filter -D --delay --filter --log-fd --pre --post',
        ),
      });
      const scripts = options.pairs.filter((p) => p.name === '--pre' || p.name === '--post').map((p) => p.value);
      const rest = args.slice(1 + options.index);
      return { ...(rest.length ? { inner: [rest] } : {}), scripts, floor: asks('perf runs the command under a profiler') };
    }
    case 'runcon': {
      const options = parseOptions(args, { valued: list('-u --user -r --role -t --type -l --range'), flags: list('-c --compute') });
      const rest = args.slice(options.index + (options.pairs.length ? 0 : 1));
      return { ...(rest.length ? { inner: [rest] } : {}), floor: asks('runcon runs the command in another security context') };
    }
    case 'corepack': {
      const first = args[0]?.value ?? '';
      if (!first || first.startsWith('-') || list('enable disable prepare install pack up use hydrate cache').includes(first)) return undefined;
      return { inner: [[...args]], floor: asks('corepack runs a package manager it may fetch') };
    }
    case 'vagrant': {
      if (args[0]?.value !== 'ssh') return undefined;
      const scripts: ShellWord[] = [];
      for (let i = 1; i < args.length && args[i]!.value !== '--'; i++) {
        const w = args[i]!.value;
        if (w === '-c' || w === '--command') scripts.push(args[++i] ?? { value: '' });
        else if (w.startsWith('--command=')) scripts.push({ ...args[i]!, value: w.slice('--command='.length) });
      }
      return { scripts, floor: asks('vagrant ssh runs a command in a virtual machine') };
    }
    default:
      return undefined;
  }
}
