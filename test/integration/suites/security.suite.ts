// The security feature inside a real VS Code: the gate on the pool commands, the Audit Log view,
// Verify Audit Log, Manage Permissions, API keys in SecretStorage and safe, undoable agent edits.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BigThreeApi } from '../../../src/extension';
import { silentLogger } from '../../../src/orchestrator/ports';
import { SecurityGate } from '../../../src/orchestrator/security/security-gate';
import { CommandGuard } from '../../../src/orchestrator/security/command-guard';
import { EditService } from '../../../src/orchestrator/edits/edit-service';
import type { EditOutcome } from '../../../src/orchestrator/edits/edit-types';
import { VscodeEditHost } from '../../../src/views/edits/safe-edit-applier';
import { activateBigThree, screenshot, sleep, until, workspaceRoot } from '../helpers';
import { COMMANDS, VIEWS, focusCommand } from '../../../src/views/command-ids';

async function setSetting(key: string, value: unknown): Promise<void> {
  const [section, ...rest] = key.split('.');
  await vscode.workspace.getConfiguration(section).update(rest.join('.'), value, vscode.ConfigurationTarget.Global);
}

export function defineSecurityTests(): void {
  suite('Security in a real VS Code', () => {
    let api: BigThreeApi;
    let me: string;

    suiteSetup(async () => {
      api = await activateBigThree();
      me = api.security.localPrincipal;
    });

    suiteTeardown(async () => {
      for (const key of ['bigThree.security.localRole', 'bigThree.autoApprove.edit', 'bigThree.autoApprove.perExpert']) await setSetting(key, undefined);
    });

    test('the security commands are registered and the audit log lives in global storage', async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['verifyAuditLog', 'managePermissions', 'setApiKey', 'clearApiKey', 'filterAuditLog', 'clearAuditFilter', 'showAuditEvent'])
        assert.ok(commands.includes(`bigThree.${id}`), id);
      assert.ok(!api.security.audit.directory.startsWith(workspaceRoot()), 'not inside the workspace');
      assert.match(me, /^local:/);
      assert.strictEqual(api.security.access.getLocalRole(), 'developer');
    });

    test('pool commands pass the gate: allowed and denied acquisitions are both audited', async () => {
      const instance = await vscode.commands.executeCommand<{ id: string }>(COMMANDS.acquireExpert, 'code-reviewer', 'review the security layer');
      assert.ok(instance, 'acquired as developer');
      const created = api.security.audit.getRecentEvents(1)[0]!;
      assert.strictEqual(created.type, 'agent_created');
      assert.strictEqual(created.user, me);
      await setSetting('bigThree.security.localRole', 'viewer');
      await until('the viewer role', () => api.security.access.getLocalRole() === 'viewer');
      const refused = await vscode.commands.executeCommand(COMMANDS.acquireExpert, 'code-reviewer', 'should be refused');
      assert.strictEqual(refused, undefined);
      const denied = api.security.audit.getRecentEvents(1)[0]!;
      assert.strictEqual(denied.type, 'authorization_denied');
      assert.strictEqual(denied.operation, 'agent.acquire');
      await vscode.commands.executeCommand(COMMANDS.terminateInstance, instance.id);
      assert.notStrictEqual(api.core.pool.getInstance(instance.id)?.status, 'terminated', 'a viewer cannot terminate');
      await setSetting('bigThree.security.localRole', undefined);
      await until('the developer role', () => api.security.access.getLocalRole() === 'developer');
      await vscode.commands.executeCommand(COMMANDS.terminateInstance, instance.id);
      assert.strictEqual(api.core.pool.getInstance(instance.id)?.status, 'terminated');
    });

    test('Manage Permissions needs admin; an admin grant is persisted', async () => {
      assert.strictEqual(
        await vscode.commands.executeCommand(COMMANDS.managePermissions, { action: 'grant', principal: 'token:ci', grant: 'viewer' }),
        undefined,
      );
      await setSetting('bigThree.security.localRole', 'admin');
      await until('the admin role', () => api.security.access.getLocalRole() === 'admin');
      const grant = await vscode.commands.executeCommand<{ roles: string[] }>(COMMANDS.managePermissions, {
        action: 'grant',
        principal: 'token:ci',
        grant: 'viewer',
      });
      assert.deepStrictEqual(grant?.roles, ['viewer']);
      const issued = await vscode.commands.executeCommand<{ token: string; principal: string }>(COMMANDS.managePermissions, {
        action: 'issueToken',
        principal: 'token:ci',
      });
      assert.strictEqual((await api.security.tokens.authenticate(issued!.token, 'test')).principal, 'token:ci');
      await setSetting('bigThree.security.localRole', undefined);
      await until('the developer role', () => api.security.access.getLocalRole() === 'developer');
    });

    test('API keys go to SecretStorage only and are never audited', async () => {
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.setApiKey, 'anthropic', 'sk-ant-test-0123456789abcdefghij'), 'anthropic');
      assert.strictEqual(await api.apiKeys.get('anthropic'), 'sk-ant-test-0123456789abcdefghij');
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.setApiKey, 'anthropic', 'has spaces in it'), undefined, 'a malformed key is refused');
      assert.strictEqual(await vscode.commands.executeCommand(COMMANDS.clearApiKey, 'anthropic'), true);
      assert.strictEqual(await api.apiKeys.get('anthropic'), undefined);
      const dir = api.security.audit.directory;
      const text = fs
        .readdirSync(dir)
        .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
        .join('');
      assert.ok(!text.includes('sk-ant-test'), 'the key is not in the audit log');
      assert.ok(text.includes('API key stored in secret storage'));
    });

    test('an agent edit applies as one undoable WorkspaceEdit when edits are auto-approved', async () => {
      const file = path.join(workspaceRoot(), 'src', 'security-demo.js');
      fs.writeFileSync(file, "const greeting = 'hello';\nmodule.exports = { greeting };\n");
      await setSetting('bigThree.autoApprove.edit', true);
      await until('auto-approve', () => api.security.settings().autoApprove.global.edit === true);
      const result = await api.edits.apply(
        { file: 'src/security-demo.js', replace: { oldText: "'hello'", newText: "'hello, world'" } },
        { principal: me, actingExpert: 'backend-architect', reason: 'friendlier greeting' },
      );
      assert.deepStrictEqual(result, { status: 'applied', file: 'src/security-demo.js', approvedBy: 'auto-approve', created: false });
      assert.match(fs.readFileSync(file, 'utf8'), /hello, world/);
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(editor.document.getText(), "const greeting = 'hello';\nmodule.exports = { greeting };\n", 'one undo reverts the whole edit');
      await editor.document.save();
      const reviewer = await api.edits.apply({ file: 'src/security-demo.js', newContent: 'x' }, { principal: me, actingExpert: 'code-reviewer' });
      assert.strictEqual(reviewer.status, 'denied');
      assert.match(reasonOf(reviewer), /none of the tools write_file, edit_file/);
      const escape = await api.edits.apply({ file: '../outside.js', newContent: 'x' }, { principal: me, actingExpert: 'backend-architect' });
      assert.strictEqual(escape.status, 'denied');
      assert.strictEqual(api.security.audit.getRecentEvents(1)[0]!.type, 'security_violation');
      await setSetting('bigThree.autoApprove.edit', undefined);
    });

    test('protected files always ask; the diff is shown while asking and a refusal changes nothing', async () => {
      const asked: string[] = [];
      let diffOpen = false;
      const gate = new SecurityGate({
        access: api.security.access,
        audit: api.security.audit,
        rateLimiter: api.security.rateLimiter,
        paths: api.security.paths,
        commands: () => new CommandGuard(),
        autoApprove: () => ({ global: { edit: true }, perExpert: {} }),
        logger: silentLogger,
        approval: {
          requestApproval: async (request) => {
            asked.push(request.detail);
            diffOpen = vscode.window.tabGroups.all
              .flatMap((g) => g.tabs)
              .some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'big-three-proposed');
            return false;
          },
        },
      });
      const edits = new EditService({ gate, paths: api.security.paths, host: new VscodeEditHost(api.proposedContent, api.log) });
      const result = await edits.apply({ file: '.vscode/settings.json', newContent: '{"evil": true}' }, { principal: me, actingExpert: 'backend-architect' });
      assert.strictEqual(result.status, 'rejected-by-user');
      assert.match(reasonOf(result), /not approved .*protected file/);
      assert.ok(
        !vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'big-three-proposed'),
        'the diff is closed after the refusal',
      );
      assert.strictEqual(asked.length, 1);
      assert.ok(diffOpen, 'the diff was visible while asking');
      assert.ok(!fs.existsSync(path.join(workspaceRoot(), '.vscode', 'settings.json')));
    });

    test('Verify Audit Log reports an intact chain', async () => {
      const result = await vscode.commands.executeCommand<{ ok: boolean; records: number }>(COMMANDS.verifyAuditLog);
      assert.ok(result?.ok, JSON.stringify(result));
      assert.ok(result.records >= 8);
    });

    test('the Audit Log view groups by day and severity, filters, and opens details (screenshot)', async () => {
      const days = api.auditTree.getChildren();
      assert.ok(days.length >= 1);
      const severities = api.auditTree.getChildren(days[0]);
      assert.deepStrictEqual(
        severities.map((s) => (s as { severity: string }).severity).filter((s) => s !== 'info'),
        ['critical', 'warning'],
      );
      const count = await vscode.commands.executeCommand<number>(COMMANDS.filterAuditLog, { type: 'authorization_denied' });
      assert.ok(count && count >= 2);
      assert.ok(api.auditTree.records().every((r) => r.type === 'authorization_denied'));
      const seq = api.auditTree.records()[0]!.seq;
      const uri = await vscode.commands.executeCommand<string>(COMMANDS.showAuditEvent, seq);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      assert.ok(doc && JSON.parse(doc.getText()).seq === seq);
      await vscode.commands.executeCommand(COMMANDS.clearAuditFilter);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('workbench.view.extension.bigThree');
      await vscode.commands.executeCommand(focusCommand(VIEWS.auditLog));
      const critical = api.auditTree.getChildren(days[0]).find((s) => (s as { severity: string }).severity === 'critical')!;
      const first = api.auditTree.getChildren(critical)[0]!;
      await api.auditView.reveal(first, { select: true, focus: true, expand: true });
      await sleep(1000);
      await screenshot('audit-log-view');
    });
  });
}

function reasonOf(outcome: EditOutcome): string {
  return outcome.status === 'applied' ? '' : outcome.reason;
}
