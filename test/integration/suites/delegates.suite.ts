// The Claude delegate inside a real VS Code: the fake Anthropic server runs in the extension host, the
// endpoint comes from settings and the key from the Set API Key command; the edit lands through the
// safe edit applier (diff, gate, ONE WorkspaceEdit) with audit and observability records, and a
// permission blocked by policy stops it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BigThreeApi } from '../../../src/extension';
import type { DelegatedTask } from '../../../src/orchestrator/delegates/delegation-service';
import { AnthropicFake, AnthropicStep, startAnthropicFake, systemText, toolResultsOf } from '../../fakes/anthropic-fake';
import { activateBigThree, screenshot, sleep, until, workspaceRoot } from '../helpers';
import { COMMANDS } from '../../../src/views/command-ids';

const KEY = 'sk-ant-test-key';
const OLD = '/** Sums all lines of an invoice. */';
const NEW = '/** Sums all lines of an invoice; net, tax and gross are integer cents. */';

const SETTINGS: Array<[string, unknown]> = [
  ['bigThree.claude.maxRetries', 0],
  ['bigThree.autoApprove.read', true],
  ['bigThree.autoApprove.edit', true],
];

export function defineDelegatesTests(): void {
  suite('Delegates in a real VS Code', () => {
    let api: BigThreeApi;
    let fake: AnthropicFake | undefined;
    const invoice = () => path.join(workspaceRoot(), 'src', 'invoice.js');
    const config = () => vscode.workspace.getConfiguration();

    const editScript = (): AnthropicStep[] => [
      { text: 'Reading the invoice module.', toolUses: [{ name: 'read_file', input: { path: 'src/invoice.js' } }] },
      { toolUses: [{ name: 'edit_file', input: { path: 'src/invoice.js', old_text: OLD, new_text: NEW } }] },
      { text: 'Documented that totalInvoice returns integer cents.' },
    ];

    async function useFake(script: AnthropicStep[]): Promise<AnthropicFake> {
      await fake?.close();
      fake = await startAnthropicFake({ script, apiKey: KEY });
      await config().update('bigThree.claude.baseUrl', fake.baseURL, vscode.ConfigurationTarget.Global);
      return fake;
    }

    suiteSetup(async () => {
      api = await activateBigThree();
      await vscode.commands.executeCommand(COMMANDS.setApiKey, 'anthropic', KEY);
      for (const [key, value] of SETTINGS) await config().update(key, value, vscode.ConfigurationTarget.Global);
    });

    suiteTeardown(async () => {
      await fake?.close();
      for (const [key] of [...SETTINGS, ['bigThree.claude.baseUrl']]) await config().update(key as string, undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand(COMMANDS.clearApiKey, 'anthropic');
    });

    test('the delegate commands are registered', async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['delegateToClaude', 'delegateToGemini', 'showDelegatedTasks'])
        assert.ok(commands.includes(`bigThree.${id}`), `bigThree.${id} registered`);
    });

    test('delegate_to_claude edits a workspace file via WorkspaceEdit, audited and observed', async () => {
      const server = await useFake(editScript());
      const auditBefore = api.security.audit.head.seq;
      const task = await vscode.commands.executeCommand<DelegatedTask>(COMMANDS.delegateToClaude, {
        task: 'Document the unit of totalInvoice in src/invoice.js',
        expertId: 'backend-architect',
      });
      assert.ok(task, 'the command returned the finished task');
      assert.strictEqual(task.state, 'succeeded', task.error);
      assert.strictEqual(task.summary, 'Documented that totalInvoice returns integer cents.');
      assert.deepStrictEqual(task.result?.changedFiles, ['src/invoice.js']);
      // The edit is on disk and the document is saved (applied as a WorkspaceEdit, then saved).
      const text = fs.readFileSync(invoice(), 'utf8');
      assert.ok(text.includes(NEW) && !text.includes(OLD), 'the new comment replaced the old one');
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === invoice());
      assert.ok(doc && doc.getText() === text, 'the open document holds the edit');
      // The file is on disk (checked above); the editor learns that its document is clean a moment later.
      await until('the document is clean', () => !doc.isDirty, 5_000);
      // Claude got the file's text back, and the endpoint and key came from settings and secret storage.
      assert.ok(toolResultsOf(server.requests[1]!)[0]!.content.includes(OLD));
      assert.strictEqual(server.requests[0]!.headers.authorization, `Bearer ${KEY}`);
      assert.match(systemText(server.requests[0]!.body), /Backend Architect/);
      // Audit: the pool lifecycle and both file operations, as the local principal acting as the expert.
      await api.security.audit.flush();
      const records = api.security.audit.getRecentEvents(200).filter((r) => r.seq > auditBefore);
      const write = records.find((r) => r.operation === 'file.write' && r.outcome === 'allowed');
      assert.ok(write, 'the write was audited');
      assert.strictEqual(write.details?.actingExpert, 'backend-architect');
      assert.strictEqual(write.details?.approvedBy, 'auto-approve');
      assert.strictEqual(write.user, api.security.localPrincipal);
      for (const op of ['agent.acquire', 'agent.command', 'file.read', 'agent.release'])
        assert.ok(
          records.some((r) => r.operation === op && r.outcome === 'allowed'),
          `${op} audited`,
        );
      // Observability: the tool calls and the end of the task, tied to the task id.
      const events = api.workflow.observability.recentEvents({ agentName: 'backend-architect' }).filter((e) => e.payload.taskId === task.taskId);
      assert.deepStrictEqual(
        events
          .filter((e) => e.hookType === 'tool_call')
          .map((e) => e.payload.tool)
          .reverse(),
        ['read_file', 'edit_file'],
      );
      assert.ok(events.some((e) => e.hookType === 'message_sent' && e.payload.success === true));
      // The instance went back to idle with the outcome (learning records it from there).
      assert.deepStrictEqual(api.core.pool.getInstance(task.instanceId!)?.lastResult, { success: true, summary: task.summary });
    });

    test('a permission blocked by policy stops the edit, and the refusal is audited', async () => {
      // A file of this test's own: no other test edits it, so nothing can land in it during this test.
      const ledger = path.join(workspaceRoot(), 'src', 'ledger.js');
      const before = "'use strict';\n// Ledger entries are integer cents.\nmodule.exports = { entries: [] };\n";
      fs.writeFileSync(ledger, before);
      const server = await useFake([
        { toolUses: [{ name: 'edit_file', input: { path: 'src/ledger.js', old_text: 'integer cents', new_text: '// pwned' } }] },
        { text: 'I was not allowed to edit.' },
      ]);
      const policy = { id: 'test-no-writes', subjects: [api.security.localPrincipal], block: ['file.write'] };
      await api.security.access.setPolicy(policy);
      try {
        const auditBefore = api.security.audit.head.seq;
        const task = await vscode.commands.executeCommand<DelegatedTask>(COMMANDS.delegateToClaude, {
          task: 'Replace the comment',
          expertId: 'backend-architect',
        });
        assert.ok(task);
        assert.strictEqual(task.state, 'failed', 'a refused edit is not a success');
        assert.strictEqual(task.result?.denied, 1);
        assert.strictEqual(fs.readFileSync(ledger, 'utf8'), before, 'the file is unchanged');
        const answer = toolResultsOf(server.requests[1]!)[0]!;
        assert.strictEqual(answer.is_error, true);
        assert.match(answer.content, /blocked by policy "test-no-writes"/);
        await api.security.audit.flush();
        const denied = api.security.audit.getRecentEvents(200).filter((r) => r.seq > auditBefore && r.operation === 'file.write' && r.outcome === 'denied');
        assert.strictEqual(denied.length, 1);
        assert.strictEqual(denied[0]!.type, 'authorization_denied');
      } finally {
        await api.security.access.removePolicy(policy.id);
      }
    });

    test('Show Delegated Tasks lists the tasks and opens their details', async () => {
      const tasks = api.delegation.list();
      assert.ok(tasks.length >= 2);
      const shown = await vscode.commands.executeCommand<DelegatedTask>(COMMANDS.showDelegatedTasks, tasks[tasks.length - 1]!.taskId);
      assert.ok(shown);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor && editor.document.languageId === 'markdown');
      assert.match(editor.document.getText(), /^# Claude: Document the unit of totalInvoice/);
      assert.match(editor.document.getText(), /\*\*Changed files:\*\* src\/invoice\.js/);
      await sleep(500);
      await screenshot('delegated-task');
    });
  });
}
