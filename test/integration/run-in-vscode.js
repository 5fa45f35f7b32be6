#!/usr/bin/env node
// Runs the extension's mocha suite inside a real VS Code: code-server (VS Code server + web workbench)
// hosts the extension in its Node extension host, headless Debian Chromium is the UI client.
//
// usage: node test/integration/run-in-vscode.js <extDevPath> <suite.js> <workspaceFolder>
// env:   BIG_THREE_TOOLS  where scripts/setup-vscode.sh installed things (default <repo>/.vscode-test)
//        SCREENSHOT_DIR   passed to the extension host; the suite logs "@@SCREENSHOT <abs>.png" to get a shot
//        TEST_TIMEOUT_MS  whole-run limit (default 300000), exit 124 when hit
//        EXT_ENV          JSON object of extra env vars for the extension host
//        KEEP_TMP=1       keep the temp folder (logs, user data) after the run (a failed run's logs are
//                         always copied to <repo>/test-results/integration-<time>/)
//        VERBOSE=1        also relay the workbench's own chatter
//        BIG_THREE_EXTENSIONS_DIR  an extensions folder to start code-server with (an installed .vsix, see
//                         scripts/test-vsix.sh) instead of an empty temporary one; also passed to the extension host
// exit:  the code the workbench reports (0 = all passed), 124 timeout, 1 runner/setup failure, 2 usage.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const TOOLS = path.resolve(process.env.BIG_THREE_TOOLS || path.join(REPO, '.vscode-test'));
const CODE_SERVER = path.join(TOOLS, 'code-server', 'node_modules', '.bin', 'code-server');
const NODE24_BIN = path.join(TOOLS, 'node24', 'bin');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS || 300000);

const args = process.argv.slice(2);
if (args.length !== 3) {
  console.error('usage: node run-in-vscode.js <extDevPath> <suite.js> <workspaceFolder>');
  process.exit(2);
}
const [extDev, suite, folder] = args.map((p) => path.resolve(p));
for (const p of [extDev, suite, folder, CODE_SERVER, CHROMIUM]) {
  if (!fs.existsSync(p)) {
    console.error(`[runner] missing: ${p}${p === CODE_SERVER ? ' (run scripts/setup-vscode.sh)' : ''}`);
    process.exit(2);
  }
}
let chromium;
try {
  ({ chromium } = require(require.resolve('playwright-core', { paths: [path.join(TOOLS, 'runner'), __dirname] })));
} catch (e) {
  console.error(`[runner] playwright-core not found under ${TOOLS}/runner (run scripts/setup-vscode.sh)`);
  process.exit(2);
}

// Everything VS Code writes goes below one short temp folder (short: IPC socket paths have a length cap).
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-it-'));
const dirs = { ud: 'user-data', ext: 'extensions', home: 'home', tmp: 'tmp' };
for (const k of Object.keys(dirs)) fs.mkdirSync((dirs[k] = path.join(tmp, dirs[k])), { recursive: true });
fs.mkdirSync(path.join(dirs.ud, 'User'));
// The quiet, offline user settings every test code-server starts with (shared with the responsiveness bench).
fs.copyFileSync(path.join(__dirname, 'code-server-settings.json'), path.join(dirs.ud, 'User', 'settings.json'));

const started = Date.now();
const secs = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (msg) => console.log(`[runner] ${msg}`);

const isolatedEnv = {
  HOME: dirs.home,
  XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
  XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
  XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
  TMPDIR: dirs.tmp,
};
// This process's env minus what an enclosing `npm run` exported; the extension host inherits it.
function hostEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE'));
}
const server = spawn(
  CODE_SERVER,
  [
    '--auth',
    'none',
    '--bind-addr',
    '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    dirs.ud,
    '--extensions-dir',
    process.env.BIG_THREE_EXTENSIONS_DIR || dirs.ext,
    // A built workbench only honours the test "payload" URL parameter with the smoke-test driver enabled.
    '--vscode-option',
    'enable-smoke-test-driver',
  ],
  {
    env: { ...hostEnv(), ...isolatedEnv, PATH: `${NODE24_BIN}:${process.env.PATH}`, EXTENSIONS_GALLERY: '{}' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so the extension host and helpers die with it
  },
);
const serverLog = fs.createWriteStream(path.join(tmp, 'code-server.log'));

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
let browser;
let page;
let done = false;
let pageErrors; // the workbench page's errors (a write stream, once the page exists)
// Stop code-server's whole process group (extension host included); SIGKILL what ignores SIGTERM.
async function stopServer() {
  const alive = () => {
    try {
      process.kill(-server.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 30 && alive(); i++) await wait(100);
  if (alive())
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
}
async function finish(code, why) {
  if (done) return;
  done = true;
  say(`${why}: exit ${code} after ${secs()}`);
  try {
    if (browser) await browser.close();
  } catch {
    /* already gone */
  }
  await stopServer();
  await Promise.all([serverLog, pageErrors].filter(Boolean).map((stream) => new Promise((resolve) => stream.end(resolve))));
  if (code !== 0) {
    try {
      say(`logs kept in ${keepDiagnostics()}`);
    } catch (e) {
      say(`could not keep the logs (${e.message}); scratch folder kept: ${tmp}`);
      process.exit(code);
    }
  }
  if (process.env.KEEP_TMP) say(`scratch folder kept: ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  process.exit(code);
}
// A failed run's diagnostics (code-server's log, VS Code's logs, the page errors, a picture of a stuck
// workbench) move into the checkout's test-results/ (ignored by git; the last 5 runs are kept), so the
// scratch folder in the system's temp can always be removed.
function keepDiagnostics() {
  const root = path.join(REPO, 'test-results');
  const dest = path.join(root, `integration-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(dest, { recursive: true });
  for (const name of ['code-server.log', 'page-errors.log', 'timeout.png', path.join('user-data', 'logs')]) {
    const from = path.join(tmp, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dest, path.basename(name)), { recursive: true });
  }
  const runs = fs
    .readdirSync(root)
    .filter((d) => d.startsWith('integration-'))
    .sort();
  for (const old of runs.slice(0, -5)) fs.rmSync(path.join(root, old), { recursive: true, force: true });
  return dest;
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(130, `got ${sig}`));
server.on('exit', (c, sig) => finish(c || 1, `code-server exited early (${sig || c})`));
setTimeout(async () => {
  // Keep a picture of the stuck workbench next to the logs before giving up.
  try {
    await Promise.race([page && page.screenshot({ path: path.join(tmp, 'timeout.png') }), wait(5000)]);
  } catch {}
  finish(124, `timeout (${TIMEOUT_MS} ms)`);
}, TIMEOUT_MS).unref();

// code-server listens on a free port and announces it in its log.
const listening = new Promise((resolve) => {
  let seen = '';
  const watch = (chunk) => {
    if (!serverLog.writableEnded) serverLog.write(chunk);
    seen += chunk;
    const m = seen.match(/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/);
    if (m) {
      resolve(Number(m[1]));
      seen = '';
    }
  };
  server.stdout.on('data', watch);
  server.stderr.on('data', watch);
});

// Workbench start-up lines that are not test output (shown with VERBOSE=1).
const NOISE =
  /^(Creating a socket|Resolving connection token|Resolved connection token|Ignoring fetching additional builtin|Updating additional builtin|\[(AccountPolicyGate|AgentHost[^\]]*|ChatModelSelection|Service Worker|reconnection-grace-time)\])/;

let shots = Promise.resolve(); // screenshots are taken one at a time, in request order
async function screenshot(file) {
  const t = Date.now();
  // Webviews render in nested iframes; give visible ones a moment to paint their first element.
  for (const frame of await page.locator('iframe.webview').all()) {
    try {
      await frame.contentFrame().locator('iframe#active-frame').contentFrame().locator('body *').first().waitFor({ timeout: 10000 });
    } catch (e) {
      say(`webview not painted: ${e.message.split('\n')[0]}`);
    }
  }
  await wait(300);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  say(`screenshot ${file} (${Date.now() - t} ms)`);
}

(async () => {
  const port = await listening;
  say(`code-server on 127.0.0.1:${port} after ${secs()}`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, ...isolatedEnv },
    // Nothing may reach the network: no background fetches, component updates or sync.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // Errors thrown inside the workbench's own page are VS Code's, not test output: they go to a log that is
  // kept with a failed run's diagnostics (and are shown with VERBOSE=1).
  pageErrors = fs.createWriteStream(path.join(tmp, 'page-errors.log'));
  page.on('pageerror', (e) => {
    if (!pageErrors.writableEnded) pageErrors.write(`${secs()} ${e.stack || e.message}\n`);
    if (process.env.VERBOSE) console.log('[pageerror]', e.message);
  });
  page.on('crash', () => finish(1, 'page crashed'));

  // The workbench forwards extension-host console output and the final exit code to these hooks.
  await page.exposeFunction('codeAutomationLog', async (type, logArgs) => {
    const first = typeof logArgs[0] === 'string' ? logArgs[0] : '';
    if (!NOISE.test(first) || process.env.VERBOSE) (console[type] || console.log)(...logArgs);
    const m = first.match(/@@SCREENSHOT (\S+\.png)/);
    if (m) await (shots = shots.then(() => screenshot(m[1])).catch((e) => say(`screenshot failed: ${e.message}`)));
  });
  await page.exposeFunction('codeAutomationExit', async (code) => {
    await shots;
    finish(code, 'tests finished');
  });

  // Paths must be vscode-remote URIs whose authority is exactly the page's host:port.
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const extEnv = {
    SCREENSHOT_DIR: process.env.SCREENSHOT_DIR || '',
    BIG_THREE_EXTENSIONS_DIR: process.env.BIG_THREE_EXTENSIONS_DIR || '',
    ...JSON.parse(process.env.EXT_ENV || '{}'),
  };
  const payload = [
    ['extensionDevelopmentPath', remote(extDev)],
    ['extensionTestsPath', remote(suite)],
    ['extensionEnvironment', JSON.stringify(extEnv)],
    ['skipWelcome', 'true'],
  ];
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  say(`workbench loaded after ${secs()}`);
})().catch((e) => {
  console.error(e);
  finish(1, 'runner error');
});
