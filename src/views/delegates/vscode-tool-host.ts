// The coder's tools in VS Code: reads, listings, search and commands as on every host (gate, command
// guard, audit); edits and new files through the security feature's safe edit applier, so the user
// sees a diff, approves unless edits are auto-approved, and ONE WorkspaceEdit applies the change.
import type { DelegateActor } from '../../orchestrator/delegates/delegate-types';
import { DelegateToolError } from '../../orchestrator/delegates/errors';
import { GatedToolHost, GatedToolHostOptions } from '../../orchestrator/delegates/gated-tool-host';
import type { AuditLogger } from '../../orchestrator/security/audit-logger';
import type { EditResult, ProposedEdit, SafeEditApplier } from '../edits/safe-edit-applier';

export class VscodeToolHost extends GatedToolHost {
  constructor(options: GatedToolHostOptions, private readonly edits: SafeEditApplier, private readonly audit: AuditLogger) {
    super(options);
  }

  override async editFile(actor: DelegateActor, edit: { path: string; oldText: string; newText: string; reason: string }): Promise<string> {
    if ((await this.currentText(edit.path)) === undefined) throw new DelegateToolError(`${edit.path} does not exist; use create_file for a new file.`, false);
    const result = await this.apply(actor, { file: edit.path, replace: { oldText: edit.oldText, newText: edit.newText } }, edit.reason);
    return `Edited ${result.file} (replaced ${edit.oldText.split('\n').length} lines with ${edit.newText.split('\n').length}; ${result.approvedBy === 'user' ? 'approved by the user' : result.approvedBy}).`;
  }

  override async createFile(actor: DelegateActor, file: { path: string; content: string; reason: string }): Promise<string> {
    if ((await this.currentText(file.path)) !== undefined) throw new DelegateToolError(`${file.path} already exists; read it and use edit_file to change it.`, false);
    const result = await this.apply(actor, { file: file.path, newContent: file.content }, file.reason);
    return `Created ${result.file} (${file.content.split('\n').length} lines).`;
  }

  private async apply(actor: DelegateActor, edit: ProposedEdit, reason: string): Promise<EditResult> {
    const before = this.audit.head.seq;
    const result = await this.edits.apply(edit, { principal: actor.principal, actingExpert: actor.expertId, reason });
    if (result.applied) return result;
    // The applier reports refusals as text; the audit log says whether the gate refused it.
    await this.audit.flush();
    const denied = this.audit.getRecentEvents(50).some((r) => r.seq > before && r.operation === 'file.write' && r.outcome === 'denied');
    throw new DelegateToolError(result.reason ?? `The edit of ${edit.file} was not applied.`, denied);
  }
}
