// The Learning webview view: re-rendered by the host whenever an outcome is recorded. It runs no
// script and sends no messages.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { LearningManager } from '../../orchestrator/learning/learning-manager';
import { learningPage } from './learning-html';
import { VIEWS } from '../command-ids';

export class LearningViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = VIEWS.learning;
  private view: vscode.WebviewView | undefined;
  private readonly subscription: { dispose(): void };

  constructor(private readonly learning: LearningManager) {
    this.subscription = learning.onDidRecord(() => this.render());
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: false, localResourceRoots: [] };
    view.onDidChangeVisibility(() => view.visible && this.render());
    view.onDidDispose(() => (this.view = undefined));
    this.render();
  }

  /** The HTML currently shown (for tests). */
  get html(): string | undefined {
    return this.view?.webview.html;
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
    this.subscription.dispose();
  }
}
