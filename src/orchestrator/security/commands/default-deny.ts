// The built-in deny rules (DEFAULT_COMMAND_RULES.deny), by what the command does rather than by its
// name: each group names the programs that do the same thing (red team 33: `pnpm publish`, `run0 id`,
// `dcfldd`, `openssl s_client`, `git checkout -- .` only asked while `npm publish`, `sudo`, `dd`, `nc`
// and `git reset --hard` were refused). Rules match as rule-matching.ts says (any flag order, the
// program's own abbreviations, lower case). Written as space-separated lines, one rule a line.
const rules = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** Deleting a tree (`rm -r` without -i is a policy: rmRecursive in capability-policies.ts). */
const DELETES = rules(`
  rm -rf
  rm -fr
  cmake -e rm -r
  cmake -e remove_directory
`);

/** Running as another user, or with more privileges (shadow's `sg`, not ast-grep's: capability-policies.ts). */
const PRIVILEGES = rules(`
  sudo
  sudoedit
  su
  doas
  pkexec
  runuser
  run0
  machinectl shell
  machinectl login
  newgrp
  setpriv
  capsh
  ksu
  pbrun
  dzdo
  gosu
  su-exec
  gksu
  gksudo
  kdesu
  kdesudo
  calife
  please
  pleaseedit
`);

/** Sending the workspace somewhere else or fetching code: network clients, remote copies, mail, name lookups and probes (a name looked up can carry data out), key servers and package installers that fetch code (red team of stop 38). */
const NETWORK = rules(`
  curl
  wget
  wget2
  ssh
  dbclient
  scp
  sftp
  ftp
  tnftp
  netkit-ftp
  inetutils-ftp
  ftp-ssl
  pftp
  telnet
  telnet.*
  inetutils-telnet
  telnet-ssl
  slogin
  nc
  nc.*
  ncat
  netcat
  netcat.*
  socat
  lwp-request
  lwp-download
  get
  post
  http
  https
  xh
  xhs
  aria2c
  axel
  lynx
  w3m
  links
  links2
  elinks
  fetch
  openssl s_client
  gnutls-cli
  pwncat
  cryptcat
  websocat
  tftp
  atftp
  lftp
  ncftp
  ncftpget
  ncftpput
  ftpget
  ftpput
  ssl_client
  httpd
  telnetd
  rclone
  s3cmd
  aws s3
  aws s3api
  gsutil
  gcloud storage
  az storage
  mail
  mailx
  sendmail
  mutt
  msmtp
  swaks
  gh gist create
  gh gist edit
  gh api
  autossh
  sshpass
  mosh
  rsh
  rlogin
  rcp
  ssh-copy-id
  curlie
  nslookup
  dig
  host
  drill
  delv
  kdig
  ping
  ping6
  arping
  nping
  hping3
  traceroute
  traceroute6
  tracepath
  mtr
  nmap
  whois
  ssh-keyscan
  openssl s_time
  openssl ocsp
  gpg --recv-keys
  gpg --receive-keys
  gpg --fetch-keys
  gpg --send-keys
  gpg --refresh-keys
  gpg --search-keys
  gpg --locate-keys
  gpg --locate-external-keys
  gpg2 --recv-keys
  gpg2 --fetch-keys
  gpg2 --send-keys
  gpg2 --refresh-keys
  gpg2 --search-keys
  pip install
  pip3 install
  pip download
  pip3 download
  pipx install
  pipx run
  uv pip install
  uv add
  uvx
  poetry add
  cargo install
  go install
  go get
  gem install
  docker pull
  docker login
  podman pull
  podman login
`);

/** Destroying a disk, a file system or a file beyond recovery. */
const WIPES = rules(`
  dd
  dcfldd
  dc3dd
  ddrescue
  mkfs*
  mke2fs
  mkswap
  mkdosfs
  mkntfs
  mkexfatfs
  mformat
  wipefs
  fdisk
  sfdisk
  cfdisk
  gdisk
  sgdisk
  parted
  blkdiscard
  cryptsetup
  badblocks -w
  shred
  wipe
  srm
  scrub
  sfill
  sswap
  sdmem
`);

/** Permissions and ownership of a whole tree. */
const OWNERSHIP = rules(`
  chmod -R
  chown
  chgrp
`);

/** Stopping the machine or every process on it (`kill -1` is a policy: killsEverything in capability-policies.ts). */
const POWER = rules(`
  shutdown
  reboot
  halt
  poweroff
  init
  telinit
  kexec
  killall5
  loginctl poweroff
  loginctl reboot
  loginctl halt
  loginctl terminate-user
  loginctl kill-user
  loginctl terminate-session
  loginctl kill-session
`);

/**
 * Publishing or pushing: what leaves the machine under the user's name. npm's and pnpm's registry
 * commands (publish, unpublish, deprecate, undeprecate, dist-tag, owner, access), `bun publish`, `cargo
 * publish`/`yank` and `docker`/`podman push` are policies in publish-policies.ts: their read-only forms
 * (`npm dist-tag ls`), dry runs and help are not refused, and their subcommand is found after global
 * options (`cargo +stable publish`, `docker --context x push`).
 */
const PUBLISH = rules(`
  git push
  git subtree push
  git send-pack
  git http-push
  git send-email
  git svn dcommit
  git p4 submit
  yarn publish
  yarn npm publish
  lerna publish
  vsce publish
  vsce unpublish
  ovsx publish
  gem push
  gem yank
  twine upload
  poetry publish
  uv publish
  flit publish
  hatch publish
  git lfs push
  git lfs pre-push
  gh release create
  gh release upload
  gh repo create
  hg push
  svn commit
  svn ci
`);

/**
 * git commands that throw work away as `git reset --hard` and `git clean` do. Where the letter's case
 * matters (`branch -D`, `restore .`, `checkout -- .`) it is a policy: gitDiscards in capability-policies.ts.
 */
const GIT_DISCARDS = rules(`
  git reset --hard
  git clean
  git checkout -f
  git switch -f
  git switch --discard-changes
  git checkout-index -f
  git read-tree --reset -u
  git stash clear
  git stash drop
  git reflog expire
  git reflog delete
  git gc --prune
  git prune
  git update-ref -d
  git rm -f
  git worktree remove -f
  git filter-repo
`);

/** Running commands later, outside this check and the runner's timeout (crontab, which may list, is a policy: capability-policies.ts). */
const SCHEDULES = rules(`
  at
  batch
`);

export const DEFAULT_DENY: readonly string[] = [
  ...DELETES,
  ...PRIVILEGES,
  ...NETWORK,
  ...WIPES,
  ...OWNERSHIP,
  ...POWER,
  ...PUBLISH,
  ...GIT_DISCARDS,
  ...SCHEDULES,
  'eval',
];
