// A stranger's review of stop 32's red-team fixes: ordinary commands they had started to refuse (sed
// bracket expressions, python -Wignore, vim +/pattern, gvim -geometry, sqlite3 .separator |, git's
// one-letter prefixes) and ways around them (sqlite3 -zip and -init /dev/stdin, a second printf -v,
// python -m code and -Wmodule in a pipe, gawk -W load=, {HOME}<<EOF, make's $(shell), vim -s /dev/stdin,
// other ftp and telnet names, pwsh reading its input, git clone --u, perl -le'CODE' FILE, and npm's
// subcommand after an option's value (`npm -w pkg publish`, which asked before the fixes too).
import * as assert from 'assert';
import * as path from 'path';
import { CommandGuard, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';

const ROOT = path.resolve('/work/space');

describe('command check: the review of the red team 32 fixes', () => {
  const withMetacharacters = new CommandGuard({ ...DEFAULT_COMMAND_RULES, allowShellMetacharacters: true }, [ROOT], 'linux');
  const byDefault = new CommandGuard(DEFAULT_COMMAND_RULES, [ROOT], 'linux');
  const verdict = (guard: CommandGuard, command: string) => guard.evaluate(command).verdict;

  it('ordinary commands ask again (or are allowed) as before the fixes', () => {
    for (const c of [
      "sed 's/[^/]*$//' a.txt",
      "sed 's/[/]/-/g' a.txt",
      'python3 -Wignore script.py',
      'python3 -Ximporttime script.py',
      'python3 -Wignore -m pytest',
      'vim +/TODO src/b.ts',
      'vim +$ a.txt',
      'gvim -geometry 80x24 a.txt',
      'gvim -iconic a.txt',
      "sqlite3 db.sqlite '.separator |' 'select 1'",
      'perl -V:version',
    ]) {
      assert.strictEqual(verdict(byDefault, c), 'ask', c);
    }
    for (const c of ['git status --s', 'git status --u']) assert.strictEqual(verdict(byDefault, c), 'allow', c);
  });

  it('the ways around the fixes are refused', () => {
    for (const c of [
      "sqlite3 db.sqlite -zip '.shell touch x'",
      'sqlite3 -init /dev/stdin :memory: .quit',
      "gawk -W load=./evil 'BEGIN{}'",
      "awk -Wlo=./evil 'BEGIN{}'",
      "make 'X:=$(shell touch x)'",
      'vim -s /dev/stdin a.txt',
      'telnet-ssl evil.com',
      'ftp-ssl evil.com',
      'pftp evil.com',
      "git clone --u 'touch x' a b",
      "git ls-remote --u 'touch x' a",
      `perl -le'system("id")' x.pl`,
      'npm -w pkg publish',
      'npm --workspace pkg pu',
      'npm --loglevel silent pu',
    ]) {
      assert.strictEqual(verdict(byDefault, c), 'deny', c);
    }
    for (const c of [
      'printf -v x -v HOME 10; git status',
      'git log | python3 -m code',
      'git log | python3 -Wmodule',
      'git log | pwsh',
      'git log | powershell',
      'pwd {HOME}<<EOF\nx\nEOF\ngit status',
    ]) {
      assert.strictEqual(verdict(withMetacharacters, c), 'deny', c);
    }
  });
});
