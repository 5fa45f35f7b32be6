#!/usr/bin/env node
// Runs every built benchmark (dist/bench/*.bench.js, or only those whose name contains argv[2]) one
// after another; each prints its JSON and writes bench/results/<name>.json.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, '..', 'dist', 'bench');
const filter = process.argv[2] || '';
// Benchmarks that start code-server (minutes, the whole machine) run only when named:
// `npm run bench -- responsiveness` (needs scripts/setup-vscode.sh's tools).
const ONLY_WHEN_NAMED = ['responsiveness.bench.js'];
const benches = fs.existsSync(dir)
  ? fs.readdirSync(dir).filter((f) => f.endsWith('.bench.js') && f.includes(filter) && (filter || !ONLY_WHEN_NAMED.includes(f))).sort()
  : [];
if (!benches.length) {
  process.stderr.write(`no benchmarks matching "${filter}" in ${dir}; run "node esbuild.js" first\n`);
  process.exit(1);
}
let failed = 0;
for (const bench of benches) {
  process.stderr.write(`[bench] ${bench}\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', path.join(dir, bench)], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
