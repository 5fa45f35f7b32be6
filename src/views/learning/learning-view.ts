// The Learning webview view: re-rendered by the host when outcomes are recorded. It runs no script and
// sends no messages. Outcomes often arrive in bursts (a workflow's steps); each new HTML replaces the
// webview's frame, and a frame replaced before the workbench finished loading it makes the workbench
// throw, so a burst is drawn once, after it settles, and a hidden view is drawn when it is shown.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { LearningManager } from '../../orchestrator/learning/learning-manager';
import { learningPage } from './learning-html';
import { VIEWS } from '../command-ids';

export class LearningViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = VIEWS.learning;
  private view: vscode.WebviewView | undefined;
  private readonly subscription: { dispose(): void };
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly learning: LearningManager,
    private readonly settleMs = 400,
  ) {
    this.subscription = learning.onDidRecord(() => this.scheduleRender());
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: false, localResourceRoots: [] };
    view.onDidChangeVisibility(() => view.visible && this.scheduleRender());
    view.onDidDispose(() => (this.view = undefined));
    this.render();
  }

  /** The HTML currently shown (for tests). */
  get html(): string | undefined {
    return this.view?.webview.html;
  }

  private scheduleRender(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      if (this.view?.visible) this.render();
    }, this.settleMs);
  }

  render(): void {
    if (!this.view) return;
    const nonce = randomBytes(16).toString('base64');
    this.view.webview.html = learningPage(
      this.learning.getLearningStats(),
      this.learning.outcomes,
      this.view.webview.cspSource,
      nonce,
      this.learning.embedder.id,
    );
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.subscription.dispose();
  }
}
