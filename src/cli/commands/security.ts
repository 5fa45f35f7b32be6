// `big-three audit|token|permissions …`: the security layer from the command line. The caller is
// the local user (role from $BIG_THREE_LOCAL_ROLE, default developer) or, with --token or
// $BIG_THREE_TOKEN, the principal of an issued token. Changes go through the gate (admin only).
import type { AuditQuery, AuditRecord } from '../../orchestrator/security/audit-types';
import { isAuditEventType, isAuditSeverity } from '../../orchestrator/security/audit-types';
import { type ParsedArgs, intOption, stringOption } from '../args';
import type { CliIo } from '../cli-host';
import type { HeadlessServices } from '../headless-services';
import { UsageError } from '../usage-error';
import type { AgentCore } from '../../orchestrator/agents/agent-core';
import type { SecurityCore } from '../../orchestrator/security/security-core';
import { escapeTerminal } from '../../orchestrator/security/terminal-text';

export const AUDIT_BROKEN_EXIT = 4;

export const SECURITY_HELP = `  big-three audit verify|summary [--json]            (exit 4 when the log was tampered with)
  big-three audit list [--type T] [--user P] [--severity S] [--since 24h|ISO] [--limit N] [--json]
  big-three token issue NAME [--role R] [--days N] | token list [--json] | token revoke ID
  big-three permissions show [--json] | permissions grant|revoke PRINCIPAL ROLE|PERMISSION
  big-three permissions rate-limit ROLE OPERATION PER_MINUTE BURST | rate-limit ROLE OPERATION off
                                       (a role's limit for an operation id, e.g. learning.record, or "*")
  big-three permissions check-command "<command>" [--expert ID] [--json]   (the verdict an agent's command gets with command auto-approve on)`;

export interface SecurityCliContext {
  args: ParsedArgs;
  io: CliIo;
  services: HeadlessServices;
}

/** The verdict the coder would get for `command` under the current rules, with command auto-approve on. */
export async function checkCommand(
  security: SecurityCore,
  core: Pick<AgentCore, 'catalog'>,
  command: string,
  expertId: string | undefined,
): Promise<{ verdict: 'allow' | 'ask' | 'deny'; reason: string }> {
  if (expertId !== undefined) {
    const expert = core.catalog.find(expertId);
    if (!expert) throw new UsageError(`unknown expert "${expertId}"`);
    const tools = expert.tools ?? [];
    if (!tools.includes('run_command') && !tools.includes('run_tests'))
      return { verdict: 'deny', reason: `${expertId}'s definition has neither the run_command nor the run_tests tool` };
  }
  const { verdict, reason } = await security.gate.commandDecision(command);
  return { verdict, reason };
}

function sinceOption(raw: string | undefined, now: number): number | undefined {
  if (raw === undefined) return undefined;
  const rel = /^(\d+)([mhd])$/.exec(raw);
  if (rel) return now - Number(rel[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 'm' | 'h' | 'd'];
  const ts = Date.parse(raw);
  if (Number.isNaN(ts)) throw new UsageError('--since takes a duration such as 30m, 24h, 7d or an ISO date');
  return ts;
}

function formatRecord(r: AuditRecord): string {
  return escapeTerminal(
    `#${r.seq} ${new Date(r.ts).toISOString()} ${r.severity.padEnd(8)} ${r.type.padEnd(22)} ${r.user}${r.operation ? ` ${r.operation}` : ''} — ${r.message}`,
  );
}

export async function securityCommand(command: 'audit' | 'token' | 'permissions', rest: readonly string[], ctx: SecurityCliContext): Promise<number> {
  const { io, args } = ctx;
  const json = args.options.has('json');
  const { security, securityAdmin: admin } = ctx.services;
  const principal = ctx.services.caller();
  const [sub, ...params] = rest;
  const expect = (n: number, usage: string) => {
    if (params.length !== n) throw new UsageError(`expected "${usage}"`);
  };
  /** Reading tokens, grants or the audit log is for admins only (refusals are audited by the gate). */
  const adminView = (what: string) => ctx.services.authorize({ operation: 'security.view', resource: what, detail: `big-three ${command} ${sub ?? ''}` });
  try {
    if (command === 'audit' && sub === 'summary') await adminView('audit summary');
    if (command === 'token' && sub === 'list') await adminView('token list');
    if (command === 'permissions' && sub === 'show') await adminView('permissions show');
    if (command === 'audit') {
      if (sub === 'verify') {
        expect(0, 'audit verify');
        const result = await security.audit.verify();
        if (json) io.out(JSON.stringify(result));
        else if (result.ok) io.out(`audit log intact: ${result.records} records in ${result.files} file(s); chain head #${result.head.seq} ${result.lastHash}`);
        else {
          io.err(`audit log BROKEN (${result.breaks.length} break(s); chain head on disk #${result.head.seq}):`);
          for (const b of result.breaks) io.err(escapeTerminal(`  ${b.file}${b.line ? `:${b.line}` : ''}: ${b.reason}`));
        }
        return result.ok ? 0 : AUDIT_BROKEN_EXIT;
      }
      if (sub === 'summary') {
        expect(0, 'audit summary');
        const summary = await security.audit.getAuditSummary();
        io.out(
          json
            ? JSON.stringify(summary)
            : [
                `records: ${summary.total} in ${summary.files} file(s), chain head #${summary.lastSeq} ${summary.lastHash}`,
                `by severity: ${Object.entries(summary.bySeverity)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(', ')}`,
                `by type: ${
                  Object.entries(summary.byType)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ') || '-'
                }`,
                `denied in the last 24h: ${summary.deniedLast24h}`,
              ].join('\n'),
        );
        return 0;
      }
      if (sub === 'list') {
        expect(0, 'audit list');
        const type = stringOption(args, 'type');
        const severity = stringOption(args, 'severity');
        if (type !== undefined && !isAuditEventType(type)) throw new UsageError(`unknown event type "${type}"`);
        if (severity !== undefined && !isAuditSeverity(severity)) throw new UsageError('--severity is info, warning or critical');
        const since = sinceOption(stringOption(args, 'since'), Date.now());
        const user = stringOption(args, 'user');
        const query: AuditQuery = {
          limit: intOption(args, 'limit', 1, 100_000) ?? 50,
          ...(type ? { type } : {}),
          ...(severity ? { severity } : {}),
          ...(since !== undefined ? { since } : {}),
          ...(user ? { user } : {}),
        };
        await adminView('audit list');
        const records = await security.audit.searchEvents(query);
        records.forEach((r) => io.out(json ? JSON.stringify(r) : formatRecord(r)));
        if (!json) io.out(`${records.length} record(s)`);
        return 0;
      }
      throw new UsageError('expected "audit verify", "audit summary" or "audit list"');
    }
    if (command === 'token') {
      if (sub === 'issue') {
        expect(1, 'token issue NAME');
        const name = params[0]!.startsWith('token:') ? params[0]! : `token:${params[0]}`;
        const days = intOption(args, 'days', 1, 366);
        const role = stringOption(args, 'role');
        const { token, record } = await admin.issueToken(principal, name, { ...(days ? { ttlMs: days * 86_400_000 } : {}), ...(role ? { role } : {}) });
        if (json) io.out(JSON.stringify({ token, id: record.id, principal: record.principal, expiresAt: new Date(record.expiresAt).toISOString() }));
        else {
          io.out(token);
          io.err(
            `token ${record.id} for ${record.principal}${role ? ` (role ${role})` : ''}, expires ${new Date(record.expiresAt).toISOString()}; it is shown only this once.`,
          );
        }
        return 0;
      }
      if (sub === 'list') {
        expect(0, 'token list');
        const list = security.tokens.list().map(({ hash: _hash, ...t }) => t);
        if (json) io.out(JSON.stringify(list));
        else
          list.forEach((t) =>
            io.out(`${t.id}  ${escapeTerminal(t.principal)}  expires ${new Date(t.expiresAt).toISOString()}${t.revokedAt ? '  REVOKED' : ''}`),
          );
        return 0;
      }
      if (sub === 'revoke') {
        expect(1, 'token revoke ID');
        const record = await admin.revokeToken(principal, params[0]!);
        io.out(`revoked token ${record.id} of ${record.principal}`);
        return 0;
      }
      throw new UsageError('expected "token issue", "token list" or "token revoke"');
    }
    if (sub === 'check-command') {
      expect(1, 'permissions check-command "<command>"');
      const decision = await checkCommand(security, ctx.services.core, params[0]!, stringOption(args, 'expert'));
      io.out(json ? JSON.stringify(decision) : `${decision.verdict}: ${escapeTerminal(decision.reason)}`);
      return 0;
    }
    if (sub === 'show') {
      expect(0, 'permissions show');
      const state = { you: principal, localRole: security.access.getLocalRole(), ...security.access.state };
      io.out(json ? JSON.stringify(state) : escapeTerminal(JSON.stringify(state, null, 2), { keepNewlines: true }));
      return 0;
    }
    if (sub === 'rate-limit') {
      const usage = 'permissions rate-limit ROLE OPERATION PER_MINUTE BURST, or permissions rate-limit ROLE OPERATION off';
      const [role, operation, perMinute, burst] = params;
      if (params.length === 3 && perMinute === 'off') await admin.setRateLimit(principal, role!, operation!, undefined);
      else {
        expect(4, usage);
        const limit = { perMinute: Number(perMinute), burst: Number(burst) };
        if (!(limit.perMinute > 0) || !(limit.burst >= 1) || !Number.isFinite(limit.perMinute) || !Number.isFinite(limit.burst))
          throw new UsageError(`PER_MINUTE must be a number > 0 and BURST a number ≥ 1 (${usage})`);
        await admin.setRateLimit(principal, role!, operation!, limit);
      }
      io.out(JSON.stringify(security.access.state.rateLimits ?? {}));
      return 0;
    }
    if (sub === 'grant' || sub === 'revoke') {
      expect(2, `permissions ${sub} PRINCIPAL ROLE|PERMISSION`);
      if (sub === 'grant') await admin.grant(principal, params[0]!, params[1]!);
      else if (!(await admin.revoke(principal, params[0]!, params[1]!))) io.err(`${params[0]} did not have ${params[1]}`);
      io.out(JSON.stringify(security.access.state.grants[params[0]!] ?? { roles: [], permissions: [] }));
      return 0;
    }
    throw new UsageError('expected "permissions show", "permissions grant", "permissions revoke" or "permissions rate-limit"');
  } finally {
    await ctx.services.close();
  }
}
