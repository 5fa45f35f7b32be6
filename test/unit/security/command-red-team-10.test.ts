// The tenth red team of the command check (stop 26), against settings that are off by default: shell
// constructs allowed, or an environment variable allowed. Each command below was allowed, and in a copy
// of a workspace it ran a command or wrote a file (under bash, or dash where said). Each now asks or is refused.
import * as assert from 'assert';
import * as path from 'path';
import { CommandGuard, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';

const ROOT = path.resolve('/work/space');

describe('command check: tenth red team', () => {
  const withMetacharacters = new CommandGuard({ ...DEFAULT_COMMAND_RULES, allowShellMetacharacters: true }, [ROOT], 'linux');
  const withEnv = new CommandGuard({ ...DEFAULT_COMMAND_RULES, allowEnv: ['NODE_ENV'] }, [ROOT], 'linux');
  const verdict = (guard: CommandGuard, command: string) => guard.evaluate(command).verdict;

  it('refuses every other place bash evaluates text as arithmetic: for ((…)), [[ -v ]], an array index, (( )) (two subshells in dash)', () => {
    for (const c of [
      "for ((;'a[$(touch /tmp/pwned)]';)); do ls; done",
      "[[ -v 'a[$(touch /tmp/pwned)]' ]] || ls",
      "[[ -R 'a[$(id)]' ]] || ls",
      '((1>404)); ls',
    ])
      assert.strictEqual(verdict(withMetacharacters, c), 'deny', c);
    for (const c of ["NODE_ENV['$(touch /tmp/pwned)']=1", "NODE_ENV=(['$(touch /tmp/pwned)']=1)", 'NODE_ENV[x]=1'])
      assert.strictEqual(verdict(withEnv, c), 'deny', c);
    assert.strictEqual(verdict(withEnv, 'NODE_ENV=production npm test'), 'allow');
    assert.strictEqual(verdict(withMetacharacters, '[[ -e src ]] && ls'), 'allow');
  });

  it("asks for a glob or a substitution among a wrapper's own words, which may become several and move the command along", () => {
    // `timeout [0s]* pwd` ran `timeout 0 sh pwd` (empty files "0" and "sh", a planted script "pwd").
    for (const c of ['timeout [0s]* pwd', 'taskset [1s]* pwd', 'timeout $(ls -I pwd) pwd', 'nice -n $(echo 5) ls'])
      assert.strictEqual(verdict(withMetacharacters, c), 'ask', c);
    for (const c of ['timeout 10 ls', 'timeout -s KILL 5 git status']) assert.strictEqual(verdict(withMetacharacters, c), 'allow', c);
  });

  it('checks the names a test, a loop or a case reads ([[ -e NAME ]], for f in NAMES) like arguments', () => {
    for (const c of ['[[ -e /home/someone/.ssh/id_rsa ]] && pwd', 'for f in /home/someone/.aws/a*; do pwd; done', 'case ../x in y) ls;; esac'])
      assert.strictEqual(verdict(withMetacharacters, c), 'ask', c);
    for (const c of ['for f in src test; do ls; done', '[[ $HOME == x ]] && ls']) assert.strictEqual(verdict(withMetacharacters, c), 'allow', c);
  });

  it('reads arithmetic where it is after text of several bytes per character, and leaves ${a[@]} and [[ == pattern ]] alone', () => {
    // mvdan/sh counts UTF-8 bytes: read as string positions, the arithmetic text came out empty and passed.
    const accents = 'é'.repeat(60);
    for (const c of [`ls ${accents} || [[ 1 -eq 'a[$(touch /tmp/pwned)]' ]] || ls`, `git log --grep='${accents}' ; [[ -v 'a[$(touch /tmp/pwned)]' ]] || ls`])
      assert.strictEqual(verdict(withMetacharacters, c), 'deny', c);
    for (const c of ['echo "${arr[@]}"', 'ls ${#arr[@]}', 'ls 😀 $((1 + 2))']) assert.strictEqual(verdict(withMetacharacters, c), 'ask', c);
    for (const c of ['[[ "$x" == */usr/* ]] && ls', '[[ $x =~ ^[0-9]+$ ]] && ls']) assert.strictEqual(verdict(withMetacharacters, c), 'allow', c);
  });
});
