// The event log on disk: JSON lines in `events.jsonl`, rotated to `events-<time>-<random>.jsonl` when
// it grows past `maxSegmentBytes`, keeping `maxSegments` rotated files. Appends, rotation and repairs
// take a lock file, so several windows and CLI runs can write one log without losing events. Each
// batch starts with a newline, so a line cut short by a crash never swallows the next one; such a
// line is moved to `<segment>.corrupt-<time>` with a warning and the good lines stay queryable.
import { randomBytes } from 'crypto';
import * as path from 'path';
import type { ClockPort, LoggerPort } from '../ports';
import { InvalidArgumentError } from '../errors';
import { FileLock, FileLockOptions } from '../memory/file-lock';
import type { StoreFileSystemPort } from '../memory/store-file-system';
import { EventQuery, ObservabilityEvent, matchesQuery, parseEventLine } from './event-types';

export interface EventStoreOptions {
  maxSegmentBytes?: number;
  maxSegments?: number;
  lock?: FileLockOptions;
}

export interface EventStorePorts {
  fs: StoreFileSystemPort;
  clock: ClockPort;
  logger: LoggerPort;
}

const ACTIVE = 'events.jsonl';
const LATE_EVENT_SLACK_MS = 60_000;
const SEGMENT = /^events-(\d{15})-[0-9a-f]{6}\.jsonl$/;

interface Segment {
  file: string;
  /** Rotation time; Infinity for the active file. */
  rotatedAt: number;
}

export class JsonlEventStore {
  private readonly lock: FileLock;
  private readonly maxSegmentBytes: number;
  private readonly maxSegments: number;

  constructor(
    readonly dir: string,
    private readonly ports: EventStorePorts,
    options: EventStoreOptions = {},
  ) {
    this.maxSegmentBytes = options.maxSegmentBytes ?? 5 * 1024 * 1024;
    this.maxSegments = options.maxSegments ?? 10;
    if (!(this.maxSegmentBytes >= 1024)) throw new InvalidArgumentError(`maxSegmentBytes must be ≥ 1024, got ${options.maxSegmentBytes}`);
    if (!Number.isInteger(this.maxSegments) || this.maxSegments < 1)
      throw new InvalidArgumentError(`maxSegments must be a whole number ≥ 1, got ${options.maxSegments}`);
    this.lock = new FileLock(ports.fs, path.join(dir, '.events.lock'), ports.clock, ports.logger, options.lock);
  }

  async append(events: readonly ObservabilityEvent[]): Promise<void> {
    if (!events.length) return;
    // Events come from the ObservabilityManager, which removed every secret from their texts already.
    const text = `\n${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
    await this.lock.withLock(async () => {
      const active = path.join(this.dir, ACTIVE);
      const size = (await this.ports.fs.stat(active))?.size ?? 0;
      if (size > 0 && size + text.length > this.maxSegmentBytes) await this.rotate(active);
      await this.ports.fs.appendFile(active, text);
    });
  }

  /** Matching events, newest first. */
  async query(query: EventQuery = {}): Promise<ObservabilityEvent[]> {
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1) throw new InvalidArgumentError(`limit must be a whole number ≥ 1, got ${query.limit}`);
    const segments = await this.segments(); // newest first
    const out: ObservabilityEvent[] = [];
    // A line is parsed only if it holds each text the query asks for as JSON.stringify writes it: the format of
    // this log is lines written by append() with JSON.stringify (so in every version); a line written by hand
    // with other escapes ("q\u0061") is not found by such a query. A query for one agent parses that agent's lines.
    const needles = [query.agentName, query.hookType, query.sessionId].filter((t): t is string => t !== undefined).map((t) => JSON.stringify(t));
    const mayMatch = needles.length ? (line: string) => needles.every((n) => line.includes(n)) : undefined;
    for (let i = 0; i < segments.length && out.length < limit; i++) {
      const segment = segments[i]!;
      const olderRotation = segments[i + 1]?.rotatedAt ?? -Infinity; // this segment holds events after that time
      if (query.since !== undefined && segment.rotatedAt < query.since) break;
      // Events reach the log a little after they happen, so a segment may hold some from just before its start.
      if (query.until !== undefined && olderRotation - LATE_EVENT_SLACK_MS > query.until) continue;
      // Newest first: later lines first, then a stable sort by time.
      const events = (await this.readSegment(segment.file, mayMatch)).filter((e) => matchesQuery(e, query)).reverse();
      events.sort((a, b) => b.timestamp - a.timestamp);
      out.push(...events.slice(0, limit - out.length));
    }
    return out;
  }

  /** Every stored event, oldest first (for exports and tests). */
  async readAll(): Promise<ObservabilityEvent[]> {
    const all: ObservabilityEvent[] = [];
    for (const segment of (await this.segments()).reverse()) all.push(...(await this.readSegment(segment.file)));
    return all;
  }

  private async segments(): Promise<Segment[]> {
    const list: Segment[] = [];
    for (const item of await this.ports.fs.readDirectory(this.dir)) {
      if (!item.isFile) continue;
      const match = SEGMENT.exec(item.name);
      if (match) list.push({ file: item.name, rotatedAt: Number(match[1]) });
      else if (item.name === ACTIVE) list.push({ file: item.name, rotatedAt: Infinity });
    }
    return list.sort((a, b) => b.rotatedAt - a.rotatedAt || (a.file < b.file ? 1 : -1));
  }

  private async rotate(active: string): Promise<void> {
    const name = `events-${String(this.ports.clock.now()).padStart(15, '0')}-${randomBytes(3).toString('hex')}.jsonl`;
    await this.ports.fs.rename(active, path.join(this.dir, name));
    const rotated = (await this.segments()).filter((s) => s.file !== ACTIVE);
    for (const old of rotated.slice(this.maxSegments)) {
      await this.ports.fs.delete(path.join(this.dir, old.file));
      this.ports.logger.info(`Event log retention: removed ${old.file} (keeping ${this.maxSegments} rotated files of up to ${this.maxSegmentBytes} bytes).`);
    }
  }

  /** The events of a segment (only those on lines `mayMatch` accepts, when given); unreadable lines are moved aside. */
  private async readSegment(file: string, mayMatch?: (line: string) => boolean): Promise<ObservabilityEvent[]> {
    const { events, bad } = await this.parse(file, false, mayMatch);
    if (!bad) return events;
    // Repair under the lock: re-read, move the bad lines aside, keep the good ones.
    return this.lock.withLock(async () => {
      const again = await this.parse(file, true);
      if (again.badLines.length) {
        const full = path.join(this.dir, file);
        const aside = `${full}.corrupt-${new Date(this.ports.clock.now()).toISOString().replace(/[:.]/g, '-')}`;
        await this.ports.fs.writeFileAtomic(aside, again.badLines.join('\n') + '\n');
        await this.ports.fs.writeFileAtomic(full, again.goodLines.length ? `${again.goodLines.join('\n')}\n` : '');
        this.ports.logger.warn(
          `${file}: ${again.badLines.length} unreadable line${again.badLines.length > 1 ? 's' : ''} moved to ${aside}; the other ${again.goodLines.length} events are kept.`,
        );
      }
      return again.events;
    });
  }

  private async parse(
    file: string,
    keepLines = false,
    mayMatch?: (line: string) => boolean,
  ): Promise<{ events: ObservabilityEvent[]; bad: number; goodLines: string[]; badLines: string[] }> {
    let text: string;
    try {
      text = new TextDecoder().decode(await this.ports.fs.readFile(path.join(this.dir, file)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], bad: 0, goodLines: [], badLines: [] };
      throw error;
    }
    const lines = text.split('\n');
    // The last piece has no newline yet: a write in progress elsewhere, read it next time.
    const pending = lines.pop() ?? '';
    const events: ObservabilityEvent[] = [];
    const goodLines: string[] = [];
    const badLines: string[] = [];
    for (const line of lines) {
      if (!line.trim() || (mayMatch && !mayMatch(line))) continue;
      const parsed = parseEventLine(line);
      if (parsed.event) events.push(parsed.event);
      if (parsed.event || parsed.newer) {
        if (keepLines) goodLines.push(line);
      } else badLines.push(line);
    }
    if (keepLines && pending.trim()) {
      // Under the lock nobody is writing: an unterminated last line is a torn write.
      if (parseEventLine(pending).event) {
        events.push(parseEventLine(pending).event!);
        goodLines.push(pending);
      } else badLines.push(pending);
    }
    return { events, bad: badLines.length, goodLines, badLines };
  }
}
