// The durable record of task outcomes: one JSON object per line, appended in a single write and
// flushed. A line that does not parse (a torn write, a hand edit) is moved to a quarantine file with
// a warning; every good line is kept.
import { randomUUID } from 'crypto';
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { InvalidArgumentError } from '../errors';

export const OUTCOME_SCHEMA_VERSION = 1;
const MAX_TASK_LENGTH = 4000;
const MAX_RESULT_LENGTH = 4000;

export interface TaskOutcome {
  v: number;
  id: string;
  task: string;
  agentId: string;
  result: string;
  success: boolean;
  /** Milliseconds since the epoch. */
  at: number;
}

export class OutcomeStore {
  private outcomes: TaskOutcome[] = [];
  private loaded = false;

  constructor(
    private readonly fs: FileSystemPort,
    private readonly clock: ClockPort,
    private readonly logger: LoggerPort,
    readonly file: string,
  ) {}

  get all(): readonly TaskOutcome[] {
    return this.outcomes;
  }

  async load(): Promise<readonly TaskOutcome[]> {
    const stat = await this.fs.stat(this.file);
    const good: TaskOutcome[] = [];
    const bad: string[] = [];
    if (stat?.isFile) {
      const text = new TextDecoder().decode(await this.fs.readFile(this.file));
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        const outcome = parseOutcome(line);
        if (outcome) good.push(outcome);
        else bad.push(line);
      }
    }
    if (bad.length) await this.quarantine(good, bad);
    this.outcomes = good;
    this.loaded = true;
    return this.outcomes;
  }

  async append(input: { task: string; agentId: string; result: string; success: boolean }): Promise<TaskOutcome> {
    if (!this.loaded) await this.load();
    // Unique across restarts and across windows sharing the file (vectors are cached by id).
    const outcome = validateOutcome(input, this.clock.now(), randomUUID());
    await this.fs.appendFile(this.file, `${JSON.stringify(outcome)}\n`);
    this.outcomes.push(outcome);
    return outcome;
  }

  /** Keeps the good lines, moves the bad ones aside and rewrites the file atomically. */
  private async quarantine(good: TaskOutcome[], bad: string[]): Promise<void> {
    const target = path.join(path.dirname(this.file), `${path.basename(this.file)}.corrupt-${this.clock.now()}`);
    await this.fs.writeFileAtomic(target, `${bad.join('\n')}\n`);
    await this.fs.writeFileAtomic(this.file, good.map((o) => `${JSON.stringify(o)}\n`).join(''));
    this.logger.warn(`${bad.length} unreadable line${bad.length > 1 ? 's' : ''} in ${this.file} moved to ${target}; ${good.length} outcomes kept.`);
  }
}

function validateOutcome(input: { task: string; agentId: string; result: string; success: boolean }, at: number, id: string): TaskOutcome {
  if (typeof input.task !== 'string' || !input.task.trim()) throw new InvalidArgumentError('an outcome needs the task text');
  if (typeof input.agentId !== 'string' || !input.agentId.trim()) throw new InvalidArgumentError('an outcome needs the expert id');
  if (typeof input.success !== 'boolean') throw new InvalidArgumentError('an outcome needs success: true or false');
  return {
    v: OUTCOME_SCHEMA_VERSION,
    id,
    task: input.task.slice(0, MAX_TASK_LENGTH),
    agentId: input.agentId,
    result: String(input.result ?? '').slice(0, MAX_RESULT_LENGTH),
    success: input.success,
    at,
  };
}

function parseOutcome(line: string): TaskOutcome | undefined {
  try {
    const o = JSON.parse(line) as Partial<TaskOutcome>;
    if (o && o.v === OUTCOME_SCHEMA_VERSION && typeof o.task === 'string' && typeof o.agentId === 'string' && typeof o.success === 'boolean' && typeof o.at === 'number' && typeof o.id === 'string') {
      return { v: o.v, id: o.id, task: o.task, agentId: o.agentId, result: typeof o.result === 'string' ? o.result : '', success: o.success, at: o.at };
    }
  } catch {
    // reported by the caller as a quarantined line
  }
  return undefined;
}
