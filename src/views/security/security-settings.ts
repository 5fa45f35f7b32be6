// Reads the security settings. They are application-scoped in package.json, so a workspace's
// .vscode/settings.json can never raise the local role or turn on auto-approve.
import * as vscode from 'vscode';
import { parsePerExpert } from '../../orchestrator/security/approval-policy';
import { DEFAULT_COMMAND_RULES } from '../../orchestrator/security/command-guard';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../../orchestrator/security/payload-limits';
import { DEFAULT_LOCAL_ROLE, isLocalRole } from '../../orchestrator/security/permissions';
import { APPROVAL_CATEGORIES } from '../../orchestrator/security/privileged-operations';
import { DEFAULT_RATE_LIMITS, RateLimitConfig } from '../../orchestrator/security/rate-limiter';
import type { SecuritySettings } from '../../orchestrator/security/security-core';

const stringList = (value: unknown, fallback: readonly string[]): string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value] : [...fallback];

export function readSecuritySettings(): SecuritySettings {
  const security = vscode.workspace.getConfiguration('bigThree.security');
  const auto = vscode.workspace.getConfiguration('bigThree.autoApprove');
  const role = security.get<string>('localRole', DEFAULT_LOCAL_ROLE);
  const global = Object.fromEntries(APPROVAL_CATEGORIES.map((c) => [c, auto.get<boolean>(c, false) === true]));
  const perMinute = security.get<number>('rateLimitPerMinute', DEFAULT_RATE_LIMITS.default.perMinute);
  const burst = security.get<number>('rateLimitBurst', DEFAULT_RATE_LIMITS.default.burst);
  const rateLimits: RateLimitConfig =
    perMinute > 0 && burst >= 1 ? { default: { perMinute, burst }, operations: DEFAULT_RATE_LIMITS.operations ?? {} } : DEFAULT_RATE_LIMITS;
  return {
    localRole: isLocalRole(role) ? role : DEFAULT_LOCAL_ROLE,
    autoApprove: { global, perExpert: parsePerExpert(auto.get('perExpert', {})) },
    commandRules: {
      allow: stringList(security.get('commandAllowList'), DEFAULT_COMMAND_RULES.allow),
      deny: [...new Set([...DEFAULT_COMMAND_RULES.deny, ...stringList(security.get('commandDenyList'), [])])],
      allowShellMetacharacters: security.get<boolean>('allowShellMetacharacters', false) === true,
      allowEnv: stringList(security.get('commandAllowEnv'), []),
    },
    protectedGlobs: stringList(security.get('protectedPaths'), []),
    maxPayloadBytes: Math.max(1, security.get<number>('maxPayloadKB', DEFAULT_MAX_PAYLOAD_BYTES / 1024)) * 1024,
    rateLimits,
  };
}
