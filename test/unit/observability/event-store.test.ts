import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import { JsonlEventStore } from '../../../src/orchestrator/observability/event-store';
import type { HookType, ObservabilityEvent } from '../../../src/orchestrator/observability/event-types';
import { FakeClock } from '../../fakes/fake-clock';
import { RecordingLogger, recordingLogger, tempDir } from '../memory/helpers';

let n = 0;
function event(agentName: string, hookType: HookType, sessionId: string, timestamp: number, extra: Record<string, unknown> = {}): ObservabilityEvent {
  return { v: 1, id: `e${++n}`, timestamp, agentName, hookType, sessionId, payload: { ...extra }, summary: `${agentName} ${hookType}` };
}

describe('JsonlEventStore', () => {
  let dir: string;
  let clock: FakeClock;
  let logger: RecordingLogger;
  const make = (options = {}) => new JsonlEventStore(dir, { fs: new NodeStoreFileSystem(), clock, logger }, options);

  beforeEach(() => {
    dir = tempDir('bt-events-');
    clock = new FakeClock(1_700_000_000_000);
    logger = recordingLogger();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('queries by agent, type, session and time, newest first, with a limit', async () => {
    const store = make();
    const t = clock.now();
    await store.append([
      event('qa-expert', 'agent_started', 's1', t),
      event('qa-expert', 'agent_ended', 's1', t + 10),
      event('data-engineer', 'agent_started', 's2', t + 20),
    ]);
    await store.append([event('qa-expert', 'error_occurred', 's2', t + 30)]);
    assert.deepStrictEqual(
      (await store.query({ agentName: 'qa-expert' })).map((e) => e.hookType),
      ['error_occurred', 'agent_ended', 'agent_started'],
    );
    assert.deepStrictEqual(
      (await store.query({ hookType: 'agent_started' })).map((e) => e.agentName),
      ['data-engineer', 'qa-expert'],
    );
    assert.deepStrictEqual(
      (await store.query({ sessionId: 's2' })).map((e) => e.timestamp),
      [t + 30, t + 20],
    );
    assert.deepStrictEqual(
      (await store.query({ since: t + 10, until: t + 20 })).map((e) => e.timestamp),
      [t + 20, t + 10],
    );
    assert.strictEqual((await store.query({ limit: 2 })).length, 2);
    assert.strictEqual((await store.query({ agentName: 'nobody' })).length, 0);
    const line = fs
      .readFileSync(path.join(dir, 'events.jsonl'), 'utf8')
      .split('\n')
      .find((l) => l.trim())!;
    assert.strictEqual(JSON.parse(line).v, 1, 'every line carries its schema version');
  });

  it('a filtered query reads only the lines that can match, and finds names that need escaping or are parts of others', async () => {
    const store = make();
    const t = clock.now();
    const odd = 'ünï "quoted" \\ back/slash \u2028';
    await store.append([
      event('qa', 'agent_started', 's1', t),
      event('qa-expert', 'agent_started', 's1', t + 1),
      event(odd, 'tool_call', 'qa', t + 2),
      event('qa', 'tool_call', 's"2', t + 3),
    ]);
    assert.deepStrictEqual(
      (await store.query({ agentName: 'qa' })).map((e) => e.timestamp),
      [t + 3, t],
      'not qa-expert, nor an event whose session is "qa"',
    );
    assert.deepStrictEqual(
      (await store.query({ agentName: odd, hookType: 'tool_call' })).map((e) => e.timestamp),
      [t + 2],
    );
    assert.deepStrictEqual(
      (await store.query({ sessionId: 's"2' })).map((e) => e.agentName),
      ['qa'],
    );
  });

  it('rotates past maxSegmentBytes, keeps maxSegments rotated files and still finds events across them', async () => {
    const store = make({ maxSegmentBytes: 1024, maxSegments: 3 });
    for (let i = 0; i < 40; i++) {
      await store.append([event('a', 'message_sent', 's', clock.now(), { i, pad: 'x'.repeat(100) })]);
      clock.advance(1000);
    }
    const rotated = fs.readdirSync(dir).filter((f) => /^events-\d{15}-[0-9a-f]{6}\.jsonl$/.test(f));
    assert.strictEqual(rotated.length, 3);
    for (const f of [...rotated, 'events.jsonl']) assert.ok(fs.statSync(path.join(dir, f)).size <= 1024, f);
    const all = await store.readAll();
    const kept = all.map((e) => e.payload.i as number);
    // Retention drops whole old segments: what is left is the newest events, contiguous and in order.
    assert.ok(kept.length >= 10 && kept.length < 40, `${kept.length} kept`);
    assert.deepStrictEqual(
      kept,
      Array.from({ length: kept.length }, (_, k) => 40 - kept.length + k),
    );
    // A time query that reaches into a rotated segment.
    const target = all[2]!;
    assert.deepStrictEqual(
      (await store.query({ since: target.timestamp, until: target.timestamp })).map((e) => e.id),
      [target.id],
    );
    assert.match(logger.lines.map((l) => l.message).join('\n'), /Event log retention: removed events-/);
  });

  it("a filtered query repairs a broken line it reads without losing other agents' events, and leaves lines it cannot match unread", async () => {
    const store = make();
    const t = clock.now();
    await store.append([event('a', 'tool_call', 's', t), event('b', 'tool_call', 's', t + 1)]);
    const file = path.join(dir, 'events.jsonl');
    // Broken lines: one that holds "a" (read by a query for agent a), one that does not.
    fs.appendFileSync(file, '{"v":1,"agentName":"a","broken\n{"v":1,"agentName":"c","broken\n');
    await store.append([event('b', 'tool_result', 's', t + 2)]);
    const asidePattern = /^events\.jsonl\.corrupt-/;

    assert.deepStrictEqual((await store.query({ agentName: 'zzz' })).length, 0);
    assert.strictEqual(fs.readdirSync(dir).filter((f) => asidePattern.test(f)).length, 0, 'a query that can match no line reads none');

    assert.deepStrictEqual(
      (await store.query({ agentName: 'a' })).map((e) => e.timestamp),
      [t],
    );
    const aside = fs.readdirSync(dir).filter((f) => asidePattern.test(f));
    assert.strictEqual(aside.length, 1, 'the broken line the query read was moved aside');
    assert.strictEqual(
      fs.readFileSync(path.join(dir, aside[0]!), 'utf8'),
      '{"v":1,"agentName":"a","broken\n{"v":1,"agentName":"c","broken\n',
      'the repair reads the whole file',
    );
    assert.deepStrictEqual(
      (await store.readAll()).map((e) => `${e.agentName}@${e.timestamp - t}`),
      ['a@0', 'b@1', 'b@2'],
      "every other agent's events are kept",
    );
  });

  it('moves corrupt lines aside with a warning, keeps a torn tail aside, and keeps every good event', async () => {
    const store = make();
    const t = clock.now();
    await store.append([event('a', 'tool_call', 's', t), event('a', 'tool_result', 's', t + 1)]);
    const file = path.join(dir, 'events.jsonl');
    fs.appendFileSync(file, '{"v":1,"id":"torn","timestamp":'); // a crash in the middle of a write
    await store.append([event('a', 'message_sent', 's', t + 2)]);
    fs.appendFileSync(file, 'not json at all\n{"v":1,"id":"x"}\n');
    const found = await store.query();
    assert.deepStrictEqual(
      found.map((e) => e.hookType),
      ['message_sent', 'tool_result', 'tool_call'],
    );
    const aside = fs.readdirSync(dir).filter((f) => f.startsWith('events.jsonl.corrupt-'));
    assert.strictEqual(aside.length, 1);
    assert.deepStrictEqual(fs.readFileSync(path.join(dir, aside[0]!), 'utf8').trim().split('\n'), ['not json at all', '{"v":1,"id":"x"}']);
    assert.match(logger.warnings().join('\n'), /events\.jsonl: 2 unreadable lines moved to .*; the other 3 events are kept/);
    // The torn tail was cut back before the next append (so no record merged with it) and its bytes kept aside.
    const torn = fs.readdirSync(dir).filter((f) => f.startsWith('events.jsonl.torn-'));
    assert.strictEqual(torn.length, 1);
    assert.strictEqual(fs.readFileSync(path.join(dir, torn[0]!), 'utf8'), '{"v":1,"id":"torn","timestamp":');
    // Repaired: the next read warns no more, and appends go on.
    logger.lines.length = 0;
    await store.append([event('a', 'agent_ended', 's', t + 3)]);
    assert.strictEqual((await store.query()).length, 4);
    assert.deepStrictEqual(logger.warnings(), []);
  });

  it('keeps lines of a newer schema version untouched', async () => {
    const store = make();
    fs.writeFileSync(path.join(dir, 'events.jsonl'), `${JSON.stringify({ v: 2, id: 'future', shape: 'unknown' })}\n`);
    await store.append([event('a', 'tool_call', 's', clock.now())]);
    assert.strictEqual((await store.query()).length, 1);
    assert.match(fs.readFileSync(path.join(dir, 'events.jsonl'), 'utf8'), /"future"/);
    assert.deepStrictEqual(logger.warnings(), []);
  });

  it('validates its options and query limits', async () => {
    assert.throws(() => make({ maxSegmentBytes: 10 }), /maxSegmentBytes/);
    assert.throws(() => make({ maxSegments: 0 }), /maxSegments/);
    await assert.rejects(make().query({ limit: 0 }), /limit/);
  });
});
