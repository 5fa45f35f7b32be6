// The one gate every privileged operation passes: known operation → rate limit → payload size →
// access control (grants, policies, the acting expert's tools) → input checks (workspace paths,
// command rules) → approval (protected files and unlisted commands always; agent actions unless
// auto-approved) → audit. Both outcomes are audited; if the audit record cannot be written the
// operation is refused (fail closed).
import type { ApprovalPort, LoggerPort } from '../ports';
import * as path from 'path';
import { BigThreeError } from '../errors';
import type { AccessControl } from './access-control';
import { AutoApproveSettings, NO_AUTO_APPROVE, isAutoApproved } from './approval-policy';
import type { AuditLogger } from './audit-logger';
import type { AuditRecord } from './audit-types';
import type { CommandDecision, CommandGuard } from './command-guard';
import { escapingPathReason, linkedIntoFolderReason, projectOutsideReason } from './commands/real-locations';
import type { WrittenName } from './commands/written-operands';
import { type ConfigFiles, unprotectedTscConfig } from './commands/tsc-config-chain';
import { AccessDeniedError, ApprovalDeniedError, AuditUnavailableError, CommandViolationError, PathViolationError, PayloadTooLargeError } from './errors';
import type { GuardedPath, PathGuard, RealPathPort } from './path-guard';
import { DEFAULT_MAX_PAYLOAD_BYTES, checkPayload } from './payload-limits';
import { PrivilegedOperation, privilegedOperation } from './privileged-operations';
import type { RateLimiter } from './rate-limiter';

export interface GateRequest {
  principal: string;
  operation: string;
  /** The expert on whose behalf this runs; its definition's tools must allow the operation. */
  actingExpert?: string;
  /** What the operation is about (an expert id, an instance id, a URL); recorded in the audit log. */
  resource?: string;
  /** For file operations: the path as the caller gave it. */
  path?: string;
  /** For command.run: the command line. */
  command?: string;
  /** Checked against the payload size limit. */
  payload?: unknown;
  /** Shown to the user when approval is needed. */
  detail?: string;
  preview?: string;
  /** Extra audit details (secrets are redacted). */
  details?: Record<string, unknown>;
}

export type ApprovedBy = 'not-needed' | 'auto-approve' | 'user';

export interface GateDecision {
  operation: PrivilegedOperation;
  principal: string;
  /** The checked path (use its `absolute` for the I/O), for file operations. */
  path?: GuardedPath;
  approvedBy: ApprovedBy;
  audit: AuditRecord;
}

export interface SecurityGateOptions {
  /** Re-reads grants and tokens changed elsewhere; called before every decision (live authorization). */
  refresh?: () => Promise<void>;
  /** For a principal that tokens were issued to: a reason when none of them is valid any more (all revoked or expired). */
  revokedPrincipal?: (principal: string) => string | undefined;
  access: AccessControl;
  /** Takes a token from a rate-limit bucket shared with other processes (else the in-memory limiter is used). */
  consumeRate?: (principal: string, operation: string) => Promise<void>;
  audit: AuditLogger;
  rateLimiter: RateLimiter;
  /** Undefined when no workspace folder is open: every file operation is then refused. */
  paths: () => PathGuard | undefined;
  commands: () => CommandGuard;
  /** For following symlinks named by command arguments (with `roots`). */
  realPath?: RealPathPort;
  /** For reading the configurations an allowed tsc would read (with `roots`); without it tsc asks. */
  configFiles?: ConfigFiles;
  roots?: () => readonly string[];
  approval?: ApprovalPort;
  autoApprove?: () => AutoApproveSettings;
  maxPayloadBytes?: () => number;
  logger: LoggerPort;
}

const VIOLATIONS = [PathViolationError, CommandViolationError, PayloadTooLargeError];

/** Refusals the gate has audited already (callers that audit their own refusals skip these). */
const auditedRefusals = new WeakSet<object>();

export function wasAudited(error: unknown): boolean {
  return typeof error === 'object' && error !== null && auditedRefusals.has(error);
}

/** Marks a refusal audited by its own service (a refused session), so that no caller audits it again. */
export function markAudited<E>(error: E): E {
  if (typeof error === 'object' && error !== null) auditedRefusals.add(error);
  return error;
}

export class SecurityGate {
  constructor(private readonly options: SecurityGateOptions) {}

  get access(): AccessControl {
    return this.options.access;
  }

  get auditLog(): AuditLogger {
    return this.options.audit;
  }

  /** Allows the request or throws the typed reason (after auditing either outcome). */
  async enforce(request: GateRequest): Promise<GateDecision> {
    let op: PrivilegedOperation;
    let checked: { path?: GuardedPath; approvedBy: ApprovedBy };
    try {
      op = await this.knownOperation(request);
      checked = await this.evaluate(op, request);
    } catch (error) {
      await this.recordDenial(request, error);
      throw error;
    }
    const audit = await this.record({
      type: op.auditType,
      user: request.principal,
      operation: op.id,
      outcome: 'allowed',
      message: `${op.description}${request.resource ? `: ${request.resource}` : checked.path ? `: ${checked.path.relative}` : ''}`,
      details: this.auditDetails(request, { approvedBy: checked.approvedBy, ...(checked.path ? { path: checked.path.relative } : {}) }),
    });
    return { operation: op, principal: request.principal, approvedBy: checked.approvedBy, audit, ...(checked.path ? { path: checked.path } : {}) };
  }

  /**
   * Who may do what, alone (roles, grants, policies, a revoked token, the acting expert's tools), for a
   * service that must read on the caller's behalf before it can ask for approval (an edit reads the file
   * to show its diff): a caller who may not do the operation learns nothing from what it reads. A refusal
   * is audited as enforce() audits it; an allowed check writes nothing (enforce() follows and records).
   */
  async checkAccess(request: GateRequest): Promise<void> {
    try {
      const op = await this.knownOperation(request);
      const access = this.accessFor(op, request);
      if (!access.allowed) {
        // A refused caller pays a rate-limit token, as enforce() charges one before it decides: repeated
        // refused attempts slow down the same way (an allowed check pays in the enforce() that follows).
        await this.consumeRate(request.principal, op.id);
        throw new AccessDeniedError(access.reason, op.id, request.principal);
      }
    } catch (error) {
      await this.recordDenial(request, error);
      throw error;
    }
  }

  /** Like enforce, but returns the refusal instead of throwing it. */
  async check(request: GateRequest): Promise<{ allowed: true; decision: GateDecision } | { allowed: false; error: BigThreeError }> {
    try {
      return { allowed: true, decision: await this.enforce(request) };
    } catch (error) {
      if (error instanceof BigThreeError) return { allowed: false, error };
      throw error;
    }
  }

  /**
   * The verdict a command line gets under the current rules, symbolic links followed: a name inside the
   * workspace may still lead out of it. What the gate applies and `permissions check-command` prints.
   */
  async commandDecision(command: string): Promise<CommandDecision> {
    const verdict = this.options.commands().evaluate(command);
    if (verdict.verdict !== 'allow' || !this.options.realPath) return verdict;
    const roots = this.options.roots?.() ?? [];
    const project = await projectOutsideReason(verdict, roots, this.options.realPath);
    if (project) return { verdict: 'ask', reason: project };
    for (const project of verdict.tscProjects ?? []) {
      const guard = this.options.paths();
      const why =
        !this.options.configFiles || !guard || !roots[0]
          ? "tsc's configuration cannot be read here, so what it extends cannot be checked"
          : await unprotectedTscConfig(project, roots[0], guard, this.options.configFiles);
      if (why) return { verdict: 'ask', reason: why };
    }
    const escaping = verdict.paths?.length ? await escapingPathReason(verdict.paths, roots, this.options.realPath) : undefined;
    if (escaping) return { verdict: 'ask', reason: escaping };
    const runsScript = verdict.programs?.some((p) => ['npm', 'npx', 'pnpm', 'yarn'].includes(p));
    const linked = runsScript && verdict.paths?.length ? await linkedIntoFolderReason(verdict.paths, roots, this.options.realPath) : undefined;
    if (linked) return { verdict: 'ask', reason: linked };
    const protectedWrite = verdict.writes?.length ? await this.protectedWriteReason(verdict.writes) : undefined;
    return protectedWrite ? { verdict: 'ask', reason: protectedWrite } : verdict;
  }

  /**
   * Why a command that writes `files` asks: one of them is protected (path-guard.ts), and an edit of it always
   * needs approval, whoever makes it (stop 38's red team: `sed -i` on package.json, `cp x .vscode/tasks.json`).
   */
  private async protectedWriteReason(files: readonly WrittenName[]): Promise<string | undefined> {
    const guard = this.options.paths();
    if (!guard) return 'the command writes files, and which of them are protected cannot be checked here';
    const roots = (this.options.roots?.() ?? []).map((r) => path.resolve(r));
    // A folder, or a link to one (`cp x link-to-.vscode` lands in the folder the link leads to).
    const isFolder = async (name: string) => {
      const real = this.options.realPath;
      const target = real && (await real.realpath(name));
      return !!target && (await real.lstatKind(target)) === 'directory';
    };
    for (const given of files) {
      if (given.ifFolder !== undefined && !(await isFolder(given.ifFolder))) continue;
      const file = given.treeUnlessFolder && !(await isFolder(given.value)) ? { ...given, tree: true } : given;
      // Files written into the workspace folder are checked by their own names; a tree written there may hold any.
      if (roots.includes(path.resolve(file.value))) {
        if (file.tree) return "the command writes a folder's contents into the workspace folder itself, where protected files are";
        continue;
      }
      try {
        // A name removed or moved is the link itself, not what it leads to (`rm link`).
        const checked = file.itself ? guard.checkLexical(file.value, 'write') : await guard.resolve(file.value, 'write');
        if (checked.protectedBy)
          return `the command writes ${checked.relative}, a protected file (${checked.protectedBy}): an edit of it always needs approval`;
        const within = file.tree ? guard.protectedWithin(checked.relative) : undefined;
        if (within) return `the command writes everything under ${checked.relative}, where protected files are (${within})`;
      } catch (error) {
        if (error instanceof PathViolationError) return `the command writes ${file.value}: ${error.message}`;
        throw error;
      }
    }
    return undefined;
  }

  /**
   * Records a request that the service performing it turned down before asking the gate (an edit whose
   * text to replace is not in the file): nothing was done, but the log shows who tried what. The caller
   * was already allowed by checkAccess(); a record that cannot be written is logged, not thrown. It costs
   * a rate-limit token, as an attempt does: a loop of edits that never fit slows down like refused ones,
   * and past the limit its refusals are aggregated like any others instead of growing the log.
   */
  async recordNotAttempted(request: GateRequest, reason: string): Promise<void> {
    try {
      const op = await this.knownOperation(request);
      try {
        await this.consumeRate(request.principal, op.id);
      } catch (error) {
        await this.recordDenial(request, error);
        return;
      }
      await this.options.audit.record({
        type: op.auditType,
        user: request.principal,
        operation: op.id,
        outcome: 'failure',
        message: `${op.description} not attempted: ${reason}`,
        details: this.auditDetails(request, {}),
      });
    } catch (e) {
      this.options.logger.error(`could not audit the turned-down ${request.operation}`, e);
    }
  }

  /** Records that an allowed operation then failed, so the log shows what really happened. */
  async recordFailure(decision: GateDecision, error: unknown): Promise<void> {
    await this.options.audit
      .record({
        type: decision.operation.auditType,
        user: decision.principal,
        operation: decision.operation.id,
        outcome: 'failure',
        message: `${decision.operation.description} failed: ${(error as Error)?.message ?? String(error)}`,
        details: { authorizedBy: decision.audit.seq },
      })
      .catch((e) => this.options.logger.error(`could not audit a failed ${decision.operation.id}`, e));
  }

  private async evaluate(op: PrivilegedOperation, request: GateRequest): Promise<{ path?: GuardedPath; approvedBy: ApprovedBy }> {
    await this.consumeRate(request.principal, op.id);
    if (request.payload !== undefined) checkPayload(request.payload, this.options.maxPayloadBytes?.() ?? DEFAULT_MAX_PAYLOAD_BYTES, `The ${op.id} payload`);
    const access = this.accessFor(op, request);
    if (!access.allowed) throw new AccessDeniedError(access.reason, op.id, request.principal);
    let path: GuardedPath | undefined;
    let resolvePath: (() => Promise<GuardedPath>) | undefined;
    let mustAsk: string | undefined;
    if (op.input === 'path-read' || op.input === 'path-list' || op.input === 'path-write') {
      const requested = request.path;
      if (requested === undefined) throw new PathViolationError(`${op.id} needs a path.`, '');
      const guard = this.options.paths();
      if (!guard) throw new PathViolationError('No workspace folder is open, so no file may be touched.', requested);
      resolvePath = () => guard.resolve(requested, op.input === 'path-write' ? 'write' : 'read', { allowRoot: op.input === 'path-list' });
      path = await resolvePath();
      if (path.protectedBy && op.input === 'path-write') mustAsk = `${path.relative} is a protected file (${path.protectedBy})`;
    }
    let commandAllowListed = true;
    if (op.input === 'command') {
      const guard = this.options.commands();
      guard.check(request.command); // throws for a denied command
      const verdict = await this.commandDecision(request.command!); // a string: check() refused anything else
      if (verdict.verdict !== 'allow') {
        commandAllowListed = false;
        mustAsk = verdict.reason;
      }
    }
    // An expert acting asks per category; so does a token caller, except for the reads its role alone
    // covers (tokenNeedsNoApproval: index, search, learning statistics; review of stop 39).
    const tokenRead = request.actingExpert === undefined && request.principal.startsWith('token:') && op.tokenNeedsNoApproval === true;
    const agentAction = !tokenRead && (request.actingExpert !== undefined || request.principal !== this.options.access.localPrincipal);
    if (!mustAsk && op.category && agentAction && commandAllowListed) {
      if (isAutoApproved((this.options.autoApprove ?? (() => NO_AUTO_APPROVE))(), op.category, request.actingExpert))
        return { ...(path ? { path } : {}), approvedBy: 'auto-approve' };
      mustAsk = `${op.category} actions are not auto-approved${request.actingExpert ? ` for ${request.actingExpert}` : ''}`;
    }
    if (!mustAsk) return { ...(path ? { path } : {}), approvedBy: 'not-needed' };
    const who = request.actingExpert ? `${request.actingExpert} (for ${request.principal})` : request.principal;
    const approval = this.options.approval;
    if (!approval) throw new ApprovalDeniedError(`${op.description} needs approval (${mustAsk}), and nobody can be asked here.`, op.id, false);
    const approved = await approval.requestApproval({
      action: `${who}: ${op.description}`,
      detail: [
        request.detail,
        path ? `File: ${path.relative}` : undefined,
        request.command ? `Command: ${request.command}` : undefined,
        `Why approval is needed: ${mustAsk}.`,
      ]
        .filter(Boolean)
        .join('\n'),
      ...(request.preview !== undefined ? { preview: request.preview } : {}),
    });
    if (approved !== true) throw new ApprovalDeniedError(`${op.description} was not approved (${mustAsk}).`, op.id);
    if (path && resolvePath) {
      // The tree may change while the user decides (a folder swapped for a symbolic link out of the
      // workspace): the path is checked again, and must lead where the user was shown.
      const again = await resolvePath();
      if (again.absolute !== path.absolute || again.protectedBy !== path.protectedBy)
        throw new PathViolationError(
          `${path.relative} changed while waiting for approval (it now leads to ${again.absolute}); nothing was done.`,
          path.relative,
        );
    }
    return { ...(path ? { path } : {}), approvedBy: 'user' };
  }

  /** The operation asked for, after re-reading tokens and grants; refused for a revoked caller or an unknown operation. */
  private async knownOperation(request: GateRequest): Promise<PrivilegedOperation> {
    await this.options.refresh?.();
    const revoked = this.options.revokedPrincipal?.(request.principal);
    if (revoked) throw new AccessDeniedError(revoked, request.operation, request.principal);
    const op = privilegedOperation(request.operation);
    if (!op) throw new AccessDeniedError(`"${request.operation}" is not a known privileged operation, so it is refused.`, request.operation, request.principal);
    return op;
  }

  /** Roles, grants, policies and the acting expert's tools, for this operation. */
  private accessFor(op: PrivilegedOperation, request: GateRequest): ReturnType<AccessControl['authorize']> {
    return this.options.access.authorize(request.principal, op.id, request.actingExpert !== undefined ? { actingExpert: request.actingExpert } : {});
  }

  private async consumeRate(principal: string, operation: string): Promise<void> {
    if (this.options.consumeRate) await this.options.consumeRate(principal, operation);
    else this.options.rateLimiter.consume(principal, operation);
  }

  private async recordDenial(request: GateRequest, error: unknown): Promise<void> {
    if (typeof error === 'object' && error !== null) auditedRefusals.add(error);
    const violation = VIOLATIONS.some((type) => error instanceof type);
    await this.options.audit
      .record({
        type: violation ? 'security_violation' : 'authorization_denied',
        severity: violation ? 'critical' : 'warning',
        user: String(request.principal),
        operation: String(request.operation),
        outcome: 'denied',
        message: (error as Error)?.message ?? String(error),
        details: this.auditDetails(request, { code: error instanceof BigThreeError ? error.code : 'error' }),
      })
      .catch((e) => this.options.logger.error(`could not audit the refusal of ${request.operation}`, e));
  }

  private async record(input: Parameters<AuditLogger['record']>[0]): Promise<AuditRecord> {
    try {
      return await this.options.audit.record(input);
    } catch (error) {
      throw error instanceof AuditUnavailableError
        ? error
        : new AuditUnavailableError(`The audit log cannot be written (${(error as Error).message}); the operation was refused.`);
    }
  }

  private auditDetails(request: GateRequest, extra: Record<string, unknown>): Record<string, unknown> {
    return {
      ...(request.resource !== undefined ? { resource: request.resource } : {}),
      ...(request.actingExpert !== undefined ? { actingExpert: request.actingExpert } : {}),
      ...(request.path !== undefined && !('path' in extra) ? { requestedPath: String(request.path).slice(0, 300) } : {}),
      ...(request.command !== undefined ? { command: String(request.command).slice(0, 500) } : {}),
      ...(request.details ?? {}),
      ...extra,
    };
  }
}
