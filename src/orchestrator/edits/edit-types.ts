// What an agent proposes to change in a file, who proposes it, and how it ended (typed outcomes: callers
// branch on `status`, never on message text or the audit log).
import { InvalidArgumentError } from '../errors';
import type { ApprovedBy } from '../security/security-gate';

/** A whole new text (a new file, or replacing an existing one), or one exact replacement in an existing file. */
export type ProposedEdit =
  | { file: string; newContent: string; /** Refuse when the file exists (create_file). */ createOnly?: boolean }
  | { file: string; replace: { oldText: string; newText: string } };

export interface EditProposer {
  principal: string;
  actingExpert?: string;
  /** Why the agent wants this edit; shown in the approval prompt. */
  reason?: string;
  /** The delegated task the edit belongs to (audit details). */
  taskId?: string;
}

export type EditOutcome =
  | { status: 'applied'; file: string; approvedBy: ApprovedBy; created: boolean }
  /** The security gate refused it (permission, the expert's tools, path, size, rate). */
  | { status: 'denied'; file: string; reason: string }
  /** The user was asked and said no. */
  | { status: 'rejected-by-user'; file: string; reason: string }
  /** The file changed between the proposal and the write: nothing was written. */
  | { status: 'stale'; file: string; reason: string }
  /** The edit does not fit the file (text not found or not unique, file missing or already there, a folder). */
  | { status: 'invalid'; file: string; reason: string }
  /** Allowed, but writing failed. */
  | { status: 'failed'; file: string; reason: string };

export type EditStatus = EditOutcome['status'];

/** Runtime validation: proposals come from model output and are untrusted. */
export function parseProposedEdit(raw: unknown): ProposedEdit {
  const e = raw as Record<string, unknown> | null;
  if (!e || typeof e !== 'object' || typeof e.file !== 'string' || !e.file) throw new InvalidArgumentError('An edit needs a "file" path.');
  if (typeof e.newContent === 'string' && e.replace === undefined)
    return { file: e.file, newContent: e.newContent, ...(e.createOnly === true ? { createOnly: true } : {}) };
  const r = e.replace as Record<string, unknown> | undefined;
  if (r && typeof r === 'object' && typeof r.oldText === 'string' && typeof r.newText === 'string' && e.newContent === undefined) {
    if (!r.oldText) throw new InvalidArgumentError('replace.oldText must not be empty.');
    return { file: e.file, replace: { oldText: r.oldText, newText: r.newText } };
  }
  throw new InvalidArgumentError('An edit gives either "newContent" or "replace": {"oldText", "newText"}, not both.');
}
