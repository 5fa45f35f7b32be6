// The one registry of privileged operations. Every entry point that does something privileged calls
// the gate with one of these ids; a unit test walks this registry and proves each id is refused
// without a grant. Later features add their operations here (or through registerPrivilegedOperation).
import type { ExpertTool } from '../agents/expert-definition';
import type { AuditEventType } from './audit-types';
import type { Permission } from './permissions';

/** Approval categories, as users know them from Cline and Roo Code. */
export type ApprovalCategory = 'read' | 'edit' | 'command' | 'browser';
export const APPROVAL_CATEGORIES: readonly ApprovalCategory[] = ['read', 'edit', 'command', 'browser'];

export interface PrivilegedOperation {
  id: string;
  permission: Permission;
  description: string;
  /** The audit event recorded when it is allowed (a refusal is always authorization_denied). */
  auditType: AuditEventType;
  /** When set, an acting expert must have at least one of these tools in its definition. */
  tools?: readonly ExpertTool[];
  /** When set, an agent-initiated request needs approval unless auto-approved for this category. */
  category?: ApprovalCategory;
  /** What the request must carry: a workspace path (read or write) or a command line. */
  input?: 'path-read' | 'path-list' | 'path-write' | 'command';
  /**
   * A caller with an issued token (no expert acting for it) needs only its role for this read: the headless
   * surfaces have nobody to ask, and a viewer token in CI exists to index, search and read statistics.
   */
  tokenNeedsNoApproval?: true;
}

const BUILTIN: readonly PrivilegedOperation[] = [
  { id: 'agent.acquire', permission: 'create_agent', auditType: 'agent_created', description: 'Create or reuse an agent instance' },
  { id: 'agent.command', permission: 'command_agent', auditType: 'agent_command', description: 'Give an agent instance work (mark it working)' },
  { id: 'agent.release', permission: 'command_agent', auditType: 'agent_command', description: 'Release an agent instance back to idle' },
  { id: 'agent.terminate', permission: 'delete_agent', auditType: 'agent_deleted', description: 'Terminate an agent instance' },
  {
    id: 'file.read',
    permission: 'file_read',
    auditType: 'file_accessed',
    description: 'Read a workspace file',
    tools: ['read_file', 'list_files', 'search_code'],
    category: 'read',
    input: 'path-read',
  },
  {
    id: 'file.write',
    permission: 'file_write',
    auditType: 'file_accessed',
    description: 'Create or edit a workspace file',
    tools: ['write_file', 'edit_file'],
    category: 'edit',
    input: 'path-write',
  },
  {
    id: 'command.run',
    permission: 'command_agent',
    auditType: 'tool_executed',
    description: 'Run a shell command for an agent',
    tools: ['run_command', 'run_tests'],
    category: 'command',
    input: 'command',
  },
  {
    id: 'browser.action',
    permission: 'browser_use',
    auditType: 'browser_action',
    description: 'Drive the browser for an agent',
    tools: ['browser'],
    category: 'browser',
  },
  {
    id: 'file.list',
    permission: 'file_read',
    auditType: 'file_accessed',
    description: 'List a workspace folder (the top level included)',
    tools: ['list_files', 'read_file'],
    category: 'read',
    input: 'path-list',
  },
  {
    id: 'code.index',
    permission: 'file_read',
    auditType: 'file_accessed',
    description: 'Index the workspace folders for search',
    category: 'read',
    tokenNeedsNoApproval: true,
  },
  {
    id: 'code.search',
    permission: 'file_read',
    auditType: 'file_accessed',
    description: 'Search the indexed workspace',
    tools: ['search_code'],
    category: 'read',
    tokenNeedsNoApproval: true,
  },
  { id: 'learning.record', permission: 'command_agent', auditType: 'agent_command', description: 'Record a task outcome that future selections learn from' },
  {
    id: 'learning.read',
    permission: 'file_read',
    auditType: 'file_accessed',
    description: 'Read what was learned: statistics and the task texts of recorded outcomes',
    category: 'read',
    tokenNeedsNoApproval: true,
  },
  { id: 'security.grant', permission: 'admin', auditType: 'security_config_changed', description: 'Grant a role or permission' },
  { id: 'security.revoke', permission: 'admin', auditType: 'security_config_changed', description: 'Revoke a role or permission' },
  { id: 'security.policy', permission: 'admin', auditType: 'security_config_changed', description: 'Add or remove an access policy' },
  { id: 'token.issue', permission: 'admin', auditType: 'security_config_changed', description: 'Issue an API token' },
  { id: 'security.view', permission: 'admin', auditType: 'tool_executed', description: 'View issued tokens, grants or the audit log' },
  { id: 'workflow.run', permission: 'command_agent', auditType: 'agent_command', description: 'Run a workflow plan (its tasks are given to agents)' },
  { id: 'token.revoke', permission: 'admin', auditType: 'security_config_changed', description: 'Revoke an API token' },
];

const registry = new Map<string, PrivilegedOperation>(BUILTIN.map((op) => [op.id, op]));

export function registerPrivilegedOperation(op: PrivilegedOperation): void {
  const existing = registry.get(op.id);
  if (existing && JSON.stringify(existing) !== JSON.stringify(op)) throw new Error(`Privileged operation "${op.id}" is already registered differently.`);
  registry.set(op.id, op);
}

export function privilegedOperation(id: string): PrivilegedOperation | undefined {
  return registry.get(id);
}

export function listPrivilegedOperations(): PrivilegedOperation[] {
  return [...registry.values()];
}
