// How PowerShell reads its command line (pwsh 7, and powershell.exe 5.1): a parameter is any
// unambiguous prefix of its name in any case (-Com, -COMMAND, -e for -EncodedCommand), written with -,
// --, / or a dash such as U+2013, its value after a space or a colon. -Command, -EncodedCommand and
// -CommandWithArgs run code given on the command line; so does the first other word for powershell.exe,
// whose default is -Command (pwsh's is -File, a script file: it asks). Stop 30's red team: pwsh -Com and
// -Command after -ExecutionPolicy Bypass (whose value was taken for the script file) only asked.
import type { ShellWord } from './shell-words';
import { namesInput } from './shell-wrappers';

/** Parameters that run code given on the command line, matched by any prefix, and their aliases. */
const CODE = ['command', 'commandwithargs', 'encodedcommand'];
const CODE_ALIASES = ['ec', 'cwa'];
/**
 * Parameters that take a value (also -Version, a value in powershell.exe): the value is not the script
 * file. A parameter this check does not know is taken for a flag: pwsh refuses it and runs nothing.
 */
const VALUED = [
  'executionpolicy',
  'ep',
  'configurationname',
  'configurationfile',
  'custompipename',
  'inputformat',
  'if',
  'outputformat',
  'of',
  'settingsfile',
  'windowstyle',
  'workingdirectory',
  'wd',
  'version',
  'psconsolefile',
  'encodedarguments',
  'ea',
];
/**
 * A parameter: -, --, a typographic dash (PowerShell takes U+2013, U+2014, U+2015 for -) or / then a
 * name; after the first character PowerShell drops one more dash, so `/-c` and `/–Command` are -c and -Command.
 */
const PARAMETER = /^(?:[-\u2013\u2014\u2015]{1,2}|\/[-\u2013\u2014\u2015]?(?=[A-Za-z?]+(?::|$)))([^:]*)(?::([^]*))?$/;

/**
 * PowerShell trims each argument (.NET's String.Trim: spaces, tabs, U+00A0 and the other Unicode
 * spaces) before it reads it: `' -c'` and `'-Command\u00a0'` are -c and -Command.
 */
function trimmed(word: ShellWord): ShellWord {
  return { ...word, value: word.value.trim() };
}

/** Why pwsh or powershell is given code on its command line (or told to read it from its input), if it is. */
export function pwshCode(name: string, program: string, args: readonly ShellWord[]): string | undefined {
  const code = (why: string) => `${program} ${why.slice(0, 40)} runs code given on the command line, which cannot be checked`;
  for (let i = 0; i < args.length; i++) {
    const word = trimmed(args[i]!);
    const match = PARAMETER.exec(word.value);
    if (!match) {
      // The first other word: powershell.exe runs it as a command, pwsh as a script file (whose own
      // parameters follow it).
      if (namesInput(word)) return `${program} would run commands read from its input, which cannot be checked`;
      return name === 'powershell' ? code(word.value) : undefined;
    }
    const key = match[1]!.toLowerCase();
    if (!key) return `${program} ${word.value} would run commands read from its input, which cannot be checked`;
    if (CODE.some((c) => c.startsWith(key)) || CODE_ALIASES.includes(key)) return code(word.value);
    // -File FILE (any prefix of file): a script file, refused like inline code; - or /dev/stdin is the input.
    if ('file'.startsWith(key)) return code(word.value);
    // Skipped only when it is a value: a code parameter there is refused all the same (a value is
    // never taken for the script file, which ends the scan).
    if (match[2] === undefined && VALUED.some((v) => v.startsWith(key)) && i + 1 < args.length) {
      const value = trimmed(args[i + 1]!);
      const inner = PARAMETER.exec(value.value)?.[1]?.toLowerCase();
      if (inner && (CODE.some((c) => c.startsWith(inner)) || CODE_ALIASES.includes(inner) || 'file'.startsWith(inner))) return code(value.value);
      i++;
    }
  }
  return undefined;
}
