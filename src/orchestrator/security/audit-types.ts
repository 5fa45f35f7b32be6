// The records of the audit log: what happened, to whom, how serious, chained by hash.

export const AUDIT_EVENT_TYPES = [
  'agent_created',
  'agent_deleted',
  'agent_command',
  'tool_executed',
  'file_accessed',
  'browser_action',
  'auth_success',
  'auth_failure',
  'security_violation',
  'authorization_denied',
  /** Grants, revocations, policies, tokens and API keys changed. */
  'security_config_changed',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export const AUDIT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AuditSeverity = (typeof AUDIT_SEVERITIES)[number];

export function isAuditEventType(value: unknown): value is AuditEventType {
  return typeof value === 'string' && (AUDIT_EVENT_TYPES as readonly string[]).includes(value);
}

export function isAuditSeverity(value: unknown): value is AuditSeverity {
  return typeof value === 'string' && (AUDIT_SEVERITIES as readonly string[]).includes(value);
}

/** What a caller records; the logger adds sequence, time and the hash chain. */
export interface AuditEventInput {
  type: AuditEventType;
  severity?: AuditSeverity;
  /** The principal that acted, e.g. "local:alice", "token:ci-bot", "expert:qa-expert". */
  user: string;
  /** The privileged operation, e.g. "agent.acquire". */
  operation?: string;
  outcome?: 'allowed' | 'denied' | 'success' | 'failure';
  message: string;
  /** Free-form details; secrets are redacted before they reach the disk. */
  details?: Record<string, unknown>;
}

export const AUDIT_SCHEMA_VERSION = 1;

export interface AuditRecord {
  v: number;
  seq: number;
  ts: number;
  type: AuditEventType;
  severity: AuditSeverity;
  user: string;
  operation?: string;
  outcome?: AuditEventInput['outcome'];
  message: string;
  details?: Record<string, unknown>;
  /** Hash of the previous record (64 zeros for the very first). */
  prev: string;
  /** sha256 over `prev` and the canonical JSON of every other field. */
  hash: string;
}

export interface AuditQuery {
  type?: AuditEventType | readonly AuditEventType[];
  /** Epoch milliseconds; records at or after it. */
  since?: number;
  until?: number;
  user?: string;
  severity?: AuditSeverity | readonly AuditSeverity[];
  /** Most recent first, at most this many (default 1,000). */
  limit?: number;
}

export interface AuditSummary {
  total: number;
  byType: Partial<Record<AuditEventType, number>>;
  bySeverity: Record<AuditSeverity, number>;
  firstTs?: number;
  lastTs?: number;
  lastSeq: number;
  lastHash: string;
  files: number;
  deniedLast24h: number;
}

export interface AuditBreak {
  file: string;
  line: number;
  seq?: number;
  reason: string;
}

/** `head`: the chain head on disk; `anchor`: the head the checkpoint (kept beside the log) last saw. */
export type VerifyResult =
  | { ok: true; records: number; files: number; lastHash: string; head: { seq: number; hash: string } }
  | { ok: false; records: number; files: number; brokenAt: AuditBreak; breaks: AuditBreak[]; head: { seq: number; hash: string } };

export const GENESIS_HASH = '0'.repeat(64);

export function defaultSeverity(type: AuditEventType, outcome?: AuditEventInput['outcome']): AuditSeverity {
  if (type === 'security_violation') return 'critical';
  if (type === 'authorization_denied' || type === 'auth_failure' || outcome === 'denied' || outcome === 'failure') return 'warning';
  return 'info';
}
