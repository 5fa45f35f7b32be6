// The coder's tools on any host, behind the security gate: reads and writes of workspace files (paths
// confined to the workspace, protected files ask, approval unless auto-approved), commands through the
// command guard (deny wins, unlisted commands ask) and every action audited. VS Code subclasses it to
// apply edits as a WorkspaceEdit after a diff preview; the CLI and the tests use it as it is.
import type { FileSystemPort } from '../ports';
import type { PathGuard } from '../security/path-guard';
import type { GateDecision, SecurityGate } from '../security/security-gate';
import type { CommandOutput, CoderToolHost, DelegateActor } from './delegate-types';
import { DelegateToolError, errorMessage } from './errors';
import { lineRange } from './system-prompt';
import { creationPreview, looksBinary, replaceExactlyOnce, replacementPreview } from './text-edits';

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
}

const HIDDEN = new Set(['.git', 'node_modules']);

export class GatedToolHost implements CoderToolHost {
  constructor(protected readonly options: GatedToolHostOptions) {}

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
    const absolute = (await this.enforce(actor, { operation: 'file.list', path: target, detail: `Claude (${actor.expertId}) wants to list ${target === '.' ? 'the top level of the workspace' : target}.` })).path!.absolute;
    const entries = await this.options.fs.readDirectory(absolute);
    return entries
      .filter((e) => !HIDDEN.has(e.name))
      .map((e) => (e.isDirectory ? `${e.name}/` : e.name))
      .sort();
  }

  async searchCode(actor: DelegateActor, query: string, limit: number): Promise<string> {
    const search = this.options.search?.();
    if (!search) throw new DelegateToolError('search_code needs the workspace index, which is not built: run "Big Three: Index Workspace". Use list_files and read_file meanwhile.', false);
    await this.enforce(actor, { operation: 'code.search', detail: `Claude (${actor.expertId}) wants to search the workspace index for "${query.slice(0, 80)}".` });
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
    const current = await this.currentText(edit.path);
    if (current === undefined) throw new DelegateToolError(`${edit.path} does not exist; use create_file for a new file.`, false);
    const next = replaceExactlyOnce(current.text, edit.oldText, edit.newText, edit.path);
    const decision = await this.enforce(actor, { operation: 'file.write', path: edit.path, payload: next, detail: edit.reason, preview: replacementPreview(edit.path, edit.oldText, edit.newText) });
    return this.write(decision, next, current.text, `Edited ${decision.path!.relative} (replaced ${edit.oldText.split('\n').length} lines with ${edit.newText.split('\n').length}).`);
  }

  async createFile(actor: DelegateActor, file: { path: string; content: string; reason: string }): Promise<string> {
    if ((await this.currentText(file.path)) !== undefined) throw new DelegateToolError(`${file.path} already exists; read it and use edit_file to change it.`, false);
    const decision = await this.enforce(actor, { operation: 'file.write', path: file.path, payload: file.content, detail: file.reason, preview: creationPreview(file.path, file.content) });
    return this.write(decision, file.content, undefined, `Created ${decision.path!.relative} (${file.content.split('\n').length} lines).`);
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

  protected enforce(actor: DelegateActor, request: { operation: string; path?: string; command?: string; payload?: unknown; detail?: string; preview?: string }): Promise<GateDecision> {
    return this.options.gate.enforce({ principal: actor.principal, actingExpert: actor.expertId, ...request, details: { taskId: actor.taskId } });
  }

  /** The current text of a workspace file, or undefined when there is none (the path is checked, not audited). */
  protected async currentText(file: string): Promise<{ text: string; absolute: string } | undefined> {
    const guard = this.options.paths();
    if (!guard) throw new DelegateToolError('No workspace folder is open, so no file may be touched.', true);
    let absolute: string;
    try {
      absolute = (await guard.resolve(file, 'write')).absolute;
    } catch (error) {
      throw new DelegateToolError(errorMessage(error), true);
    }
    const stat = await this.options.fs.stat(absolute);
    if (!stat) return undefined;
    if (!stat.isFile) throw new DelegateToolError(`${file} is a folder, not a file.`, false);
    return { text: Buffer.from(await this.options.fs.readFile(absolute)).toString('utf8'), absolute };
  }

  private async write(decision: GateDecision, text: string, expected: string | undefined, done: string): Promise<string> {
    try {
      const absolute = decision.path!.absolute;
      if (expected !== undefined) {
        const now = Buffer.from(await this.options.fs.readFile(absolute)).toString('utf8');
        if (now !== expected) throw new DelegateToolError(`${decision.path!.relative} changed while the edit waited for approval; read it again and redo the edit.`, false);
      }
      await this.options.fs.writeFileAtomic(absolute, text);
      return done;
    } catch (error) {
      await this.options.gate.recordFailure(decision, error);
      throw error instanceof DelegateToolError ? error : new DelegateToolError(`Could not write ${decision.path!.relative}: ${errorMessage(error)}`, false);
    }
  }

}

