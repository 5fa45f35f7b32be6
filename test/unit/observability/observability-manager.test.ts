import * as assert from 'assert';
import * as fs from 'fs';
import { NodeStoreFileSystem } from '../../../src/adapters/node-store-file-system';
import type { AgentCore } from '../../../src/orchestrator/agents/agent-core';
import { InvalidArgumentError } from '../../../src/orchestrator/errors';
import { JsonlEventStore } from '../../../src/orchestrator/observability/event-store';
import type { EventSummarizer } from '../../../src/orchestrator/observability/event-summary';
import type { HookType, ObservabilityEvent } from '../../../src/orchestrator/observability/event-types';
import { ObservabilityManager } from '../../../src/orchestrator/observability/observability-manager';
import { bridgePoolEvents } from '../../../src/orchestrator/observability/pool-event-bridge';
import { seededRandom } from '../../../src/orchestrator/learning/statistics';
import { FakeClock } from '../../fakes/fake-clock';
import { RecordingLogger, recordingLogger, tempDir } from '../memory/helpers';
import { shippedCore } from '../workflow/agent-core-fixture';

describe('ObservabilityManager', () => {
  let dir: string;
  let clock: FakeClock;
  let logger: RecordingLogger;
  let store: JsonlEventStore;

  beforeEach(() => {
    dir = tempDir('bt-obs-');
    clock = new FakeClock(1_700_000_000_000);
    logger = recordingLogger();
    store = new JsonlEventStore(dir, { fs: new NodeStoreFileSystem(), clock, logger });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lets no secret past it: not in payload values or keys, summaries, agent or session, live or stored', async () => {
    const manager = new ObservabilityManager({ clock, logger, store, flushDelayMs: 100 });
    const live: ObservabilityEvent[] = [];
    manager.onDidEmit((e) => live.push(e));
    const key = 'AKIAIOSFODNN7ABCDEFG';
    const send = (i: number) =>
      manager.sendEvent({
        agentName: 'qa-expert',
        hookType: 'tool_call',
        sessionId: `s-${key}`,
        payload: { tool: 'run', input: `aws configure set key ${key}`, [`token ${key}`]: 'x', nested: [{ deep: `key=${key}` }], n: i },
      });
    send(1);
    manager.sendEvent({ agentName: 'qa-expert', hookType: 'message_sent', sessionId: 's1', payload: { note: 'task 12' }, summary: `ran aws with ${key}` });
    send(3); // the same texts again in one batch
    // A summary joins texts: the agent's name and the message meet at ": ", which the password rule reads as an assignment.
    manager.sendEvent({ agentName: 'db_password', hookType: 'message_sent', sessionId: 's1', payload: { message: 'Hunter2Hunter2xyz' } });
    await manager.flush();
    const text = fs.readFileSync(`${dir}/events.jsonl`, 'utf8');
    assert.ok(!text.includes(key), text);
    assert.ok(!JSON.stringify(live).includes(key), 'the live views never see it either');
    const stored = await store.query({});
    assert.strictEqual(stored.length, 4);
    assert.deepStrictEqual(stored[2]!.payload, { note: 'task 12' }, 'ordinary text is kept as it was');
    assert.ok(JSON.stringify(stored[3]).includes('[REDACTED]'));
    assert.strictEqual(stored[0]!.summary, 'db_password: [REDACTED]', 'the joined summary is scanned whole (the message alone is no secret)');
  });

  it('scans the agent and the session on their own when the summary is given (the joined check covers them too)', () => {
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const manager = new ObservabilityManager({ clock, logger });
    const inSession = manager.sendEvent({ agentName: 'qa', hookType: 'tool_call', sessionId: token, summary: 'ran' });
    const inAgent = manager.sendEvent({ agentName: token, hookType: 'tool_call', sessionId: 's1', summary: 'ran' });
    assert.ok(!JSON.stringify([inSession, inAgent]).includes(token));
    assert.strictEqual(inSession.sessionId, '[REDACTED]');
    assert.strictEqual(inAgent.agentName, '[REDACTED]');
  });

  it('reads each field of an event once: a getter cannot pass the check with one text and be stored with another', async () => {
    const manager = new ObservabilityManager({ clock, logger, store, flushDelayMs: 100 });
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const changing = (clean: string) => {
      let reads = 0;
      return () => (++reads <= 1 ? clean : token);
    };
    const agent = changing('qa-expert');
    const session = changing('s1');
    const hook = changing('tool_call');
    const sent = manager.sendEvent({
      get agentName() {
        return agent();
      },
      get sessionId() {
        return session();
      },
      get hookType() {
        return hook() as HookType;
      },
      payload: { tool: 'run_tests' },
      summary: 'ran the tests',
    });
    assert.deepStrictEqual([sent.agentName, sent.sessionId, sent.hookType], ['qa-expert', 's1', 'tool_call']);
    // Nothing was remembered as clean that was not: later plain events with the token are still redacted.
    const later = manager.sendEvent({ agentName: 'qa-expert', hookType: 'tool_call', sessionId: 's1', payload: { output: token } });
    const named = manager.sendEvent({ agentName: token, hookType: 'agent_started', sessionId: 's1' });
    await manager.flush();
    const text = fs.readFileSync(`${dir}/events.jsonl`, 'utf8');
    assert.ok(!text.includes(token), text);
    assert.ok(!JSON.stringify([later, named]).includes(token));
  });

  it('sends events with an id, time and deterministic summary, live and to the store after the flush delay', async () => {
    const manager = new ObservabilityManager({ clock, logger, store, flushDelayMs: 100 });
    const live: ObservabilityEvent[] = [];
    manager.onDidEmit((e) => live.push(e));
    const sent = manager.sendEvent({ agentName: 'qa-expert', hookType: 'agent_started', sessionId: 's1', payload: { task: 'Write tests for invoices' } });
    assert.strictEqual(sent.summary, 'qa-expert started: Write tests for invoices');
    assert.strictEqual(sent.timestamp, clock.now());
    assert.deepStrictEqual(
      live.map((e) => e.id),
      [sent.id],
    );
    assert.deepStrictEqual(await store.query(), [], 'not written before the flush delay');
    clock.advance(100);
    await manager.flush();
    assert.deepStrictEqual(
      (await store.query()).map((e) => e.id),
      [sent.id],
    );
    assert.strictEqual(manager.sendEvent({ agentName: 'a', hookType: 'tool_call', sessionId: 's', summary: 'custom\nsummary' }).summary, 'custom summary');
  });

  it('keeps the newest recentLimit events in memory, newest first, filtered and limited as asked', () => {
    const manager = new ObservabilityManager({ clock, logger, recentLimit: 3 });
    for (let i = 0; i < 10; i++) manager.sendEvent({ agentName: i % 2 ? 'odd' : 'even', hookType: 'tool_call', sessionId: 's', payload: { n: i } });
    assert.deepStrictEqual(
      manager.recentEvents().map((e) => e.payload.n),
      [9, 8, 7],
    );
    assert.deepStrictEqual(
      manager.recentEvents({ agentName: 'even' }).map((e) => e.payload.n),
      [8],
    );
    assert.deepStrictEqual(
      manager.recentEvents({ limit: 2 }).map((e) => e.payload.n),
      [9, 8],
    );
    assert.throws(() => manager.recentEvents({ limit: 1.5 }), InvalidArgumentError);
    assert.throws(() => manager.recentEvents({ limit: 0 }), InvalidArgumentError);
    assert.throws(() => new ObservabilityManager({ clock, logger, recentLimit: -1 }), InvalidArgumentError);
    const none = new ObservabilityManager({ clock, logger, recentLimit: 0 });
    for (let i = 0; i < 5; i++) none.sendEvent({ agentName: 'a', hookType: 'tool_call', sessionId: 's' });
    assert.deepStrictEqual(none.recentEvents(), [], 'a limit of 0 keeps none');
    assert.strictEqual((none as unknown as { recent: unknown[] }).recent.length, 0, 'and holds none either');
  });

  it('writes summaries on one line exactly as collapsing every run of whitespace would', () => {
    const manager = new ObservabilityManager({ clock, logger });
    const pieces = [' ', 'a', '\t', '\n', '\u00a0', '\u2028', 'é', '\r', '\u3000', '\ufeff', '\u0085', '  ', 'word', '😀'];
    const next = seededRandom(5);
    for (let n = 0; n < 5000; n++) {
      let summary = 'x';
      for (let i = Math.floor(next() * 8); i > 0; i--) summary += pieces[Math.floor(next() * pieces.length)];
      const expected = summary.replace(/\s+/g, ' ').trim();
      assert.strictEqual(manager.sendEvent({ agentName: 'a', hookType: 'tool_call', sessionId: 's', summary }).summary, expected, JSON.stringify(summary));
    }
  });

  it('summarizes every hook type deterministically', () => {
    const manager = new ObservabilityManager({ clock, logger });
    const cases: Array<[HookType, Record<string, unknown>, string]> = [
      ['agent_ended', { success: false, summary: 'tests red' }, 'x failed: tests red'],
      ['tool_call', { tool: 'run_tests', input: 'npm test' }, 'x called run_tests (npm test)'],
      ['tool_result', { tool: 'run_tests', isError: true }, 'x got an error from run_tests'],
      ['message_sent', { message: 'hello' }, 'x: hello'],
      ['error_occurred', { error: 'disk full' }, 'x error: disk full'],
    ];
    for (const [hookType, payload, summary] of cases)
      assert.strictEqual(manager.sendEvent({ agentName: 'x', hookType, sessionId: 's', payload }).summary, summary);
    assert.ok(manager.sendEvent({ agentName: 'x', hookType: 'message_sent', sessionId: 's', payload: { message: 'y'.repeat(500) } }).summary.length <= 200);
  });

  it('rejects invalid events with a clear error', () => {
    const manager = new ObservabilityManager({ clock, logger });
    assert.throws(() => manager.sendEvent({ agentName: '', hookType: 'tool_call', sessionId: 's' }), /agentName/);
    assert.throws(
      () => manager.sendEvent({ agentName: 'a', hookType: 'tool_used' as HookType, sessionId: 's' }),
      (e: Error) => e instanceof InvalidArgumentError && /tool_used.*agent_started, agent_ended/.test(e.message),
    );
    assert.throws(
      () => manager.sendEvent({ agentName: 'a', hookType: 'tool_call', sessionId: 's', payload: [] as unknown as Record<string, unknown> }),
      /payload/,
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.me = cyclic;
    assert.match(
      String(manager.sendEvent({ agentName: 'a', hookType: 'tool_call', sessionId: 's', payload: cyclic }).payload.unserializable),
      /could not be stored as JSON/,
    );
  });

  it('creates hooks that read the current session id when they fire', () => {
    const manager = new ObservabilityManager({ clock, logger });
    const holder = { sessionId: 'first' };
    const hook = manager.createHook('code-reviewer', 'tool_call', holder, (p) => `reviewing ${String(p.file)}`);
    assert.strictEqual(hook({ file: 'a.ts' })!.sessionId, 'first');
    holder.sessionId = 'second';
    const e = hook({ file: 'b.ts' })!;
    assert.strictEqual(e.sessionId, 'second');
    assert.strictEqual(e.summary, 'reviewing b.ts');
    assert.strictEqual(
      manager.createHook(
        'x',
        'tool_call',
        () => 'fn',
        () => {
          throw new Error('bad summarizer');
        },
      )()!.summary,
      'x called a tool',
    );
    assert.match(logger.warnings().join('\n'), /summary function of the x tool_call hook failed/);
    assert.throws(() => manager.createHook('x', 'nope' as HookType, holder), /hookType/);
    assert.deepStrictEqual(
      manager.recentEvents({ sessionId: 'second' }).map((r) => r.id),
      [e.id],
    );
  });

  it('generates summaries with the configured model and falls back to the built-in one when it fails', async () => {
    const event = new ObservabilityManager({ clock, logger }).sendEvent({
      agentName: 'qa-expert',
      hookType: 'error_occurred',
      sessionId: 's',
      payload: { error: 'timeout' },
    });
    const good: EventSummarizer = { name: 'fake model', summarize: async (e) => `The QA expert hit a ${String(e.payload.error)}.` };
    assert.strictEqual(await new ObservabilityManager({ clock, logger, summarizer: good }).generateEventSummary(event), 'The QA expert hit a timeout.');
    const broken: EventSummarizer = { name: 'broken model', summarize: async () => Promise.reject(new Error('401 unauthorized')) };
    assert.strictEqual(await new ObservabilityManager({ clock, logger, summarizer: broken }).generateEventSummary(event), 'qa-expert error: timeout');
    assert.match(logger.warnings().join('\n'), /Summary by broken model failed \(401 unauthorized\)/);
    assert.strictEqual(await new ObservabilityManager({ clock, logger }).generateEventSummary(event), 'qa-expert error: timeout');
  });

  it('keeps events whose write failed and writes them on the next flush', async () => {
    let failing = true;
    const written: ObservabilityEvent[] = [];
    const flaky = {
      append: async (events: readonly ObservabilityEvent[]) => (failing ? Promise.reject(new Error('EACCES')) : void written.push(...events)),
      query: async () => written,
    } as unknown as JsonlEventStore;
    const manager = new ObservabilityManager({ clock, logger, store: flaky });
    manager.sendEvent({ agentName: 'a', hookType: 'tool_call', sessionId: 's' });
    await manager.flush();
    assert.match(logger.warnings().join('\n'), /Could not write 1 events.*kept for the next try.*EACCES/);
    manager.sendEvent({ agentName: 'a', hookType: 'tool_result', sessionId: 's' });
    failing = false;
    await manager.dispose();
    assert.deepStrictEqual(
      written.map((e) => e.hookType),
      ['tool_call', 'tool_result'],
    );
  });

  describe('pool bridge', () => {
    let core: AgentCore;
    before(async () => {
      core = await shippedCore();
    });
    after(() => core.dispose());

    it('emits agent_started and agent_ended (with the result) as pool instances work', async () => {
      const manager = new ObservabilityManager({ clock, logger, store });
      const subscription = bridgePoolEvents(core.pool, manager, () => 'window-1');
      const instance = await core.pool.acquireExpert('qa-expert', 'Write tests for invoices');
      core.pool.markWorking(instance.id);
      core.pool.releaseInstance(instance.id, { success: true, summary: '12 tests pass' });
      const other = await core.pool.acquireExpert('debugger', 'Find the crash');
      core.pool.markWorking(other.id);
      core.pool.terminateInstance(other.id, 'terminated by the user');
      await Promise.resolve();
      subscription.dispose();
      const events = await manager.queryEvents({ sessionId: 'window-1' });
      assert.deepStrictEqual(events.map((e) => e.summary).reverse(), [
        'qa-expert started: Write tests for invoices',
        'qa-expert succeeded: 12 tests pass',
        'debugger started: Find the crash',
        'debugger ended: Find the crash',
      ]);
      assert.strictEqual(events[0]!.payload.reason, 'terminated by the user');
      await manager.dispose();
    });
  });
});
