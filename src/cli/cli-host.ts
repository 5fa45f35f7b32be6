// Builds the core for the CLI: Node file system, real clock, a logger on stderr.
import * as path from 'path';
import { NodeFileSystem } from '../adapters/node-file-system';
import { LoggerPort, systemClock } from '../orchestrator/ports';
import { AgentCore, createAgentCore } from '../orchestrator/agents/agent-core';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export function stderrLogger(io: CliIo, verbose: boolean): LoggerPort {
  const write = (level: string) => (message: string, ...details: unknown[]) =>
    io.err(`[${level}] ${message}${details.length ? ` ${details.map((d) => (d instanceof Error ? d.message : JSON.stringify(d))).join(' ')}` : ''}`);
  return { debug: verbose ? write('debug') : () => {}, info: verbose ? write('info') : () => {}, warn: write('warn'), error: write('error') };
}

/** The shipped agentpool/ sits beside dist/ in the package (and in the repository). */
export function defaultAgentsDir(): string {
  return process.env.BIG_THREE_AGENTS_DIR ?? path.resolve(__dirname, '..', 'agentpool');
}

export interface CoreOptions {
  agentsDir?: string;
  workspace?: string;
  verbose: boolean;
}

export function buildCliCore(io: CliIo, options: CoreOptions): Promise<AgentCore> {
  return createAgentCore({
    fs: new NodeFileSystem(),
    clock: systemClock,
    logger: stderrLogger(io, options.verbose),
    builtinAgentsDir: options.agentsDir ?? defaultAgentsDir(),
    workspaceFolders: [path.resolve(options.workspace ?? process.cwd())],
  });
}
