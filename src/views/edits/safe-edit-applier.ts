// VS Code's part of the core's one edit path (src/orchestrator/edits/edit-service.ts decides: path, exact
// replacement, the gate, the stale check): the change is shown as a diff of two snapshots while the gate
// decides, and ONE WorkspaceEdit applies it, so a single undo reverts it. "Applied" means on disk.
import * as path from 'path';
import * as vscode from 'vscode';
import { type EditChange, type EditHostPort, type EditPreview, EditStaleError } from '../../orchestrator/edits/edit-host';
import { ProposedContentProvider } from './proposed-content';

export class VscodeEditHost implements EditHostPort {
  constructor(
    private readonly proposed: ProposedContentProvider,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The text as the editor has it (unsaved changes included); undefined when it cannot be opened (no file). */
  async read(absolute: string): Promise<string | undefined> {
    try {
      return (await vscode.workspace.openTextDocument(vscode.Uri.file(absolute))).getText();
    } catch {
      return undefined;
    }
  }

  // The diff shows two snapshots (the text now, the text proposed), never the live document: a document
  // on screen in a diff while it is being edited makes the workbench's diff model trip over itself and
  // the save land late. The core closes it before the WorkspaceEdit is applied.
  async show(change: EditChange): Promise<EditPreview> {
    const name = path.basename(change.absolute);
    const left = this.proposed.add(name, change.before ?? '');
    const right = this.proposed.add(name, change.after);
    await vscode.commands.executeCommand('vscode.diff', left, right, `${change.relative} ↔ proposed by ${change.proposedBy}`, {
      preview: true,
      preserveFocus: true,
    });
    return { close: () => this.closePreview(left, right) };
  }

  async write(change: EditChange): Promise<void> {
    const uri = vscode.Uri.file(change.absolute);
    const workspaceEdit = new vscode.WorkspaceEdit();
    if (change.before !== undefined) {
      const doc = await vscode.workspace.openTextDocument(uri);
      if (doc.getText() !== change.before) throw new EditStaleError(`${change.relative} changed while the edit was being approved.`);
      workspaceEdit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(change.before.length)), change.after);
    } else {
      workspaceEdit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(change.after) });
    }
    // "Applied" means on disk. With files.refactoring.autoSave on (the default), the edit is marked as a
    // refactoring so VS Code saves it itself, once; two saves of one file racing each other made save()
    // answer false, or wait on a conflict. Otherwise it is saved here. Either way the file read back from
    // disk decides, and a save still missing after a while is asked for again, each attempt bounded.
    const vscodeSaves = vscode.workspace.getConfiguration('files').get<boolean>('refactoring.autoSave', true);
    if (!(await vscode.workspace.applyEdit(workspaceEdit, { isRefactoring: vscodeSaves }))) throw new Error(`VS Code refused the edit of ${change.relative}.`);
    const doc = change.before !== undefined ? await vscode.workspace.openTextDocument(uri) : undefined;
    const saveIfDirty = async () => {
      if (doc?.isDirty) await Promise.race([doc.save(), sleep(SAVE_ATTEMPT_MS)]);
    };
    if (!vscodeSaves) await saveIfDirty();
    if (!(await fileHolds(uri, change.after, SAVE_WAIT_MS, saveIfDirty))) {
      throw new Error(
        `VS Code did not save ${change.relative}: the file on disk does not hold the edit ${SAVE_WAIT_MS / 1000} s after it was applied (the edit may be in the editor, unsaved).`,
      );
    }
    this.log.info(`Applied an edit of ${change.relative} proposed by ${change.proposedBy}.`);
  }

  private async closePreview(left: vscode.Uri, right: vscode.Uri): Promise<void> {
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === right.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
    this.proposed.remove(left);
    this.proposed.remove(right);
  }
}

/** How long a save started by VS Code itself may take to reach the disk. */
const SAVE_WAIT_MS = 10_000;
/** How long one save of ours is awaited before the disk is looked at again. */
const SAVE_ATTEMPT_MS = 2_000;
/** After how long without the edit on disk a save is asked for (again). */
const NUDGE_EVERY_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Whether the file on disk holds `expected`, read back until it does or `waitMs` have passed; every
 * couple of seconds without it, `nudge` runs (a save that lost a race is asked for again).
 */
async function fileHolds(uri: vscode.Uri, expected: string, waitMs: number, nudge: () => Promise<void>): Promise<boolean> {
  const started = Date.now();
  let nudged = 0;
  for (;;) {
    if (new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) === expected) return true;
    const elapsed = Date.now() - started;
    if (elapsed >= waitMs) return false;
    if (elapsed >= (nudged + 1) * NUDGE_EVERY_MS) {
      nudged++;
      await nudge();
    }
    await sleep(50);
  }
}
