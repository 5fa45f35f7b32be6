// The red team of stop 32, the findings that reached "allow" with shell constructs on, and git's and
// npm's abbreviations: a write to /dev/stdin or /dev/stdout after `< package.json` on the same line
// overwrote that file; ${x@P} and ${!x} inside [[ ]] or case ran a value as code; `{HOME}>` and
// `coproc HOME` assigned an exported name the check never saw; git took `--ex`, `--co`, `--up`, `--op`
// and `--h` for --exec, --config, --upload-pack, --open-files-in-pager and --hard, and npm `pu` for publish.
import * as assert from 'assert';
import * as path from 'path';
import { CommandGuard, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';

const ROOT = path.resolve('/work/space');

describe('command check: the red team of stop 32 (constructs, abbreviations)', () => {
  const withMetacharacters = new CommandGuard({ ...DEFAULT_COMMAND_RULES, allowShellMetacharacters: true }, [ROOT], 'linux');
  const byDefault = new CommandGuard(DEFAULT_COMMAND_RULES, [ROOT], 'linux');
  const verdict = (guard: CommandGuard, command: string) => guard.evaluate(command).verdict;
  const inBothModes = (commands: string[], expected: 'deny' | 'ask') => {
    for (const c of commands) {
      assert.strictEqual(verdict(byDefault, c), 'deny', `${c} (default rules)`);
      assert.strictEqual(verdict(withMetacharacters, c), expected, `${c} (shell constructs allowed)`);
    }
  };

  it("a write to the process's own descriptors asks when another redirection on the line opened a file", () => {
    inBothModes(
      [
        `git log -1 --format='format:{"scripts":{"test":"touch x"}}' < package.json > /dev/stdin`,
        'git log -1 --format=x 1<package.json >/dev/stdout',
        'git log -1 --format=x 2<package.json 2>/dev/stderr',
        'git log -1 --format=x <cfg >/dev/fd/0',
        '{ git log -1 >/dev/stdout; } 1<package.json',
      ],
      'ask',
    );
    assert.match(withMetacharacters.evaluate('git log 1<package.json >/dev/stdout').reason, /writes to whatever file another redirection on the line opened/);
    // Alone, or beside /dev/null and descriptor copies, they are the terminal or a pipe, as before.
    for (const c of ['git log >/dev/stdout', 'git status 2>/dev/stderr', 'git log >/dev/stderr 2>&1', 'npm test >/dev/null 2>/dev/stderr']) {
      assert.strictEqual(verdict(withMetacharacters, c), 'allow', c);
    }
  });

  it('a prompt-string or indirect expansion is refused wherever it stands ([[ ]], case, arguments)', () => {
    inBothModes(
      [
        "for x in '$(touch p)'; do [[ ${x@P} == a ]]; done",
        "[[ '$(touch p)' =~ .* ]] && [[ ${BASH_REMATCH@P} == a ]]",
        "ls '$(touch p)' 2>/dev/null; [[ ${_@P} == a ]]",
        'case ${!x} in a) ;; esac',
        'echo ${!x}',
        'echo ${!x[0]}',
        '[[ a == ${!x} ]]',
      ],
      'deny',
    );
    assert.match(withMetacharacters.evaluate('[[ ${x@P} == a ]]').reason, /prompt string/);
    assert.match(withMetacharacters.evaluate('echo ${!x}').reason, /indirect expansion/);
    // Listing names or keys runs nothing: it asks as any expansion does.
    for (const c of ['echo ${!arr[@]}', 'echo ${!BASH*}', 'echo ${x@Q}']) assert.strictEqual(verdict(withMetacharacters, c), 'ask', c);
  });

  it('{NAME}> and coproc NAME assign NAME: an exported name is refused like an assignment', () => {
    inBothModes(
      ['pwd {HOME}>/dev/null; git status', '{ git status; } {HOME}>/dev/null', 'pwd {PATH}>/dev/null; git status', 'coproc HOME { git log; }; git status'],
      'deny',
    );
    assert.match(withMetacharacters.evaluate('pwd {HOME}>/dev/null').reason, /environment variable HOME/);
    // A lower-case shell variable reaches no program.
    assert.strictEqual(verdict(withMetacharacters, 'git status {fd}>/dev/null'), 'allow');
  });

  it("git's option abbreviations down to one letter, and npm's two-letter subcommands, meet the deny rules", () => {
    for (const c of [
      "git rebase --ex 'touch p' HEAD~1",
      "git clone --co 'core.fsmonitor=touch p' a b",
      "git clone --up 'touch p' a b",
      "git ls-remote --up 'touch p' a",
      "git grep --op='touch p' x",
      'git reset --h',
      'npm pu',
    ]) {
      assert.strictEqual(verdict(byDefault, c), 'deny', c);
    }
    assert.match(byDefault.evaluate("git rebase --ex 'touch p'").reason, /--ex \(an abbreviation of --ext-diff or --exec or --extcmd\)/);
    // Whole options that begin like a denied one stay as they were.
    for (const c of ['git log --oneline', 'git log --not main', 'git diff --text a', 'git diff --no-ext-diff', 'git log --stat --summary']) {
      assert.strictEqual(verdict(byDefault, c), 'allow', c);
    }
    for (const c of ['npm pack', 'npm ping', 'npm un lodash']) assert.strictEqual(verdict(byDefault, c), 'ask', c);
  });

  it('a program named with .exe is another program than the one the rules name, off Windows', () => {
    for (const c of ['git.exe status', 'node.exe --version', 'npx.exe tsc --noEmit']) assert.strictEqual(verdict(byDefault, c), 'ask', c);
    assert.strictEqual(verdict(byDefault, 'rm.exe -rf src'), 'deny');
    assert.strictEqual(verdict(new CommandGuard(DEFAULT_COMMAND_RULES, ['C:\\work'], 'win32'), 'git.exe status'), 'allow');
  });
});
