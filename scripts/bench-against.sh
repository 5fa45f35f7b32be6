#!/usr/bin/env bash
# Runs the benchmarks of an older revision and of this checkout on this machine, alternating, so the
# "no benchmark worse by more than 10%" rule compares like with like (figures from other days or other
# machines do not). Usage: bash scripts/bench-against.sh REV [RUNS] [BENCH ...]
#   REV: the revision to compare with (e.g. f12365b, the end of round 1); RUNS: runs of each (default 2);
#   BENCH: names under dist/bench/ without .bench.js (default: those both revisions have, responsiveness excepted).
# Output: one JSON file per run in $OUT (default /tmp/bench-against-REV), then a summary of the medians.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REV=${1:?usage: bash scripts/bench-against.sh REV [RUNS] [BENCH ...]}
RUNS=${2:-2}
shift $(( $# > 1 ? 2 : 1 ))
OUT=${OUT:-/tmp/bench-against-$REV}
OLD=$OUT/tree
mkdir -p "$OUT"
if ! [ -d "$OLD" ]; then
  git -C "$ROOT" worktree add -f "$OLD" "$REV" >/dev/null
  (cd "$OLD" && npm ci --no-audit --no-fund >/dev/null && node esbuild.js >/dev/null)
fi
(cd "$ROOT" && node esbuild.js >/dev/null)
BENCHES=("$@")
if [ ${#BENCHES[@]} -eq 0 ]; then
  for f in "$OLD"/dist/bench/*.bench.js; do
    b=$(basename "$f" .bench.js)
    [ "$b" != responsiveness ] && [ -f "$ROOT/dist/bench/$b.bench.js" ] && BENCHES+=("$b")
  done
fi
for b in "${BENCHES[@]}"; do
  for i in $(seq 1 "$RUNS"); do
    for side in old new; do
      dir=$OLD; [ $side = new ] && dir=$ROOT
      echo "[bench-against] $b $side $i" >&2
      (cd "$dir" && node --expose-gc "dist/bench/$b.bench.js" > "$OUT/$b-$side-$i.json" 2>"$OUT/$b-$side-$i.err") || echo "[bench-against] $b $side $i failed" >&2
    done
  done
done
git -C "$ROOT" checkout -- bench/results 2>/dev/null || true
node "$ROOT/scripts/bench-against-summary.js" "$OUT"
