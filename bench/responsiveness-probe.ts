// The probe extension of the responsiveness benchmark, written to a temp folder at bench time and loaded as
// the development extension, beside Big Three installed in the extensions folder (or alone, for the
// "without" column). It activates on "*" (before Big Three's onStartupFinished) in the same extension host
// and records, as raw data the bench summarises (bench/responsiveness-summary.ts):
//   - the host's event-loop lag: a 10 ms interval, every tick later than due by >= 20 ms kept as [t, lagMs]
//   - the host process's RSS every 500 ms
//   - Big Three's activation as VS Code performs it: the require() of its main file (hooked in Module._load)
//     and its activate() call until the returned promise settles (the module object is wrapped in a Proxy)
//   - the index's status (api.ragHost.current.status) every 50 ms: when indexing starts and ends
//   - while indexing runs, and a few times after: Show Pool Statistics and Select Expert for Task (a task
//     given; its quick pick is accepted as soon as it shows) timed from call to answer, and the probe's own
//     no-op command (the host's baseline round trip) and its own 24-item quick pick accepted the same way
//     (the workbench's share of Select Expert's latency); each command's start and end, so stalls can be
//     told apart: during a command, or outside every command (indexing's own)
// Times are performance.now() in the extension host (ms since its process started). The result is one JSON
// file written atomically to the path given at generation time.

export interface ProbeConfig {
  /** Where the result JSON goes. */
  out: string;
  /** Big Three's extension folder (its main file is recognised by this prefix); empty for the "without" run. */
  bigThreeDir: string;
  /** How long the "without" run observes the host. */
  observeMs: number;
  /** When Big Three has not started indexing this long after activation, the probe runs Index Workspace. */
  indexStartTimeoutMs: number;
  /** Longest wait for indexing to finish. */
  indexTimeoutMs: number;
}

export const PROBE_PACKAGE = {
  name: 'responsiveness-probe',
  publisher: 'big-three-bench',
  version: '0.0.0',
  engines: { vscode: '^1.90.0' },
  activationEvents: ['*'],
  main: './probe.js',
  contributes: { commands: [{ command: 'bigThreeBench.ping', title: 'Responsiveness probe: ping' }] },
};

export function probeSource(config: ProbeConfig): string {
  return `'use strict';
const CONFIG = ${JSON.stringify(config)};
const vscode = require('vscode');
const fs = require('fs');
const Module = require('module');
const { performance } = require('perf_hooks');
const now = () => Math.round(performance.now() * 10) / 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const result = { events: { probeLoaded: now() }, stalls: [], ticks: 0, rss: [], latencies: { during: {}, after: {} }, calls: [], status: undefined, notes: [] };
/** A note once per distinct text, with how often it happened. */
const note = (text) => { const seen = result.notes.find((n) => n.text === text); if (seen) seen.times++; else result.notes.push({ text, times: 1 }); };
const ev = (name) => { if (result.events[name] === undefined) result.events[name] = now(); };

// Event-loop lag: a tick later than due by >= 20 ms is a stall.
let last = performance.now();
const lagTimer = setInterval(() => {
  const t = performance.now();
  const lag = t - last - 10;
  last = t;
  result.ticks++;
  if (lag >= 20) result.stalls.push([Math.round(t - lag), Math.round(lag)]);
}, 10);
// RSS of the host, and of the host's child processes started from Big Three's folder (its sentence encoder,
// its indexer), both in MiB: what Big Three keeps outside the host counts too.
const childrenRss = () => {
  // The children of this process's threads (/proc/self/task/*/children): a few small reads, not a scan of /proc.
  let kib = 0;
  let tids;
  try { tids = fs.readdirSync('/proc/self/task'); } catch { return null; }
  for (const tid of tids) {
    let children = [];
    try { children = fs.readFileSync('/proc/self/task/' + tid + '/children', 'utf8').split(' ').filter(Boolean); } catch { continue; }
    for (const pid of children) {
      try {
        if (!fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8').includes('big-three')) continue;
        const rss = /VmRSS:\\s+(\\d+)/.exec(fs.readFileSync('/proc/' + pid + '/status', 'utf8'));
        if (rss) kib += Number(rss[1]);
      } catch { /* gone meanwhile */ }
    }
  }
  return Math.round(kib / 1024);
};
const sampleRss = () => result.rss.push([now(), Math.round(process.memoryUsage().rss / 1048576), childrenRss()]);
const rssTimer = setInterval(sampleRss, 500);
sampleRss();

// Big Three's activation: require() of its main file, then activate() until its promise settles.
if (CONFIG.bigThreeDir) {
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (typeof request !== 'string' || !request.startsWith(CONFIG.bigThreeDir) || result.events.loadStart !== undefined) return load.apply(this, arguments);
    ev('loadStart');
    const exported = load.apply(this, arguments);
    ev('loadEnd');
    if (!exported || typeof exported.activate !== 'function') return exported;
    const activate = exported.activate;
    return new Proxy(exported, {
      get(target, key) {
        if (key !== 'activate') return Reflect.get(target, key);
        return function () {
          ev('activateCall');
          const value = activate.apply(this, arguments);
          ev('activateReturned');
          Promise.resolve(value).then(
            (exports) => {
              ev('activateResolved');
              // Since activate() returns before the application is built: when it is.
              if (exports && exports.ready) Promise.resolve(exports.ready).then(() => ev('appReady'), (e) => note('Big Three could not start: ' + e));
            },
            (e) => { ev('activateResolved'); note('activate() failed: ' + e); },
          );
          return value;
        };
      },
    });
  };
}

async function timed(bucket, name, run) {
  const t = performance.now();
  const start = now();
  try { await run(); } catch (e) { note(name + ' failed: ' + (e && e.message || e)); return; }
  (bucket[name] = bucket[name] || []).push(Math.round((performance.now() - t) * 10) / 10);
  // When each command ran, so stalls can be told apart: inside a command's run, or indexing's own.
  result.calls.push([name, start, now()]);
}

/** Runs Select Expert for Task with a task and accepts its list as soon as it shows. */
async function selectExpert() {
  let settled = false;
  const answer = Promise.resolve(vscode.commands.executeCommand('bigThree.selectExpert', 'Write unit tests for the invoice rounding module')).finally(() => (settled = true));
  while (!settled) {
    await Promise.race([answer, sleep(15)]);
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  const picked = await answer;
  if (!picked) throw new Error('no expert chosen');
}

/**
 * The workbench's own part of a quick pick: the probe shows a list of 24 items the way Select Expert shows
 * its own (createQuickPick, kept open on focus loss, answered once hidden) and accepts it the same way
 * (both columns), so Select Expert's latency can be read against it.
 */
function probeQuickPick(items) {
  const pick = vscode.window.createQuickPick();
  pick.title = 'Probe quick pick';
  pick.items = items;
  pick.ignoreFocusOut = true;
  return new Promise((resolve) => {
    let chosen;
    pick.onDidAccept(() => { chosen = pick.selectedItems[0] || (pick.value === '' ? items[0] : undefined); if (chosen) pick.hide(); });
    pick.onDidHide(() => { pick.dispose(); resolve(chosen); });
    pick.show();
  });
}

async function quickPickBaseline() {
  let settled = false;
  const items = Array.from({ length: 24 }, (_, i) => ({ label: 'Expert ' + i, description: 'baseline', detail: 'a quick pick of the probe' }));
  const answer = probeQuickPick(items).finally(() => (settled = true));
  while (!settled) {
    await Promise.race([answer, sleep(15)]);
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  if (!(await answer)) throw new Error('the probe quick pick was not accepted');
}

async function commandRound(bucket, bigThree) {
  await timed(bucket, 'ping', () => vscode.commands.executeCommand('bigThreeBench.ping'));
  await timed(bucket, 'quickPickBaseline', quickPickBaseline);
  if (!bigThree) return;
  await timed(bucket, 'showPoolStats', () => vscode.commands.executeCommand('bigThree.showPoolStats'));
  await timed(bucket, 'selectExpert', selectExpert);
}

function snapshot(status) {
  if (!status) return undefined;
  const { state, files, chunks, lexicalOnly, vectorStore, lastRun, lastError } = status;
  return { state, files, chunks, lexicalOnly, vectorStore, lastRun, lastError };
}

async function observe() {
  const ext = vscode.extensions.getExtension('big-three.big-three');
  if (!ext) {
    const end = performance.now() + CONFIG.observeMs;
    while (performance.now() < end) { await commandRound(result.latencies.during, false); await sleep(250); }
    return;
  }
  const activeBy = performance.now() + 120000;
  while (!ext.isActive) {
    if (performance.now() > activeBy) throw new Error('Big Three did not activate within 120 s');
    await sleep(20);
  }
  ev('activeSeen');
  // activate() returns { ready } (the application once built); older builds returned the application.
  const api = ext.exports && ext.exports.ready ? await ext.exports.ready : ext.exports;
  const status = () => api.ragHost.current && api.ragHost.current.status;
  const startBy = performance.now() + CONFIG.indexStartTimeoutMs;
  let forced;
  while (!(status() && status().state === 'indexing')) {
    if (!forced && performance.now() > startBy) {
      note('indexing had not started ' + CONFIG.indexStartTimeoutMs + ' ms after activation: ran Index Workspace');
      forced = Promise.resolve(vscode.commands.executeCommand('bigThree.indexWorkspace'));
    }
    await sleep(20);
  }
  ev('indexStart');
  const watch = setInterval(() => { const s = status(); if (s && s.state !== 'indexing') { ev('indexEnd'); clearInterval(watch); } }, 50);
  const deadline = performance.now() + CONFIG.indexTimeoutMs;
  while (result.events.indexEnd === undefined && performance.now() < deadline) { await commandRound(result.latencies.during, true); await sleep(100); }
  while (result.events.indexEnd === undefined && performance.now() < deadline) await sleep(100);
  clearInterval(watch);
  if (forced) await forced.catch(() => undefined);
  result.status = snapshot(status());
  await sleep(5000); // let the host settle: the "after" RSS and command figures
  ev('settled');
  for (let i = 0; i < 8; i++) { await commandRound(result.latencies.after, true); await sleep(200); }
}

exports.activate = (context) => {
  ev('probeActivated');
  context.subscriptions.push(vscode.commands.registerCommand('bigThreeBench.ping', () => now()));
  observe()
    .catch((e) => note('probe failed: ' + (e && e.stack || e)))
    .finally(() => {
      ev('done');
      clearInterval(lagTimer);
      clearInterval(rssTimer);
      sampleRss();
      fs.writeFileSync(CONFIG.out + '.tmp', JSON.stringify(result));
      fs.renameSync(CONFIG.out + '.tmp', CONFIG.out);
    });
};
exports.deactivate = () => {};
`;
}
