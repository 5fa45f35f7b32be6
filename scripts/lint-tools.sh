#!/usr/bin/env bash
# Runs a tool of tools/lint/ (eslint or prettier) from the repository root, installing tools/lint first when
# its node_modules is missing or does not match its lockfile. `npm run lint`, `format` and `format:check`
# come through here. tools/lint has its own lockfile because typescript-eslint needs the TypeScript JS API,
# which the project's typescript 7 (native build) does not have: the linter uses typescript 5.9.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TOOLS=tools/lint
tool=${1:?usage: lint-tools.sh eslint|prettier|check-rules [args...]}; shift

# Every direct dependency of tools/lint must be installed at the version its lockfile pins.
tools_stale() {
  [ -d "$TOOLS/node_modules" ] || return 0
  (cd "$TOOLS" && node -e '
    const fs = require("fs");
    const pkg = require("./package.json"), lock = require("./package-lock.json");
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
      const want = (lock.packages || {})["node_modules/" + name];
      let have;
      try { have = JSON.parse(fs.readFileSync("node_modules/" + name + "/package.json", "utf8")).version; } catch {}
      if (!want || have !== want.version) { console.log("stale: " + name); process.exit(1); }
    }') || return 0
  return 1
}
if tools_stale; then
  echo "installing $TOOLS (npm ci)" >&2
  npm ci --prefix "$TOOLS" --no-audit --no-fund >&2
fi

case "$tool" in
  eslint|prettier) exec "$TOOLS/node_modules/.bin/$tool" "$@" ;;
  check-rules) exec node "$TOOLS/check-rules.mjs" "$@" ;;
  *) echo "unknown tool: $tool" >&2; exit 2 ;;
esac
