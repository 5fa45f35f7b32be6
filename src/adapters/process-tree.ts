// Stopping a command with everything it started. A group kill misses what left the process group
// (`timeout` makes a group of its own, `setsid` a session), and such a process outlives the shell,
// reparented to init, where no parent link leads to it any more. So the processes of a run are found
// through /proc (Linux) before anything is killed: the descendants of the shell, and any process whose
// environment carries the run's tag (clearing it needs env -i/-u/-, which the command check asks for).
import { randomBytes } from 'crypto';
import * as fs from 'fs';

/** The environment variable that marks every process of one command run. */
export const RUN_TAG_VARIABLE = 'BIG_THREE_RUN';

export function newRunTag(): string {
  return randomBytes(8).toString('hex');
}

interface Target {
  pid: number;
  /** Start time (clock ticks since boot, /proc/PID/stat field 22): a pid reused by another process differs. */
  start: string | undefined;
}

/**
 * SIGTERM to the shell's group (while the shell runs: `pid`, undefined once it exited, since its pid may
 * be another process's by then) and to every process of the run; 2 s later, SIGKILL to the run's
 * processes found again by the tag (also those started meanwhile) and to those of the first look whose
 * start time shows they are still the same processes.
 */
export function stopProcessTree(pid: number | undefined, tag?: string): void {
  const targets = processesOfRun(pid, tag);
  for (const target of targets) {
    for (const id of [-target.pid, target.pid]) {
      try {
        process.kill(id, 'SIGTERM'); // -pid: the group it leads, if it leads one
      } catch {
        // gone, or not a group leader
      }
    }
  }
  setTimeout(() => {
    const again = tag ? processesOfRun(undefined, tag) : [];
    for (const target of [...targets, ...again]) {
      if (target.start === undefined || readStat(target.pid)?.start !== target.start) continue; // exited (its pid may be another's now)
      try {
        process.kill(target.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }, 2_000).unref();
}

/** The shell (when given), its descendants, and the processes tagged with the run and theirs (read from /proc; only the shell where there is none). */
export function processesOfRun(pid: number | undefined, tag?: string): Target[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return pid === undefined ? [] : [{ pid, start: undefined }];
  }
  const children = new Map<number, number[]>();
  const starts = new Map<number, string>();
  const tagged: number[] = [];
  const mark = tag ? `\0${RUN_TAG_VARIABLE}=${tag}\0` : undefined;
  for (const entry of entries) {
    const id = Number(entry);
    const stat = readStat(id);
    if (!stat) continue; // exited meanwhile
    starts.set(id, stat.start);
    const list = children.get(stat.ppid);
    if (list) list.push(id);
    else children.set(stat.ppid, [id]);
    if (mark && id !== process.pid && readEnvironment(id)?.includes(mark)) tagged.push(id);
  }
  const found = new Set<number>(pid === undefined ? [] : [pid]);
  const queue = pid === undefined ? [...tagged] : [pid, ...tagged];
  for (const id of tagged) found.add(id);
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (found.has(child)) continue;
      found.add(child);
      queue.push(child);
    }
  }
  return [...found].map((id) => ({ pid: id, start: starts.get(id) }));
}

/** ppid and start time from /proc/PID/stat ("pid (comm) state ppid …": comm may hold spaces and parentheses). */
function readStat(pid: number): { ppid: number; start: string } | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
  const ppid = Number(fields[1]);
  const start = fields[19];
  return Number.isInteger(ppid) && start !== undefined ? { ppid, start } : undefined;
}

function readEnvironment(pid: number): string | undefined {
  try {
    return `\0${fs.readFileSync(`/proc/${pid}/environ`, 'latin1')}\0`; // each entry between two NULs
  } catch {
    return undefined; // another user's process, or gone
  }
}
