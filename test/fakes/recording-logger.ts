import type { LoggerPort } from '../../src/orchestrator/ports';

/** A LoggerPort that keeps every line, so tests can assert on what was logged. */
export class RecordingLogger implements LoggerPort {
  readonly lines: Array<{ level: string; message: string }> = [];

  /** @param warningLevels the levels warnings() reports (some suites count errors as warnings too). */
  constructor(private readonly warningLevels: readonly string[] = ['warn']) {}

  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }

  messages(...levels: string[]): string[] {
    return this.lines.filter((l) => levels.includes(l.level)).map((l) => l.message);
  }

  warnings(): string[] {
    return this.messages(...this.warningLevels);
  }
}
