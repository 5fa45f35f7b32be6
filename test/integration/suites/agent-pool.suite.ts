// The agent pool's tree, commands and live reload, inside a real VS Code.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BigThreeApi } from '../../../src/extension';
import type { PoolNode } from '../../../src/views/agent-pool/pool-tree-items';
import { activateBigThree, screenshot, sleep, until, workspaceRoot } from '../helpers';
import { COMMANDS, VIEWS, focusCommand } from '../../../src/views/command-ids';

export function defineAgentPoolTests(): void {
  suite('Agent pool in a real VS Code', () => {
    let api: BigThreeApi;

    suiteSetup(async () => {
      api = await activateBigThree();
    });

    test('activates with the shipped experts, the workspace expert and the Claude subagent', () => {
      const ids = api.core.catalog.ids;
      assert.ok(ids.length >= 26, `expected 24 shipped + 2 workspace experts, got ${ids.length}`);
      for (const id of ['backend-architect', 'compliance-auditor', 'workspace-helper', 'claude-reviewer']) assert.ok(ids.includes(id), `${id} loaded`);
      assert.strictEqual(api.core.catalog.get('claude-reviewer').origin, 'claude');
      assert.strictEqual(api.core.catalog.get('workspace-helper').origin, 'workspace');
    });

    test('every palette command is registered under category Big Three', async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['selectExpert', 'showPoolStats', 'reloadPool', 'openExpertDefinition', 'acquireExpert', 'releaseInstance', 'terminateInstance']) {
        assert.ok(commands.includes(`bigThree.${id}`), `bigThree.${id} registered`);
      }
    });

    test('the tree lists experts by tier and category', () => {
      const roots = api.tree.getChildren();
      const tiers = roots.filter((n) => n.kind === 'tier');
      assert.deepStrictEqual(
        tiers.map((n) => (n as { tier: number }).tier),
        [1, 2, 3],
      );
      const categories = api.tree.getChildren(tiers[0]);
      assert.ok(categories.some((c) => c.kind === 'category' && c.category === 'quality'));
      const quality = categories.find((c) => c.kind === 'category' && c.category === 'quality')!;
      const experts = api.tree.getChildren(quality).map((n) => (n as { expertId: string }).expertId);
      assert.deepStrictEqual(experts.sort(), ['code-reviewer', 'qa-expert']);
      const item = api.tree.getTreeItem({ kind: 'expert', expertId: 'qa-expert' });
      assert.strictEqual(item.label, 'QA Expert');
      assert.strictEqual(item.contextValue, 'expert');
    });

    test('Select Expert for Task shows ranked experts and returns the accepted one', async () => {
      const pending = vscode.commands.executeCommand<{ expertId: string; score: number }>(
        COMMANDS.selectExpert,
        'Package the service as a Helm chart and roll it out to our Kubernetes cluster',
      );
      await sleep(800); // the quick pick opens
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const result = await pending;
      assert.ok(result, 'a result is returned');
      assert.strictEqual(result.expertId, 'devops-engineer');
      assert.ok(result.score > 0);
    });

    test('acquire, work, release and terminate through the commands; the tree follows', async () => {
      const instance = await vscode.commands.executeCommand<{ id: string; status: string }>(
        COMMANDS.acquireExpert,
        'qa-expert',
        'write tests for the invoice module',
      );
      assert.ok(instance, 'an instance is returned');
      assert.strictEqual(instance.status, 'reserved');
      const running = await until('the running node', () => api.tree.getChildren().find((n) => n.kind === 'running'));
      assert.deepStrictEqual(
        api.tree.getChildren(running).map((n) => (n as { instanceId: string }).instanceId),
        [instance.id],
      );
      api.core.pool.markWorking(instance.id);
      const node: PoolNode = { kind: 'instance', instanceId: instance.id, under: 'running' };
      assert.strictEqual(api.tree.getTreeItem(node).contextValue, 'instance-working');
      await vscode.commands.executeCommand(COMMANDS.releaseInstance, node);
      assert.strictEqual(api.core.pool.getInstance(instance.id)?.status, 'idle');
      await vscode.commands.executeCommand(COMMANDS.terminateInstance, instance.id);
      assert.strictEqual(api.core.pool.getInstance(instance.id)?.status, 'terminated');
      assert.ok(!api.tree.getChildren().some((n) => n.kind === 'running'), 'no running node once nothing is live');
    });

    test('Show Pool Statistics opens a read-only statistics document', async () => {
      const stats = await vscode.commands.executeCommand<{ live: number; byStatus: Record<string, number> }>(COMMANDS.showPoolStats);
      assert.ok(stats);
      assert.strictEqual(stats.byStatus.terminated, 1);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'big-three-stats');
      assert.ok(doc, 'statistics document open');
      assert.match(doc.getText(), /Experts loaded: 26/);
      // Not a markdown document to VS Code: that would activate its markdown extension (a ~400 ms stall).
      assert.notStrictEqual(doc.languageId, 'markdown');
      // Rendered in Big Three's own document view (not VS Code's markdown preview).
      const tab = await until('the statistics panel', () =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Agent Pool Statistics'),
      );
      assert.ok((tab.input as vscode.TabInputWebview).viewType.endsWith('bigThree.document'), (tab.input as vscode.TabInputWebview).viewType);
    });

    test('Select Expert for Task keeps its list when a document panel takes the focus', async () => {
      // A task outside the workspace's own domain (its invoice expert), so the list's first expert is the QA expert.
      const pending = vscode.commands.executeCommand<{ expertId: string }>(COMMANDS.selectExpert, 'Write end-to-end tests for the signup flow with Playwright');
      await sleep(800); // the quick pick opens
      await vscode.commands.executeCommand(COMMANDS.showPoolStats); // reveals the statistics panel, which takes the focus
      await sleep(500);
      // Enter until the command answers (an Enter that lands before the list has its items is ignored); had
      // the focus change closed the list, the command would have answered already, with nothing.
      let answered = false;
      void Promise.resolve(pending).finally(() => (answered = true));
      for (let i = 0; i < 25 && !answered; i++) {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await Promise.race([pending, sleep(200)]);
      }
      const picked = answered ? await pending : ('timed out' as const);
      if (picked === 'timed out') await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.ok(picked && picked !== 'timed out', `the list was still open and its first expert accepted (got ${String(picked)})`);
      assert.strictEqual(picked.expertId, 'qa-expert');
    });

    test('Open Expert Definition opens the markdown file', async () => {
      const file = await vscode.commands.executeCommand<string>(COMMANDS.openExpertDefinition, 'backend-architect');
      assert.ok(file?.endsWith(path.join('tier1-core', 'backend-architect.md')), String(file));
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, file);
    });

    test('workspace experts reload live; a broken one shows up in Problems', async () => {
      const dir = path.join(workspaceRoot(), '.big-three', 'agents');
      const good = path.join(dir, 'invoice-expert.md');
      fs.writeFileSync(
        good,
        [
          '---',
          'name: invoice-expert',
          'description: Knows the invoicing rules of this repository.',
          'tier: 3',
          'category: domain',
          'triggers: [invoice, cents]',
          'focus_areas: [invoicing]',
          'tools: [read_file]',
          '---',
          '# Invoice Expert',
          '## Role',
          'Invoices.',
          '## System Prompt',
          'You know invoices.',
          '## Guidelines',
          '- Cents only.',
          '',
        ].join('\n'),
      );
      await until('the new expert', () => api.core.catalog.find('invoice-expert'));
      const broken = path.join(dir, 'broken.md');
      fs.writeFileSync(broken, '---\nname: broken\ntier: [oops\n---\nbody\n');
      const diagnostics = await until('a diagnostic on broken.md', () => {
        const found = vscode.languages.getDiagnostics(vscode.Uri.file(broken));
        return found.length ? found : undefined;
      });
      assert.match(diagnostics[0]!.message, /not valid YAML/);
      assert.ok(api.core.catalog.find('invoice-expert'), 'the good definition still loads');
      const reload = await vscode.commands.executeCommand<{ experts: number; errors: number }>(COMMANDS.reloadPool);
      assert.deepStrictEqual(reload, { experts: 27, errors: 1 });
      fs.rmSync(broken);
      fs.rmSync(good);
      await until('the removal', () => !api.core.catalog.find('invoice-expert'));
    });

    test('the Agent Pool view renders (screenshot)', async () => {
      await vscode.commands.executeCommand(COMMANDS.acquireExpert, 'security-engineer', 'review the OAuth callback');
      const working = await vscode.commands.executeCommand<{ id: string }>(COMMANDS.acquireExpert, 'backend-architect', 'design the invoices API');
      api.core.pool.markWorking(working!.id);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('workbench.view.extension.bigThree');
      await vscode.commands.executeCommand(focusCommand(VIEWS.agentPool));
      await api.treeView.reveal({ kind: 'expert', expertId: 'backend-architect' }, { select: true, focus: true, expand: true });
      assert.ok(api.treeView.visible, 'the tree view is visible');
      await sleep(1000);
      await screenshot('agent-pool'); // the README's picture of the filled view
    });
  });
}
