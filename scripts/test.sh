#!/usr/bin/env bash
# Sets up and runs every test (this is `npm test` and .ci/run): dependencies, typecheck, compiled unit
# tests under mocha (after the test tools are set up), the integration tests in a real VS Code, then the platform .vsix installed into a
# clean one (scripts/test-vsix.sh). Every stage runs even if an earlier
# one failed; the last line is always `tests: N passed, M failed` and the exit code is non-zero if M > 0.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# Drop the npm_* variables that `npm test` exports: inner npm runs would take them as their own config
# (code-server's postinstall then sees the outer Node 20 in npm_config_user_agent and refuses to install).
for v in $(compgen -e | grep '^npm_'); do unset "$v"; done
LOGS=${BIG_THREE_TOOLS:-$ROOT/.vscode-test}/test-logs   # one log per stage, replaced on every run
rm -rf "$LOGS" && mkdir -p "$LOGS"
PASSED=0
FAILED=0
SUMMARY=()

# run_stage NAME CMD...: runs CMD with its output shown and saved to $LOGS/NAME.log; sets STAGE_RC.
run_stage() {
  local name=$1; shift
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$LOGS/$name.log"
  STAGE_RC=$?
}
# count NAME PASS FAIL: adds a stage's counts; a failed stage that reported no failures counts as 1 failed.
count() {
  local name=$1 pass=${2:-0} fail=${3:-0}
  if [ "$STAGE_RC" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
  PASSED=$((PASSED + pass)); FAILED=$((FAILED + fail))
  SUMMARY+=("$(printf '%-12s exit %-3s %s passed, %s failed' "$name" "$STAGE_RC" "$pass" "$fail")")
}

# 1. dependencies: npm ci when node_modules is missing or does not match the lockfile.
deps_stale() {
  [ -d node_modules ] || return 0
  # Every direct dependency must be installed at the version the lockfile pins.
  node -e '
    const fs = require("fs");
    const pkg = require("./package.json"), lock = require("./package-lock.json");
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
      const want = (lock.packages || {})["node_modules/" + name];
      let have;
      try { have = JSON.parse(fs.readFileSync("node_modules/" + name + "/package.json", "utf8")).version; } catch {}
      if (!want || have !== want.version) { console.log("stale: " + name); process.exit(1); }
    }' || return 0
  return 1
}
if ! [ -f package-lock.json ]; then
  run_stage lockfile npm install --package-lock-only --no-audit --no-fund; count lockfile
fi
if deps_stale; then
  run_stage install npm ci --no-audit --no-fund; count install
fi

# 1b. the machine's test tools (Chromium, espeak-ng, sox, Node 24, code-server): before the unit tests,
#     which drive Chromium and speak through espeak-ng too (without them those tests would skip)
run_stage setup bash scripts/setup-vscode.sh; count setup

# 2. static checks (typecheck, lint) and test compilation (no counts of their own: failure = 1 failed)
run_stage typecheck npm run typecheck;      count typecheck
# lint installs tools/lint (its own lockfile: eslint + typescript-eslint on typescript 5.9) when missing or stale
run_stage lint npm run lint;                count lint
run_stage compile npm run compile-tests;    count compile

# 3. unit tests: mocha prints "N passing" / "N failing" (colour codes stripped before parsing)
run_stage unit npx mocha --config .mocharc.json
unit_out=$(sed 's/\x1b\[[0-9;]*m//g' "$LOGS/unit.log")
if ! grep -qE '^ *[0-9]+ passing' <<<"$unit_out" && [ "$STAGE_RC" -eq 0 ]; then STAGE_RC=1; fi  # no report = broken
count unit "$(grep -oE '^ *[0-9]+ passing' <<<"$unit_out" | tail -1 | grep -oE '[0-9]+')" \
           "$(grep -oE '^ *[0-9]+ failing' <<<"$unit_out" | tail -1 | grep -oE '[0-9]+')"

# 4. integration tests: the suite prints "extension-tests: N passed, M failed"; its screenshots are the
#    README's pictures, so they land in docs/images/
run_stage integration env SCREENSHOT_DIR="${SCREENSHOT_DIR:-$ROOT/docs/images}" bash scripts/test-integration.sh
line=$(grep -oE 'extension-tests: [0-9]+ passed, [0-9]+ failed' "$LOGS/integration.log" | tail -1)
if [ -z "$line" ] && [ "$STAGE_RC" -eq 0 ]; then STAGE_RC=1; fi  # finished without a report = broken
count integration "$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")" "$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")"

# 5. the platform .vsix installed into a clean code-server: "vsix-tests: N passed, M failed"
run_stage vsix bash scripts/test-vsix.sh
line=$(grep -oE 'vsix-tests: [0-9]+ passed, [0-9]+ failed' "$LOGS/vsix.log" | tail -1)
if [ -z "$line" ] && [ "$STAGE_RC" -eq 0 ]; then STAGE_RC=1; fi  # finished without a report = broken
count vsix "$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")" "$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")"

echo "=== summary (logs in $LOGS)"
printf '  %s\n' "${SUMMARY[@]}"
echo "tests: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
