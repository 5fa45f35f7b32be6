// The one edit path of every host: resolve the path once, compute the new text (one exact replacement or
// a whole text), let the host show it while the security gate decides (approval unless auto-approved;
// protected files always ask), close the preview, check the file did not change meanwhile, and have the
// host write it. Every step ends in a typed outcome; the gate audits the decision and any failure after it,
// and an edit that does not fit the file (never attempted) as well.
import { BigThreeError } from '../errors';
import type { LoggerPort } from '../ports';
import { ApprovalDeniedError } from '../security/errors';
import type { PathGuard } from '../security/path-guard';
import type { GateDecision, GateRequest, SecurityGate } from '../security/security-gate';
import { creationPreview, replacementPreview } from '../delegates/text-edits';
import { type EditChange, type EditHostPort, EditStaleError, EditTargetError } from './edit-host';
import { type EditOutcome, type EditProposer, type ProposedEdit, parseProposedEdit } from './edit-types';

export interface EditServiceOptions {
  gate: SecurityGate;
  /** Undefined when no workspace folder is open (the gate then refuses every edit). */
  paths: () => PathGuard | undefined;
  host: EditHostPort;
  /** Says in the host's log why an allowed or refused edit was not applied. */
  logger?: LoggerPort;
}

/** The edit does not fit the file; becomes an `invalid` outcome. */
class EditMismatch extends Error {
  override readonly name: string = 'EditMismatch';
}

export class EditService {
  constructor(private readonly options: EditServiceOptions) {}

  /** Proposes an edit (validated here: it may come straight from model output). Never throws for a refusal. */
  async apply(raw: ProposedEdit | unknown, who: EditProposer): Promise<EditOutcome> {
    const outcome = await this.decide(raw, who);
    if (outcome.status !== 'applied')
      this.options.logger?.warn(`Edit of ${outcome.file} proposed by ${who.actingExpert ?? who.principal} not applied (${outcome.status}): ${outcome.reason}`);
    return outcome;
  }

  private async decide(raw: unknown, who: EditProposer): Promise<EditOutcome> {
    const edit = parseProposedEdit(raw);
    const { gate, host } = this.options;
    // Who may write is settled before the file is read: otherwise "the text to replace was not found"
    // against "denied" would tell a caller without the permission what the file holds.
    try {
      await gate.checkAccess(writeRequest(edit.file, who));
    } catch (error) {
      if (error instanceof BigThreeError) return { status: 'denied', file: edit.file, reason: error.message };
      throw error;
    }
    // Resolved once, to read the current text; an unresolvable path goes to the gate, which refuses and audits it.
    const target = await this.options
      .paths()
      ?.resolve(edit.file, 'write')
      .catch(() => undefined);
    let before: string | undefined;
    let after: string;
    try {
      before = target ? await host.read(target.absolute) : undefined;
      // Without a resolved path the gate refuses (and audits) below; the text is then never written.
      after = target ? nextText(edit, before, target.relative) : 'newContent' in edit ? edit.newContent : '';
    } catch (error) {
      if (error instanceof EditMismatch || error instanceof EditTargetError) {
        const file = target?.relative ?? edit.file;
        await gate.recordNotAttempted(writeRequest(edit.file, who), error.message);
        return { status: 'invalid', file, reason: error.message };
      }
      throw error;
    }
    const change = target ? { relative: target.relative, absolute: target.absolute, before, after, proposedBy: who.actingExpert ?? who.principal } : undefined;
    const preview = change ? await host.show(change) : undefined;
    let decision: GateDecision;
    try {
      decision = await gate.enforce({
        principal: who.principal,
        operation: 'file.write',
        path: edit.file,
        payload: after,
        ...(who.actingExpert ? { actingExpert: who.actingExpert } : {}),
        ...(who.taskId ? { details: { taskId: who.taskId } } : {}),
        detail: `${who.reason ? `${who.reason}\n` : ''}${describeChange(before, after)}${preview ? ' (the diff is open in the editor)' : ''}.`,
        preview: 'replace' in edit ? replacementPreview(edit.file, edit.replace.oldText, edit.replace.newText) : creationPreview(edit.file, after),
      });
    } catch (error) {
      await preview?.close();
      if (error instanceof ApprovalDeniedError && error.userAsked) return { status: 'rejected-by-user', file: edit.file, reason: error.message };
      if (error instanceof BigThreeError) return { status: 'denied', file: edit.file, reason: error.message };
      throw error;
    }
    // Approved: the preview has served its purpose and is closed before the file changes.
    await preview?.close();
    if (!target) return { status: 'invalid', file: edit.file, reason: `${edit.file} could not be resolved in the workspace.` };
    const checked: EditChange = {
      relative: decision.path!.relative,
      absolute: decision.path!.absolute,
      before,
      after,
      proposedBy: who.actingExpert ?? who.principal,
    };
    try {
      if ((await host.read(checked.absolute)) !== before) throw new EditStaleError();
      await host.write(checked);
    } catch (error) {
      if (error instanceof EditStaleError) {
        const reason = `${checked.relative} changed while the edit waited for approval; read it again and redo the edit.`;
        await gate.recordFailure(decision, new Error(reason));
        return { status: 'stale', file: checked.relative, reason };
      }
      const reason = `Could not write ${checked.relative}: ${(error as Error)?.message ?? String(error)}`;
      await gate.recordFailure(decision, new Error(reason));
      return { status: 'failed', file: checked.relative, reason };
    }
    return { status: 'applied', file: checked.relative, approvedBy: decision.approvedBy, created: before === undefined };
  }
}

/** The gate request for writing `file` on behalf of `who` (what checkAccess sees and an unattempted edit records). */
function writeRequest(file: string, who: EditProposer): GateRequest {
  return {
    principal: who.principal,
    operation: 'file.write',
    path: file,
    ...(who.actingExpert ? { actingExpert: who.actingExpert } : {}),
    ...(who.taskId ? { details: { taskId: who.taskId } } : {}),
  };
}

function nextText(edit: ProposedEdit, before: string | undefined, file: string): string {
  if ('newContent' in edit) {
    if (edit.createOnly && before !== undefined) throw new EditMismatch(`${file} already exists; read it and use edit_file to change it.`);
    return edit.newContent;
  }
  if (before === undefined) throw new EditMismatch(`${file} does not exist; use create_file for a new file.`);
  return replaceExactlyOnce(before, edit.replace.oldText, edit.replace.newText, file);
}

/** Replaces `oldText`, which must occur exactly once in `text`. */
export function replaceExactlyOnce(text: string, oldText: string, newText: string, file: string): string {
  if (!oldText) throw new EditMismatch(`The text to replace in ${file} is empty.`);
  const first = text.indexOf(oldText);
  if (first < 0) throw new EditMismatch(`The text to replace was not found in ${file}; read the file again and copy the exact text.`);
  if (text.indexOf(oldText, first + 1) >= 0)
    throw new EditMismatch(`The text to replace occurs more than once in ${file}; include more surrounding lines so it is unique.`);
  return text.slice(0, first) + newText + text.slice(first + oldText.length);
}

function describeChange(before: string | undefined, after: string): string {
  const lines = (t: string) => (t ? t.split('\n').length : 0);
  return before !== undefined ? `Replaces ${lines(before)} lines with ${lines(after)} lines` : `Creates a new file of ${lines(after)} lines`;
}
