// A large workspace in a real VS Code: a few thousand files generated at test time are indexed (in the
// indexing child process, started by the file watcher's burst and by Index Workspace) while Big Three's
// commands keep answering, and the index completes. This is a
// correctness test: how fast things answer is measured by `npm run bench -- rag-open`, not here.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BigThreeApi } from '../../../src/extension';
import type { IndexRunReport } from '../../../src/orchestrator/rag/code-indexer';
import type { CodeSearchResult } from '../../../src/orchestrator/rag/types';
import { COMMANDS } from '../../../src/views/command-ids';
import { activateBigThree, sleep, until, workspaceRoot } from '../helpers';

const FILES = 3000;
const FOLDER = 'generated-large';

/** A small module with words of its own (`zq<i>marker`), so a search can tell that file apart. */
function moduleText(i: number): string {
  return [
    `// Generated module ${i}: billing rule ${i % 37} for region ${i % 11}.`,
    `export interface Rule${i} { id: string; threshold: number; zq${i}marker: boolean }`,
    '',
    `export function applyRule${i}(amount: number, rule: Rule${i}): number {`,
    `  if (amount > rule.threshold) return Math.round(amount * ${(1 + (i % 9) / 100).toFixed(2)} * 100) / 100;`,
    '  return amount;',
    '}',
    '',
    `export class RuleRegistry${i} {`,
    `  private readonly rules = new Map<string, Rule${i}>();`,
    `  register(rule: Rule${i}): void { this.rules.set(rule.id, rule); }`,
    `  find(id: string): Rule${i} | undefined { return this.rules.get(id); }`,
    '}',
    '',
  ].join('\n');
}

/** Runs a command that opens a quick pick and accepts its first item once it shows (polling, so a slow pick is not missed). */
async function accepting<T>(pending: Thenable<T>, timeoutMs = 30_000): Promise<T> {
  let settled = false;
  const result = Promise.resolve(pending).finally(() => (settled = true));
  const deadline = Date.now() + timeoutMs;
  while (!settled) {
    if (Date.now() > deadline) throw new Error('the command did not answer in time');
    await sleep(300);
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  return result;
}

export function defineRagLargeWorkspaceTests(): void {
  suite('Workspace search on a large generated workspace', () => {
    let api: BigThreeApi;
    let folder: string;

    suiteSetup(async () => {
      api = await activateBigThree();
      folder = path.join(workspaceRoot(), FOLDER);
    });

    suiteTeardown(async function () {
      this.timeout(180_000);
      await fs.promises.rm(folder, { recursive: true, force: true }); // async: the tests run on the extension host
      // Leave the index as the next suites expect it: without the generated files.
      await vscode.commands.executeCommand<IndexRunReport>(COMMANDS.indexWorkspace);
    });

    test(`indexing ${FILES} generated files completes while the commands keep answering`, async function () {
      this.timeout(600_000);
      const rag = await api.ragHost.ready();
      assert.ok(rag, 'the workspace index is open');
      await until('no indexing run under way', () => rag.status.state !== 'indexing', 120_000);
      // Written asynchronously, a few at a time: the tests run on the extension host they observe.
      for (let i = 0; i < FILES; i += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, FILES - i) }, async (_, k) => {
            const file = path.join(folder, `area${(i + k) % 30}`, `rule-module-${i + k}.ts`);
            await fs.promises.mkdir(path.dirname(file), { recursive: true });
            await fs.promises.writeFile(file, moduleText(i + k));
          }),
        );
      }
      const before = rag.status.files;

      let finished = false;
      const indexing = Promise.resolve(vscode.commands.executeCommand<IndexRunReport>(COMMANDS.indexWorkspace)).finally(() => (finished = true));
      const answered: string[] = [];
      let rounds = 0;
      while (!finished) {
        rounds++;
        const stats = await vscode.commands.executeCommand<{ live: number }>(COMMANDS.showPoolStats);
        assert.ok(stats && typeof stats.live === 'number', 'Show Pool Statistics answered');
        answered.push('showPoolStats');
        const chosen = await accepting(
          vscode.commands.executeCommand<{ expertId: string }>(COMMANDS.selectExpert, 'Write unit tests for the invoice rounding module'),
        );
        assert.ok(chosen?.expertId, 'Select Expert for Task answered');
        answered.push('selectExpert');
        const found = await accepting(vscode.commands.executeCommand<CodeSearchResult>(COMMANDS.searchCode, 'invoice total cents'));
        assert.ok(found?.codePath, 'Search Code answered from the index it has');
        answered.push('searchCode'); // (opens the file in a preview editor, which the next one replaces)
      }
      const report = await indexing;
      assert.ok(report, 'Index Workspace returned its report');
      assert.ok(rounds >= 1 && answered.length >= 3, `commands answered during indexing: ${answered.join(', ')}`);
      // The file watcher may have started the pass before the command did (a burst of new files is indexed
      // in the worker too); either way the command's run saw every generated file indexed.
      assert.ok(report.filesIndexed + report.filesUnchanged >= FILES, `${report.filesIndexed} indexed, ${report.filesUnchanged} unchanged`);

      const after = api.ragHost.current!;
      assert.strictEqual(after.status.state, 'idle');
      // (Other files may come and go meanwhile: the previous suite's teardown removes the files it wrote.)
      const generated = [...after.services[0]!.code.docs.keys()].filter((key) => key.startsWith(`${FOLDER}/`));
      assert.strictEqual(generated.length, FILES, `${generated.length} generated files in the index (${after.status.files} in all, ${before} before)`);
      const hits = await after.searchCode('zq2718marker applyRule2718', 3);
      assert.strictEqual(hits[0]?.codePath, `${FOLDER}/area${2718 % 30}/rule-module-2718.ts`);
      await until('the status bar shows the new count', () => new RegExp(`${after.status.files} files`).test(api.ragStatusBar.text), 10_000);
      // The index is saved as one compact file in the shared data folder, outside the workspace.
      const base = path.join(api.ragHost.storageDir(after.root), 'code', 'base.bt3');
      assert.strictEqual(fs.readFileSync(base).subarray(0, 8).toString('ascii'), 'BT3IDX03');
      assert.ok(!fs.existsSync(path.join(workspaceRoot(), '.big-three', 'rag')));
    });
  });
}
