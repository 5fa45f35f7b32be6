// The coder's tools on any host, behind the security gate: reads and writes of workspace files (paths
// confined to the workspace, protected files ask, approval unless auto-approved), commands through the
// command guard (deny wins, unlisted commands ask) and every action audited. Edits and new files go through
// the core's EditService, whose host port VS Code implements as a diff plus one WorkspaceEdit.
import { fileEditHost } from '../edits/edit-host';
import { EditService } from '../edits/edit-service';
import type { EditOutcome, EditProposer } from '../edits/edit-types';
import type { FileSystemPort } from '../ports';
import type { PathGuard } from '../security/path-guard';
import type { GateDecision, SecurityGate } from '../security/security-gate';
import type { CommandOutput, CoderToolHost, DelegateActor } from './delegate-types';
import { DelegateToolError, errorMessage } from './errors';
import { lineRange } from './system-prompt';
import { looksBinary } from './text-edits';

/** Runs a command line in a folder; Node's implementation is in src/adapters/node-command-runner.ts. */
export interface CommandRunner {
  run(command: string, cwd: string, signal: AbortSignal, timeoutMs: number): Promise<CommandOutput>;
}

export interface CodeSearchHit {
  codePath: string;
  content: string;
  metadata: Readonly<Record<string, unknown>>;
}

export type CodeSearchFn = (query: string, limit: number) => Promise<readonly CodeSearchHit[]>;

export interface GatedToolHostOptions {
  gate: SecurityGate;
  fs: FileSystemPort;
  paths: () => PathGuard | undefined;
  /** The folder commands run in (the first workspace folder). */
  workspaceRoot: () => string | undefined;
  commands: CommandRunner;
  /** The workspace index; search_code explains how to build it when there is none. */
  search?: () => CodeSearchFn | undefined;
  commandTimeoutMs?: number;
  maxReadBytes?: number;
  /** The one edit path (resolve, exact replacement, gate, stale check, the host's write); atomic file writes through `fs` when absent. */
  edits?: EditService;
}

const HIDDEN = new Set(['.git', 'node_modules']);

export class GatedToolHost implements CoderToolHost {
  private readonly edits: EditService;

  constructor(private readonly options: GatedToolHostOptions) {
    this.edits = options.edits ?? new EditService({ gate: options.gate, paths: options.paths, host: fileEditHost(options.fs) });
  }

  async readFile(actor: DelegateActor, file: string): Promise<string> {
    const decision = await this.enforce(actor, { operation: 'file.read', path: file, detail: `Claude (${actor.expertId}) wants to read ${file}.` });
    try {
      const bytes = await this.options.fs.readFile(decision.path!.absolute);
      if (looksBinary(bytes)) throw new DelegateToolError(`${decision.path!.relative} is a binary file; only text files can be read.`, false);
      const max = this.options.maxReadBytes ?? 256 * 1024;
      const text = Buffer.from(bytes.subarray(0, max)).toString('utf8');
      return bytes.length > max ? `${text}\n… (file cut at ${max} bytes of ${bytes.length})` : text;
    } catch (error) {
      await this.options.gate.recordFailure(decision, error);
      throw error instanceof DelegateToolError ? error : new DelegateToolError(`Could not read ${file}: ${errorMessage(error)}`, false);
    }
  }

  async listFiles(actor: DelegateActor, folder: string): Promise<string[]> {
    const target = folder.trim() || '.';
    const absolute = (
      await this.enforce(actor, {
        operation: 'file.list',
        path: target,
        detail: `Claude (${actor.expertId}) wants to list ${target === '.' ? 'the top level of the workspace' : target}.`,
      })
    ).path!.absolute;
    const entries = await this.options.fs.readDirectory(absolute);
    return entries
      .filter((e) => !HIDDEN.has(e.name))
      .map((e) => (e.isDirectory ? `${e.name}/` : e.name))
      .sort();
  }

  async searchCode(actor: DelegateActor, query: string, limit: number): Promise<string> {
    const search = this.options.search?.();
    if (!search)
      throw new DelegateToolError(
        'search_code needs the workspace index, which is not built: run "Big Three: Index Workspace". Use list_files and read_file meanwhile.',
        false,
      );
    await this.enforce(actor, {
      operation: 'code.search',
      detail: `Claude (${actor.expertId}) wants to search the workspace index for "${query.slice(0, 80)}".`,
    });
    const guard = this.options.paths();
    const hits = (await search(query, limit)).filter((h) => {
      try {
        guard?.checkLexical(h.codePath, 'read');
        return !!guard;
      } catch {
        return false;
      }
    });
    return hits.map((h) => `--- ${h.codePath}${lineRange(h.metadata)}\n${h.content}`).join('\n\n');
  }

  async editFile(actor: DelegateActor, edit: { path: string; oldText: string; newText: string; reason: string }): Promise<string> {
    const outcome = await this.edits.apply({ file: edit.path, replace: { oldText: edit.oldText, newText: edit.newText } }, this.proposer(actor, edit.reason));
    return report(outcome, `Edited ${outcome.file} (replaced ${edit.oldText.split('\n').length} lines with ${edit.newText.split('\n').length})`);
  }

  async createFile(actor: DelegateActor, file: { path: string; content: string; reason: string }): Promise<string> {
    const outcome = await this.edits.apply({ file: file.path, newContent: file.content, createOnly: true }, this.proposer(actor, file.reason));
    return report(outcome, `Created ${outcome.file} (${file.content.split('\n').length} lines)`);
  }

  async runCommand(actor: DelegateActor, command: string, signal: AbortSignal): Promise<CommandOutput> {
    const root = this.options.workspaceRoot();
    if (!root) throw new DelegateToolError('No workspace folder is open, so no command can run.', true);
    const decision = await this.enforce(actor, { operation: 'command.run', command, detail: `Claude (${actor.expertId}) wants to run a command in ${root}.` });
    try {
      const out = await this.options.commands.run(command, root, signal, this.options.commandTimeoutMs ?? 120_000);
      await this.options.gate.auditLog.record({
        type: 'tool_executed',
        user: actor.principal,
        operation: 'command.run',
        outcome: out.exitCode === 0 ? 'success' : 'failure',
        message: `Command finished with exit code ${out.exitCode ?? 'none'}${out.timedOut ? ' (timed out)' : ''}: ${command.slice(0, 200)}`,
        details: { actingExpert: actor.expertId, taskId: actor.taskId, authorizedBy: decision.audit.seq },
      });
      return out;
    } catch (error) {
      await this.options.gate.recordFailure(decision, error);
      throw error;
    }
  }

  private enforce(
    actor: DelegateActor,
    request: { operation: string; path?: string; command?: string; payload?: unknown; detail?: string; preview?: string },
  ): Promise<GateDecision> {
    return this.options.gate.enforce({ principal: actor.principal, actingExpert: actor.expertId, ...request, details: { taskId: actor.taskId } });
  }

  private proposer(actor: DelegateActor, reason: string): EditProposer {
    return { principal: actor.principal, actingExpert: actor.expertId, reason, taskId: actor.taskId };
  }
}

/** The tool's answer to the model for an applied edit; a refusal or failure becomes a DelegateToolError (denied when security said no). */
function report(outcome: EditOutcome, done: string): string {
  if (outcome.status === 'applied') return `${done}${outcome.approvedBy === 'user' ? ', approved by the user' : ''}.`;
  throw new DelegateToolError(outcome.reason, outcome.status === 'denied' || outcome.status === 'rejected-by-user');
}
