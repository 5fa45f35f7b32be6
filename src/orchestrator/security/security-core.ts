// Builds the security layer for a host: audit log, permission and token stores, access control, rate
// limits, path and command guards and the gate that combines them. Everything lives in `dataDir`
// (VS Code: the extension's global storage; CLI: --data-dir).
import * as path from 'path';
import type { ApprovalPort, ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { AccessControl, ExpertToolsLookup } from './access-control';
import { AutoApproveSettings, NO_AUTO_APPROVE } from './approval-policy';
import { AuditLogger } from './audit-logger';
import { CommandGuard, CommandRules, DEFAULT_COMMAND_RULES } from './command-guard';
import { PathGuard, RealPathPort } from './path-guard';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './payload-limits';
import { DEFAULT_LOCAL_ROLE, LocalRole } from './permissions';
import { PermissionStore } from './permission-store';
import { DEFAULT_RATE_LIMITS, RateLimitConfig, RateLimiter } from './rate-limiter';
import { SecurityGate } from './security-gate';
import { SharedRateLimits } from './shared-rate-limits';
import type { StoreFileSystemPort } from '../memory/store-file-system';
import { TokenAuthority } from './token-authority';
import { TokenStore } from './token-store';

export interface SecuritySettings {
  localRole: LocalRole;
  autoApprove: AutoApproveSettings;
  commandRules: CommandRules;
  protectedGlobs: readonly string[];
  maxPayloadBytes: number;
  rateLimits: RateLimitConfig;
}

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  localRole: DEFAULT_LOCAL_ROLE,
  autoApprove: NO_AUTO_APPROVE,
  commandRules: DEFAULT_COMMAND_RULES,
  protectedGlobs: [],
  maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES,
  rateLimits: DEFAULT_RATE_LIMITS,
};

export interface SecurityCoreOptions {
  fs: FileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
  realPath: RealPathPort;
  dataDir: string;
  localPrincipal: string;
  workspaceRoots: readonly string[];
  expertTools: ExpertToolsLookup;
  approval?: ApprovalPort;
  settings?: Partial<SecuritySettings>;
  audit?: { maxFileBytes?: number; maxFiles?: number; recentLimit?: number };
}

export interface SecurityCore {
  audit: AuditLogger;
  access: AccessControl;
  tokens: TokenAuthority;
  rateLimiter: RateLimiter;
  gate: SecurityGate;
  readonly localPrincipal: string;
  paths(): PathGuard | undefined;
  commands(): CommandGuard;
  settings(): SecuritySettings;
  /** Applies new settings (local role, auto-approve, command rules, limits) at once. */
  updateSettings(settings: Partial<SecuritySettings>): void;
  setWorkspaceRoots(roots: readonly string[]): void;
  /** Re-reads tokens and grants changed by another process (the gate does it before every decision). */
  refresh(): Promise<void>;
  dispose(): Promise<void>;
}

export async function createSecurityCore(options: SecurityCoreOptions): Promise<SecurityCore> {
  const { fs, clock, logger, dataDir } = options;
  const audit = await AuditLogger.open({ fs, clock, logger, dir: path.join(dataDir, 'audit'), ...options.audit });
  const permissions = await PermissionStore.load(fs, path.join(dataDir, 'permissions.json'), clock, logger);
  const tokenStore = await TokenStore.load(fs, path.join(dataDir, 'tokens.json'), clock, logger);
  let settings: SecuritySettings = { ...DEFAULT_SECURITY_SETTINGS, ...options.settings };
  const access = new AccessControl(permissions, options.expertTools, options.localPrincipal, settings.localRole);
  const rateLimiter = new RateLimiter(clock, settings.rateLimits);
  rateLimiter.usePrincipalLimits((principal, operation) => access.rateLimitFor(principal, operation));
  const storeFs = fs as Partial<StoreFileSystemPort>;
  const sharedRates =
    typeof storeFs.createExclusive === 'function'
      ? new SharedRateLimits(rateLimiter, fs as StoreFileSystemPort, path.join(dataDir, 'rate-limits.json'), clock, logger)
      : undefined;
  let roots = [...options.workspaceRoots];
  let pathGuard: PathGuard | undefined;
  let commandGuard = new CommandGuard(settings.commandRules, roots);
  const rebuildPaths = () => {
    pathGuard = roots.length ? new PathGuard({ roots, protectedGlobs: settings.protectedGlobs }, options.realPath) : undefined;
    commandGuard = new CommandGuard(settings.commandRules, roots);
  };
  rebuildPaths();
  const refresh = async () => {
    await Promise.all([permissions.refresh(), tokenStore.refresh()]);
  };
  const gate = new SecurityGate({
    refresh,
    // Token callers (MCP servers, CLI runs) share buckets across processes; the local user's own calls,
    // which any shell of theirs could make anyway, keep the cheaper in-process buckets.
    ...(sharedRates
      ? {
          consumeRate: async (principal: string, operation: string) =>
            principal === options.localPrincipal ? rateLimiter.consume(principal, operation) : sharedRates.consume(principal, operation),
        }
      : {}),
    revokedPrincipal: (principal) => {
      if (!principal.startsWith('token:')) return undefined;
      const issued = tokenStore.all.filter((t) => t.principal === principal);
      if (!issued.length || issued.some((t) => !t.revokedAt && t.expiresAt > clock.now())) return undefined;
      return `Every token of ${principal} was revoked or has expired; authenticate with a valid token.`;
    },
    access,
    audit,
    rateLimiter,
    paths: () => pathGuard,
    commands: () => commandGuard,
    realPath: options.realPath,
    configFiles: fs,
    roots: () => roots,
    autoApprove: () => settings.autoApprove,
    maxPayloadBytes: () => settings.maxPayloadBytes,
    logger,
    ...(options.approval ? { approval: options.approval } : {}),
  });
  return {
    audit,
    access,
    tokens: new TokenAuthority(tokenStore, clock, audit),
    rateLimiter,
    gate,
    localPrincipal: options.localPrincipal,
    paths: () => pathGuard,
    commands: () => commandGuard,
    settings: () => settings,
    updateSettings(next) {
      settings = { ...settings, ...next };
      access.setLocalRole(settings.localRole);
      rateLimiter.setConfig(settings.rateLimits);
      rebuildPaths();
    },
    refresh,
    setWorkspaceRoots(next) {
      roots = [...next];
      rebuildPaths();
    },
    async dispose() {
      await audit.flush();
      audit.dispose();
    },
  };
}
