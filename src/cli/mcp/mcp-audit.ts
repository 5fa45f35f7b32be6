// Refusals that happen before a request reaches the security gate (an oversized request, arguments
// that fail the schema, an unknown tool or expert) are audited like the gate's own refusals.
import { redactedPrefix } from '../../orchestrator/security/redact';
import { wasAudited } from '../../orchestrator/security/security-gate';
import type { HeadlessServices } from '../headless-services';

export async function auditRefusal(services: Pick<HeadlessServices, 'caller' | 'security'>, operation: string, message: string): Promise<void> {
  let user = 'unknown';
  try {
    user = services.caller();
  } catch {
    // a revoked session: the refusal is still audited
  }
  await services.security.audit
    .record({ type: 'authorization_denied', user, operation, outcome: 'denied', message: redactedPrefix(message, 1_000) })
    .catch(() => undefined);
}

/** Audits a tool's refusal unless the gate already did. */
export function auditToolError(services: Pick<HeadlessServices, 'caller' | 'security'>, tool: string, error: unknown): void {
  if (wasAudited(error)) return;
  void auditRefusal(services, `mcp.${tool}`, `MCP tool ${tool} refused: ${(error as Error)?.message ?? String(error)}`);
}
