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
 * Stops the run of the shell `shell` (its pid, and whether it has exited: its pid may be another
 * process's by then). SIGTERM to the shell's group and to every process of the run; 2 s later the run's
 * processes are frozen (SIGSTOP: a stopped process cannot start others) and looked for again until no
 * new one appears, then killed (SIGKILL) — those found by the tag or the shell's group, and those of the
 * first look whose start time shows they are still the same processes.
 */
export function stopProcessTree(shell: { pid: number; exited: boolean }, tag?: string): void {
  if (!hasProc()) {
    // No /proc (macOS, BSD): the shell's group only. A group id is not reused while the group has members.
    signal(-shell.pid, 'SIGTERM');
    if (!shell.exited) signal(shell.pid, 'SIGTERM');
    return;
  }
  const find = () => processesOfRun(shell.exited ? undefined : shell.pid, tag, shell.exited ? shell.pid : undefined);
  const first = find();
  for (const target of first) {
    signal(-target.pid, 'SIGTERM'); // the group it leads, if it leads one
    signal(target.pid, 'SIGTERM');
  }
  setTimeout(() => {
    const same = (t: Target) => t.start !== undefined && readStat(t.pid)?.start === t.start;
    const frozen = new Map<number, Target>();
    for (const target of first) if (same(target)) frozen.set(target.pid, target);
    for (let pass = 0; pass < 20; pass++) {
      let added = false;
      for (const target of find()) {
        if (frozen.has(target.pid)) continue;
        frozen.set(target.pid, target);
        added = true;
      }
      for (const target of frozen.values()) signal(target.pid, 'SIGSTOP');
      if (!added) break;
    }
    for (const target of frozen.values()) if (same(target)) signal(target.pid, 'SIGKILL');
  }, 2_000).unref();
}

function signal(id: number, name: NodeJS.Signals): void {
  if (id === 0 || id === 1 || id === -1) return; // never the whole group, nor every process
  try {
    process.kill(id, name);
  } catch {
    // gone, or not a group leader
  }
}

function hasProc(): boolean {
  try {
    return fs.existsSync('/proc/self/stat');
  } catch {
    return false;
  }
}

/**
 * The shell (when given), its descendants, the processes tagged with the run, the members of `group`
 * (the exited shell's process group, unless a live process has that pid: then the group may be another's)
 * and their descendants (read from /proc; only the shell where there is none).
 */
export function processesOfRun(pid: number | undefined, tag?: string, group?: number): Target[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return pid === undefined ? [] : [{ pid, start: undefined }];
  }
  const children = new Map<number, number[]>();
  const starts = new Map<number, string>();
  const tagged: number[] = [];
  const members: number[] = [];
  let groupLeaderAlive = false;
  const mark = tag ? `\0${RUN_TAG_VARIABLE}=${tag}\0` : undefined;
  for (const entry of entries) {
    const id = Number(entry);
    const stat = readStat(id);
    if (!stat) continue; // exited meanwhile
    starts.set(id, stat.start);
    if (group !== undefined && stat.pgrp === group) members.push(id);
    if (id === group) groupLeaderAlive = true;
    const list = children.get(stat.ppid);
    if (list) list.push(id);
    else children.set(stat.ppid, [id]);
    if (mark && id !== process.pid && readEnvironment(id)?.includes(mark)) tagged.push(id);
  }
  const roots = [...(pid === undefined ? [] : [pid]), ...tagged, ...(groupLeaderAlive ? [] : members)];
  const found = new Set<number>(roots);
  const queue = [...roots];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (found.has(child)) continue;
      found.add(child);
      queue.push(child);
    }
  }
  return [...found].map((id) => ({ pid: id, start: starts.get(id) }));
}

/** ppid, process group and start time from /proc/PID/stat ("pid (comm) state ppid …": comm may hold spaces and parentheses). */
function readStat(pid: number): { ppid: number; pgrp: number; start: string } | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
  const ppid = Number(fields[1]);
  const pgrp = Number(fields[2]);
  const start = fields[19];
  return Number.isInteger(ppid) && Number.isInteger(pgrp) && start !== undefined ? { ppid, pgrp, start } : undefined;
}

function readEnvironment(pid: number): string | undefined {
  try {
    return `\0${fs.readFileSync(`/proc/${pid}/environ`, 'latin1')}\0`; // each entry between two NULs
  } catch {
    return undefined; // another user's process, or gone
  }
}
