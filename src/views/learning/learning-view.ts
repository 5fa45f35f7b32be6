// The Learning webview view: re-rendered by the host when outcomes are recorded. It runs no script and
// sends no messages. Outcomes often arrive in bursts (a workflow's steps); each new HTML replaces the
// webview's frame, and a frame replaced before the workbench finished loading it makes the workbench
// throw, so a burst is drawn once, after it settles, and a hidden view is drawn when it is shown.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { LearningManager, LearningStats } from '../../orchestrator/learning/learning-manager';
import type { TaskOutcome } from '../../orchestrator/learning/outcome-store';
import { learningPage, refusedPage } from './learning-html';
import { VIEWS } from '../command-ids';

export class LearningViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = VIEWS.learning;
  private view: vscode.WebviewView | undefined;
  private readonly subscription: { dispose(): void };
  private pending: ReturnType<typeof setTimeout> | undefined;
  private renders = 0;

  constructor(
    private readonly learning: LearningManager,
    /** What was learned, read through the gate as the local user (SecuredLearning.read). */
    private readonly read: () => Promise<{ stats: LearningStats; outcomes: readonly TaskOutcome[] }>,
    private readonly settleMs = 400,
  ) {
    this.subscription = learning.onDidRecord(() => this.scheduleRender());
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: false, localResourceRoots: [] };
    view.onDidChangeVisibility(() => view.visible && this.scheduleRender());
    view.onDidDispose(() => (this.view = undefined));
    void this.render();
  }

  /** The HTML currently shown (for tests). */
  get html(): string | undefined {
    return this.view?.webview.html;
  }

  private scheduleRender(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      if (this.view?.visible) void this.render();
    }, this.settleMs);
  }

  /** Reads through the gate, then draws; a read that finishes after a later one started draws nothing. */
  async render(): Promise<void> {
    const view = this.view;
    if (!view) return;
    const turn = ++this.renders;
    const nonce = randomBytes(16).toString('base64');
    let html: string;
    try {
      const { stats, outcomes } = await this.read();
      html = learningPage(stats, outcomes, view.webview.cspSource, nonce, this.learning.embedder.id);
    } catch (error) {
      html = refusedPage((error as Error).message, view.webview.cspSource, nonce);
    }
    if (turn === this.renders && this.view === view) view.webview.html = html;
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.subscription.dispose();
  }
}
