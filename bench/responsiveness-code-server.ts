// Runs one code-server session for the responsiveness benchmark, the way test/integration/run-in-vscode.js
// does: code-server (VS Code server + web workbench, Node 24) from scripts/setup-vscode.sh's tools folder,
// everything it writes in a temp folder, headless Debian Chromium driven by playwright-core as the UI
// client, the probe passed as the development extension in the workbench's "payload" and whatever is in
// `<dir>/ext` as installed extensions. The
// session ends when the probe extension writes its result file (or on timeout).
import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import type { Browser } from 'playwright-core';

export interface Tools {
  codeServer: string;
  node24Bin: string;
  chromium: string;
  runnerDir: string;
}

export function findTools(repo: string): Tools {
  const root = path.resolve(process.env.BIG_THREE_TOOLS || path.join(repo, '.vscode-test'));
  const tools = {
    codeServer: path.join(root, 'code-server', 'node_modules', '.bin', 'code-server'),
    node24Bin: path.join(root, 'node24', 'bin'),
    chromium: process.env.CHROMIUM || '/usr/bin/chromium',
    runnerDir: path.join(root, 'runner'),
  };
  for (const p of [tools.codeServer, tools.node24Bin, tools.chromium, path.join(tools.runnerDir, 'node_modules', 'playwright-core')]) {
    if (!fs.existsSync(p)) throw new Error(`missing ${p}: run scripts/setup-vscode.sh first`);
  }
  return tools;
}

export interface SessionOptions {
  tools: Tools;
  /** A short folder for this session's user data, home and logs (IPC socket paths have a length cap). */
  dir: string;
  workspace: string;
  /** The probe; the workbench loads one development extension (Big Three is installed in `<dir>/ext`). */
  devExtension: string;
  /** Extra environment for code-server and its extension host. */
  env: Record<string, string>;
  resultFile: string;
  timeoutMs: number;
  say: (message: string) => void;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts code-server and the browser, waits for the probe's result file, stops both; returns the file's JSON. */
export async function runSession(options: SessionOptions): Promise<unknown> {
  const { tools, dir, say } = options;
  const dirs = { ud: path.join(dir, 'ud'), ext: path.join(dir, 'ext'), home: path.join(dir, 'home'), tmp: path.join(dir, 'tmp') };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.ud, 'User'), { recursive: true });
  // The same quiet, offline user settings as the integration tests' code-server.
  fs.copyFileSync(path.join(__dirname, '..', '..', 'test', 'integration', 'code-server-settings.json'), path.join(dirs.ud, 'User', 'settings.json'));
  const isolatedEnv = { HOME: dirs.home, XDG_CONFIG_HOME: path.join(dirs.home, '.config'), XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'), XDG_CACHE_HOME: path.join(dirs.home, '.cache'), TMPDIR: dirs.tmp };
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE' && k !== 'NODE_OPTIONS'));
  const server: ChildProcess = spawn(tools.codeServer, [
    '--auth', 'none', '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', dirs.ud, '--extensions-dir', dirs.ext,
    '--vscode-option', 'enable-smoke-test-driver',
  ], {
    env: { ...baseEnv, ...isolatedEnv, ...options.env, PATH: `${tools.node24Bin}:${process.env.PATH}`, EXTENSIONS_GALLERY: '{}' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: the extension host and helpers stop with it
  });
  const log = fs.createWriteStream(path.join(dir, 'code-server.log'));
  let exited = false;
  server.on('exit', () => (exited = true));
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const watch = (chunk: Buffer) => {
      log.write(chunk);
      seen += chunk.toString();
      const m = seen.match(/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    };
    server.stdout!.on('data', watch);
    server.stderr!.on('data', watch);
    server.on('exit', (code) => reject(new Error(`code-server exited (${code}); see ${dir}/code-server.log`)));
    setTimeout(() => reject(new Error('code-server did not start listening within 60 s')), 60_000).unref();
  });
  let browser: Browser | undefined;
  try {
    const { chromium } = createRequire(path.join(tools.runnerDir, 'package.json'))('playwright-core') as typeof import('playwright-core');
    browser = await chromium.launch({
      executablePath: tools.chromium,
      headless: true,
      env: { ...process.env, ...isolatedEnv } as Record<string, string>,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(options.devExtension)], ['skipWelcome', 'true']];
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    say(`workbench loaded on port ${port}`);
    const deadline = Date.now() + options.timeoutMs;
    while (!fs.existsSync(options.resultFile)) {
      if (exited) throw new Error(`code-server exited during the run; see ${dir}/code-server.log`);
      if (Date.now() > deadline) {
        await page.screenshot({ path: path.join(dir, 'timeout.png') }).catch(() => undefined);
        throw new Error(`no probe result after ${options.timeoutMs} ms; logs in ${dir}`);
      }
      await wait(500);
    }
    return JSON.parse(fs.readFileSync(options.resultFile, 'utf8'));
  } finally {
    await browser?.close().catch(() => undefined);
    await stopGroup(server);
    log.end();
  }
}

/** Stops code-server's process group (extension host included); SIGKILL what ignores SIGTERM. */
async function stopGroup(server: ChildProcess): Promise<void> {
  const pid = server.pid;
  if (!pid) return;
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 50 && alive(); i++) await wait(100);
  if (alive()) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
  }
}
