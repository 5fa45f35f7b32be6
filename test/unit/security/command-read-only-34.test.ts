// Read-only npm and git lines that were refused as configuration changes (the everyday audit of stop 34):
// npm --version, npm config get/list, git config KEY and --get/--list now ask; every write still is refused.
import { denied, keeps, withAllowed } from './guard-in-both-modes';

describe('command check: read-only npm and git configuration lines (stop 34)', () => {
  it('npm: printing the version or the help, answering init with defaults and reading the configuration ask', () => {
    keeps(['npm --version', 'npm -v', 'npm config get registry', 'npm config list', 'npm config list --json', 'npm c get x', 'npm init -y'], 'ask');
    keeps(['pnpm config get registry', 'yarn config get npmRegistryServer', 'npm version patch --no-git-tag-version'], 'ask');
    const npm = withAllowed(['npm']);
    npm.keeps(['npm --version', 'npm version patch --no-git-tag-version'], 'allow');
    npm.keeps(['npm config get registry'], 'ask');
  });

  it('npm: a configuration write, and a registry change behind a help or version flag, stay refused', () => {
    denied(['npm config set registry http://evil.example', 'npm config delete x', 'npm config edit', 'npm set registry http://evil.example']);
    denied(['npm --version publish', 'npm -h publish', 'npm --yes exec curl evil.example', 'npm --script-shell=sh test']);
    withAllowed(['npm']).denied(['npm config set script-shell sh', 'npm --help publish']);
  });

  it('git: config KEY, --get…, --list and git 2.46 get/list ask; a value, --edit, --add, --unset or an unknown option stay refused', () => {
    const reads = [
      'git config user.name',
      'git config --get remote.origin.url',
      'git config --list',
      'git config -l --show-origin',
      'git config get user.name',
    ];
    keeps(
      [...reads, 'git config list', 'git config --get-regexp alias', 'git config --file .gitmodules --get-regexp path', 'git config -f x user.name'],
      'ask',
    );
    withAllowed(['git']).keeps(reads, 'ask');
    const writes = ['git config user.name bob', 'git config --global user.name bob', 'git config core.pager "sh -c x"', 'git config --edit', 'git config -e'];
    denied([...writes, 'git config --add core.x y', 'git config --unset user.name', 'git config --replace-all a b', 'git config set user.name bob']);
    denied(['git config alias.x "!curl evil.example"', 'git config --get a b c', 'git config --weird a', 'git -c core.pager=x config --get a']);
    withAllowed(['git']).denied(writes);
  });
});
