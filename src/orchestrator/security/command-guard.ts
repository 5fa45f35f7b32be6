// Checks a command line an agent wants to run. The line is parsed by a real shell parser (mvdan/sh),
// so quoting and escapes are resolved as the shell would; every simple command in it (in lists, pipes,
// substitutions, subshells, after wrappers such as env, timeout, xargs, sh -c or find -exec) is checked
// on its own and the strictest verdict wins: deny rules and refused constructs → deny; environment
// assignments not on the allow list → deny; anything not provably harmless (a path outside the
// workspace, a value computed at run time, a program not on the allow list) → ask; else allow.
import * as path from 'path';
import { CommandViolationError } from './errors';
import { type Replacing, unwrap } from './commands/command-wrappers';
import { markReplaced } from './commands/input-runners';
import { GuessBudget } from './commands/wrapper-options';
import { builtinAssigns } from './commands/builtin-names';
import { interpreterName, programFromInput } from './commands/inline-code';
import { isShell } from './commands/shell-wrappers';
import { programPolicy } from './commands/program-policies';
import { type WrittenName, writtenOperands } from './commands/written-operands';
import { codePointName, invisibleCharacter } from './invisible-characters';
import { denyMatches, prefixMatches } from './commands/rule-matching';
import { DEFAULT_DENY } from './commands/default-deny';
import { ShellMisreadError, ShellSyntaxError, SimpleCommand, parseShell } from './commands/shell-script';
import type { ShellWord } from './commands/shell-words';
import { fileNames, pathCandidates } from './commands/path-words';
import { HARMLESS_PATHS, redirectionFindings } from './commands/redirections';
import { isWithin } from '../path-inside';
import { unseenNameReason } from './commands/unseen-names';

export interface CommandRules {
  /** Command prefixes, e.g. "npm test", "git status", "ls"; "*" allows everything not denied. */
  allow: readonly string[];
  deny: readonly string[];
  /** Lists, pipes, redirections, substitutions, expansions, globs and control structures. */
  allowShellMetacharacters?: boolean;
  /** Environment variables a command may set (VAR=value, env VAR=value, export); none by default. */
  allowEnv?: readonly string[];
  /** Longest accepted command line (default 2,000 characters). */
  maxLength?: number;
}

export const DEFAULT_COMMAND_RULES: CommandRules = {
  allow: ['npm test', 'npm run test', 'npm run lint', 'npx tsc', 'git status', 'git diff', 'git log', 'ls', 'pwd', 'node --version'],
  deny: DEFAULT_DENY,
  allowShellMetacharacters: false,
  allowEnv: [],
};

export type CommandVerdict = { verdict: 'allow'; matched: string } | { verdict: 'ask'; reason: string };

/** What check-command prints: the verdict an agent's command gets with command auto-approve on. */
export type CommandDecision =
  | {
      verdict: 'allow';
      reason: string;
      matched: string;
      /** File names the command's words may name (absolute), for the symbolic-link check. */
      paths?: readonly string[];
      /** The programs the command line runs (git needs a check of where its repository starts). */
      programs?: readonly string[];
      /** tsc's projects as given ('' for the default tsconfig.json): the gate checks what they extend. */
      tscProjects?: readonly string[];
      /** git diff runs: outside any repository it compares any two files given (--no-index); the gate checks. */
      gitDiff?: true;
      /** Files a writing program's arguments name (absolute): the gate asks before a protected one is written. */
      writes?: readonly WrittenName[];
    }
  | { verdict: 'ask' | 'deny'; reason: string };

const MAX_NESTING = 6;
const DECISION_CACHE_SIZE = 1_000;
export class CommandGuard {
  private readonly roots: string[];
  private readonly decisions = new Map<string, CommandDecision>();
  /** Guessed commands explored for the line being decided (after wrapper options this check does not know). */
  private guessed = new GuessBudget();

  /** `roots`: the workspace folders (the command runs in the first one); paths outside them ask. */
  constructor(
    private readonly rules: CommandRules = DEFAULT_COMMAND_RULES,
    roots: readonly string[] = [],
    /** Where the command runs: on win32 it goes through cmd.exe, whose quoting this check does not model. */
    private readonly platform: string = process.platform,
  ) {
    this.roots = roots.map((r) => path.resolve(r));
  }

  /** Throws CommandViolationError for a refused command; otherwise says whether it may run unasked. */
  check(command: unknown): CommandVerdict {
    const decision = this.evaluate(command);
    if (decision.verdict === 'deny') {
      const text = String(command);
      throw new CommandViolationError(`Refused command "${text.length > 120 ? `${text.slice(0, 117)}…` : text}": ${decision.reason}.`, text);
    }
    return decision.verdict === 'allow' ? { verdict: 'allow', matched: decision.matched } : { verdict: 'ask', reason: decision.reason };
  }

  /** The verdict without throwing. Decisions are remembered per command line (agents repeat theirs). */
  evaluate(command: unknown): CommandDecision {
    if (typeof command !== 'string') return deny('a command must be a non-empty string');
    const known = this.decisions.get(command);
    if (known) return known;
    const decision = this.decide(command);
    if (this.decisions.size >= DECISION_CACHE_SIZE) this.decisions.delete(this.decisions.keys().next().value!);
    this.decisions.set(command, decision);
    return decision;
  }

  private decide(command: string): CommandDecision {
    if (!command.trim()) return deny('a command must be a non-empty string');
    const max = this.rules.maxLength ?? 2_000;
    if (command.length > max) return deny(`longer than ${max} characters`);
    this.guessed = new GuessBudget();
    return this.evaluateScript(command, 0);
  }

  private evaluateScript(text: string, depth: number, replacing?: Replacing): CommandDecision {
    if (depth > MAX_NESTING) return deny(`commands are nested more than ${MAX_NESTING} levels deep`);
    const invisible = invisibleCharacter(text, { allowTabAndNewline: true });
    if (invisible)
      return deny(
        `${depth ? 'a nested script' : 'it'} contains a control, zero-width, bidirectional or other invisible character (${codePointName(invisible)})`,
      );
    let parsed;
    try {
      parsed = parseShell(text);
    } catch (error) {
      if (error instanceof ShellSyntaxError)
        return deny(error instanceof ShellMisreadError ? error.message : `it cannot be parsed as a shell command (${error.message})`);
      throw error;
    }
    if (replacing) parsed = markReplaced(parsed, replacing);
    const results: CommandDecision[] = parsed.commands.map((c) => this.evaluateCommand(c, depth));
    if (parsed.constructs.has('function')) results.push(deny('it defines a shell function, which can stand in for any program'));
    if (parsed.constructs.has('here-document'))
      results.push(
        ask(
          'it has a here-document: where it ends depends on how the shell joins a backslash at a line end, so what runs after it may not be what was checked',
        ),
      );
    if (parsed.constructs.has('arithmetic'))
      results.push(deny("bash evaluates part of it as arithmetic, where a name or a quoted 'a[$(…)]' is evaluated again and runs commands"));
    if (parsed.constructs.has('prompt-expansion'))
      results.push(deny('a ${NAME@P} expansion expands the value again as a prompt string, where $(…) runs commands'));
    if (parsed.constructs.has('indirect-expansion'))
      results.push(deny("an indirect expansion ${!NAME} reads the variable NAME's value names, where a subscript 'a[$(…)]' runs commands"));
    if (!this.rules.allowShellMetacharacters && parsed.constructs.size) {
      results.push(
        deny(
          `shell constructs (${[...parsed.constructs].join(', ')}) are not allowed; enable bigThree.security.allowShellMetacharacters to permit them (every part is still checked)`,
        ),
      );
    }
    for (const found of redirectionFindings(parsed.redirects)) {
      if (found.kind === 'path') results.push(this.checkArgument(found.redirect.target, `redirection ${found.redirect.op}`, true));
      else results.push(found.kind === 'deny' ? deny(found.reason) : ask(found.reason));
    }
    if (!parsed.commands.length && parsed.redirects.length) results.push(ask('it runs no program, only redirections'));
    // A test or a loop reads names too ([[ -e /elsewhere/x ]], for f in /elsewhere/a*): checked as paths. A
    // name computed at run time asks where a file test or a loop list reads it ([[ -e ~/.ssh/id_rsa ]],
    // for f in $HOME/.ssh/*); in a comparison or a case word it is data.
    for (const w of parsed.operands) if (!w.dynamic) results.push(this.checkArgument(w, 'operand'));
    for (const w of parsed.readOperands)
      if (w.dynamic) results.push(ask(`a file a test or a loop reads is computed at run time (${w.dynamic}): "${w.value.slice(0, 60)}"`));
    return combine(results) ?? deny('it contains no command');
  }

  private evaluateCommand(command: SimpleCommand, depth: number): CommandDecision {
    const results = [this.checkAssigns(command.assigns)];
    if (command.words.length) results.push(this.evaluateWords(command.words, depth));
    return combine(results)!;
  }

  private checkAssigns(names: readonly string[]): CommandDecision {
    const refused = names.filter((n) => !(this.rules.allowEnv ?? []).includes(n));
    if (!refused.length) return { verdict: 'allow', reason: 'no environment assignment', matched: '' };
    return deny(
      `it sets the environment variable${refused.length > 1 ? 's' : ''} ${refused.join(', ')}, which can change what the program runs; allow variables with bigThree.security.commandAllowEnv`,
    );
  }

  private evaluateWords(words: readonly ShellWord[], depth: number): CommandDecision {
    if (depth > MAX_NESTING) return deny(`commands are nested more than ${MAX_NESTING} levels deep`);
    const first = words[0]!;
    if (first.dynamic || first.glob) return deny(`the program name is computed at run time (${first.dynamic ?? 'a glob'})`);
    const program = programName(first.value);
    if (!program) return deny('the program name is empty');
    const args = words.slice(1);
    const policy = programPolicy(program, args, this.roots);
    const normalized = [program, ...policy.words.slice(1).map((w) => w.value.toLowerCase())];
    const denied = this.rules.deny.find((rule) => denyMatches(rule, normalized));
    if (denied) return deny(`it matches the deny rule "${denied}"`);
    if (policy.refusal?.verdict === 'deny') return deny(policy.refusal.reason);
    const assigned = this.checkAssigns(builtinAssigns(program, args));
    if (assigned.verdict === 'deny') return assigned;
    // An alias stands in for a program the way a function does (`alias ls=curl`, then `ls evil.com` with
    // expand_aliases on: stop 31's red team); listing aliases (`alias`, `alias ls`) defines nothing.
    if (program === 'alias' && args.some((a) => a.value.includes('=') || a.dynamic))
      return deny('it defines an alias, which can stand in for any program, like a shell function');
    const results: CommandDecision[] = [];
    // A program named by a path (./git, tools/ls, /tmp/x/npm) may be any file: only bare names are trusted.
    // One that starts with "-" is an option read as a program: `time -o FILE cmd` parsed as bash's time
    // keyword leaves "-o" first, while /bin/sh runs /usr/bin/time with it.
    if (first.value.startsWith('-'))
      results.push(ask(`"${first.value.slice(0, 40)}" stands where the program should (an option of a wrapper this check does not see)`));
    // The shell looks programs up by their exact name: `LS` is not `ls`, nor `git.exe` git (the rules match
    // lower-cased names without .exe; under WSL `git.exe` is Windows' git, without the runner's settings).
    if (this.platform !== 'win32' && (/[A-Z]/.test(first.value) || /\.exe$/i.test(first.value)))
      results.push(
        ask(`the program "${first.value.slice(0, 40)}" is not the lower-case name the rules list; the shell runs whatever file has that exact name`),
      );
    if (/[\\/\s]/.test(first.value))
      results.push(ask(`the program is given as "${first.value.slice(0, 80)}", which may be any file; only bare program names are auto-approved`));
    if (this.platform === 'win32') {
      const cmdSpecial = words.find((w) => /["%^&|<>!]/.test(w.value));
      if (cmdSpecial)
        results.push(ask(`on Windows the command runs through cmd.exe, which reads "${cmdSpecial.value.slice(0, 40)}" differently from this check`));
    }
    const wrapped = unwrap(program, args);
    if (wrapped) {
      if (wrapped.floor) results.push(wrapped.floor.verdict === 'deny' ? deny(wrapped.floor.reason) : ask(wrapped.floor.reason));
      for (const w of wrapped.checked ?? []) results.push(this.checkArgument(w, `${program} option value`));
      for (const w of wrapped.programNames ?? []) results.push(this.checkProgramName(w, program));
      // The wrapper's own words before the command it runs (timeout's duration, taskset's mask): a glob or a
      // substitution there becomes any number of words, and the command moves along (`timeout [0s]* pwd`
      // ran `timeout 0 sh pwd`, a planted file named pwd).
      const own = wrapped.inner?.length ? args.slice(0, args.length - Math.max(...wrapped.inner.map((c) => c.length))) : args;
      const unknown = own.find((w) => w.glob || w.dynamic);
      if (unknown)
        results.push(
          ask(
            `${unknown.glob ? `the glob "${unknown.value.slice(0, 60)}"` : `a word computed at run time (${unknown.dynamic})`} before the command ${program} runs may stand for several words and move the command along`,
          ),
        );
      const scripts = wrapped.scripts ?? [];
      const tooMany = wrapped.guesses ? this.guessed.take(program, wrapped.inner?.length ?? 0, scripts) : undefined;
      if (tooMany) results.push(ask(tooMany));
      const outer = this.guessed.inside;
      this.guessed.inside ||= !!wrapped.guesses;
      try {
        for (const inner of tooMany ? [] : (wrapped.inner ?? []))
          results.push(inner.length ? this.evaluateWords(inner, depth + 1) : deny(`${program} is given an empty command`));
        for (const script of tooMany ? [] : scripts)
          results.push(
            script.dynamic
              ? deny(`the script given to ${program} is computed at run time (${script.dynamic})`)
              : this.evaluateScript(script.value, depth + 1, wrapped.replacing),
          );
      } finally {
        this.guessed.inside = outer;
      }
      if (wrapped.assigns?.length) results.push(this.checkAssigns(wrapped.assigns));
      if (wrapped.inner?.length || wrapped.scripts?.length) return combine(results)!;
    }
    let tscProject = policy.tscProject;
    if (policy.runs?.length) {
      const runs = this.evaluateWords(policy.runs, depth + 1);
      if (runs.verdict === 'deny') return runs;
      // What the program run (npx tsc …) asks for on its own, e.g. tsc writing to a folder of the command's choosing.
      const inner = programPolicy(programName(policy.runs[0]!.value), policy.runs.slice(1), this.roots);
      if (inner.refusal?.verdict === 'ask') results.push(ask(inner.refusal.reason));
      tscProject ??= inner.tscProject;
      if (/[\\/]/.test(policy.runs[0]!.value)) results.push(ask(`${program} is given the path "${policy.runs[0]!.value.slice(0, 80)}", which may be any file`));
    }
    if (policy.refusal) results.push(ask(policy.refusal.reason));
    for (const w of args) results.push(this.checkArgument(w, 'argument'));
    for (const w of policy.chdir ?? []) results.push(this.checkArgument({ ...w, value: w.value.startsWith('-') ? `./${w.value}` : w.value }, 'folder'));
    for (const w of policy.named ?? []) results.push(this.checkArgument(w, 'file named in its script'));
    // Case matters past the program's name: git runs an alias called STATUS for `git STATUS`.
    const exact = [program, ...policy.words.slice(1).map((w) => w.value)];
    const allowed = this.rules.allow.find((rule) => rule === '*' || prefixMatches(rule, exact));
    const shown = exact.join(' ');
    results.push(
      allowed
        ? {
            verdict: 'allow',
            reason: `matches the allow rule "${allowed}"`,
            matched: allowed,
            programs: policy.runs?.length ? [program, programName(policy.runs[0]!.value)] : [program],
            ...(tscProject !== undefined ? { tscProjects: [tscProject] } : {}),
            // Outside a repository git diff compares two paths (--no-index); with fewer it only fails.
            ...(program === 'git' && exact[1] === 'diff' && exact.slice(2).filter((w) => !w.startsWith('-')).length >= 2 ? { gitDiff: true as const } : {}),
            ...this.writtenFiles(program, args),
          }
        : ask(`"${shown.length > 80 ? `${shown.slice(0, 77)}…` : shown}" is not on the allow list`),
    );
    return combine(results)!;
  }

  /** The files a writing program's arguments name, absolute (written-operands.ts), for the gate's protected-file check. */
  private writtenFiles(program: string, args: readonly ShellWord[]): { writes?: WrittenName[] } {
    const root = this.roots[0];
    if (!root) return {};
    const absolute = (name: string) => (path.isAbsolute(name) ? name : `${root}${path.sep}${name}`);
    const writes = writtenOperands(program, args).map((w) => ({
      ...w,
      value: absolute(w.value),
      ...(w.ifFolder !== undefined ? { ifFolder: absolute(w.ifFolder) } : {}),
    }));
    return writes.length ? { writes } : {};
  }

  /**
   * A program `by` may run with arguments this check does not see (make's `CC=gcc`): refused when a deny
   * rule names it; asked for a shell, an interpreter or a wrapper, which may read those arguments as code
   * or as a command (`CC=env` with `CFLAGS=--split-string=…`).
   */
  private checkProgramName(word: ShellWord, by: string): CommandDecision {
    const name = programName(word.value);
    const shown = word.value.slice(0, 40);
    const denied = this.rules.deny.find((rule) => denyMatches(rule, [name]));
    if (denied) return deny(`${by} may run "${shown}", which matches the deny rule "${denied}"`);
    // A wrapper runs the command its arguments name: given one word, it unwraps it.
    const wrapped = unwrap(name, [{ value: 'x' }]);
    if (isShell(name) || programFromInput(interpreterName(name), name, []) || wrapped?.inner?.length || wrapped?.scripts?.length)
      return ask(`${by} may run "${shown}", a shell, an interpreter or a wrapper, with arguments this check does not see`);
    return { verdict: 'allow', reason: `${by} may run "${shown}", which no deny rule names`, matched: '' };
  }

  /**
   * An argument is harmless when it is literal and every path in it stays inside the workspace. Words
   * that may name files are returned (absolute) so the caller can check where symlinks really lead.
   */
  private checkArgument(word: ShellWord, what: string, redirection = false): CommandDecision {
    if (word.dynamic) return ask(`an ${what} is computed at run time (${word.dynamic})`);
    // Only with allowShellMetacharacters (a glob is a shell construct): what it names is only known when
    // it is expanded, and `.[.]` is "..", `*` a link that leads out of the workspace.
    if (word.glob) return ask(`the ${what} "${word.value.slice(0, 80)}" is a glob: the names it stands for, and where their links lead, are not checked`);
    const unseen = unseenNameReason(word.value);
    if (unseen) return ask(`the ${what} ${unseen}`);
    // Every place a cluster of short options may start its value is a candidate: past this length the
    // check would cost seconds (stop 30's red team: `ls -a,a,a,…`), so such a cluster asks.
    if (/^-[^-=]/.test(word.value) && !word.value.includes('=') && word.value.length > MAX_CLUSTER)
      return ask(`the ${what} "${word.value.slice(0, 40)}…" is a cluster of options too long to check (${word.value.length} characters)`);
    for (const candidate of pathCandidates(word.value)) {
      const outside = this.outside(candidate);
      if (outside) return ask(`the ${what} "${candidate.length > 80 ? `${candidate.slice(0, 77)}…` : candidate}" ${outside}`);
    }
    // Joined without normalizing: `link/../x` must keep its "..", which the system applies after the link.
    // A redirection to a harmless device file (`2>/dev/null`) names nothing in the workspace: the gate's
    // link check, which asks for any name whose real location is outside, asked for every `> /dev/null`. As
    // an argument such a name still goes to it (`npm test -- /dev/stdin` would load a test from a pipe).
    const named = !this.roots.length
      ? []
      : fileNames(word.value)
          .filter((n) => !(redirection && HARMLESS_PATHS.has(n)))
          .map((n) => (path.isAbsolute(n) ? n : `${this.roots[0]!}${path.sep}${n}`));
    return { verdict: 'allow', reason: 'arguments stay inside the workspace', matched: '', ...(named.length ? { paths: named } : {}) };
  }

  private outside(candidate: string): string | undefined {
    if (HARMLESS_PATHS.has(candidate)) return undefined;
    if (candidate.startsWith('~')) return 'is in a home folder, outside the workspace';
    if (/^[A-Za-z]:[\\/]|^\\\\/.test(candidate) && path.sep === '/') return 'is a Windows path outside the workspace';
    if (!this.roots.length)
      return path.isAbsolute(candidate) || candidate.split(/[\\/]/).includes('..') ? 'is outside the workspace (no workspace folder is open)' : undefined;
    const absolute = path.resolve(this.roots[0]!, candidate);
    const inside = this.roots.some((root) => isWithin(root, absolute));
    return inside ? undefined : 'is outside the workspace';
  }
}

/** /usr/bin/RM.exe → rm. */
export function programName(word: string): string {
  const cut = Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\'));
  return (cut >= 0 ? word.slice(cut + 1) : word).replace(/\.exe$/i, '').toLowerCase();
}

function deny(reason: string): CommandDecision {
  return { verdict: 'deny', reason };
}

function ask(reason: string): CommandDecision {
  return { verdict: 'ask', reason };
}

/** Deny beats ask beats allow (carrying every file name the parts named); undefined for an empty list. */
function combine(list: readonly CommandDecision[]): CommandDecision | undefined {
  const refusal = list.find((d) => d.verdict === 'deny') ?? list.find((d) => d.verdict === 'ask');
  if (refusal) return refusal;
  const allowed = list.find((d) => d.verdict === 'allow' && d.matched) ?? list[0];
  if (!allowed || allowed.verdict !== 'allow') return allowed;
  const combined = { ...allowed };
  for (const key of ['paths', 'programs', 'tscProjects'] as const) {
    const all = new Set(list.flatMap((d) => (d.verdict === 'allow' ? (d[key] ?? []) : [])));
    if (all.size) combined[key] = [...all];
  }
  if (list.some((d) => d.verdict === 'allow' && d.gitDiff)) combined.gitDiff = true;
  const writes = list.flatMap((d) => (d.verdict === 'allow' ? (d.writes ?? []) : []));
  if (writes.length) combined.writes = writes;
  return combined;
}

/** Longest cluster of short options whose every possible value is checked as a path. */
const MAX_CLUSTER = 256;
