import { lookupTable } from '../text/lookup-table';
// Permissions, built-in roles and principals.

export const PERMISSIONS = ['create_agent', 'delete_agent', 'command_agent', 'browser_use', 'file_read', 'file_write', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/** Roles every installation has; custom roles may be added to the permission store. */
export const BUILTIN_ROLES: Readonly<Record<string, readonly Permission[]>> = lookupTable<readonly Permission[]>({
  viewer: ['file_read'],
  developer: ['create_agent', 'delete_agent', 'command_agent', 'browser_use', 'file_read', 'file_write'],
  admin: [...PERMISSIONS],
});

export type LocalRole = 'none' | 'viewer' | 'developer' | 'admin';
export const LOCAL_ROLES: readonly LocalRole[] = ['none', 'viewer', 'developer', 'admin'];
export const DEFAULT_LOCAL_ROLE: LocalRole = 'developer';

export function isLocalRole(value: unknown): value is LocalRole {
  return typeof value === 'string' && (LOCAL_ROLES as readonly string[]).includes(value);
}

/**
 * Principals are strings "<kind>:<name>": local:<os user> (the person at the keyboard), token:<name>
 * (a headless caller authenticated by an issued token), expert:<id> (an agent acting on its own).
 */
export const PRINCIPAL_PATTERN = /^(local|token|expert|system):[A-Za-z0-9._@-]{1,128}$/;

export function isPrincipal(value: unknown): value is string {
  return typeof value === 'string' && PRINCIPAL_PATTERN.test(value);
}

const compiledGlobs = new Map<string, RegExp>();

/** Glob match with `*` (any run of characters); everything else literal. */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === value;
  let regex = compiledGlobs.get(pattern);
  if (!regex) {
    regex = new RegExp(
      `^${pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    if (compiledGlobs.size > 5_000) compiledGlobs.clear();
    compiledGlobs.set(pattern, regex);
  }
  return regex.test(value);
}
