// Auto-approve settings per category (read, edit, command, browser), globally or per expert. A
// per-expert entry overrides the global one for that expert; protected files and commands that are
// not on the allow list always ask, whatever these say.
import { APPROVAL_CATEGORIES, ApprovalCategory } from './privileged-operations';

export interface AutoApproveSettings {
  global: Partial<Record<ApprovalCategory, boolean>>;
  perExpert: Record<string, Partial<Record<ApprovalCategory, boolean>>>;
}

export const NO_AUTO_APPROVE: AutoApproveSettings = { global: {}, perExpert: {} };

export function isAutoApproved(settings: AutoApproveSettings, category: ApprovalCategory, expertId?: string): boolean {
  const own = expertId !== undefined ? settings.perExpert[expertId]?.[category] : undefined;
  return own ?? settings.global[category] ?? false;
}

/** Accepts { "qa-expert": ["read", "edit"] } or { "qa-expert": { "edit": true } }; drops anything else. */
export function parsePerExpert(raw: unknown): AutoApproveSettings['perExpert'] {
  const out: AutoApproveSettings['perExpert'] = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [expert, value] of Object.entries(raw as Record<string, unknown>)) {
    const entry: Partial<Record<ApprovalCategory, boolean>> = {};
    if (Array.isArray(value)) value.forEach((c) => APPROVAL_CATEGORIES.includes(c as ApprovalCategory) && (entry[c as ApprovalCategory] = true));
    else if (value && typeof value === 'object') {
      for (const c of APPROVAL_CATEGORIES) if (typeof (value as Record<string, unknown>)[c] === 'boolean') entry[c] = (value as Record<string, boolean>)[c];
    }
    out[expert] = entry;
  }
  return out;
}
