// Shells as wrappers: `sh -c SCRIPT` hands a script over (checked like the command line itself), `sh
// FILE` and `source FILE` run a file this check cannot read (they ask), and a shell that reads its
// commands from its input (`sh`, `sh -s`, `bash /dev/stdin`, `source /dev/fd/0`) is refused: what it runs
// comes from a pipe or a here-string, or from whatever the command's input is.
import * as path from 'path';
import type { ShellWord } from './shell-words';
import type { Unwrapped } from './command-wrappers';

/**
 * Shells whose -c option (alone or in a cluster such as -lc) runs its argument as a script, by every
 * name Debian installs them under (stop 32's red team: mksh's lksh, rmksh, rlksh and mksh-static, and
 * ksh93 ran a script piped to them, and their -c script was not checked): restricted (r…) and static
 * builds, the ksh family, busybox's and toybox's applets, the rc, es and sash shells and the newer ones
 * (xonsh, elvish, nushell's nu, oils' osh and ysh).
 */
const SHELLS = new Set([
  'sh',
  'bash',
  'rbash',
  'bash-static',
  'zsh',
  'rzsh',
  'zsh5',
  'zsh-static',
  'dash',
  'ash',
  'hush',
  'msh',
  'ksh',
  'rksh',
  'ksh93',
  'rksh93',
  'ksh2020',
  'rksh2020',
  'ksh88',
  'pdksh',
  'oksh',
  'loksh',
  'mksh',
  'rmksh',
  'lksh',
  'rlksh',
  'mksh-static',
  'lksh-static',
  'posh',
  'yash',
  'fish',
  'csh',
  'bsd-csh',
  'tcsh',
  'rc',
  'es',
  'sash',
  'xonsh',
  'elvish',
  'nu',
  'osh',
  'ysh',
  'oils-for-unix',
  'toysh',
]);

export function isShell(program: string): boolean {
  return SHELLS.has(program);
}

/**
 * A file name that is the process's own input or one of its open files: /dev/stdin, /dev/fd/N,
 * /proc/self/fd/N (however spelled: //dev/./stdin, ../../dev/stdin, and through a process's view of the
 * root, /proc/self/root/dev/stdin: stop 31's red team). A shell given it as its script reads its commands
 * from the pipe or here-string the command line feeds it.
 */
const INPUT_FILE = /^(?:\/+|(?:\.\.\/)+)(?:proc\/[^/]+\/root\/)*(?:dev\/(?:stdin|fd\/[^/]+)|proc\/[^/]+\/fd\/[^/]+)$/;

export function namesInput(word: ShellWord): boolean {
  return word.value === '-' || INPUT_FILE.test(path.posix.normalize(word.value));
}

function fromInput(program: string): Unwrapped {
  return { floor: { verdict: 'deny', reason: `${program} would run commands read from its input, which cannot be checked` } };
}

/** A script file whose name is made at run time (`bash <(cat)`, `sh "$f"`): its commands cannot be known. */
function madeAtRunTime(program: string, file: ShellWord): Unwrapped | undefined {
  return file.dynamic ? { floor: { verdict: 'deny', reason: `${program} would run a script file known only at run time (${file.dynamic})` } } : undefined;
}

export function unwrapShell(program: string, args: readonly ShellWord[]): Unwrapped {
  let script = false;
  // -s: the commands come from the input, the words after the options are only $1, $2, …
  let readsInput = false;
  // Scripts a shell runs before its own (fish -C / --init-command): checked like -c's (stop 31's red team).
  const initScripts: ShellWord[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i]!.value;
    if (w === '--' || w === '-') {
      i++;
      break;
    }
    if (/^[-+]/.test(w) && !w.startsWith('--')) {
      if (w.slice(1).includes('c')) script = true;
      if (w.startsWith('-') && w.slice(1).includes('s') && program !== 'fish') readsInput = true;
      // -o NAME and -O NAME (shopt) take the next word, also inside a cluster (`-euxo pipefail`, `-Oc
      // extglob 'cmd'`): one word per such letter, so that word is not taken for the script.
      if (program === 'fish') {
        if (w === '-C' && args[i + 1]) initScripts.push(args[i + 1]!);
        else if (w.startsWith('-C') && w.length > 2) initScripts.push({ ...args[i]!, value: w.slice(2) });
        if (['-C', '-i'].includes(w)) i++;
      } else i += [...w.slice(1)].filter((letter) => letter === 'o' || letter === 'O').length;
    } else if (w.startsWith('--')) {
      if (w === '--command' || w === '--init-command' || w === '--rcfile' || w === '--init-file' || w === '--emulate') {
        if (w === '--command') script = true;
        if (w === '--init-command' && args[i + 1]) initScripts.push(args[i + 1]!);
        if (w !== '--command') i++;
      } else if (w.startsWith('--init-command=')) initScripts.push({ ...args[i]!, value: w.slice('--init-command='.length) });
      else if (w.startsWith('--command='))
        return { scripts: [{ ...args[i]!, value: w.slice('--command='.length) }], floor: { verdict: 'ask', reason: `${program} runs a script` } };
    } else break;
  }
  const run = afterOptions(program, args, i, script, readsInput);
  if (!initScripts.length) return run;
  return { ...run, scripts: [...(run.scripts ?? []), ...initScripts], floor: run.floor ?? { verdict: 'ask', reason: `${program} runs a script` } };
}

function afterOptions(program: string, args: readonly ShellWord[], i: number, script: boolean, readsInput: boolean): Unwrapped {
  if (script) {
    const text = args[i];
    if (!text) return { floor: { verdict: 'deny', reason: `${program} -c without a script` } };
    return { scripts: [text], floor: { verdict: 'ask', reason: `${program} -c runs a script` } };
  }
  const file = args[i];
  if (readsInput || !file || namesInput(file)) return fromInput(program);
  return madeAtRunTime(program, file) ?? { floor: { verdict: 'ask', reason: `${program} runs the script file ${file.value}, which cannot be checked` } };
}

/** `source FILE [ARGS]` and `. FILE`: the shell itself runs the file, which asks; the input is refused. */
export function unwrapSource(args: readonly ShellWord[]): Unwrapped {
  const file = args[args[0]?.value === '--' ? 1 : 0];
  if (!file) return {};
  if (namesInput(file)) return fromInput('source');
  return (
    madeAtRunTime('source', file) ?? { floor: { verdict: 'ask', reason: `source runs the script file ${file.value.slice(0, 80)}, which cannot be checked` } }
  );
}
