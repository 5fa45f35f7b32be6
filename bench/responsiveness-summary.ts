// Turns the responsiveness probe's raw record (bench/responsiveness-probe.ts) into the benchmark's column:
// activation, worst stalls at startup and while indexing, command latencies, RSS, index size.
import { summarize } from './bench-stats';

/** The first seconds of the extension host count as startup (cut short when indexing starts earlier). */
export const STARTUP_WINDOW_MS = 15_000;
/** A stall: the host's event loop late by more than this. */
export const STALL_MS = 50;

export interface ProbeResult {
  events: Record<string, number | undefined>;
  stalls: [number, number][];
  ticks: number;
  /** [host ms, host RSS MiB, RSS MiB of Big Three's child processes (null where /proc is not readable)]. */
  rss: [number, number, (number | null)?][];
  latencies: { during: Record<string, number[]>; after: Record<string, number[]> };
  /** Each timed command: [name, start, end] (host ms). */
  calls?: [string, number, number][];
  status?: { state: string; files: number; chunks: number; lastRun?: { filesIndexed?: number; filesUnchanged?: number } };
  notes: { text: string; times: number }[];
}

const round = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? null : Math.round(n));

function stallsIn(result: ProbeResult, from: number, to: number) {
  const inside = result.stalls.filter(([t]) => t >= from && t < to);
  const over = inside.filter(([, ms]) => ms > STALL_MS);
  return {
    windowMs: round(to - from),
    worstStallMs: inside.reduce((max, [, ms]) => Math.max(max, ms), 0),
    [`stallsOver${STALL_MS}ms`]: over.length,
    [`msInStallsOver${STALL_MS}ms`]: over.reduce((sum, [, ms]) => sum + ms, 0),
    /** The 5 worst: [ms into the window, stall ms]. */
    worstStalls: [...inside]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 5)
      .map(([t, ms]) => [Math.round(t - from), ms]),
  };
}

/**
 * The stalls of a window split by what ran: overlapping a command the probe ran (that command's work,
 * VS Code's included: a markdown preview's first use activates VS Code's markdown extension in the same
 * host), or outside every command (the background work: indexing, the deferred startup work).
 */
function stallsByCause(result: ProbeResult, from: number, to: number) {
  const calls = result.calls ?? [];
  const during = (t: number, ms: number) => calls.find(([, s, e]) => t < e && t + ms > s)?.[0];
  const inside = result.stalls.filter(([t, ms]) => t >= from && t < to && ms > STALL_MS);
  const byCommand: Record<string, [number, number][]> = {};
  const outside: [number, number][] = [];
  for (const [t, ms] of inside) {
    const name = during(t, ms);
    if (name) (byCommand[name] ??= []).push([Math.round(t - from), ms]);
    else outside.push([Math.round(t - from), ms]);
  }
  return {
    outsideCommands: { worstStallMs: outside.reduce((max, [, ms]) => Math.max(max, ms), 0), [`stallsOver${STALL_MS}ms`]: outside.length, stalls: outside },
    whileCommandRuns: Object.fromEntries(
      Object.entries(byCommand).map(([name, list]) => [
        name,
        { worstStallMs: Math.max(...list.map(([, ms]) => ms)), [`stallsOver${STALL_MS}ms`]: list.length, stalls: list },
      ]),
    ),
  };
}

/** The last RSS sample at or before `t` (MiB): the host's (column 1) or Big Three's child processes' (column 2). */
function rssAt(result: ProbeResult, t: number | undefined, column: 1 | 2 = 1): number | null {
  if (t === undefined) return null;
  const before = result.rss.filter(([at]) => at <= t);
  return (before[before.length - 1] ?? result.rss[0])?.[column] ?? null;
}

function latencies(bucket: Record<string, number[]>) {
  return Object.fromEntries(
    Object.entries(bucket).map(([name, samples]) => {
      const s = summarize(samples);
      return [name, { p50: s.median, p95: s.p95, max: s.max, n: s.n }];
    }),
  );
}

/** The startup window's end: STARTUP_WINDOW_MS into the host, or when indexing starts if earlier. */
export function startupEnd(result: ProbeResult): number {
  return Math.min(STARTUP_WINDOW_MS, result.events.indexStart ?? Infinity);
}

/** One column; `startupEndMs` lets the run without Big Three use the same startup window as the run with it. */
export function summarizeRun(result: ProbeResult, indexBytes: number, sourceBytes: number, startupEndMs = startupEnd(result)) {
  const e = result.events;
  const indexing = e.indexStart !== undefined;
  const end = e.done ?? result.rss[result.rss.length - 1]![0];
  const peak = result.rss.reduce((max, [, mib]) => Math.max(max, mib), 0);
  return {
    activation:
      e.loadStart === undefined
        ? null
        : {
            // VS Code's own figure (Running Extensions): code loading + activate() call + its promise resolving.
            vscodeActivationMs: round(e.loadEnd! - e.loadStart + (e.activateResolved ?? NaN) - (e.activateCall ?? NaN)),
            requireMs: round(e.loadEnd! - e.loadStart),
            activateSyncMs: round((e.activateReturned ?? NaN) - (e.activateCall ?? NaN)),
            activateMs: round((e.activateResolved ?? NaN) - (e.activateCall ?? NaN)),
            // activate() returns before the application is built; this is when it was (its commands and views registered).
            appReadyMs: e.appReady === undefined ? null : round(e.appReady - (e.activateCall ?? NaN)),
            msInStallsUntilReady:
              e.appReady === undefined ? null : result.stalls.filter(([t]) => t >= e.loadStart! && t < e.appReady!).reduce((sum, [, ms]) => sum + ms, 0),
            // From the require() to activate()'s promise resolving, VS Code's context set-up between them included.
            wallMs: round((e.activateResolved ?? NaN) - e.loadStart),
            // Event-loop time lost in stalls >= 20 ms over that span (not all of it Big Three's).
            msInStallsDuring: result.stalls.filter(([t]) => t >= e.loadStart! && t < (e.activateResolved ?? e.loadStart!)).reduce((sum, [, ms]) => sum + ms, 0),
            atHostMs: round(e.loadStart),
          },
    startup: stallsIn(result, 0, startupEndMs),
    indexing: indexing
      ? {
          startedAtHostMs: round(e.indexStart),
          afterActivationMs: round(e.indexStart! - (e.appReady ?? e.activateResolved ?? e.activeSeen ?? NaN)),
          durationMs: round((e.indexEnd ?? NaN) - e.indexStart!),
          completed: e.indexEnd !== undefined && result.status?.state === 'idle',
          files: result.status?.files ?? null,
          chunks: result.status?.chunks ?? null,
          ...stallsIn(result, e.indexStart!, e.indexEnd ?? end),
          stallsOver50msByCause: stallsByCause(result, e.indexStart!, e.indexEnd ?? end),
        }
      : null,
    // Without Big Three: the same host after its startup window, for comparison with the indexing window.
    afterStartup: indexing ? null : stallsIn(result, startupEndMs, end),
    // Without Big Three only the probe's own command runs, for the whole observation after startup.
    [indexing ? 'commandsDuringIndexing' : 'commandsObserved']: latencies(result.latencies.during),
    commandsAfter: latencies(result.latencies.after),
    rssMiB: {
      beforeIndexing: rssAt(result, e.indexStart ?? startupEndMs),
      afterIndexing: rssAt(result, e.settled ?? end),
      // The last sample, a few seconds later (after the "after" command rounds): what a collection gave back.
      endAtHostMs: round(result.rss[result.rss.length - 1]?.[0]),
      peak,
      end: result.rss[result.rss.length - 1]?.[1] ?? null,
      // Big Three's child processes (the sentence encoder, the indexer while it runs), beside the host's figures.
      childProcesses: {
        beforeIndexing: rssAt(result, e.indexStart ?? startupEndMs, 2),
        afterIndexing: rssAt(result, e.settled ?? end, 2),
        // null where /proc cannot be read (not Linux)
        peak: result.rss.some(([, , mib]) => typeof mib === 'number') ? result.rss.reduce((max, [, , mib]) => Math.max(max, mib ?? 0), 0) : null,
      },
    },
    indexOnDisk: indexBytes ? { MiB: Math.round((indexBytes / 1048576) * 10) / 10, xSource: Math.round((indexBytes / sourceBytes) * 100) / 100 } : null,
    notes: result.notes,
  };
}
