// The persisted grants, custom roles, policies and per-role rate limits (permissions.json, schema version 1). Written
// atomically; a corrupt file is renamed to <name>.corrupt-<time> and the store starts empty, which
// denies everything that is not granted by the local role (fail closed).
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import type { FileLock } from '../memory/file-lock';
import { NO_FILE, fileStamp, securityFileLock, underLock } from './store-file-lock';
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

export class PermissionStore {
  /** size:mtime of the file as last read or written; another value means another process changed it. */
  private stamp = '';
  private readonly lock: FileLock | undefined;

  private constructor(
    private readonly fs: FileSystemPort,
    readonly file: string,
    private state: PermissionState,
    clock: ClockPort,
    private readonly logger: LoggerPort,
  ) {
    this.lock = securityFileLock(fs, file, clock, logger);
  }

  /** Reads the file again when another process changed it (a grant or revocation elsewhere). Fails closed. */
  async refresh(): Promise<void> {
    try {
      await this.reread();
    } catch (error) {
      this.state = emptyPermissionState();
      this.logger.warn(`Permissions file ${this.file} is invalid (${(error as Error).message}); only the local role applies until it is fixed.`);
    }
  }

  /** refresh() that throws on an invalid file; `always`: even if it looks unchanged. */
  private async reread(always = false): Promise<void> {
    const stamp = await fileStamp(this.fs, this.file);
    if (stamp === this.stamp && !always) return;
    this.stamp = stamp;
    this.state =
      stamp !== NO_FILE
        ? parsePermissionState(JSON.parse(Buffer.from(await this.fs.readFile(this.file)).toString('utf8')), path.basename(this.file))
        : emptyPermissionState();
  }

  static async load(fs: FileSystemPort, file: string, clock: ClockPort, logger: LoggerPort): Promise<PermissionStore> {
    if (!(await fs.stat(file))) return new PermissionStore(fs, file, emptyPermissionState(), clock, logger);
    const text = Buffer.from(await fs.readFile(file)).toString('utf8');
    try {
      const store = new PermissionStore(fs, file, parsePermissionState(JSON.parse(text), path.basename(file)), clock, logger);
      store.stamp = await fileStamp(fs, file);
      return store;
    } catch (error) {
      const aside = `${file}.corrupt-${clock.now()}`;
      await fs.rename(file, aside);
      logger.warn(
        `Permissions file ${file} is invalid (${(error as Error).message}); moved to ${aside}. Starting with no grants (everything beyond the local role is denied).`,
      );
      return new PermissionStore(fs, file, emptyPermissionState(), clock, logger);
    }
  }

  get snapshot(): Readonly<PermissionState> {
    return this.state;
  }

  /**
   * Changes the grants as they are on disk now: under the file's lock the file is read again, `change`
   * is applied to a copy and the result validated and written (an invalid file throws; nothing is written).
   */
  async update(change: (draft: PermissionState) => void): Promise<void> {
    await underLock(this.lock, async () => {
      await this.reread(true);
      const draft = structuredClone(this.state);
      change(draft);
      const validated = parsePermissionState(draft, path.basename(this.file));
      await this.fs.writeFileAtomic(this.file, `${JSON.stringify(validated, null, 2)}\n`);
      this.state = validated;
      this.stamp = await fileStamp(this.fs, this.file);
    });
  }
}
