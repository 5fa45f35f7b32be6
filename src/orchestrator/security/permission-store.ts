// The persisted grants, custom roles, policies and per-role rate limits (permissions.json, schema version 1),
// shared by every host through LockedJsonFile (locked-json-file.ts): a corrupt file is renamed to
// <name>.corrupt-<time> and the store starts empty, which denies everything that is not granted by the
// local role (fail closed).
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { type JsonFileFormat, LockedJsonFile } from './locked-json-file';
import { SecurityConfigError } from './errors';
import { BUILTIN_ROLES, Permission, isPermission, isPrincipal } from './permissions';
import { AccessPolicy, validatePolicy } from './policies';
import { privilegedOperation } from './privileged-operations';
import { RateLimit, checkRateLimit } from './rate-limiter';

export const PERMISSION_STORE_VERSION = 1;

export interface Grant {
  roles: string[];
  permissions: Permission[];
}

export interface PermissionState {
  version: number;
  roles: Record<string, Permission[]>;
  grants: Record<string, Grant>;
  policies: AccessPolicy[];
  /**
   * Rate limits by role, then by operation id ("*" for every operation of the role), e.g.
   * {"agent-client": {"learning.record": {"perMinute": 600, "burst": 200}}}. A principal holding the
   * role gets these instead of the configured limits (with several roles, the most generous).
   */
  rateLimits?: Record<string, Record<string, RateLimit>>;
}

/**
 * The permissions of a role, built-in or defined in `state`; undefined for no such role. Own properties
 * only: a role named "constructor" or "toString" had been found on Object.prototype, and every check of
 * a principal holding it then threw (fifteenth red team).
 */
export function rolePermissions(state: Pick<PermissionState, 'roles'>, role: string): readonly Permission[] | undefined {
  if (Object.hasOwn(BUILTIN_ROLES, role)) return BUILTIN_ROLES[role];
  return Object.hasOwn(state.roles, role) ? state.roles[role] : undefined;
}

export function emptyPermissionState(): PermissionState {
  return { version: PERMISSION_STORE_VERSION, roles: {}, grants: {}, policies: [] };
}

export function parsePermissionState(raw: unknown, where: string): PermissionState {
  const s = raw as Partial<PermissionState> | null;
  if (!s || typeof s !== 'object') throw new SecurityConfigError(`${where}: not a JSON object.`);
  if (s.version !== PERMISSION_STORE_VERSION)
    throw new SecurityConfigError(`${where}: unsupported version ${String(s.version)} (expected ${PERMISSION_STORE_VERSION}).`);
  const state = emptyPermissionState();
  for (const [name, perms] of Object.entries(s.roles ?? {})) {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(name) || Object.hasOwn(BUILTIN_ROLES, name))
      throw new SecurityConfigError(`${where}: invalid or reserved role name "${name}".`);
    if (!Array.isArray(perms) || !perms.every(isPermission)) throw new SecurityConfigError(`${where}: role "${name}" must list known permissions.`);
    state.roles[name] = [...perms];
  }
  for (const [principal, grant] of Object.entries(s.grants ?? {})) {
    if (!isPrincipal(principal)) throw new SecurityConfigError(`${where}: "${principal}" is not a principal (kind:name).`);
    const g = grant as Partial<Grant>;
    const roles = g.roles ?? [];
    const permissions = g.permissions ?? [];
    if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string' && rolePermissions(state, r) !== undefined))
      throw new SecurityConfigError(`${where}: grant of ${principal} names an unknown role.`);
    if (!Array.isArray(permissions) || !permissions.every(isPermission))
      throw new SecurityConfigError(`${where}: grant of ${principal} names an unknown permission.`);
    state.grants[principal] = { roles: [...roles], permissions: [...permissions] };
  }
  if (s.policies !== undefined && !Array.isArray(s.policies)) throw new SecurityConfigError(`${where}: policies must be a list.`);
  state.policies = (s.policies ?? []).map((p, i) => validatePolicy(p, `${where} policy #${i + 1}`));
  const rateLimits = parseRoleRateLimits(s.rateLimits, state.roles, where);
  if (rateLimits) state.rateLimits = rateLimits;
  return state;
}

const own = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** Per role (built-in or defined in the file), per operation id or "*", a valid limit. */
function parseRoleRateLimits(
  raw: unknown,
  customRoles: Readonly<Record<string, unknown>>,
  where: string,
): Record<string, Record<string, RateLimit>> | undefined {
  if (raw === undefined) return undefined;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new SecurityConfigError(`${where}: rateLimits must map roles to {operation: {perMinute, burst}}.`);
  // Keys are checked before use (known roles, operation ids or "*"), so plain objects are safe here.
  const out: Record<string, Record<string, RateLimit>> = {};
  for (const [role, byOperation] of Object.entries(raw)) {
    if (!own(BUILTIN_ROLES, role) && !own(customRoles, role)) throw new SecurityConfigError(`${where}: rateLimits names unknown role "${role}".`);
    if (!byOperation || typeof byOperation !== 'object' || Array.isArray(byOperation))
      throw new SecurityConfigError(`${where}: rateLimits of role "${role}" must map operation ids to {perMinute, burst}.`);
    const limits: Record<string, RateLimit> = {};
    for (const [operation, limit] of Object.entries(byOperation as Record<string, unknown>)) {
      if (operation !== '*' && !privilegedOperation(operation))
        throw new SecurityConfigError(
          `${where}: rateLimits of role "${role}" names unknown operation "${operation}" (use an operation id such as learning.record, or "*").`,
        );
      limits[operation] = checkRateLimit(`role "${role}", operation "${operation}" in ${where}`, limit);
    }
    out[role] = limits;
  }
  return Object.keys(out).length ? out : undefined;
}

const PERMISSION_FILE_FORMAT: JsonFileFormat<PermissionState> = {
  parse: parsePermissionState,
  empty: emptyPermissionState,
  serialize: (state) => `${JSON.stringify(state, null, 2)}\n`,
  invalidNow: (file, reason) => `Permissions file ${file} is invalid (${reason}); only the local role applies until it is fixed.`,
  movedAside: (file, reason, aside) =>
    `Permissions file ${file} is invalid (${reason}); moved to ${aside}. Starting with no grants (everything beyond the local role is denied).`,
  moveAsideUnreadable: false,
};

export class PermissionStore {
  private constructor(private readonly stored: LockedJsonFile<PermissionState>) {}

  static async load(fs: FileSystemPort, file: string, clock: ClockPort, logger: LoggerPort): Promise<PermissionStore> {
    return new PermissionStore(await LockedJsonFile.load(fs, file, clock, logger, PERMISSION_FILE_FORMAT));
  }

  get file(): string {
    return this.stored.file;
  }

  /** Reads the file again when another process changed it (a grant or revocation elsewhere). Fails closed. */
  refresh(): Promise<void> {
    return this.stored.refresh();
  }

  get snapshot(): Readonly<PermissionState> {
    return this.stored.value;
  }

  /**
   * Changes the grants as they are on disk now: under the file's lock the file is read again, `change`
   * is applied to a copy and the result validated and written (an invalid file throws; nothing is written).
   */
  async update(change: (draft: PermissionState) => void): Promise<void> {
    await this.stored.change((current) => {
      const draft = structuredClone(current);
      change(draft);
      return { value: parsePermissionState(draft, path.basename(this.stored.file)), result: undefined };
    });
  }
}
