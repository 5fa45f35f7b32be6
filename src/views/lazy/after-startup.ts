// Work that can wait until the workbench has settled after startup (the first index pass, warming the
// expert selection): it runs STARTUP_DELAY_MS after activation in a focused window, and at the latest
// after STARTUP_MAX_WAIT_MS (an unfocused window, e.g. a background tab, still gets it) — never inside
// activate(). Anything that needs the work earlier does it on demand.
import * as vscode from 'vscode';

/** How long after activation deferred startup work waits. */
export const STARTUP_DELAY_MS = 3000;
/** Longest wait for a focused window. */
export const STARTUP_MAX_WAIT_MS = 30_000;

/** Runs `work` once the workbench has settled; failures are logged. Dispose to cancel. */
export function afterStartup(what: string, log: vscode.LogOutputChannel, work: () => Promise<void> | void): vscode.Disposable {
  let done = false;
  let focus: vscode.Disposable | undefined;
  let delay: ReturnType<typeof setTimeout> | undefined;
  let latest: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    done = true;
    clearTimeout(delay);
    clearTimeout(latest);
    focus?.dispose();
  };
  const run = () => {
    if (done) return;
    stop();
    Promise.resolve()
      .then(work)
      .catch((error: unknown) => log.warn(`${what} stopped: ${error instanceof Error ? error.message : String(error)}`));
  };
  delay = setTimeout(() => {
    if (vscode.window.state.focused) run();
    else focus = vscode.window.onDidChangeWindowState((state) => state.focused && run());
  }, STARTUP_DELAY_MS);
  latest = setTimeout(run, STARTUP_MAX_WAIT_MS);
  return { dispose: stop };
}
