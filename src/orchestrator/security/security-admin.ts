// Changing who may do what, behind the gate (admin only): grants, revocations, policies and tokens.
import type { AccessControl } from './access-control';
import type { AccessPolicy } from './policies';
import type { RateLimit } from './rate-limiter';
import { requirePermission } from './require-permission';
import type { SecurityGate } from './security-gate';
import type { TokenAuthority } from './token-authority';
import type { TokenRecord } from './token-store';

export class SecurityAdmin {
  constructor(
    readonly gate: SecurityGate,
    private readonly access: AccessControl,
    private readonly tokens: TokenAuthority,
  ) {}

  @requirePermission('security.grant', (principal: string, target: string, roleOrPermission: string) => ({
    principal,
    resource: target,
    details: { granted: roleOrPermission },
  }))
  async grant(_principal: string, target: string, roleOrPermission: string): Promise<void> {
    await this.access.grant(target, roleOrPermission);
  }

  @requirePermission('security.revoke', (principal: string, target: string, roleOrPermission: string) => ({
    principal,
    resource: target,
    details: { revoked: roleOrPermission },
  }))
  async revoke(_principal: string, target: string, roleOrPermission: string): Promise<boolean> {
    return this.access.revoke(target, roleOrPermission);
  }

  @requirePermission('security.policy', (principal: string, policy: AccessPolicy) => ({
    principal,
    resource: policy?.id,
    payload: policy,
    details: { policy },
  }))
  async setPolicy(_principal: string, policy: AccessPolicy): Promise<void> {
    await this.access.setPolicy(policy);
  }

  /** A role's rate limit for an operation (or "*"); undefined removes it. */
  @requirePermission('security.policy', (principal: string, role: string, operation: string, limit?: RateLimit) => ({
    principal,
    resource: role,
    details: { rateLimit: { operation, limit: limit ?? 'removed' } },
  }))
  async setRateLimit(_principal: string, role: string, operation: string, limit: RateLimit | undefined): Promise<void> {
    await this.access.setRateLimit(role, operation, limit);
  }

  @requirePermission('security.policy', (principal: string, policyId: string) => ({ principal, resource: policyId, details: { removed: true } }))
  async removePolicy(_principal: string, policyId: string): Promise<boolean> {
    return this.access.removePolicy(policyId);
  }

  /** Issues a token for `target` (token:<name>) and grants it `role` when given. */
  @requirePermission('token.issue', (principal: string, target: string, options?: { ttlMs?: number; role?: string }) => ({
    principal,
    resource: target,
    details: { ttlMs: options?.ttlMs, role: options?.role },
  }))
  async issueToken(
    _principal: string,
    target: string,
    options: { ttlMs?: number; role?: string; description?: string } = {},
  ): Promise<{ token: string; record: TokenRecord }> {
    // The token first (it checks the name and the lifetime), then the role; a role that cannot be granted
    // takes the token back. Before, a bad role left a live 30-day token whose secret nobody saw, and granting
    // first would have left the role with a name no token can have (`local:bob`); review of stop 39.
    const issued = await this.tokens.issue(target, options);
    if (options.role) {
      try {
        await this.access.grant(target, options.role);
      } catch (error) {
        await this.tokens.revoke(issued.record.id);
        throw error;
      }
    }
    return issued;
  }

  @requirePermission('token.revoke', (principal: string, tokenId: string) => ({ principal, resource: tokenId }))
  async revokeToken(_principal: string, tokenId: string): Promise<TokenRecord> {
    return this.tokens.revoke(tokenId);
  }
}
