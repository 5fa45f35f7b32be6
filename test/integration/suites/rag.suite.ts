// Workspace search in a real VS Code: no embedding model is installed here, so the extension must
// activate, say so, and search lexically; indexing, the quick pick, live updates and Ask With Context.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BigThreeApi } from '../../../src/extension';
import type { IndexRunReport } from '../../../src/orchestrator/rag/code-indexer';
import type { TaskContext } from '../../../src/orchestrator/rag/task-context';
import type { CodeSearchResult } from '../../../src/orchestrator/rag/types';
import { activateBigThree, screenshot, sleep, until, workspaceRoot } from '../helpers';
import { COMMANDS } from '../../../src/views/command-ids';

export function defineRagTests(): void {
  suite('Workspace search (RAG) in a real VS Code', () => {
    let api: BigThreeApi;
    const created: string[] = [];
    const write = (rel: string, content: string) => {
      const file = path.join(workspaceRoot(), rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      created.push(file);
    };

    suiteSetup(async () => {
      api = await activateBigThree();
    });
    suiteTeardown(() => {
      for (const file of created) fs.rmSync(file, { force: true });
    });

    test('the commands are registered and the service starts without a model, lexical only, saying why', async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['indexWorkspace', 'searchCode', 'askWithContext', 'downloadEmbeddingModel'])
        assert.ok(commands.includes(`bigThree.${id}`), `bigThree.${id}`);
      const rag = await api.ragHost.ready();
      assert.ok(rag, 'a service for the workspace folder');
      assert.strictEqual(rag.root, workspaceRoot());
      assert.strictEqual(rag.status.lexicalOnly, true);
      assert.match(api.ragHost.reason ?? '', /No embedding model in .*lexical \(BM25\) only.*Download Embedding Model/);
      assert.ok(
        !rag.root.includes(path.join('.big-three', 'rag')) && !fs.existsSync(path.join(workspaceRoot(), '.big-three', 'rag')),
        'the index is kept outside the workspace',
      );
    });

    test('Index Workspace indexes the folder and never a secret', async () => {
      write('.env', 'STRIPE_SECRET=sk_live_do_not_index\n');
      write('deploy/server.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      const report = await vscode.commands.executeCommand<IndexRunReport>(COMMANDS.indexWorkspace);
      assert.ok(report, 'a report is returned');
      const rag = api.ragHost.current!;
      const keys = [...rag.services[0]!.code.docs.keys()];
      for (const key of ['src/invoice.js', 'src/format.js', 'README.md']) assert.ok(keys.includes(key), `${key} indexed (${keys.join(', ')})`);
      assert.ok(!keys.includes('.env') && !keys.includes('deploy/server.pem'));
      assert.ok(!(await rag.searchCode('STRIPE_SECRET sk_live_do_not_index', 10)).some((r) => r.content.includes('sk_live')));
      await until('the status bar shows the index', () => /\d+ files \(lexical\)/.test(api.ragStatusBar.text));
      const audited = api.security.audit.getRecentEvents(200).filter((r) => r.operation === 'code.index' && r.outcome === 'allowed');
      assert.ok(audited.length >= 1, 'indexing was authorized by the gate and audited');
    });

    test('Search Code lists results with a preview and opens the file at the best matching line', async () => {
      const pending = vscode.commands.executeCommand<CodeSearchResult>(COMMANDS.searchCode, 'lineAmounts unitPrice whole cents');
      await sleep(1200); // the quick pick opens with the results and their previews
      await screenshot('search-results');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const result = await pending;
      assert.ok(result, 'a result is picked');
      assert.strictEqual(result.codePath, 'src/invoice.js');
      const editor = vscode.window.activeTextEditor;
      assert.strictEqual(editor?.document.uri.fsPath, path.join(workspaceRoot(), 'src', 'invoice.js'));
      // The selection is the preview's best line, which lies inside the chunk and holds matched words.
      assert.ok(result.preview, 'the result carries a preview');
      assert.strictEqual(editor.selection.start.line, result.preview.bestLine - 1);
      assert.ok(
        editor.selection.start.line >= Number(result.metadata.startLine) - 1 && editor.selection.start.line <= Number(result.metadata.endLine) - 1,
        'inside the chunk',
      );
      assert.match(editor.document.lineAt(editor.selection.start.line).text, /lineAmounts|unitPrice|cents/i);
    });

    test('a new file is searchable shortly after it is saved (file watcher, debounce)', async () => {
      write(
        'src/refunds.js',
        "'use strict';\n// Refunds are negative invoices.\nfunction refundInvoice(invoice) {\n  return { net: -invoice.net, tax: -invoice.tax, gross: -invoice.gross, kangaroo: true };\n}\nmodule.exports = { refundInvoice };\n",
      );
      const rag = api.ragHost.current!;
      const hit = await until('the refund file in the index', () => rag.services[0]!.code.docs.has('src/refunds.js'), 15_000);
      assert.ok(hit);
      assert.strictEqual((await rag.searchCode('kangaroo refundInvoice', 1))[0]?.codePath, 'src/refunds.js');
    });

    test('Ask With Context gathers code and experiences and writes an approach', async () => {
      const rag = api.ragHost.current!;
      await rag.indexExperience({
        task: 'Round tax per invoice line',
        approach: 'Math.round once per line in lineAmounts',
        outcome: 'success',
        expertType: 'backend-architect',
      });
      const context = await vscode.commands.executeCommand<TaskContext>(
        COMMANDS.askWithContext,
        'change how tax is rounded on invoice lines',
        'backend-architect',
      );
      assert.ok(context);
      assert.strictEqual(context.approachSource, 'summary');
      assert.ok(context.codeContext.some((c) => c.codePath === 'src/invoice.js'));
      assert.strictEqual(context.experienceContext[0]?.record.task, 'Round tax per invoice line');
      const doc = vscode.window.activeTextEditor?.document;
      assert.strictEqual(doc?.languageId, 'markdown');
      assert.match(
        doc!.getText(),
        /## Recommended approach[\s\S]*Start from [^\n]*src\/invoice\.js[\s\S]*## Past experiences[\s\S]*Round tax per invoice line/,
      );
      await screenshot('rag-ask-with-context');
    });
  });
}
