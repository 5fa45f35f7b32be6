#!/usr/bin/env bash
# Integration tests in a real VS Code (code-server + headless Chromium, see test/integration/run-in-vscode.js).
# Installs the tools if needed, builds dist/, opens a throwaway copy of test/fixtures/workspace and runs
# dist/test/integration/suite.js in the extension host. Exit code = test result.
# env: SCREENSHOT_DIR (default <repo>/screenshots), TEST_TIMEOUT_MS, EXT_ENV, KEEP_TMP, BIG_THREE_TOOLS
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# Drop the npm_* variables that `npm test` exports: inner npm runs would take them as their own config
# (code-server's postinstall then sees the outer Node 20 in npm_config_user_agent and refuses to install).
for v in $(compgen -e | grep '^npm_'); do unset "$v"; done

bash scripts/setup-vscode.sh
npm run build

# The suite may edit files in the workspace, so it always gets a fresh copy.
WS=$(mktemp -d "${TMPDIR:-/tmp}/big-three-ws-XXXXXX")
trap 'rm -rf "$WS"' EXIT
cp -a test/fixtures/workspace/. "$WS/"

rc=0
SCREENSHOT_DIR=${SCREENSHOT_DIR:-$ROOT/screenshots} \
  node test/integration/run-in-vscode.js "$ROOT" "$ROOT/dist/test/integration/suite.js" "$WS" || rc=$?
exit "$rc"
