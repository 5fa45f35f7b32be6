// Activation cost of the built extension, development bundle (as `node esbuild.js` builds it) against the
// production bundle (`--production`: minified, what `npm run package` ships), in the same run.
// Each variant is built into a scratch folder (dist/ is left alone); each sample is a fresh Node process
// that times require('dist/extension.js') and activate() against a stand-in `vscode` module
// (bench/activation-fake-vscode.ts) on a copy of test/fixtures/workspace, with its own data folder.
// Once the application is built (activate() returns before that, with { ready }) it runs the first command (Select Expert for Task, task given) and times its answer;
// a few more samples ask it 4 s later, once the startup work deferred past activation has run.
// With --baseline REV the same builds of an older revision run in the same run, interleaved.
// What it cannot see: the editor's own work around activation and the extension host's other extensions;
// the code-server responsiveness benchmark (issue 16) measures those.
//   node dist/bench/activation.bench.js [samples per variant, default 7] [--baseline REV]
//   BIG_THREE_ACTIVATION_BASELINE=REV npm run bench -- activation
// Output: JSON on stdout and bench/results/activation.json.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { summarize } from './bench-stats';
import { FAKE_VSCODE_SOURCE } from './activation-fake-vscode';

interface Sample {
  requireMs: number;
  /** Until activate()'s promise resolves: with requireMs, VS Code's activation figure. */
  activateMs: number;
  /** Until the application is built and its commands and views registered (= activateMs before 2026-12-02). */
  readyMs: number;
  /** From the application being built to the first command's answer (Select Expert for Task's list). */
  firstCommandMs: number;
  /** CPU time (user + system, all threads) of require + activate() until the application is built. */
  cpuMs: number;
  /**
   * CPU time of the main thread alone (the extension host's event loop) over the same span: what the
   * issue's budget counts; background compile and GC threads do not hold the host. Null before Node 23.9
   * (no process.threadCpuUsage).
   */
  hostThreadCpuMs: number | null;
  rssMiB: number;
}

interface Variant {
  name: string;
  buildArgs: string[];
  /** Build from this git revision (a copy of its tree, the checkout's node_modules) instead of the checkout. */
  revision?: string;
}

const VARIANTS: Variant[] = [
  { name: 'development', buildArgs: [] },
  { name: 'production', buildArgs: ['--production'] },
];

/** The settled samples ask the first command this long after activation (past the 3 s of deferred startup work). */
const SETTLE_MS = 4000;
const SETTLED_SAMPLES = 3;

/**
 * The stand-in gets every other run-time name of the real API (from @types/vscode) as an inert value, so it
 * has the real API's size: code that copies the API object (a bundler's namespace interop) pays the same.
 */
function withRealApiNames(source: string, repo: string): string {
  const types = path.join(repo, 'node_modules', '@types', 'vscode', 'index.d.ts');
  if (!fs.existsSync(types)) return source;
  const text = fs.readFileSync(types, 'utf8');
  const body = text.slice(text.indexOf("declare module 'vscode' {"));
  const names = [...new Set([...body.matchAll(/^\t(?:export )?(?:namespace|class|enum|function|const|let|var) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!))];
  return `${source}\nfor (const name of ${JSON.stringify(names)}) if (!(name in module.exports)) module.exports[name] = anything();\n`;
}

/** What the VSIX ships in node_modules (scripts/package-vsix.js): every other package is in the bundles. */
const SHIPPED_PACKAGES = ['@huggingface/transformers', 'playwright-core', '@vscode/tree-sitter-wasm', 'onnxruntime-node'];

function withoutNodePath(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_PATH: _ignored, ...rest } = env;
  return rest;
}

/** --baseline REV (or $BIG_THREE_ACTIVATION_BASELINE): the same two builds of an older revision, in the same run. */
function baselineRevision(): string | undefined {
  const i = process.argv.indexOf('--baseline');
  return (i >= 0 ? process.argv[i + 1] : process.env.BIG_THREE_ACTIVATION_BASELINE)?.trim() || undefined;
}

/** A copy of `revision`'s tree under `dir`, with the checkout's node_modules linked in. */
function checkoutRevision(repo: string, revision: string, dir: string): string {
  const commit = spawnSync('git', ['rev-parse', '--verify', `${revision}^{commit}`], { cwd: repo, encoding: 'utf8' });
  if (commit.status !== 0) throw new Error(`--baseline ${revision}: not a revision of this repository`);
  const src = path.join(dir, `src-${commit.stdout.trim().slice(0, 12)}`);
  if (fs.existsSync(src)) return src;
  fs.mkdirSync(src, { recursive: true });
  const archive = spawnSync('sh', ['-c', 'git archive "$1" | tar -x -C "$2"', 'sh', commit.stdout.trim(), src], { cwd: repo, encoding: 'utf8' });
  if (archive.status !== 0) throw new Error(`git archive ${revision} failed: ${archive.stderr}`);
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(src, 'node_modules'), 'dir');
  return src;
}

/** Built-in modules already loaded in code-server's extension host when Big Three activates. */
const HOST_BUILTINS =
  'events util/types buffer diagnostics_channel async_hooks timers path querystring fs util url string_decoder stream/promises stream net dgram ' +
  'child_process module os perf_hooks http assert crypto tls http2 zlib worker_threads fs/promises console dns https tty cluster constants ' +
  'process vm readline/promises readline';

/** Runs in each sample process (cwd = the variant folder, so require('vscode') finds the stand-in). */
const PROBE = String.raw`
// The extension host has these built-in modules loaded before any extension activates (recorded in
// code-server 4.139.1's extension host at Big Three's activate(), process.moduleLoadList): loaded here
// first too, so the figures count what activation costs in that host, not Node's own start-up.
for (const name of process.env.BIG_THREE_BENCH_HOST_BUILTINS.split(' ')) require(name);
const { performance } = require('perf_hooks');
const path = require('path');
const [bundle, repo, scratch] = process.argv.slice(1);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const threadCpu = () => { if (!process.threadCpuUsage) return NaN; const u = process.threadCpuUsage(); return (u.user + u.system) / 1000; };
const h0 = threadCpu();
const c0 = cpu();
const t0 = performance.now();
const extension = require(bundle);
const t1 = performance.now();
const c1 = cpu();
const vscode = require('vscode');
const memento = () => ({ get: (_k, d) => d, update: async () => {}, keys: () => [], setKeysForSync() {} });
const context = {
  subscriptions: [],
  extensionPath: repo,
  extensionUri: vscode.Uri.file(repo),
  storageUri: vscode.Uri.file(path.join(scratch, 'storage')),
  globalStorageUri: vscode.Uri.file(path.join(scratch, 'global-storage')),
  logUri: vscode.Uri.file(path.join(scratch, 'logs')),
  storagePath: path.join(scratch, 'storage'),
  globalStoragePath: path.join(scratch, 'global-storage'),
  logPath: path.join(scratch, 'logs'),
  extensionMode: 1,
  secrets: { get: async () => undefined, store: async () => {}, delete: async () => {}, onDidChange: () => ({ dispose() {} }) },
  globalState: memento(),
  workspaceState: memento(),
  extension: { id: 'big-three.big-three', extensionPath: repo, extensionUri: vscode.Uri.file(repo), packageJSON: require(path.join(repo, 'package.json')), isActive: true },
  environmentVariableCollection: { replace() {}, append() {}, prepend() {}, get() {}, delete() {}, clear() {}, forEach() {} },
  asAbsolutePath: (p) => path.join(repo, p),
};
Promise.resolve(extension.activate(context)).then(
  async (exported) => {
    const t2 = performance.now();
    // activate() returns before the application is built (its commands and views registered); older
    // builds resolved once it was. CPU is counted until then in both.
    if (exported && exported.ready) await exported.ready;
    const tReady = performance.now();
    const c2 = cpu();
    const h2 = threadCpu();
    const rssMiB = process.memoryUsage().rss / 1048576;
    // A settled sample asks once the startup work deferred past activation has run.
    const settleMs = Number(process.env.BIG_THREE_BENCH_SETTLE_MS || 0);
    if (settleMs) await new Promise((resolve) => setTimeout(resolve, settleMs));
    const t3 = performance.now();
    // The first command, as soon as the application is built: Select Expert for Task with a task given,
    // answered when its list of experts is shown.
    await vscode.commands.executeCommand('bigThree.selectExpert', 'Add OAuth login and store refresh tokens safely');
    const pick = vscode.__bench.quickPicks[0];
    if (!pick || !pick.items) throw new Error('bigThree.selectExpert showed no experts');
    process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, readyMs: tReady - t1, cpuMs: c2 - c0, hostThreadCpuMs: Number.isNaN(h2 - h0) ? null : h2 - h0, firstCommandMs: pick.at - t3, rssMiB }) + '\n');
    process.exit(0);
  },
  (error) => {
    process.stderr.write('activate() failed: ' + (error && error.stack || error) + '\n');
    process.exit(1);
  },
).catch((error) => {
  process.stderr.write('first command failed: ' + (error && error.stack || error) + '\n');
  process.exit(1);
});
`;

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function main(): void {
  const repo = path.resolve(__dirname, '..', '..');
  const samples = Number(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 7);
  const baseline = baselineRevision();
  const variants = baseline ? [...VARIANTS.map((v) => ({ ...v, name: `${baseline} ${v.name}`, revision: baseline })), ...VARIANTS] : VARIANTS;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-activation-'));
  try {
    const workspace = path.join(scratch, 'workspace');
    fs.cpSync(path.join(repo, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
    const built = variants.map((variant, index) => {
      const dir = path.join(scratch, `variant-${index}`);
      const source = variant.revision ? checkoutRevision(repo, variant.revision, scratch) : repo;
      const build = spawnSync(process.execPath, [path.join(source, 'esbuild.js'), ...variant.buildArgs, '--outdir', dir], { cwd: source, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`building ${variant.name} failed: ${build.stderr}`);
      const fake = path.join(dir, 'node_modules', 'vscode');
      fs.mkdirSync(fake, { recursive: true });
      fs.writeFileSync(path.join(fake, 'index.js'), withRealApiNames(FAKE_VSCODE_SOURCE, repo));
      // Beside the bundle, as in the VSIX: only the packages it ships in node_modules (the bundles' externals).
      for (const name of SHIPPED_PACKAGES) {
        const link = path.join(dir, 'node_modules', name);
        fs.mkdirSync(path.dirname(link), { recursive: true });
        if (fs.existsSync(path.join(repo, 'node_modules', name))) fs.symlinkSync(path.join(repo, 'node_modules', name), link, 'dir');
      }
      const bundle = path.join(dir, 'dist', 'extension.js');
      const bytes = fs.readFileSync(bundle);
      const vendorDir = path.join(dir, 'dist', 'vendor');
      const vendorBytes = fs.existsSync(vendorDir)
        ? fs
            .readdirSync(vendorDir)
            .filter((f) => f.endsWith('.js'))
            .reduce((sum, f) => sum + fs.statSync(path.join(vendorDir, f)).size, 0)
        : 0;
      return {
        ...variant,
        dir,
        bundle,
        bundleBytes: bytes.length,
        gzipBytes: zlib.gzipSync(bytes).length,
        vendorBytes,
        samples: [] as Sample[],
        settled: [] as number[],
      };
    });
    // Interleaved, so drift on a shared machine hits both variants alike.
    for (let i = 0; i < samples; i++) {
      for (const variant of built) {
        const data = path.join(scratch, `data-${variant.dir.split(path.sep).pop()}`);
        const run = spawnSync(process.execPath, ['-e', PROBE, variant.bundle, repo, path.join(scratch, `ctx-${variant.dir.split(path.sep).pop()}`)], {
          cwd: variant.dir,
          encoding: 'utf8',
          timeout: 120_000,
          env: {
            ...withoutNodePath(process.env),
            BIG_THREE_DATA_DIR: data,
            BIG_THREE_BENCH_WORKSPACE: workspace,
            BIG_THREE_BENCH_HOST_BUILTINS: HOST_BUILTINS,
          },
        });
        if (run.status !== 0) throw new Error(`${variant.name} sample ${i + 1} failed: ${run.stderr || run.error}`);
        variant.samples.push(JSON.parse(run.stdout.trim().split('\n').pop()!) as Sample);
      }
    }
    // The first command again, asked SETTLE_MS after the application was built (startup work deferred to then has run).
    for (let i = 0; i < SETTLED_SAMPLES; i++) {
      for (const variant of built) {
        const run = spawnSync(process.execPath, ['-e', PROBE, variant.bundle, repo, path.join(scratch, `ctx-${variant.dir.split(path.sep).pop()}`)], {
          cwd: variant.dir,
          encoding: 'utf8',
          timeout: 120_000,
          env: {
            ...withoutNodePath(process.env),
            BIG_THREE_DATA_DIR: path.join(scratch, `data-${variant.dir.split(path.sep).pop()}`),
            BIG_THREE_BENCH_WORKSPACE: workspace,
            BIG_THREE_BENCH_SETTLE_MS: String(SETTLE_MS),
            BIG_THREE_BENCH_HOST_BUILTINS: HOST_BUILTINS,
          },
        });
        if (run.status !== 0) throw new Error(`${variant.name} settled sample ${i + 1} failed: ${run.stderr || run.error}`);
        variant.settled.push((JSON.parse(run.stdout.trim().split('\n').pop()!) as Sample).firstCommandMs);
      }
    }
    const report = {
      bench: 'activation',
      node: process.version,
      // A 2-core machine shared by several jobs skews every figure: the load says how busy it was.
      loadAverage1m: round(os.loadavg()[0]!, 2),
      samplesPerVariant: samples,
      note: `Fresh process per sample, with the built-in modules code-server's extension host has already loaded at activation loaded first: require(dist/extension.js) then activate() with a stand-in vscode module; first sample of each variant starts with an empty data folder. activateMs: until activate() resolves (with requireMs, VS Code's activation figure); readyMs: until the application is built and its commands and views registered (activate() resolved only then before 2026-12-02); firstCommandMs: from then to bigThree.selectExpert showing its experts; settledFirstCommandMs: the same asked ${SETTLE_MS} ms later (${SETTLED_SAMPLES} samples). hostThreadCpuMs: CPU of the main thread alone (the extension host's event loop); cpuMs: all threads.`,
      ...(baseline ? { baseline } : {}),
      variants: Object.fromEntries(
        built.map((v) => [
          v.name,
          {
            bundleMiB: round(v.bundleBytes / 1048576, 2),
            bundleGzipMiB: round(v.gzipBytes / 1048576, 2),
            // dist/vendor/*.js: required on first use, not at activation.
            vendorMiB: round(v.vendorBytes / 1048576, 2),
            requireMs: summarize(v.samples.map((s) => s.requireMs)),
            activateMs: summarize(v.samples.map((s) => s.activateMs)),
            readyMs: summarize(v.samples.map((s) => s.readyMs)),
            // require + activate() until the application is built.
            totalMs: summarize(v.samples.map((s) => s.requireMs + s.readyMs)),
            cpuMs: summarize(v.samples.map((s) => s.cpuMs)),
            hostThreadCpuMs: v.samples.every((s) => s.hostThreadCpuMs !== null) ? summarize(v.samples.map((s) => s.hostThreadCpuMs!)) : null,
            firstCommandMs: summarize(v.samples.map((s) => s.firstCommandMs)),
            settledFirstCommandMs: summarize(v.settled),
            rssMiB: summarize(v.samples.map((s) => s.rssMiB)),
          },
        ]),
      ),
    };
    const json = JSON.stringify(report, null, 2);
    fs.mkdirSync(path.join(repo, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'bench', 'results', 'activation.json'), `${json}\n`);
    process.stdout.write(`${json}\n`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main();
