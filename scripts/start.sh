#!/usr/bin/env bash
# Sets up and starts Big Three in a real VS Code (code-server) on this machine, in the foreground.
# usage: scripts/start.sh [folder]    (default: a demo copy of test/fixtures/workspace outside the checkout)
# env:   PORT (default 8080), BIG_THREE_TOOLS (default <repo>/.vscode-test), BIG_THREE_DEMO (demo folder)
# Prints one line per step and the URL last; details of each step go to log files under $BIG_THREE_TOOLS.
# Ctrl-C stops everything.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# Drop the npm_* variables that `npm start` exports: inner npm runs would take them as their own config
# (code-server's postinstall then sees the outer Node in npm_config_user_agent and refuses to install).
for v in $(compgen -e | grep '^npm_'); do unset "$v"; done
TOOLS=${BIG_THREE_TOOLS:-$ROOT/.vscode-test}
PORT=${PORT:-8080}
LOGS="$TOOLS/logs"
mkdir -p "$LOGS"
START=$SECONDS
say() { echo "[start] $*"; }
# Runs a step with its output in a log file; on failure shows the end of that log.
quiet() {
  local log="$LOGS/$1.log"; shift
  if ! "$@" >"$log" 2>&1; then
    sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | tail -40
    say "failed: $* (full log: $log)"
    exit 1
  fi
}

# Dependencies: install from the lockfile when node_modules is missing or a direct dependency is off.
if ! [ -d node_modules ] || ! node -e '
  const pkg = require("./package.json"), lock = require("./package-lock.json");
  for (const n of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
    let v; try { v = require("./node_modules/" + n + "/package.json").version; } catch {}
    if (v !== (lock.packages["node_modules/" + n] || {}).version) process.exit(1);
  }' 2>/dev/null; then
  say "installing dependencies (npm ci)"
  quiet npm-ci npm ci --no-audit --no-fund
fi

# The same platform package a user installs: production build, runtimes for this platform inside.
VSIX="$TOOLS/big-three.vsix"
say "building and packaging the extension"
quiet package node scripts/package-vsix.js --out "$VSIX"

say "setting up code-server (the first time compiles native modules: a few minutes)"
quiet setup-vscode bash scripts/setup-vscode.sh
export PATH="$TOOLS/node24/bin:$PATH"   # code-server 4.139 runs on Node 24
export EXTENSIONS_GALLERY='{}'         # no marketplace: nothing is fetched from the internet
CODE_SERVER="$TOOLS/code-server/node_modules/.bin/code-server"
# State that survives restarts (settings, installed extensions, code-server's own config) stays in $TOOLS.
DIRS=(--user-data-dir "$TOOLS/user-data" --extensions-dir "$TOOLS/extensions" --config "$TOOLS/code-server.yaml")

# First start only: quiet defaults for an offline editor (the user may change them afterwards).
SETTINGS="$TOOLS/user-data/User/settings.json"
if ! [ -f "$SETTINGS" ]; then
  mkdir -p "$(dirname "$SETTINGS")"
  cat > "$SETTINGS" <<'JSON'
{
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "workbench.startupEditor": "none",
  "chat.disableAIFeatures": true
}
JSON
fi

say "installing the extension into code-server"
# Earlier starts may have left a copy whose node_modules was a link into this checkout: remove them all.
rm -rf "$TOOLS"/extensions/big-three.big-three-*
quiet install-extension "$CODE_SERVER" "${DIRS[@]}" --install-extension "$VSIX" --force

FOLDER=${1:-}
if [ -z "$FOLDER" ]; then
  # Outside the checkout, so VS Code finds no parent git repository to ask about; copied once so the
  # demo can be edited freely.
  FOLDER=${BIG_THREE_DEMO:-${XDG_CACHE_HOME:-$HOME/.cache}/big-three/demo-workspace}
  if ! [ -d "$FOLDER" ]; then
    mkdir -p "$(dirname "$FOLDER")"
    cp -a test/fixtures/workspace "$FOLDER"
  fi
fi
FOLDER=$(cd "$FOLDER" && pwd)
URL="http://127.0.0.1:$PORT/?folder=$(node -p 'encodeURI(process.argv[1])' "$FOLDER")"

say "starting code-server on 127.0.0.1:$PORT (log: $LOGS/code-server.log)"
"$CODE_SERVER" "${DIRS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust "$FOLDER" >"$LOGS/code-server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT INT TERM
until grep -q "HTTP server listening" "$LOGS/code-server.log" 2>/dev/null; do
  if ! kill -0 "$SERVER" 2>/dev/null; then
    tail -40 "$LOGS/code-server.log"
    say "code-server stopped before it listened (full log: $LOGS/code-server.log)"
    exit 1
  fi
  sleep 0.5
done
say "ready in $((SECONDS - START)) s; press Ctrl-C to stop"
echo "Big Three is running in VS Code at: $URL"
wait "$SERVER"
