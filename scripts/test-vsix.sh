#!/usr/bin/env bash
# The platform package as a user installs it: builds the .vsix for this machine (production bundle plus
# the runtimes it carries), installs it with `code-server --install-extension` into a clean extensions
# folder (no link into this checkout), and runs test/integration/vsix-suite.ts in that code-server:
# semantic search with the tiny test model through the packaged transformers.js/ONNX Runtime, and the
# packaged playwright-core driving Chromium to a page on loopback. Last line: "vsix-tests: N passed, M failed".
# env: BIG_THREE_TOOLS (default <repo>/.vscode-test), TEST_TIMEOUT_MS (default 180000), KEEP_TMP=1,
#      VSIX=FILE (test this package instead of building one), VSIX_AS_DEV=1 (load the installed folder as the
#      development extension, for a workbench that would not load installed extensions next to one)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
for v in $(compgen -e | grep '^npm_'); do unset "$v"; done
TOOLS=${BIG_THREE_TOOLS:-$ROOT/.vscode-test}
START=$SECONDS
say() { echo "[test-vsix] $(( SECONDS - START ))s $*"; }

bash scripts/setup-vscode.sh
TMP=$(mktemp -d "${TMPDIR:-/tmp}/big-three-vsix-test-XXXXXX")
if [ -z "${KEEP_TMP:-}" ]; then trap 'rm -rf "$TMP"' EXIT; else say "keeping $TMP"; fi

# 1. The package. npm test has typechecked already, so the production bundle is built directly
#    (package-vsix.js alone runs `npm run vscode:prepublish`, typecheck included).
VSIX_FILE=${VSIX:-}
if [ -z "$VSIX_FILE" ]; then
  say "building the production bundle and the platform package"
  node esbuild.js --production
  VSIX_FILE="$TMP/big-three.vsix"
  node scripts/package-vsix.js --skip-build --out "$VSIX_FILE"
fi

# 2. A clean code-server extensions folder with only the package installed, the way a user installs it.
EXT="$TMP/extensions"
mkdir -p "$EXT"
say "installing $(basename "$VSIX_FILE") into a clean code-server"
PATH="$TOOLS/node24/bin:$PATH" EXTENSIONS_GALLERY='{}' "$TOOLS/code-server/node_modules/.bin/code-server" \
  --extensions-dir "$EXT" --user-data-dir "$TMP/install-user-data" --config "$TMP/code-server.yaml" --install-extension "$VSIX_FILE" --force >"$TMP/install.log" 2>&1 \
  || { cat "$TMP/install.log"; say "code-server could not install the package"; exit 1; }
INSTALLED=$(find "$EXT" -mindepth 1 -maxdepth 1 -type d -name 'big-three.big-three-*' | head -1)
[ -n "$INSTALLED" ] || { ls -la "$EXT"; say "no big-three.big-three-* folder after the install"; exit 1; }
LINKS=$(find "$INSTALLED" -type l | head -5)
[ -z "$LINKS" ] || { echo "$LINKS"; say "the installed package contains links"; exit 1; }
say "installed in $INSTALLED ($(du -sh "$INSTALLED" | cut -f1))"

# 3. The suite rides in a stub development extension, so the extension itself is the installed one.
HOST="$TMP/test-host"
mkdir -p "$HOST"
cat > "$HOST/package.json" <<'JSON'
{ "name": "big-three-vsix-test-host", "publisher": "big-three-tests", "version": "0.0.0", "engines": { "vscode": "^1.90.0" } }
JSON
[ -z "${VSIX_AS_DEV:-}" ] || HOST="$INSTALLED"
# Bundled inside the checkout (dist/ is git-ignored) so that mocha and the tiny model's tokenizer
# resolve from the checkout's node_modules; the extension never looks there.
node_modules/.bin/esbuild test/integration/vsix-suite.ts --bundle --platform=node --format=cjs --target=node20 \
  --external:vscode --external:mocha --external:playwright-core --external:usearch --log-level=warning --outfile=dist/test/vsix/vsix-suite.js

WS="$TMP/workspace"
cp -a test/fixtures/workspace "$WS"
say "running the suite in code-server"
BIG_THREE_EXTENSIONS_DIR="$EXT" TEST_TIMEOUT_MS=${TEST_TIMEOUT_MS:-180000} SCREENSHOT_DIR='' \
  node test/integration/run-in-vscode.js "$HOST" "$ROOT/dist/test/vsix/vsix-suite.js" "$WS"
say "done"
