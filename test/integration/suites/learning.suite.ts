// Learning inside a real VS Code: outcomes recorded by command and automatically when an agent
// instance finishes a task, the Learning view's chart, and the upgraded selector using them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { BigThreeApi } from '../../../src/extension';
import { activateBigThree, screenshot, sleep, until } from '../helpers';
import { COMMANDS, VIEWS, focusCommand } from '../../../src/views/command-ids';

export function defineLearningTests(): void {
  suite('Learning in a real VS Code', () => {
    let api: BigThreeApi;

    suiteSetup(async () => {
      api = await activateBigThree();
    });

    test('Record Task Outcome stores an outcome given as arguments', async () => {
      const before = api.learning.outcomes.length;
      const outcome = await vscode.commands.executeCommand<{ agentId: string; success: boolean }>(COMMANDS.recordOutcome, {
        task: 'Fix the flaky Playwright login test',
        agentId: 'qa-expert',
        success: true,
        result: 'stabilised with proper waits',
      });
      assert.ok(outcome);
      assert.strictEqual(outcome.agentId, 'qa-expert');
      assert.strictEqual(api.learning.outcomes.length, before + 1);
    });

    test('an instance that finishes a task records its outcome automatically', async () => {
      const before = api.learning.outcomes.length;
      const instance = await api.core.pool.acquireExpert('debugger', 'Find why the invoice total is off by one cent');
      api.core.pool.markWorking(instance.id);
      api.core.pool.releaseInstance(instance.id, { success: false, summary: 'could not reproduce' });
      const recorded = await until('the automatic outcome', () => api.learning.outcomes.length === before + 1 && api.learning.outcomes[before]);
      assert.strictEqual(recorded.agentId, 'debugger');
      assert.strictEqual(recorded.success, false);
      assert.strictEqual(recorded.result, 'could not reproduce');
    });

    test('the Learning view charts success rates and lists recent outcomes', async () => {
      await vscode.commands.executeCommand('workbench.view.extension.bigThree');
      await vscode.commands.executeCommand(focusCommand(VIEWS.learning));
      // Outcomes recorded while the view was hidden are drawn once it shows (after a burst settles).
      const html = await until('the view drawn with the recorded outcomes', () => /qa-expert/.test(api.learningView.html ?? '') && api.learningView.html);
      assert.match(html, /<svg role="img" aria-label="Success rate per expert"/);
      assert.match(html, /qa-expert/);
      assert.match(html, /Fix the flaky Playwright login test/);
      assert.match(html, /Content-Security-Policy/);
      await sleep(800);
      await screenshot('learning-view');
    });

    test('the upgraded selector explains the share of definitions, similarity and history', async () => {
      const explanation = await api.learned.explainSelection('qa-expert', 'Fix the flaky Playwright login test');
      assert.strictEqual(explanation.rank, 1);
      assert.ok(explanation.choice && explanation.choice.history.tasks >= 1, 'history is used');
      const share = explanation.choice.share;
      assert.ok(Math.abs(share.definitions + share.similarity + share.history - 1) < 0.01);
      assert.ok(share.history > 0);
    });

    // Last: these outcomes also (rightly) shift similar tasks, such as the flaky-test one above.
    test('Select Expert for Task follows what history taught: a runner-up that keeps succeeding comes first', async () => {
      const task = 'The checkout test fails now and then on CI';
      for (let i = 0; i < 6; i++) {
        await api.learning.recordTaskOutcome(task, 'qa-expert', 'could not find it', false);
        await api.learning.recordTaskOutcome(task, 'debugger', 'found the race', true);
      }
      const pending = vscode.commands.executeCommand<{ expertId: string }>(COMMANDS.selectExpert, task);
      await sleep(1000);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const picked = await pending;
      assert.strictEqual(picked?.expertId, 'debugger');
      assert.strictEqual(api.core.selector.selectBestAgent(task)?.expertId, 'qa-expert', 'keyword scoring alone still prefers qa-expert');
    });
  });
}
