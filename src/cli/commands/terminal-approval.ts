// Approval prompts on the terminal for the headless delegate and voice commands: the security gate
// asks exactly what it would ask in VS Code. With --yes (or without a terminal to ask on) nothing is
// prompted and every request that needs approval is refused, so work proceeds only within the
// auto-approve rules of the permissions settings; --yes never approves anything by itself.
import * as readline from 'readline';
import type { ApprovalPort, ApprovalRequest } from '../../orchestrator/ports';
import type { CliIo } from '../cli-host';

export interface TerminalApprovalOptions {
  /** --yes: never prompt (refuse what the auto-approve rules do not cover). */
  noPrompt: boolean;
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  output?: NodeJS.WritableStream;
}

export class TerminalApproval implements ApprovalPort {
  /** Requests refused without asking (reported at the end of the command). */
  readonly refused: string[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly io: CliIo,
    private readonly options: TerminalApprovalOptions,
  ) {}

  requestApproval(request: ApprovalRequest): Promise<boolean> {
    // One question at a time, even when delegates ask in parallel.
    const answer = this.queue.then(() => this.ask(request));
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  private async ask(request: ApprovalRequest): Promise<boolean> {
    const input = this.options.input ?? process.stdin;
    if (this.options.noPrompt || !input.isTTY) {
      this.refused.push(request.action);
      this.io.err(
        `refused (needs approval, ${this.options.noPrompt ? '--yes only covers auto-approved actions' : 'no terminal to ask on'}): ${request.action}`,
      );
      return false;
    }
    this.io.err(
      `\nApproval needed: ${request.action}\n${request.detail}${request.preview ? `\n--- preview ---\n${request.preview.slice(0, 4_000)}\n---` : ''}`,
    );
    const rl = readline.createInterface({ input, output: this.options.output ?? process.stderr });
    try {
      const reply = await new Promise<string>((resolve) => rl.question('Approve? [y/N] ', resolve));
      return /^(y|yes)$/i.test(reply.trim());
    } finally {
      rl.close();
    }
  }
}
