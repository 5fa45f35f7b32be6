// Commands that answer from the moment activate() returns, while the application is still being built
// after it: every contributed command is registered at once with a stand-in that waits for the build and
// then passes the call on to the real command. The stand-ins are removed in the same tick as the features
// register the real commands, so no call ever finds the command missing; if the build fails (or the
// extension is deactivated first), each stand-in answers with that failure instead of hanging.
import * as vscode from 'vscode';

export class DeferredCommands implements vscode.Disposable {
  private standIns: vscode.Disposable[] = [];
  private settle!: { resolve(): void; reject(error: Error): void };
  private readonly built = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
  /** Set once disposed (the extension deactivated): a build still running must not register anything. */
  closed = false;

  constructor(private readonly ids: readonly string[]) {
    // A failed build with no command waiting is reported where it happens, not as an unhandled rejection.
    this.built.catch(() => undefined);
    this.standIns = ids.map((id) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        await this.built;
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  }

  /**
   * Removes the stand-ins: called immediately before the real commands are registered, in the same
   * synchronous run. Calls already waiting go on to the real commands once `release` is called.
   */
  handOver(): void {
    for (const standIn of this.standIns.splice(0)) standIn.dispose();
  }

  /** The real commands are registered: waiting calls go on to them (never to a stand-in: they are gone). */
  release(): void {
    this.handOver();
    this.settle.resolve();
  }

  /**
   * The application could not be built: waiting and later calls fail with this error. After a hand-over
   * that failed half-way, the ids left without a command get a failing stand-in again.
   */
  fail(error: Error): void {
    this.settle.reject(error);
    if (this.closed || this.standIns.length) return;
    for (const id of this.ids) {
      try {
        this.standIns.push(vscode.commands.registerCommand(id, () => Promise.reject(error)));
      } catch {
        // registered by its feature before the failure: that command works
      }
    }
  }

  dispose(): void {
    this.closed = true;
    this.settle.reject(new Error('Big Three was deactivated before it had started'));
    this.handOver();
  }
}
