// Applies an edit an agent proposes, safely: the gate checks the principal, the expert's tools, the
// path (workspace only, never .git) and the size; the change is shown as a diff; approval is asked
// unless edits are auto-approved (protected files always ask); then ONE WorkspaceEdit applies it,
// so a single undo reverts it. Every outcome is audited.
import * as path from 'path';
import * as vscode from 'vscode';
import { InvalidArgumentError } from '../../orchestrator/errors';
import type { PathGuard } from '../../orchestrator/security/path-guard';
import type { ApprovedBy, GateDecision, SecurityGate } from '../../orchestrator/security/security-gate';
import { ProposedContentProvider } from './proposed-content';

export type ProposedEdit = { file: string; newContent: string } | { file: string; replace: { oldText: string; newText: string } };

export interface EditProposer {
  principal: string;
  actingExpert?: string;
  /** Why the agent wants this edit; shown in the approval prompt. */
  reason?: string;
}

export interface EditResult {
  applied: boolean;
  file: string;
  approvedBy?: ApprovedBy;
  /** Why it was not applied. */
  reason?: string;
}

/** Runtime validation: proposals come from model output and are untrusted. */
export function parseProposedEdit(raw: unknown): ProposedEdit {
  const e = raw as Record<string, unknown> | null;
  if (!e || typeof e !== 'object' || typeof e.file !== 'string' || !e.file) throw new InvalidArgumentError('An edit needs a "file" path.');
  if (typeof e.newContent === 'string' && e.replace === undefined) return { file: e.file, newContent: e.newContent };
  const r = e.replace as Record<string, unknown> | undefined;
  if (r && typeof r === 'object' && typeof r.oldText === 'string' && typeof r.newText === 'string' && e.newContent === undefined) {
    if (!r.oldText) throw new InvalidArgumentError('replace.oldText must not be empty.');
    return { file: e.file, replace: { oldText: r.oldText, newText: r.newText } };
  }
  throw new InvalidArgumentError('An edit gives either "newContent" or "replace": {"oldText", "newText"}, not both.');
}

export class SafeEditApplier {
  constructor(
    private readonly gate: SecurityGate,
    private readonly paths: () => PathGuard | undefined,
    private readonly proposed: ProposedContentProvider,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async apply(rawEdit: unknown, who: EditProposer): Promise<EditResult> {
    const edit = parseProposedEdit(rawEdit);
    // Resolve once only to read the current text for the preview; the gate below re-checks and audits.
    const target = await this.paths()?.resolve(edit.file, 'write').catch(() => undefined);
    let original = '';
    let exists = false;
    if (target) {
      try {
        original = (await vscode.workspace.openTextDocument(vscode.Uri.file(target.absolute))).getText();
        exists = true;
      } catch {
        exists = false;
      }
    }
    let next: string;
    try {
      next = 'newContent' in edit ? edit.newContent : replaceOnce(original, edit.replace.oldText, edit.replace.newText, edit.file, exists);
    } catch (error) {
      return { applied: false, file: edit.file, reason: (error as Error).message };
    }
    // The diff shows two snapshots (the text now, the text proposed), never the live document: a document
    // on screen in a diff while it is being edited makes the workbench's diff model trip over itself and
    // the save land late.
    let preview: DiffPreview | undefined;
    if (target) {
      const name = path.basename(target.absolute);
      preview = { left: this.proposed.add(name, exists ? original : ''), right: this.proposed.add(name, next) };
      await vscode.commands.executeCommand('vscode.diff', preview.left, preview.right, `${target.relative} ↔ proposed by ${who.actingExpert ?? who.principal}`, { preview: true, preserveFocus: true });
    }
    try {
      const decision = await this.gate.enforce({
        principal: who.principal,
        operation: 'file.write',
        path: edit.file,
        payload: next,
        ...(who.actingExpert ? { actingExpert: who.actingExpert } : {}),
        detail: `${who.reason ? `${who.reason}\n` : ''}${describeChange(original, next, exists)} (the diff is open in the editor).`,
        preview: next.slice(0, 2_000),
      });
      // Approved: the preview has served its purpose and is closed before the file changes.
      await this.closePreview(preview);
      preview = undefined;
      const uri = vscode.Uri.file(decision.path!.absolute);
      const workspaceEdit = new vscode.WorkspaceEdit();
      if (exists) {
        const doc = await vscode.workspace.openTextDocument(uri);
        if (doc.getText() !== original) throw new InvalidArgumentError(`${decision.path!.relative} changed while the edit was being approved; ask the agent to propose it again.`);
        workspaceEdit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(original.length)), next);
      } else {
        workspaceEdit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(next) });
      }
      if (!(await vscode.workspace.applyEdit(workspaceEdit))) return await this.failed(decision, new Error(`VS Code refused the edit of ${decision.path!.relative}.`));
      // "Applied" means on disk. VS Code may save the file itself (files.refactoring.autoSave saves files
      // a WorkspaceEdit touched that no editor shows), so the document is saved here only while it is
      // still dirty, and the file is read back until it holds the edit: whoever saves, the agent is told
      // only after the change is on disk.
      if (exists) {
        const doc = await vscode.workspace.openTextDocument(uri);
        if (doc.isDirty && !(await doc.save()) && doc.isDirty) {
          return await this.failed(decision, new Error(`VS Code did not save ${decision.path!.relative}; the edit is in the editor, unsaved.`));
        }
      }
      if (!(await fileHolds(uri, next, SAVE_WAIT_MS))) {
        return await this.failed(decision, new Error(`${decision.path!.relative} on disk does not hold the edit ${SAVE_WAIT_MS / 1000} s after it was applied.`));
      }
      this.log.info(`Applied an edit of ${decision.path!.relative} proposed by ${who.actingExpert ?? who.principal} (${decision.approvedBy}).`);
      return { applied: true, file: decision.path!.relative, approvedBy: decision.approvedBy };
    } catch (error) {
      const message = (error as Error).message;
      this.log.warn(`Edit of ${edit.file} not applied: ${message}`);
      return { applied: false, file: edit.file, reason: message };
    } finally {
      await this.closePreview(preview);
    }
  }

  private async failed(decision: GateDecision, error: Error): Promise<EditResult> {
    await this.gate.recordFailure(decision, error);
    this.log.warn(`Edit of ${decision.path!.relative} not applied: ${error.message}`);
    return { applied: false, file: decision.path!.relative, reason: error.message };
  }

  private async closePreview(preview: DiffPreview | undefined): Promise<void> {
    if (!preview) return;
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === preview.right.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
    this.proposed.remove(preview.left);
    this.proposed.remove(preview.right);
  }
}

interface DiffPreview {
  left: vscode.Uri;
  right: vscode.Uri;
}

function replaceOnce(text: string, oldText: string, newText: string, file: string, exists: boolean): string {
  if (!exists) throw new InvalidArgumentError(`${file} does not exist, so nothing in it can be replaced.`);
  const first = text.indexOf(oldText);
  if (first < 0) throw new InvalidArgumentError(`The text to replace was not found in ${file}.`);
  if (text.indexOf(oldText, first + 1) >= 0) throw new InvalidArgumentError(`The text to replace occurs more than once in ${file}; include more context.`);
  return text.slice(0, first) + newText + text.slice(first + oldText.length);
}

function describeChange(before: string, after: string, exists: boolean): string {
  const lines = (t: string) => (t ? t.split('\n').length : 0);
  return exists ? `Replaces ${lines(before)} lines with ${lines(after)} lines` : `Creates a new file of ${lines(after)} lines`;
}

/** How long a save started by VS Code itself may take to reach the disk. */
const SAVE_WAIT_MS = 10_000;

/** Whether the file on disk holds `expected`, read back until it does or `waitMs` have passed. */
async function fileHolds(uri: vscode.Uri, expected: string, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) === expected) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
