#!/usr/bin/env node
// Makes the .vsix of every platform Big Three ships for, from one production build. Each package gets that
// platform's prebuilt binaries from the npm registry (onnxruntime-node carries all its bindings; sharp's
// come as @img/sharp-<platform> packages), see scripts/package-vsix.js.
// usage: node scripts/package-all-platforms.js [--out-dir DIR]   (default: <repo>/vsix)
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const TARGETS = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];

const outIndex = process.argv.indexOf('--out-dir');
const outDir = path.resolve(outIndex >= 0 ? process.argv[outIndex + 1] ?? '' : path.join(ROOT, 'vsix'));
const pkg = require(path.join(ROOT, 'package.json'));
const script = path.join(__dirname, 'package-vsix.js');

const step = (args) => spawnSync(process.execPath, [script, ...args], { stdio: 'inherit', cwd: ROOT }).status === 0;
const failed = [];
TARGETS.forEach((target, i) => {
  const args = ['--target', target, '--out', path.join(outDir, `${pkg.name}-${pkg.version}-${target}.vsix`)];
  // The first package runs the production build; the others reuse its dist/.
  if (!step(i === 0 ? args : [...args, '--skip-build'])) failed.push(target);
});
if (failed.length) {
  process.stderr.write(`[package] failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
process.stdout.write(`[package] ${TARGETS.length} packages in ${outDir}\n`);
