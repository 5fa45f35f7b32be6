// Applies an edit an agent proposes, safely: the gate checks the principal, the expert's tools, the
// path (workspace only, never .git) and the size; the change is shown as a diff; approval is asked
// unless edits are auto-approved (protected files always ask); then ONE WorkspaceEdit applies it,
// so a single undo reverts it. Every outcome is audited.
import * as path from 'path';
import * as vscode from 'vscode';
import { InvalidArgumentError } from '../../orchestrator/errors';
import type { PathGuard } from '../../orchestrator/security/path-guard';
import type { ApprovedBy, SecurityGate } from '../../orchestrator/security/security-gate';
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
    let previewUri: vscode.Uri | undefined;
    if (target) {
      previewUri = this.proposed.add(path.basename(target.absolute), next);
      const left = exists ? vscode.Uri.file(target.absolute) : this.proposed.add(path.basename(target.absolute), '');
      await vscode.commands.executeCommand('vscode.diff', left, previewUri, `${target.relative} ↔ proposed by ${who.actingExpert ?? who.principal}`, { preview: true, preserveFocus: true });
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
      const uri = vscode.Uri.file(decision.path!.absolute);
      const workspaceEdit = new vscode.WorkspaceEdit();
      if (exists) {
        const doc = await vscode.workspace.openTextDocument(uri);
        if (doc.getText() !== original) throw new InvalidArgumentError(`${decision.path!.relative} changed while the edit was being approved; ask the agent to propose it again.`);
        workspaceEdit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(original.length)), next);
      } else {
        workspaceEdit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(next) });
      }
      if (!(await vscode.workspace.applyEdit(workspaceEdit))) {
        const error = new Error(`VS Code refused the edit of ${decision.path!.relative}.`);
        await this.gate.recordFailure(decision, error);
        return { applied: false, file: decision.path!.relative, reason: error.message };
      }
      if (exists) await (await vscode.workspace.openTextDocument(uri)).save();
      this.log.info(`Applied an edit of ${decision.path!.relative} proposed by ${who.actingExpert ?? who.principal} (${decision.approvedBy}).`);
      return { applied: true, file: decision.path!.relative, approvedBy: decision.approvedBy };
    } catch (error) {
      const message = (error as Error).message;
      this.log.warn(`Edit of ${edit.file} not applied: ${message}`);
      return { applied: false, file: edit.file, reason: message };
    } finally {
      if (previewUri) await closeTabsOf(previewUri);
      if (previewUri) this.proposed.remove(previewUri);
    }
  }
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

async function closeTabsOf(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString());
  if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
}
