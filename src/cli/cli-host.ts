// The CLI's terminal: output, a logger on stderr, and where the shipped experts are.
import { escapeTerminal } from '../orchestrator/security/terminal-text';
import * as fs from 'fs';
import * as path from 'path';
import { SHIPPED_SENTENCE_VECTORS } from '../orchestrator/learning/sentence-vector-cache';
import { SHIPPED_WORD_VECTORS } from '../orchestrator/text/word-vectors';
import type { LoggerPort } from '../orchestrator/ports';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Control characters in anything printed (task text, file names, commands from agents) are shown escaped. */
const safe = (text: string) => escapeTerminal(text.endsWith('\n') ? text : `${text}\n`, { keepNewlines: true, allowBold: true });

export const processIo: CliIo = {
  out: (text) => process.stdout.write(safe(text)),
  err: (text) => process.stderr.write(safe(text)),
};

export function stderrLogger(io: CliIo, verbose: boolean): LoggerPort {
  const write =
    (level: string) =>
    (message: string, ...details: unknown[]) =>
      io.err(`[${level}] ${message}${details.length ? ` ${details.map((d) => (d instanceof Error ? d.message : JSON.stringify(d))).join(' ')}` : ''}`);
  return { debug: verbose ? write('debug') : () => {}, info: verbose ? write('info') : () => {}, warn: write('warn'), error: write('error') };
}

/** The shipped agentpool/ sits beside dist/ in the package (and in the repository). */
export function defaultAgentsDir(): string {
  return process.env.BIG_THREE_AGENTS_DIR ?? path.resolve(__dirname, '..', 'agentpool');
}

/**
 * A shipped file under models/: in the package, models/ sits beside dist/ (the bundle's folder); from the
 * compiled sources (out/src/cli) it is three folders up. Undefined when neither has it.
 */
function shippedModelFile(parts: readonly string[]): string | undefined {
  for (const up of [['..'], ['..', '..', '..']]) {
    const file = path.resolve(__dirname, ...up, ...parts);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

/** The shipped word vectors. */
export function defaultWordVectorsFile(): string | undefined {
  return shippedModelFile(SHIPPED_WORD_VECTORS);
}

/** The shipped experts' sentence vectors. */
export function defaultSentenceVectorsFile(): string | undefined {
  return shippedModelFile(SHIPPED_SENTENCE_VECTORS);
}
