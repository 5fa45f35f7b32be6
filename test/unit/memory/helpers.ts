// Shared by the memory, workflow and observability tests: a temp folder and a logger that keeps lines.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { LoggerPort } from '../../../src/orchestrator/ports';

export interface RecordingLogger extends LoggerPort {
  lines: Array<{ level: string; message: string }>;
  warnings(): string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: Array<{ level: string; message: string }> = [];
  const add = (level: string) => (message: string) => lines.push({ level, message });
  return {
    lines,
    debug: add('debug'),
    info: add('info'),
    warn: add('warn'),
    error: add('error'),
    warnings: () => lines.filter((l) => l.level === 'warn' || l.level === 'error').map((l) => l.message),
  };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
