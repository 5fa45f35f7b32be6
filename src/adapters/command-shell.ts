// The shell an agent's command line runs in, and the environment it gets. The command policy
// (security/command-guard.ts) parses the line as bash does, so it runs under bash: `/bin/sh` is dash on
// Debian and Ubuntu, where `[[ a > f ]]` truncates f and `$'…'` quotes nothing (twelfth red team).
// Nothing else bash would run besides the checked line is let in: no startup file (`--norc
// --noprofile`, BASH_ENV, ENV), no function exported in the environment (BASH_FUNC_name%%, which
// stands in for a program of that name), no inherited setting that runs code or changes how the line
// reads (SHELLOPTS=xtrace with a PS4 holding `$(…)`, BASHOPTS, CDPATH, GLOBIGNORE). Windows keeps cmd.exe.
import type * as nodeFs from 'fs';

/** Where bash is looked for, a newer one first (macOS's /bin/bash is 3.2). */
const BASH_LOCATIONS = ['/opt/homebrew/bin/bash', '/usr/local/bin/bash', '/bin/bash', '/usr/bin/bash'];

export const BASH_NEEDED =
  "Agents' commands run only under bash, the shell the command policy reads them as (another /bin/sh, such as dash, reads the same line differently); no bash was found in " +
  BASH_LOCATIONS.join(', ');

const INHERITED_SETTINGS = new Set(['BASH_ENV', 'ENV', 'SHELLOPTS', 'BASHOPTS', 'PS4', 'BASH_XTRACEFD', 'CDPATH', 'GLOBIGNORE', 'PROMPT_COMMAND']);
/**
 * Big Three's own credentials: the providers' API keys and its MCP token. An agent's command needs none of
 * them, and `printenv`, or a test script an agent wrote and `npm test` ran, would hand them to the agent
 * (red team of stop 38). The user's other variables (a registry token a build needs) are passed on.
 */
const OWN_CREDENTIALS = new Set(['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_API_KEY', 'BIG_THREE_TOKEN']);

let bash: string | null | undefined;

export interface ShellInvocation {
  file: string;
  args: string[];
  /** true: `file` is the whole command line, run by the platform's shell (Windows). */
  shell: boolean;
}

/** How to run `command`; undefined when no bash exists (then nothing runs). */
export function shellInvocation(command: string): ShellInvocation | undefined {
  if (process.platform === 'win32') return { file: command, args: [], shell: true };
  if (bash === undefined) {
    const { existsSync } = require('fs') as typeof nodeFs;
    bash = BASH_LOCATIONS.find((p) => existsSync(p)) ?? null;
  }
  return bash ? { file: bash, args: ['--norc', '--noprofile', '-c', command], shell: false } : undefined;
}

/** The environment without what bash would run or read besides the command line, and without Big Three's own credentials. */
export function shellEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !INHERITED_SETTINGS.has(name) && !name.startsWith('BASH_FUNC_') && !OWN_CREDENTIALS.has(name)),
  );
}
