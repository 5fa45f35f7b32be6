// Deny-by-default access control. A principal may do an operation only when a role or direct grant
// gives its permission (admin gives all) or a policy allows it, and no policy blocks it. An acting
// expert additionally needs one of the operation's tools in its definition (no Write → never edits).
import type { ExpertTool } from '../agents/expert-definition';
import { SecurityConfigError } from './errors';
import { BUILTIN_ROLES, DEFAULT_LOCAL_ROLE, LocalRole, PERMISSIONS, Permission, isPermission, isPrincipal } from './permissions';
import { type PermissionStore, rolePermissions } from './permission-store';
import { AccessPolicy, evaluatePolicies, validatePolicy } from './policies';
import { privilegedOperation } from './privileged-operations';
import type { RateLimit } from './rate-limiter';

export interface AccessContext {
  /** The expert on whose behalf the principal acts, if any. */
  actingExpert?: string;
}

export interface AccessDecision {
  allowed: boolean;
  principal: string;
  operation: string;
  permission?: Permission;
  reason: string;
  policy?: string;
}

/** Tools of an expert by id; undefined when no such expert is loaded. */
export type ExpertToolsLookup = (expertId: string) => readonly ExpertTool[] | undefined;

export class AccessControl {
  private localRole: LocalRole;

  constructor(
    private readonly store: PermissionStore,
    private readonly expertTools: ExpertToolsLookup,
    /** The principal of the person at the keyboard; gets the local role on top of its grants. */
    readonly localPrincipal: string,
    localRole: LocalRole = DEFAULT_LOCAL_ROLE,
  ) {
    this.localRole = localRole;
  }

  setLocalRole(role: LocalRole): void {
    this.localRole = role;
  }

  getLocalRole(): LocalRole {
    return this.localRole;
  }

  /** The roles a principal holds: its grant's, plus the local role for the person at the keyboard. */
  rolesOf(principal: string): string[] {
    const state = this.store.snapshot;
    const grant = Object.prototype.hasOwnProperty.call(state.grants, principal) ? state.grants[principal] : undefined;
    const roles = [...(grant?.roles ?? [])];
    if (principal === this.localPrincipal && this.localRole !== 'none') roles.push(this.localRole);
    return roles;
  }

  /**
   * The rate limit the permissions file sets for one of the principal's roles on this operation (its
   * own entry, else the role's "*"); with several roles, the most generous. Undefined: none is set.
   */
  rateLimitFor(principal: string, operation: string): RateLimit | undefined {
    const byRole = this.store.snapshot.rateLimits;
    if (!byRole) return undefined;
    let best: RateLimit | undefined;
    for (const role of this.rolesOf(principal)) {
      const limits = Object.prototype.hasOwnProperty.call(byRole, role) ? byRole[role]! : undefined;
      if (!limits) continue;
      const limit = Object.prototype.hasOwnProperty.call(limits, operation)
        ? limits[operation]
        : Object.prototype.hasOwnProperty.call(limits, '*')
          ? limits['*']
          : undefined;
      if (limit && (!best || limit.perMinute > best.perMinute || (limit.perMinute === best.perMinute && limit.burst > best.burst))) best = limit;
    }
    return best;
  }

  /** Every permission a principal holds through its grants, roles and the local role. */
  permissionsOf(principal: string): Set<Permission> {
    const state = this.store.snapshot;
    const grant = Object.prototype.hasOwnProperty.call(state.grants, principal) ? state.grants[principal] : undefined;
    const roles = this.rolesOf(principal);
    const out = new Set<Permission>(grant?.permissions ?? []);
    for (const role of roles) for (const p of rolePermissions(state, role) ?? []) out.add(p);
    return out;
  }

  authorize(principal: string, operation: string, context: AccessContext = {}): AccessDecision {
    const deny = (reason: string, extra: Partial<AccessDecision> = {}): AccessDecision => ({ allowed: false, principal, operation, reason, ...extra });
    const op = privilegedOperation(operation);
    if (!op) return deny(`"${operation}" is not a known privileged operation, so it is refused.`);
    if (!isPrincipal(principal)) return deny(`"${String(principal)}" is not a valid principal.`, { permission: op.permission });
    const verdict = evaluatePolicies(this.store.snapshot.policies, principal, operation);
    if (verdict.blockedBy)
      return deny(`${principal} may not ${op.description.toLowerCase()}: blocked by policy "${verdict.blockedBy.id}".`, {
        permission: op.permission,
        policy: verdict.blockedBy.id,
      });
    const held = this.permissionsOf(principal);
    const granted = held.has(op.permission) || held.has('admin');
    if (!granted && !verdict.allowedBy) {
      const how =
        principal === this.localPrincipal
          ? ` (your local role is "${this.localRole}"; change it with the bigThree.security.localRole setting in VS Code or $BIG_THREE_LOCAL_ROLE for the command line and the MCP server, or ask an admin)`
          : ` (grant it with "big-three permissions grant ${principal} ${op.permission}")`;
      return deny(`${principal} lacks the "${op.permission}" permission needed to ${op.description.toLowerCase()}${how}.`, { permission: op.permission });
    }
    if (context.actingExpert !== undefined) {
      const tools = this.expertTools(context.actingExpert);
      if (!tools) return deny(`Expert "${context.actingExpert}" is not loaded, so it cannot act.`, { permission: op.permission });
      if (op.tools && !op.tools.some((t) => tools.includes(t))) {
        return deny(
          `Expert "${context.actingExpert}" has none of the tools ${op.tools.join(', ')} in its definition, so it may not ${op.description.toLowerCase()}.`,
          { permission: op.permission },
        );
      }
    }
    const via = granted ? `the "${op.permission}" permission` : `policy "${verdict.allowedBy!.id}"`;
    return {
      allowed: true,
      principal,
      operation,
      permission: op.permission,
      reason: `allowed by ${via}`,
      ...(granted ? {} : { policy: verdict.allowedBy!.id }),
    };
  }

  async grant(principal: string, roleOrPermission: string): Promise<void> {
    this.checkPrincipal(principal);
    await this.store.update((s) => {
      const grant = (s.grants[principal] ??= { roles: [], permissions: [] });
      if (isPermission(roleOrPermission)) {
        if (!grant.permissions.includes(roleOrPermission)) grant.permissions.push(roleOrPermission);
      } else if (rolePermissions(s, roleOrPermission)) {
        if (!grant.roles.includes(roleOrPermission)) grant.roles.push(roleOrPermission);
      } else {
        throw new SecurityConfigError(
          `"${roleOrPermission}" is neither a permission (${PERMISSIONS.join(', ')}) nor a role (${[...Object.keys(BUILTIN_ROLES), ...Object.keys(s.roles)].join(', ')}).`,
        );
      }
    });
  }

  /** Removes a role or permission; returns false when the principal did not have it. */
  async revoke(principal: string, roleOrPermission: string): Promise<boolean> {
    this.checkPrincipal(principal);
    let removed = false;
    await this.store.update((s) => {
      const grant = s.grants[principal];
      if (!grant) return;
      const before = grant.roles.length + grant.permissions.length;
      grant.roles = grant.roles.filter((r) => r !== roleOrPermission);
      grant.permissions = grant.permissions.filter((p) => p !== roleOrPermission);
      removed = grant.roles.length + grant.permissions.length < before;
      if (!grant.roles.length && !grant.permissions.length) delete s.grants[principal];
    });
    return removed;
  }

  async defineRole(name: string, permissions: readonly Permission[]): Promise<void> {
    await this.store.update((s) => {
      s.roles[name] = [...permissions];
    });
  }

  /** Sets (or, with undefined, removes) a role's rate limit for an operation id or "*" (validated on write). */
  async setRateLimit(role: string, operation: string, limit: RateLimit | undefined): Promise<void> {
    // Checked before use as keys: "__proto__" as a plain object's key sets its prototype, so a limit for it
    // had been reported as set and saved nothing (a fuzzer's finding, stop 29).
    if (rolePermissions(this.store.snapshot, role) === undefined) throw new SecurityConfigError(`rate limit: unknown role "${role}"`);
    if (operation !== '*' && !privilegedOperation(operation))
      throw new SecurityConfigError(`rate limit: unknown operation "${operation}" (use an operation id such as learning.record, or "*")`);
    await this.store.update((s) => {
      const all = { ...(s.rateLimits ?? {}) };
      const limits = { ...(Object.prototype.hasOwnProperty.call(all, role) ? all[role] : {}) };
      if (limit) limits[operation] = limit;
      else delete limits[operation];
      if (Object.keys(limits).length) all[role] = limits;
      else delete all[role];
      if (Object.keys(all).length) s.rateLimits = all;
      else delete s.rateLimits;
    });
  }

  async setPolicy(policy: AccessPolicy): Promise<void> {
    const valid = validatePolicy(policy, 'policy');
    await this.store.update((s) => {
      s.policies = [...s.policies.filter((p) => p.id !== valid.id), valid];
    });
  }

  async removePolicy(id: string): Promise<boolean> {
    const before = this.store.snapshot.policies.length;
    await this.store.update((s) => {
      s.policies = s.policies.filter((p) => p.id !== id);
    });
    return this.store.snapshot.policies.length < before;
  }

  get state() {
    return this.store.snapshot;
  }

  private checkPrincipal(principal: string): void {
    if (!isPrincipal(principal)) throw new SecurityConfigError(`"${principal}" is not a principal; use kind:name, e.g. token:ci-bot or expert:qa-expert.`);
  }
}
