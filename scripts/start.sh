#!/usr/bin/env bash
# Sets up and starts Big Three in a real VS Code (code-server) on this machine, in the foreground.
# usage: scripts/start.sh [folder]    (default: a demo copy of test/fixtures/workspace)
# env:   PORT (default 8080), BIG_THREE_TOOLS (default <repo>/.vscode-test)
# Open the printed URL in a browser; Ctrl-C stops everything.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# Drop the npm_* variables that `npm start` exports: inner npm runs would take them as their own config
# (code-server's postinstall then sees the outer Node 20 in npm_config_user_agent and refuses to install).
for v in $(compgen -e | grep '^npm_'); do unset "$v"; done
TOOLS=${BIG_THREE_TOOLS:-$ROOT/.vscode-test}
PORT=${PORT:-8080}
say() { echo "[start] $*"; }

# Dependencies: install from the lockfile when node_modules is missing or a direct dependency is off.
[ -f package-lock.json ] || npm install --package-lock-only --no-audit --no-fund
if ! [ -d node_modules ] || ! node -e '
  const pkg = require("./package.json"), lock = require("./package-lock.json");
  for (const n of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
    let v; try { v = require("./node_modules/" + n + "/package.json").version; } catch {}
    if (v !== (lock.packages["node_modules/" + n] || {}).version) process.exit(1);
  }' 2>/dev/null; then
  say "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

say "building"
npm run build
mkdir -p "$TOOLS"
VSIX="$TOOLS/big-three.vsix"
# --skip-license: vsce would otherwise stop and ask when the repo has no LICENSE file.
npx vsce package --no-dependencies --allow-missing-repository --skip-license --readme-path docs/vsix-readme.md -o "$VSIX" </dev/null

bash scripts/setup-vscode.sh
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

say "installing $VSIX"
"$CODE_SERVER" "${DIRS[@]}" --install-extension "$VSIX" --force
# The bundle keeps transformers.js / ONNX Runtime outside (native code, loaded only when an embedding
# model is present); give the installed copy this checkout's node_modules so local embeddings work.
INSTALLED=$(ls -d "$TOOLS"/extensions/big-three.big-three-* 2>/dev/null | sort -V | tail -1)
[ -n "$INSTALLED" ] && ln -sfn "$ROOT/node_modules" "$INSTALLED/node_modules"

FOLDER=${1:-}
if [ -z "$FOLDER" ]; then
  FOLDER="$TOOLS/demo-workspace"
  # Copied once so the demo can be edited freely without touching the repository.
  [ -d "$FOLDER" ] || cp -a test/fixtures/workspace "$FOLDER"
fi
FOLDER=$(cd "$FOLDER" && pwd)
URL="http://127.0.0.1:$PORT/?folder=$(node -p 'encodeURI(process.argv[1])' "$FOLDER")"

say "starting code-server on 127.0.0.1:$PORT"
# Relay code-server's log and announce the URL once it is actually listening.
"$CODE_SERVER" "${DIRS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust "$FOLDER" 2>&1 |
  while IFS= read -r line; do
    echo "$line"
    if [[ $line == *"HTTP server listening"* ]]; then
      echo
      echo "  Big Three is running in VS Code at: $URL"
      echo "  (press Ctrl-C to stop)"
      echo
    fi
  done
