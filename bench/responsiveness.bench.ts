// How light Big Three is on the editor (issue 16): code-server on a generated ~5,000-file workspace, run
// three times in one go: WITHOUT Big Three, WITH it (its production build: `node esbuild.js --production`,
// built into code-server's extensions folder with the packages the VSIX ships linked beside it; dist/ is
// left alone), and WITH it again over the second run's folders (a second start: the index on disk). A probe
// extension (bench/responsiveness-probe.ts) in the same extension host times the event loop, RSS, Big
// Three's activation (require + activate(), as VS Code counts it), the index status and the latency of Big
// Three's commands while the first index pass runs. The index's size is read from the data folder
// (BIG_THREE_DATA_DIR, one per run, in the scratch folder).
//   npm run bench -- responsiveness          (needs scripts/setup-vscode.sh's tools; ~3-5 minutes)
//   env: RESPONSIVENESS_FILES (default 5000), KEEP_TMP=1 (keep the scratch folder and the logs)
// Output: JSON on stdout and bench/results/responsiveness.json.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findTools, runSession } from './responsiveness-code-server';
import { PROBE_PACKAGE, probeSource } from './responsiveness-probe';
import { type ProbeResult, STALL_MS, STARTUP_WINDOW_MS, startupEnd, summarizeRun } from './responsiveness-summary';
import { generateWorkspace } from './responsiveness-workspace';

const repo = path.resolve(__dirname, '..', '..');
const started = Date.now();
const say = (message: string) => process.stderr.write(`[responsiveness] ${((Date.now() - started) / 1000).toFixed(0)}s ${message}\n`);

/**
 * The production build in `dir`, laid out as the VSIX installs it: package.json, the files of the checkout
 * it ships (media, agentpool, the word and sentence vectors) and the packages its bundles load at run time
 * (the sentence encoder's among them: without them, Select Expert ranks without the encoder and is timed
 * lighter than it is), both from scripts/shipped-files.js, the list the VSIX is made from.
 */
function buildExtension(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const shipped = require(path.join(repo, 'scripts', 'shipped-files.js')) as { SHIPPED: string[]; RUNTIME_CANDIDATES: Record<string, string> };
  for (const item of ['package.json', ...shipped.SHIPPED.filter((rel) => !rel.startsWith('dist/'))])
    fs.cpSync(path.join(repo, item), path.join(dir, item), { recursive: true });
  const build = spawnSync(process.execPath, [path.join(repo, 'esbuild.js'), '--production', '--outdir', dir], { cwd: repo, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the production build failed: ${build.stderr}`);
  for (const name of Object.keys(shipped.RUNTIME_CANDIDATES)) {
    const link = path.join(dir, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    if (fs.existsSync(path.join(repo, 'node_modules', name))) fs.symlinkSync(path.join(repo, 'node_modules', name), link, 'dir');
  }
}

function folderBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
    const p = path.join(dir, e.name);
    return sum + (e.isDirectory() ? folderBytes(p) : e.isFile() ? fs.statSync(p).size : 0);
  }, 0);
}

function codeServerVersion(bin: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(path.dirname(bin), '..', 'code-server', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '(version unknown)';
  }
}

async function main(): Promise<void> {
  const tools = findTools(repo);
  const files = Number(process.env.RESPONSIVENESS_FILES || 5000);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-resp-'));
  let ok = false;
  try {
    const workspace = path.join(scratch, 'workspace');
    const generated = generateWorkspace(workspace, files);
    say(`generated ${generated.files} files (${(generated.bytes / 1048576).toFixed(1)} MiB) in ${workspace}`);
    // Installed the way a user has it: a folder in code-server's extensions folder (picked up when that folder
    // has no extensions.json yet), so only the probe is a development extension (the workbench loads one).
    const version = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;
    const extension = path.join(scratch, 'with', 'ext', `big-three.big-three-${version}`);
    buildExtension(extension);
    say(`production build in ${extension} (extension.js ${(fs.statSync(path.join(extension, 'dist', 'extension.js')).size / 1048576).toFixed(2)} MiB)`);
    const raw: Record<string, { result: ProbeResult; indexBytes: number }> = {};
    // The third session starts the editor with Big Three again over the second's folders (its user data, its
    // data folder with the index on disk and the compiled-code cache): a user's second start.
    for (const mode of ['without', 'with', 'withSecondStart'] as const) {
      const dir = path.join(scratch, mode === 'withSecondStart' ? 'with' : mode);
      const probe = path.join(dir, 'probe');
      const resultFile = path.join(dir, mode === 'withSecondStart' ? 'probe-result-second.json' : 'probe-result.json');
      const dataDir = path.join(dir, 'data');
      fs.mkdirSync(probe, { recursive: true });
      fs.writeFileSync(path.join(probe, 'package.json'), JSON.stringify(PROBE_PACKAGE, null, 2));
      fs.writeFileSync(
        path.join(probe, 'probe.js'),
        probeSource({
          out: resultFile,
          bigThreeDir: mode === 'without' ? '' : extension + path.sep,
          observeMs: 45_000,
          indexStartTimeoutMs: 45_000,
          indexTimeoutMs: 240_000,
        }),
      );
      say(`${mode} Big Three: starting code-server`);
      const result = (await runSession({
        tools,
        dir,
        workspace,
        resultFile,
        say,
        devExtension: probe,
        env: { BIG_THREE_DATA_DIR: dataDir },
        timeoutMs: 330_000,
      })) as ProbeResult;
      raw[mode] = { result, indexBytes: folderBytes(path.join(dataDir, 'rag')) };
      fs.writeFileSync(path.join(dir, mode === 'withSecondStart' ? 'raw-second.json' : 'raw.json'), JSON.stringify(result));
      say(`${mode} Big Three: done`);
    }
    // Both columns over the same startup window: the one of the run with Big Three.
    const window = startupEnd(raw.with!.result);
    const column = (mode: string, until = window) => summarizeRun(raw[mode]!.result, raw[mode]!.indexBytes, generated.bytes, until);
    const output = {
      benchmark: 'responsiveness',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((n) => Math.round(n * 10) / 10) },
      workspace: { files: generated.files, MiB: Math.round((generated.bytes / 1048576) * 10) / 10 },
      method: `code-server ${codeServerVersion(tools.codeServer)}, headless Chromium; probe extension in the same extension host: 10 ms interval lag (stall = late by > ${STALL_MS} ms), RSS every 500 ms, commands timed call -> answer (selectExpert: task given -> list shown and accepted); startup = the extension host's first ${STARTUP_WINDOW_MS / 1000} s, or until indexing starts if earlier (the same window in both columns); RSS before = at indexing start, after = 5 s after indexing ended`,
      without: column('without'),
      with: column('with'),
      // Its own startup window (the index on disk is loaded, then checked by an incremental pass).
      withSecondStart: column('withSecondStart', startupEnd(raw.withSecondStart!.result)),
    };
    const json = JSON.stringify(output, null, 2);
    process.stdout.write(`${json}\n`);
    fs.mkdirSync(path.join(repo, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'bench', 'results', 'responsiveness.json'), `${json}\n`);
    ok = true;
  } finally {
    if (ok && !process.env.KEEP_TMP) fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
    else say(`scratch folder kept: ${scratch}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
