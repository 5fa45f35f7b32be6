#!/usr/bin/env node
// Makes a platform .vsix (`vsce package --target`) that carries the runtimes the bundle leaves outside:
// transformers.js with ONNX Runtime's native binding for that platform (local embeddings), sharp (which
// transformers.js loads), playwright-core (the Gemini browser) and usearch (the approximate vector index;
// its prebuilt binding for the target, where usearch ships one: Linux and macOS).
//
// usage: node scripts/package-vsix.js [--target linux-x64] [--out FILE] [--skip-build] [--keep-staging]
//
// Steps: production build (`npm run vscode:prepublish`) -> a staging folder outside the checkout with the
// shipped files and a package.json whose dependencies are only those runtimes -> `npm install --omit=dev`
// there for the target's os/cpu (prebuilt binaries from the registry, no install scripts) -> vsce with an
// ignore list that drops other platforms' binaries and browser-only builds -> for the host's own target,
// the .vsix is unpacked and each runtime is required from where the installed extension will load it.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const { RUNTIME_CANDIDATES, SHIPPED } = require('./shipped-files');
const ROOT_PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const RUNTIME_PACKAGES = Object.keys(RUNTIME_CANDIDATES).filter((name) => name !== 'onnxruntime-node' && ROOT_PACKAGE.dependencies?.[name]);
/** Dependency edges that are never followed at run time, so what only they need is left out of the package. */
const NOT_LOADED = {
  // transformers.js bundles ONNX Runtime Web, its Jinja and its tokenizers into dist/transformers.node.cjs.
  '@huggingface/transformers': ['onnxruntime-web', '@huggingface/jinja', '@huggingface/tokenizers'],
  // Only onnxruntime-node's install script (CUDA download) uses these.
  'onnxruntime-node': ['adm-zip', 'global-agent'],
  // C++ headers for building the binding from source; the prebuilt one is shipped.
  usearch: ['node-addon-api'],
};
/** vsce targets onnxruntime-node ships a prebuilt binding for, as npm's --os/--cpu and the binding's folder. */
const TARGETS = {
  'linux-x64': { os: 'linux', cpu: 'x64' },
  'linux-arm64': { os: 'linux', cpu: 'arm64' },
  'darwin-arm64': { os: 'darwin', cpu: 'arm64' },
  'win32-x64': { os: 'win32', cpu: 'x64' },
  'win32-arm64': { os: 'win32', cpu: 'arm64' },
};

class PackageError extends Error {}

function say(message) {
  process.stdout.write(`[package] ${message}\n`);
}

function parseArgs(argv) {
  const options = { target: `${process.platform}-${process.arch}`, out: '', skipBuild: false, keepStaging: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--target') options.target = argv[++i] ?? '';
    else if (arg === '--out' || arg === '-o') options.out = argv[++i] ?? '';
    else if (arg === '--skip-build') options.skipBuild = true;
    else if (arg === '--keep-staging') options.keepStaging = true;
    else throw new PackageError(`unknown option ${arg}; usage: package-vsix.js [--target T] [--out FILE] [--skip-build] [--keep-staging]`);
  }
  if (!TARGETS[options.target]) {
    throw new PackageError(`no prebuilt ONNX Runtime binding for target "${options.target}"; supported: ${Object.keys(TARGETS).join(', ')}`);
  }
  return options;
}

/** The environment without the npm_* variables `npm run` exports (inner npm runs would take them as config). */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, ...extra };
}

/** Runs a command quietly; on failure prints its output and stops. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', env: cleanEnv(options.env), cwd: options.cwd ?? ROOT, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new PackageError(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    process.stderr.write(stripAnsi(`${result.stdout}${result.stderr}`));
    throw new PackageError(`${command} ${args.join(' ')} failed (exit ${result.status})`);
  }
  return stripAnsi(result.stdout);
}

function stripAnsi(text) {
  return String(text).replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

function lockedVersion(lock, name) {
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry) throw new PackageError(`${name} is not in package-lock.json; run npm install first`);
  return entry.version;
}

function stagePackageJson(staging) {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const shipped = { ...pkg };
  // No scripts: vsce would otherwise run vscode:prepublish inside the staging folder, which has no sources.
  delete shipped.scripts;
  delete shipped.devDependencies;
  delete shipped.allowScripts;
  shipped.dependencies = Object.fromEntries(RUNTIME_PACKAGES.map((name) => [name, lockedVersion(lock, name)]));
  fs.writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify(shipped, null, 2)}\n`);
  // The checkout's lockfile keeps every transitive version the tests ran with; npm prunes it to these roots.
  fs.copyFileSync(path.join(ROOT, 'package-lock.json'), path.join(staging, 'package-lock.json'));
  return shipped;
}

function copyShippedFiles(staging) {
  for (const rel of SHIPPED) {
    const from = path.join(ROOT, rel);
    if (!fs.existsSync(from)) throw new PackageError(`${rel} is missing (did the build run?)`);
    fs.cpSync(from, path.join(staging, rel), { recursive: true, filter: (src) => !src.endsWith('.map') });
  }
  fs.copyFileSync(path.join(ROOT, 'docs', 'vsix-readme.md'), path.join(staging, 'README.md'));
}

/** What vsce leaves out: build leftovers, and in node_modules whatever this platform never loads. */
function ignoreRules(staging, target) {
  const rules = ['**/*.map', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts', 'package-lock.json', '.vscodeignore',
    // transformers.js bundles its own copy of ONNX Runtime Web into the node build; the package is unused.
    // Browser and ESM builds of transformers.js: `require` loads dist/transformers.node.cjs only.
    'node_modules/@huggingface/transformers/dist/transformers.js', 'node_modules/@huggingface/transformers/dist/transformers.min.js',
    'node_modules/@huggingface/transformers/dist/transformers.web*.js', 'node_modules/@huggingface/transformers/dist/transformers.node.mjs',
    'node_modules/@huggingface/transformers/dist/transformers.node.min.*', 'node_modules/@huggingface/transformers/dist/ort-wasm-*',
    'node_modules/@huggingface/transformers/src/**', 'node_modules/@huggingface/transformers/types/**',
    // onnxruntime-node's install script (and what only it uses) never runs in an installed extension.
    'node_modules/onnxruntime-node/script/**'];
  for (const dir of unusedPackageDirs(staging)) rules.push(`${dir}/**`);
  const bindings = path.join(staging, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
  const { os: wantOs, cpu } = TARGETS[target];
  let found = false;
  for (const platform of fs.existsSync(bindings) ? fs.readdirSync(bindings) : []) {
    for (const arch of fs.readdirSync(path.join(bindings, platform))) {
      if (platform === wantOs && arch === cpu) found = true;
      else rules.push(`node_modules/onnxruntime-node/bin/napi-v6/${platform}/${arch}/**`);
    }
  }
  if (!found) throw new PackageError(`onnxruntime-node has no binding for ${wantOs}/${cpu} in ${bindings}`);
  rules.push(...usearchIgnores(staging, wantOs, cpu));
  return rules;
}

/**
 * usearch: only the target's prebuilt binding and the CommonJS build; its C/C++ sources are for building
 * from source. A target it has no binding for gets no usearch at all (the vector store then stays exact).
 */
function usearchIgnores(staging, wantOs, cpu) {
  const root = path.join(staging, 'node_modules', 'usearch');
  if (!fs.existsSync(root)) return [];
  const prebuilds = fs.existsSync(path.join(root, 'prebuilds')) ? fs.readdirSync(path.join(root, 'prebuilds')) : [];
  // Folder names are <os>-<cpu>, where one folder may hold several cpus ("darwin-arm64+x64").
  const keep = prebuilds.find((dir) => dir.startsWith(`${wantOs}-`) && dir.slice(wantOs.length + 1).split('+').includes(cpu));
  if (!keep) {
    say(`usearch has no prebuilt binding for ${wantOs}-${cpu}: packaged without it (vector search stays exact)`);
    return ['node_modules/usearch/**', 'node_modules/node-gyp-build/**', 'node_modules/bindings/**', 'node_modules/file-uri-to-path/**'];
  }
  const rules = prebuilds.filter((dir) => dir !== keep).map((dir) => `node_modules/usearch/prebuilds/${dir}/**`);
  for (const dir of ['c', 'cpp', 'cmake', 'include', 'numkong']) rules.push(`node_modules/usearch/${dir}/**`);
  rules.push('node_modules/usearch/binding.gyp', 'node_modules/usearch/javascript/*.ts', 'node_modules/usearch/javascript/*.cpp', 'node_modules/usearch/javascript/*.js');
  rules.push('node_modules/usearch/javascript/dist/esm/**', 'node_modules/usearch/javascript/*.json');
  return rules;
}

/** Installed package folders (relative, '/'-separated) the runtime packages never load, following Node's lookup. */
function unusedPackageDirs(staging) {
  const readPkg = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const resolve = (fromDir, name) => {
    for (let dir = fromDir; dir.startsWith(staging); dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
      if (dir === staging) break;
    }
    return undefined;
  };
  const used = new Set();
  const visit = (dir) => {
    if (!dir || used.has(dir)) return;
    used.add(dir);
    const pkg = readPkg(dir);
    const skip = NOT_LOADED[pkg.name] ?? [];
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) if (!skip.includes(name)) visit(resolve(dir, name));
  };
  for (const name of RUNTIME_PACKAGES) visit(resolve(staging, name));
  const installed = [];
  const collect = (modules) => {
    if (!fs.existsSync(modules)) return;
    for (const entry of fs.readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const dirs = entry.startsWith('@') ? fs.readdirSync(path.join(modules, entry)).map((e) => path.join(modules, entry, e)) : [path.join(modules, entry)];
      for (const dir of dirs) {
        installed.push(dir);
        collect(path.join(dir, 'node_modules'));
      }
    }
  };
  collect(path.join(staging, 'node_modules'));
  return installed.filter((dir) => !used.has(dir)).map((dir) => path.relative(staging, dir).split(path.sep).join('/'));
}

/** Unpacks the .vsix and requires each runtime from the installed extension's dist folder. */
function verifyOnHost(vsix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-vsix-check-'));
  try {
    run('unzip', ['-q', vsix, 'extension/*', '-d', dir]);
    // onnxruntime-node is resolved from transformers.js, which is how it is loaded at run time.
    const checks = [...RUNTIME_PACKAGES, 'onnxruntime-node'].map((name) => {
      const from = name === 'onnxruntime-node' ? "createRequire(req.resolve('@huggingface/transformers'))" : 'req';
      return `{ const m = ${from}(${JSON.stringify(name)}); if (!(${RUNTIME_CANDIDATES[name]})) throw new Error(${JSON.stringify(`${name} loaded without its API`)}); }`;
    });
    const probe = [
      "const { createRequire } = require('module');",
      "const req = createRequire(require('path').join(process.argv[1], 'dist', 'extension.js'));",
      ...checks,
    ].join('\n');
    run(process.execPath, ['-e', probe, path.join(dir, 'extension')], { cwd: dir });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function countEntries(vsix) {
  const listing = run('unzip', ['-Z1', vsix]);
  return listing.split('\n').filter((line) => line && !line.endsWith('/')).length;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const hostTarget = `${process.platform}-${process.arch}`;
  if (!options.skipBuild) {
    say('building for production (typecheck + minified bundle)');
    run('npm', ['run', '--silent', 'vscode:prepublish']);
  }
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), `big-three-vsix-${options.target}-`));
  try {
    const pkg = stagePackageJson(staging);
    copyShippedFiles(staging);
    const { os: npmOs, cpu } = TARGETS[options.target];
    say(`installing ${RUNTIME_PACKAGES.join(', ')} for ${npmOs}/${cpu}`);
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--os', npmOs, '--cpu', cpu, ...(npmOs === 'linux' ? ['--libc', 'glibc'] : [])],
      { cwd: staging, env: { ONNXRUNTIME_NODE_INSTALL: 'skip', ONNXRUNTIME_NODE_INSTALL_CUDA: 'skip' } });
    fs.writeFileSync(path.join(staging, '.vscodeignore'), `${ignoreRules(staging, options.target).join('\n')}\n`);
    const out = path.resolve(options.out || path.join(ROOT, `${pkg.name}-${pkg.version}-${options.target}.vsix`));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    say(`packaging ${path.basename(out)}`);
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    run(process.execPath, [vsce, 'package', '--target', options.target, '--out', out], { cwd: staging });
    if (options.target === hostTarget) {
      say(`checking that ${[...RUNTIME_PACKAGES, 'onnxruntime-node'].join(', ')} load from the package`);
      verifyOnHost(out);
    } else {
      say(`not loading the runtimes: ${options.target} binaries do not run on ${hostTarget}`);
    }
    const size = (fs.statSync(out).size / 1024 / 1024).toFixed(1);
    say(`${out} (${size} MB, ${countEntries(out)} files)`);
  } finally {
    if (options.keepStaging) say(`staging kept in ${staging}`);
    else fs.rmSync(staging, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`[package] error: ${error instanceof PackageError ? error.message : error.stack || error}\n`);
  process.exit(1);
}
