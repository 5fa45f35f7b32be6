// What a new user sees first, before anything has run: the views empty (each saying how to fill it) and
// the walkthrough. Runs before every other suite (see SUITES in suite.ts); the screenshots are the
// README's (docs/images/ when run by `npm test`). The filled views are shot by the suites that fill them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BigThreeApi } from '../../../src/extension';
import { activateBigThree, screenshot, sleep, until } from '../helpers';
import { VIEWS, focusCommand } from '../../../src/views/command-ids';

/** Shows the Big Three side bar with `viewId` focused (expanded if it starts collapsed), then waits for it to paint. */
async function showView(viewId: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.extension.bigThree');
  await vscode.commands.executeCommand(`${viewId}.focus`);
  await sleep(800);
}

export function defineFirstLookTests(): void {
  suite('First look: the views before anything has run, and the walkthrough (screenshots)', () => {
    let api: BigThreeApi;

    suiteSetup(async () => {
      api = await activateBigThree();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    test('the Agent Pool lists the experts by tier with nothing running yet', async () => {
      const roots = api.tree.getChildren();
      assert.ok(
        roots.some((n) => n.kind === 'tier'),
        'experts by tier',
      );
      assert.ok(!roots.some((n) => n.kind === 'running'), 'no running instances yet');
      await showView(VIEWS.agentPool);
      assert.ok(api.treeView.visible, 'the Agent Pool view is visible');
      await screenshot('agent-pool-empty');
    });

    test('the Activity view is empty and offers Plan Workflow (welcome content)', async () => {
      assert.deepStrictEqual(api.activity.shown, [], 'no events yet');
      assert.deepStrictEqual(api.activity.getChildren(), [], 'no tree items, so the welcome content shows');
      await showView(VIEWS.activity);
      await screenshot('activity-empty');
    });

    test('the Audit Log view is empty and offers Index Workspace and Manage Permissions (welcome content)', async () => {
      assert.deepStrictEqual(api.auditTree.records(), [], 'nothing audited yet');
      assert.deepStrictEqual(api.auditTree.getChildren(), []);
      await showView(VIEWS.auditLog);
      assert.ok(api.auditView.visible, 'the Audit Log view is visible');
      await screenshot('audit-log-empty');
    });

    test('the Learning view says no outcomes are recorded yet', async () => {
      assert.strictEqual(api.learning.outcomes.length, 0, 'no outcomes yet');
      await showView(VIEWS.learning);
      const html = await until('the rendered Learning view', () => api.learningView.html);
      assert.match(html, /No outcomes yet/);
      await screenshot('learning-empty');
    });

    test('the Voice panel says up front that Start needs an OpenAI key, with the button to set it', async () => {
      await vscode.commands.executeCommand(focusCommand(VIEWS.voice));
      await until('the voice webview to report ready', () => api.voiceView.isReady, 20_000);
      const keys = await until('the key status in the panel', () => api.voiceView.keys);
      assert.deepStrictEqual(keys, { openai: false, anthropic: false, gemini: false }, 'no key is stored yet');
      await sleep(800);
      await screenshot('voice-no-key');
    });

    test('the walkthrough opens from its contributed id', async () => {
      const extension = vscode.extensions.getExtension('big-three.big-three');
      const walkthrough = (extension?.packageJSON as { contributes?: { walkthroughs?: Array<{ id: string; title: string }> } }).contributes?.walkthroughs?.[0];
      assert.ok(walkthrough, 'package.json contributes a walkthrough');
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extension!.id}#${walkthrough.id}`, false);
      const tab = await until('the walkthrough editor', () =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /Welcome|Walkthrough|Get started/i.test(t.label)),
      );
      assert.ok(tab.isActive, `the walkthrough tab (${tab.label}) is the active one`);
      await sleep(1500); // the walkthrough's step list and first step's markdown render
      await screenshot('walkthrough');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });
}
