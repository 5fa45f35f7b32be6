// The durable record of task outcomes: one JSON object per line, appended in a single write and
// flushed, by every process on the data folder without a lock (a line never cuts into another's write:
// AppendOptions.withoutLock). A line that does not parse (a torn write, a hand edit) is copied to a
// quarantine file with a warning, once, and skipped; every good line is kept. The log itself is never
// rewritten: with other processes appending without a lock, a rewrite drops what they append while it
// runs (fifteenth red team: 6 of 290 confirmed outcomes lost over 19 starts). The log is read in blocks
// (a log larger than the longest string V8 makes had stopped every host from starting), and refuses
// records past MAX_LOG_BYTES (thirteenth red team: a client filled it at 1 MB/s through record_outcomes).
// What other processes append is read by catchUp(), from where the last read ended (a long-running MCP
// server had never seen what the extension or the CLI recorded: a fuzzer's finding, stop 29).
import { redactedPrefix } from '../security/redact';
import { redactSecrets } from '../security/secrets/secret-scanner';
import { createHash, randomUUID } from 'crypto';
import * as path from 'path';
import type { ClockPort, FileSystemPort, LoggerPort } from '../ports';
import { BigThreeError, InvalidArgumentError } from '../errors';

export const OUTCOME_SCHEMA_VERSION = 1;
/** The log keeps the first this many characters of a task and of a result. */
export const MAX_TASK_LENGTH = 4000;
export const MAX_RESULT_LENGTH = 4000;
/** Past this size the log takes no more outcomes (about 200,000 of them at a few hundred bytes each). */
export const MAX_LOG_BYTES = 64 * 1024 * 1024;
/** The log is read in blocks of this size. */
const READ_BLOCK = 8 * 1024 * 1024;

export class OutcomeLogFullError extends BigThreeError {
  override readonly name: string = 'OutcomeLogFullError';
  constructor(readonly file: string) {
    super(
      `The outcome log ${file} has reached ${MAX_LOG_BYTES / 1024 / 1024} MiB, so no more outcomes are recorded. Move it aside (for example to ${path.basename(file)}.old): selection then learns again from new outcomes.`,
      'outcome-log-full',
    );
  }
}

export interface TaskOutcome {
  v: number;
  id: string;
  task: string;
  agentId: string;
  result: string;
  success: boolean;
  /** The expert that should have done it (a correction), when the caller knows. */
  preferredAgentId?: string;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface OutcomeInput {
  task: string;
  agentId: string;
  result: string;
  success: boolean;
  preferredAgentId?: string;
}

export class OutcomeStore {
  private outcomes: TaskOutcome[] = [];
  private loaded = false;
  /** Ids of the outcomes held (a line read again, this process's own among them, is not taken twice). */
  private readonly ids = new Set<string>();
  /** Bytes of the log read so far (whole lines): catchUp() reads from here. */
  private consumed = 0;
  /** The inode of the log read so far: another one (moved aside, replaced) is read from its start. */
  private consumedIno: number | undefined;

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
    // A last line without its newline is another process's append still under way, unless it parses (a
    // log edited by hand): it is read by the next catchUp(), not quarantined.
    // A folder or a pipe where the log belongs fails here (EISDIR, ENOTREG) as recording would: it had read
    // as an empty log, so "learning stats" reported 0 outcomes while every record failed.
    const { good, bad, bytes } = stat ? await this.readFrom(0, true) : { good: [], bad: [], bytes: 0 };
    this.outcomes = good;
    this.ids.clear();
    for (const o of good) this.ids.add(o.id);
    this.consumed = bytes;
    this.consumedIno = stat?.ino;
    this.loaded = true;
    if (bad.length) await this.quarantineOrWarn(good.length, bad);
    return this.outcomes;
  }

  /**
   * The outcomes other processes appended since the log was last read, in the order they were written.
   * A line still being written (no newline yet) waits for the next call; a log that shrank (moved aside,
   * replaced) is read again from its start, keeping only outcomes not held yet.
   */
  async catchUp(): Promise<TaskOutcome[]> {
    if (!this.loaded) {
      await this.load();
      return [];
    }
    const stat = await this.fs.stat(this.file);
    const size = stat?.isFile ? stat.size : 0;
    if (size < this.consumed || stat?.ino !== this.consumedIno) {
      this.consumed = 0;
      this.consumedIno = stat?.ino;
    }
    if (size <= this.consumed) return [];
    const { good, bad, bytes } = await this.readFrom(this.consumed, false);
    this.consumed += bytes;
    const fresh: TaskOutcome[] = [];
    for (const o of good) {
      if (this.ids.has(o.id)) continue;
      this.ids.add(o.id);
      fresh.push(o);
    }
    this.outcomes.push(...fresh);
    if (bad.length) await this.quarantineOrWarn(this.outcomes.length, bad);
    return fresh;
  }

  /**
   * The outcomes and the unreadable lines of the log from byte `from`, with the bytes they take: whole
   * lines, and a last line without its newline only when `takeUnterminated` and it parses.
   */
  private async readFrom(from: number, takeUnterminated: boolean): Promise<{ good: TaskOutcome[]; bad: string[]; bytes: number }> {
    const good: TaskOutcome[] = [];
    const bad: string[] = [];
    let bytes = 0;
    for await (const { line, bytes: length, complete } of this.lines(from)) {
      const outcome = line.trim() ? parseOutcome(line) : undefined;
      if (!complete && !(takeUnterminated && outcome)) break;
      bytes += length;
      if (!line.trim()) continue;
      if (outcome) good.push(outcome);
      else bad.push(line);
    }
    return { good, bad, bytes };
  }

  /**
   * The log's lines from byte `from`, read a block at a time (the whole file as one string fails past 512
   * MiB), each with its length in bytes (newline included) and whether it ended with a newline.
   */
  private async *lines(from = 0): AsyncGenerator<{ line: string; bytes: number; complete: boolean }> {
    const reader = await this.fs.openForReading?.(this.file);
    const whole = reader ? undefined : await this.fs.readFile(this.file);
    const size = reader ? reader.size : whole!.length;
    const decoder = new TextDecoder();
    let carry: Uint8Array = new Uint8Array(0);
    try {
      for (let at = from; at < size; at += READ_BLOCK) {
        const block = reader ? await reader.read(at, READ_BLOCK) : whole!.subarray(at, at + READ_BLOCK);
        if (!block.length) break;
        const joined = carry.length ? Buffer.concat([carry, block]) : block;
        let start = 0;
        for (let nl = joined.indexOf(0x0a); nl >= 0; nl = joined.indexOf(0x0a, start)) {
          yield { line: decoder.decode(joined.subarray(start, nl)), bytes: nl + 1 - start, complete: true };
          start = nl + 1;
        }
        carry = joined.subarray(start);
      }
    } finally {
      await reader?.close();
    }
    if (carry.length) yield { line: decoder.decode(carry), bytes: carry.length, complete: false };
  }

  async append(input: OutcomeInput): Promise<TaskOutcome> {
    return (await this.appendMany([input]))[0]!;
  }

  /** Validates every input first (nothing is written when one is bad), then appends them in one write. */
  async appendMany(inputs: readonly OutcomeInput[]): Promise<TaskOutcome[]> {
    if (!this.loaded) await this.load();
    // Unique across restarts and across windows sharing the file (vectors are cached by id).
    const outcomes = inputs.map((input) => validateOutcome(input, this.clock.now(), randomUUID()));
    if (!outcomes.length) return [];
    const text = outcomes.map(storedLine).join('');
    if (((await this.fs.stat(this.file))?.size ?? 0) + Buffer.byteLength(text) > MAX_LOG_BYTES) throw new OutcomeLogFullError(this.file);
    // Their ids are held before the write: a catchUp() reading the log while it lands skips them.
    for (const o of outcomes) this.ids.add(o.id);
    try {
      await this.fs.appendFile(this.file, text, { withoutLock: true });
    } catch (error) {
      for (const o of outcomes) this.ids.delete(o.id);
      throw error;
    }
    this.outcomes.push(...outcomes);
    return outcomes;
  }

  /** quarantine(), which a full disk costs only the copy: the good outcomes are held before it. */
  private async quarantineOrWarn(kept: number, bad: string[]): Promise<void> {
    try {
      await this.quarantine(kept, bad);
    } catch (error) {
      this.logger.warn(`${bad.length} unreadable line(s) in ${this.file} skipped; they could not be copied aside (${(error as Error).message}).`);
    }
  }

  /**
   * Copies the bad lines aside, to a file named by their digest: the next start finds the same lines,
   * sees their copy and says nothing more. They stay in the log, skipped (see the header).
   */
  private async quarantine(kept: number, bad: string[]): Promise<void> {
    const text = `${bad.join('\n')}\n`;
    const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
    const target = `${this.file}.corrupt-${digest}`;
    if (await this.fs.stat(target)) return;
    await this.fs.writeFileAtomic(target, text);
    this.logger.warn(
      `${bad.length} unreadable line${bad.length > 1 ? 's' : ''} in ${this.file} copied to ${target} and skipped; ${kept} outcomes kept. The log is not rewritten (other processes may be appending to it).`,
    );
  }
}

function validateOutcome(input: OutcomeInput, at: number, id: string): TaskOutcome {
  if (typeof input.task !== 'string' || !input.task.trim()) throw new InvalidArgumentError('an outcome needs the task text');
  if (typeof input.agentId !== 'string' || !input.agentId.trim()) throw new InvalidArgumentError('an outcome needs the expert id');
  if (typeof input.success !== 'boolean') throw new InvalidArgumentError('an outcome needs success: true or false');
  const preferred = input.preferredAgentId;
  if (preferred !== undefined && (typeof preferred !== 'string' || !preferred.trim())) throw new InvalidArgumentError('preferredAgentId must be an expert id');
  if (preferred !== undefined && !input.success && preferred === input.agentId) {
    throw new InvalidArgumentError(`a correction names the expert that should have done it instead of ${input.agentId}, not ${input.agentId} itself`);
  }
  if (preferred !== undefined && input.success && preferred !== input.agentId) {
    throw new InvalidArgumentError('a successful outcome cannot name another expert as preferred; record a failure with the correction');
  }
  return {
    v: OUTCOME_SCHEMA_VERSION,
    id,
    task: redactedPrefix(input.task, MAX_TASK_LENGTH), // secrets never reach the outcome log
    agentId: input.agentId,
    result: redactedPrefix(String(input.result ?? ''), MAX_RESULT_LENGTH),
    success: input.success,
    ...(preferred !== undefined ? { preferredAgentId: preferred } : {}),
    at,
  };
}

/**
 * An outcome as a line of the log, marked as scanned: its texts were redacted when it was recorded (or
 * when it was read back), so loading the log does not run the secret rules over every stored text again.
 */
function storedLine(outcome: TaskOutcome): string {
  return `${JSON.stringify({ ...outcome, scanned: true })}\n`;
}

function parseOutcome(line: string): TaskOutcome | undefined {
  try {
    const o = JSON.parse(line) as Partial<TaskOutcome> & { scanned?: unknown };
    if (
      o &&
      o.v === OUTCOME_SCHEMA_VERSION &&
      typeof o.task === 'string' &&
      typeof o.agentId === 'string' &&
      typeof o.success === 'boolean' &&
      typeof o.at === 'number' &&
      typeof o.id === 'string'
    ) {
      const preferred = typeof o.preferredAgentId === 'string' && o.preferredAgentId ? { preferredAgentId: o.preferredAgentId } : {};
      // A line this store wrote was redacted then; any other (older, or written by hand) is redacted now.
      const clean = o.scanned === true ? (text: string) => text : redactSecrets;
      return {
        v: o.v,
        id: o.id,
        task: clean(o.task),
        agentId: o.agentId,
        result: typeof o.result === 'string' ? clean(o.result) : '',
        success: o.success,
        ...preferred,
        at: o.at,
      };
    }
  } catch {
    // reported by the caller as a quarantined line
  }
  return undefined;
}
