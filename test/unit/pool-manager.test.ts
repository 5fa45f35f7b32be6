// AgentPoolManager: lifecycle, reuse, capacity, bounded waits, reservation expiry, idle cleanup,
// statistics and change events. Runs over a real ExpertCatalog loaded from a temp folder and a
// FakeClock, so every timer fires exactly when a test advances time.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../../src/adapters/node-file-system';
import { ExpertCatalog } from '../../src/orchestrator/agents/expert-catalog';
import { AgentPoolManager } from '../../src/orchestrator/agents/pool-manager';
import { AgentInstance, DEFAULT_POOL_LIMITS, InstanceStatus, PoolChange, PoolLimits } from '../../src/orchestrator/agents/pool-types';
import { IllegalTransitionError, InvalidArgumentError, PoolCapacityError, UnknownExpertError, UnknownInstanceError } from '../../src/orchestrator/errors';
import { LoggerPort, silentLogger } from '../../src/orchestrator/ports';
import { FakeClock } from '../fakes/fake-clock';

const START = 1_000_000;

interface TestExpert {
  id: string;
  title: string;
  tier: 1 | 2 | 3;
  category: string;
  description: string;
}

const EXPERTS: TestExpert[] = [
  { id: 'alpha-expert', title: 'Alpha Expert', tier: 1, category: 'architecture', description: 'Designs alpha services and their APIs.' },
  { id: 'beta-expert', title: 'Beta Expert', tier: 2, category: 'quality', description: 'Tests beta features end to end.' },
  { id: 'gamma-expert', title: 'Gamma Expert', tier: 3, category: 'domain', description: 'Builds gamma firmware for sensors.' },
];

function definitionText(e: TestExpert): string {
  return [
    '---',
    `name: ${e.id}`,
    `description: ${e.description}`,
    `tier: ${e.tier}`,
    `category: ${e.category}`,
    'triggers:',
    `  - ${e.id.split('-')[0]}`,
    `  - ${e.id.split('-')[0]} service`,
    'focus_areas:',
    '  - design',
    '  - testing',
    'tools: [read_file, write_file, search_code]',
    '---',
    `# ${e.title}`,
    '',
    '## Role',
    `Owns ${e.id} work.`,
    '',
    '## System Prompt',
    `You are the ${e.title}. State the contract before writing code.`,
    '',
    '## Guidelines',
    '- Keep changes small.',
    '- Say what you did.',
    '',
  ].join('\n');
}

/** Lets pending promise continuations (an acquire resuming after a wake-up) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface Tracked<T> {
  settled: boolean;
  value?: T;
  error?: unknown;
}

function track<T>(promise: Promise<T>): Tracked<T> {
  const state: Tracked<T> = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

function expectIllegal(action: () => unknown, from: InstanceStatus, to: InstanceStatus, instanceId: string): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof IllegalTransitionError, `expected IllegalTransitionError, got ${String(caught)}`);
  assert.strictEqual(caught.from, from);
  assert.strictEqual(caught.to, to);
  assert.strictEqual(caught.instanceId, instanceId);
  assert.strictEqual(caught.code, 'illegal-transition');
  assert.ok(caught.message.includes(`from ${from.toUpperCase()} to ${to.toUpperCase()}`), caught.message);
  assert.ok(caught.message.includes(instanceId), caught.message);
}

function transitions(instance: Readonly<AgentInstance>): string[] {
  return instance.history.map((h) => `${h.from}->${h.to}`);
}

describe('FakeClock', () => {
  it('starts at the given time and only moves on advance()', () => {
    const clock = new FakeClock(500);
    assert.strictEqual(clock.now(), 500);
    clock.advance(250);
    assert.strictEqual(clock.now(), 750);
    assert.throws(() => clock.advance(-1), /≥ 0/);
  });

  it('fires due timers in due order (ties in the order they were set) with now() at the due time', () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.setTimer(30, () => fired.push(`c@${clock.now()}`));
    clock.setTimer(10, () => fired.push(`a@${clock.now()}`));
    clock.setTimer(10, () => fired.push(`b@${clock.now()}`));
    clock.setTimer(31, () => fired.push(`late@${clock.now()}`));
    assert.strictEqual(clock.pendingTimers(), 4);
    assert.deepStrictEqual(clock.pendingDueTimes(), [10, 10, 30, 31]);
    clock.advance(9);
    assert.deepStrictEqual(fired, []);
    clock.advance(21);
    assert.deepStrictEqual(fired, ['a@10', 'b@10', 'c@30']);
    assert.strictEqual(clock.now(), 30);
    assert.strictEqual(clock.pendingTimers(), 1);
  });

  it('fires timers scheduled by timers when they fall due inside the same advance', () => {
    const clock = new FakeClock(0);
    const fired: number[] = [];
    clock.setTimer(10, () => {
      fired.push(clock.now());
      clock.setTimer(5, () => {
        fired.push(clock.now());
        clock.setTimer(100, () => fired.push(clock.now()));
      });
    });
    clock.advance(20);
    assert.deepStrictEqual(fired, [10, 15]);
    assert.strictEqual(clock.pendingTimers(), 1);
    clock.advance(95);
    assert.deepStrictEqual(fired, [10, 15, 115]);
    assert.strictEqual(clock.pendingTimers(), 0);
  });

  it('never fires a disposed timer; advance(0) fires timers due now', () => {
    const clock = new FakeClock(0);
    let fired = 0;
    const timer = clock.setTimer(10, () => fired++);
    timer.dispose();
    assert.strictEqual(clock.pendingTimers(), 0);
    clock.advance(100);
    assert.strictEqual(fired, 0);
    clock.setTimer(0, () => fired++);
    clock.setTimer(-5, () => fired++);
    clock.advance(0);
    assert.strictEqual(fired, 2);
  });
});

describe('AgentPoolManager', () => {
  let dir: string;
  let catalog: ExpertCatalog;
  let clock: FakeClock;
  let pools: AgentPoolManager[];

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-'));
    for (const expert of EXPERTS) fs.writeFileSync(path.join(dir, `${expert.id}.md`), definitionText(expert));
    catalog = new ExpertCatalog(new NodeFileSystem(), silentLogger, [{ root: dir, origin: 'builtin' }]);
    const snapshot = await catalog.reload();
    assert.deepStrictEqual(snapshot.diagnostics, [], 'the test definitions must load cleanly');
    assert.deepStrictEqual(catalog.ids, ['alpha-expert', 'beta-expert', 'gamma-expert']);
    clock = new FakeClock(START);
    pools = [];
  });

  afterEach(() => {
    for (const pool of pools) pool.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function makePool(limits: Partial<PoolLimits> = {}, logger: LoggerPort = silentLogger): AgentPoolManager {
    const pool = new AgentPoolManager(catalog, clock, logger, limits);
    pools.push(pool);
    return pool;
  }

  describe('lifecycle', () => {
    it('acquire creates a RESERVED instance of the expert with the task', async () => {
      const pool = makePool();
      const instance = await pool.acquireExpert('alpha-expert', 'design the orders API');
      assert.strictEqual(instance.id, 'alpha-expert#1');
      assert.strictEqual(instance.expertId, 'alpha-expert');
      assert.strictEqual(instance.status, 'reserved');
      assert.strictEqual(instance.taskDescription, 'design the orders API');
      assert.strictEqual(instance.createdAt, START);
      assert.strictEqual(instance.lastActiveAt, START);
      assert.strictEqual(instance.tasksCompleted, 0);
      assert.strictEqual(instance.tasksFailed, 0);
      assert.deepStrictEqual(instance.history, []);
      assert.strictEqual(pool.getInstance(instance.id), instance);
      assert.deepStrictEqual(
        pool.listInstances().map((i) => i.id),
        ['alpha-expert#1'],
      );
    });

    it('RESERVED -> WORKING -> IDLE -> TERMINATED records every step with its time and reason', async () => {
      const pool = makePool();
      const instance = await pool.acquireExpert('alpha-expert', 'task');
      clock.advance(1000);
      const working = pool.markWorking(instance.id, 'refined task');
      assert.strictEqual(working.status, 'working');
      assert.strictEqual(working.taskDescription, 'refined task');
      assert.strictEqual(working.lastActiveAt, START + 1000);
      clock.advance(2000);
      assert.strictEqual(pool.releaseInstance(instance.id, { success: true }).status, 'idle');
      clock.advance(3000);
      assert.strictEqual(pool.terminateInstance(instance.id, 'user asked').status, 'terminated');
      assert.deepStrictEqual(instance.history, [
        { from: 'reserved', to: 'working', at: START + 1000 },
        { from: 'working', to: 'idle', at: START + 3000, reason: 'task succeeded' },
        { from: 'idle', to: 'terminated', at: START + 6000, reason: 'user asked' },
      ]);
      assert.strictEqual(instance.lastActiveAt, START + 6000);
    });

    it('allows the other legal moves: RESERVED -> IDLE, RESERVED -> TERMINATED, WORKING -> TERMINATED, IDLE -> RESERVED', async () => {
      const pool = makePool();
      const a = await pool.acquireExpert('alpha-expert', 'a');
      assert.strictEqual(pool.releaseInstance(a.id).status, 'idle');
      assert.strictEqual(a.history[0]!.reason, 'released');
      const reused = await pool.acquireExpert('alpha-expert', 'again');
      assert.strictEqual(reused.id, a.id);
      assert.deepStrictEqual(transitions(a), ['reserved->idle', 'idle->reserved']);

      const b = await pool.acquireExpert('beta-expert', 'b');
      assert.strictEqual(pool.terminateInstance(b.id).status, 'terminated');
      assert.deepStrictEqual(transitions(b), ['reserved->terminated']);

      const c = await pool.acquireExpert('gamma-expert', 'c');
      pool.markWorking(c.id);
      assert.strictEqual(pool.terminateInstance(c.id).status, 'terminated');
      assert.deepStrictEqual(transitions(c), ['reserved->working', 'working->terminated']);
    });

    it('refuses illegal moves with an IllegalTransitionError naming both states, and leaves the instance untouched', async () => {
      const pool = makePool();
      const instance = await pool.acquireExpert('alpha-expert', 'task');
      pool.markWorking(instance.id);
      expectIllegal(() => pool.markWorking(instance.id), 'working', 'working', instance.id);
      assert.strictEqual(instance.status, 'working');

      pool.releaseInstance(instance.id, { success: true });
      const historyLength = instance.history.length;
      expectIllegal(() => pool.markWorking(instance.id), 'idle', 'working', instance.id);
      expectIllegal(() => pool.releaseInstance(instance.id, { success: false }), 'idle', 'idle', instance.id);
      assert.strictEqual(instance.status, 'idle');
      assert.strictEqual(instance.history.length, historyLength);
      assert.strictEqual(instance.tasksFailed, 0, 'a refused release must not count a failed task');
      assert.strictEqual(pool.getStats().tasksFailed, 0);
    });

    it('TERMINATED is final: every further move is refused and the instance is never reused', async () => {
      const pool = makePool();
      const instance = await pool.acquireExpert('alpha-expert', 'task');
      pool.terminateInstance(instance.id);
      expectIllegal(() => pool.markWorking(instance.id), 'terminated', 'working', instance.id);
      expectIllegal(() => pool.releaseInstance(instance.id), 'terminated', 'idle', instance.id);
      expectIllegal(() => pool.terminateInstance(instance.id), 'terminated', 'terminated', instance.id);
      assert.strictEqual(instance.status, 'terminated');
      const next = await pool.acquireExpert('alpha-expert', 'next');
      assert.strictEqual(next.id, 'alpha-expert#2');
      assert.strictEqual(instance.status, 'terminated');
    });

    it('an unknown instance id is an UnknownInstanceError', () => {
      const pool = makePool();
      for (const action of [() => pool.markWorking('nope#1'), () => pool.releaseInstance('nope#1'), () => pool.terminateInstance('nope#1')]) {
        assert.throws(action, (e: unknown) => e instanceof UnknownInstanceError && e.instanceId === 'nope#1' && e.message.includes('"nope#1"'));
      }
      assert.strictEqual(pool.getInstance('nope#1'), undefined);
    });

    it('releaseInstance with a TaskResult counts completed and failed tasks per instance and in total', async () => {
      const pool = makePool();
      const instance = await pool.acquireExpert('alpha-expert', 'first');
      pool.markWorking(instance.id);
      const result = { success: true, summary: 'added the endpoint' };
      pool.releaseInstance(instance.id, result);
      result.summary = 'changed afterwards';
      assert.strictEqual(instance.tasksCompleted, 1);
      assert.strictEqual(instance.tasksFailed, 0);
      assert.deepStrictEqual(instance.lastResult, { success: true, summary: 'added the endpoint' });

      await pool.acquireExpert('alpha-expert', 'second');
      pool.markWorking(instance.id);
      pool.releaseInstance(instance.id, { success: false, summary: 'tests fail' });
      assert.strictEqual(instance.tasksCompleted, 1);
      assert.strictEqual(instance.tasksFailed, 1);
      assert.deepStrictEqual(instance.lastResult, { success: false, summary: 'tests fail' });
      assert.strictEqual(instance.history.at(-1)!.reason, 'task failed');

      const other = await pool.acquireExpert('beta-expert', 'third');
      pool.markWorking(other.id);
      pool.releaseInstance(other.id, { success: true });
      const stats = pool.getStats();
      assert.strictEqual(stats.tasksCompleted, 2);
      assert.strictEqual(stats.tasksFailed, 1);
    });

    it('a result for an instance that never started working is not counted as a task', async () => {
      const pool = makePool();
      const instance = await pool.acquireExpert('alpha-expert', 'never started');
      pool.releaseInstance(instance.id, { success: true });
      assert.strictEqual(instance.status, 'idle');
      assert.strictEqual(instance.tasksCompleted, 0);
      assert.strictEqual(pool.getStats().tasksCompleted, 0);
    });
  });

  describe('acquireExpert', () => {
    it('reuses an idle instance of the same expert by default', async () => {
      const pool = makePool();
      const first = await pool.acquireExpert('alpha-expert', 'first');
      pool.markWorking(first.id);
      pool.releaseInstance(first.id, { success: true });
      clock.advance(500);
      const second = await pool.acquireExpert('alpha-expert', 'second');
      assert.strictEqual(second.id, first.id);
      assert.strictEqual(second.status, 'reserved');
      assert.strictEqual(second.taskDescription, 'second');
      assert.strictEqual(second.lastActiveAt, START + 500);
      assert.deepStrictEqual(second.history.at(-1), { from: 'idle', to: 'reserved', at: START + 500, reason: 'reused for a new task' });
      assert.strictEqual(pool.listInstances().length, 1);
    });

    it('reuses the instance idle the longest, and never an idle instance of another expert', async () => {
      const pool = makePool();
      const a = await pool.acquireExpert('alpha-expert', 'a');
      const b = await pool.acquireExpert('alpha-expert', 'b', { preferReuse: false });
      const beta = await pool.acquireExpert('beta-expert', 'beta');
      pool.releaseInstance(beta.id);
      clock.advance(1000);
      pool.releaseInstance(b.id);
      clock.advance(1000);
      pool.releaseInstance(a.id);
      const reused = await pool.acquireExpert('alpha-expert', 'next');
      assert.strictEqual(reused.id, b.id, 'b has been idle longer than a');
      const again = await pool.acquireExpert('alpha-expert', 'next again');
      assert.strictEqual(again.id, a.id);
      const third = await pool.acquireExpert('alpha-expert', 'one more');
      assert.strictEqual(third.id, 'alpha-expert#4', 'the idle beta instance must not be used for alpha');
      assert.strictEqual(beta.status, 'idle');
    });

    it('preferReuse: false creates a new instance and leaves the idle one alone', async () => {
      const pool = makePool();
      const first = await pool.acquireExpert('alpha-expert', 'first');
      pool.releaseInstance(first.id);
      const fresh = await pool.acquireExpert('alpha-expert', 'fresh', { preferReuse: false });
      assert.notStrictEqual(fresh.id, first.id);
      assert.strictEqual(fresh.id, 'alpha-expert#2');
      assert.strictEqual(fresh.status, 'reserved');
      assert.strictEqual(first.status, 'idle');
      assert.strictEqual(pool.getStats().live, 2);
    });

    it('an unknown expert is an UnknownExpertError that lists the known ids', async () => {
      const pool = makePool();
      await assert.rejects(pool.acquireExpert('no-such-expert', 'task'), (e: unknown) => {
        assert.ok(e instanceof UnknownExpertError);
        assert.strictEqual(e.expertId, 'no-such-expert');
        assert.strictEqual(e.code, 'unknown-expert');
        assert.ok(e.message.includes('"no-such-expert"'), e.message);
        for (const id of ['alpha-expert', 'beta-expert', 'gamma-expert']) assert.ok(e.message.includes(id), `${id} missing from: ${e.message}`);
        return true;
      });
      assert.strictEqual(pool.getStats().live, 0);
    });

    it('a task description that is not a string is an InvalidArgumentError', async () => {
      const pool = makePool();
      await assert.rejects(pool.acquireExpert('alpha-expert', 42 as unknown as string), InvalidArgumentError);
      assert.strictEqual(pool.getStats().live, 0);
    });

    it('fails with PoolCapacityError naming bigThree.pool.maxInstancesPerExpert at the per-expert limit', async () => {
      const pool = makePool({ maxInstancesPerExpert: 2 });
      const a = await pool.acquireExpert('alpha-expert', 'a');
      const b = await pool.acquireExpert('alpha-expert', 'b');
      pool.markWorking(b.id);
      await assert.rejects(pool.acquireExpert('alpha-expert', 'c'), (e: unknown) => {
        assert.ok(e instanceof PoolCapacityError);
        assert.strictEqual(e.code, 'pool-capacity');
        assert.match(e.message, /bigThree\.pool\.maxInstancesPerExpert/);
        assert.match(e.message, /"alpha-expert"/);
        assert.match(e.message, /2 of 2/);
        return true;
      });
      assert.deepStrictEqual([a.status, b.status], ['reserved', 'working']);
      assert.strictEqual(pool.listInstances({ expertId: 'alpha-expert' }).length, 2);
      // Another expert still has room.
      assert.strictEqual((await pool.acquireExpert('beta-expert', 'other')).status, 'reserved');
    });

    it('fails with PoolCapacityError naming bigThree.pool.maxTotalInstances when the whole pool is full', async () => {
      const pool = makePool({ maxInstancesPerExpert: 3, maxTotalInstances: 2 });
      await pool.acquireExpert('alpha-expert', 'a');
      await pool.acquireExpert('beta-expert', 'b');
      await assert.rejects(pool.acquireExpert('gamma-expert', 'c'), (e: unknown) => {
        assert.ok(e instanceof PoolCapacityError);
        assert.match(e.message, /bigThree\.pool\.maxTotalInstances/);
        assert.match(e.message, /2 of 2/);
        assert.doesNotMatch(e.message, /maxInstancesPerExpert/);
        return true;
      });
      assert.strictEqual(pool.listInstances({ expertId: 'gamma-expert' }).length, 0);
    });

    it('at the per-expert limit an idle instance of that expert is replaced instead of failing', async () => {
      const pool = makePool({ maxInstancesPerExpert: 1 });
      const old = await pool.acquireExpert('alpha-expert', 'old');
      pool.releaseInstance(old.id);
      const fresh = await pool.acquireExpert('alpha-expert', 'fresh', { preferReuse: false });
      assert.strictEqual(fresh.id, 'alpha-expert#2');
      assert.strictEqual(fresh.status, 'reserved');
      assert.strictEqual(old.status, 'terminated');
      assert.strictEqual(old.history.at(-1)!.reason, 'replaced by a fresh instance');
      assert.strictEqual(pool.getStats().live, 1);
    });

    it('when the pool is full the instance idle the longest (of any expert) is evicted instead of failing', async () => {
      const pool = makePool({ maxTotalInstances: 3 });
      const alpha = await pool.acquireExpert('alpha-expert', 'a');
      pool.releaseInstance(alpha.id);
      clock.advance(5000);
      const beta = await pool.acquireExpert('beta-expert', 'b');
      pool.releaseInstance(beta.id);
      const gamma = await pool.acquireExpert('gamma-expert', 'g');
      pool.markWorking(gamma.id);
      const second = await pool.acquireExpert('gamma-expert', 'g2');
      assert.strictEqual(second.id, 'gamma-expert#4');
      assert.strictEqual(alpha.status, 'terminated');
      assert.strictEqual(alpha.history.at(-1)!.reason, 'evicted to make room for gamma-expert');
      assert.strictEqual(beta.status, 'idle');
      assert.strictEqual(pool.getStats().live, 3);
    });
  });

  describe('bounded wait for capacity', () => {
    it('waits and succeeds, reusing the instance, when another instance is released before the deadline', async () => {
      const pool = makePool({ maxInstancesPerExpert: 1 });
      const busy = await pool.acquireExpert('alpha-expert', 'busy');
      pool.markWorking(busy.id);
      const promise = pool.acquireExpert('alpha-expert', 'queued', { waitMs: 5000 });
      const state = track(promise);
      await settle();
      assert.strictEqual(state.settled, false);
      assert.strictEqual(pool.getStats().waiting, 1);
      clock.advance(2000);
      await settle();
      assert.strictEqual(state.settled, false, 'still within the wait');
      pool.releaseInstance(busy.id, { success: true });
      const instance = await promise;
      assert.strictEqual(instance.id, busy.id);
      assert.strictEqual(instance.status, 'reserved');
      assert.strictEqual(instance.taskDescription, 'queued');
      assert.strictEqual(pool.getStats().waiting, 0);
      // Only the new reservation timer remains: the wait timer was disposed.
      assert.deepStrictEqual(clock.pendingDueTimes(), [START + 2000 + DEFAULT_POOL_LIMITS.reservationTimeoutMs]);
    });

    it('a waiter with preferReuse: false gets a fresh instance when the busy one is terminated', async () => {
      const pool = makePool({ maxInstancesPerExpert: 1 });
      const busy = await pool.acquireExpert('alpha-expert', 'busy');
      pool.markWorking(busy.id);
      const promise = pool.acquireExpert('alpha-expert', 'queued', { waitMs: 5000, preferReuse: false });
      await settle();
      pool.terminateInstance(busy.id);
      const instance = await promise;
      assert.strictEqual(instance.id, 'alpha-expert#2');
      assert.strictEqual(instance.status, 'reserved');
    });

    it('fails with PoolCapacityError when the wait runs out, and not a moment before', async () => {
      const pool = makePool({ maxInstancesPerExpert: 1 });
      const busy = await pool.acquireExpert('alpha-expert', 'busy');
      pool.markWorking(busy.id);
      const promise = pool.acquireExpert('alpha-expert', 'queued', { waitMs: 5000 });
      const state = track(promise);
      clock.advance(4999);
      await settle();
      assert.strictEqual(state.settled, false);
      clock.advance(1);
      await assert.rejects(promise, (e: unknown) => e instanceof PoolCapacityError && /maxInstancesPerExpert/.test(e.message));
      assert.strictEqual(pool.getStats().waiting, 0);
      assert.strictEqual(clock.pendingTimers(), 0);
      assert.strictEqual(busy.status, 'working');
    });

    it('a waiter woken without room keeps waiting only for the rest of its deadline', async () => {
      const pool = makePool({ maxInstancesPerExpert: 1, maxTotalInstances: 2 });
      const alpha = await pool.acquireExpert('alpha-expert', 'busy');
      pool.markWorking(alpha.id);
      const beta = await pool.acquireExpert('beta-expert', 'busy');
      pool.markWorking(beta.id);
      const promise = pool.acquireExpert('alpha-expert', 'queued', { waitMs: 5000 });
      const state = track(promise);
      clock.advance(1000);
      pool.releaseInstance(beta.id); // frees total capacity, but alpha is still at its own limit
      await settle();
      assert.strictEqual(state.settled, false);
      assert.strictEqual(pool.getStats().waiting, 1);
      clock.advance(3999);
      await settle();
      assert.strictEqual(state.settled, false);
      clock.advance(1);
      await assert.rejects(promise, PoolCapacityError);
    });

    it('uses the pool default acquireWaitMs when no waitMs is given; 0 fails at once', async () => {
      const pool = makePool({ maxInstancesPerExpert: 1, acquireWaitMs: 3000 });
      const busy = await pool.acquireExpert('alpha-expert', 'busy');
      pool.markWorking(busy.id);
      const promise = pool.acquireExpert('alpha-expert', 'queued');
      const state = track(promise);
      clock.advance(2999);
      await settle();
      assert.strictEqual(state.settled, false);
      clock.advance(1);
      await assert.rejects(promise, PoolCapacityError);
      // waitMs 0 overrides the default: no timer, an immediate failure.
      await assert.rejects(pool.acquireExpert('alpha-expert', 'now', { waitMs: 0 }), PoolCapacityError);
      assert.strictEqual(clock.pendingTimers(), 0);
    });

    it('raising the limits wakes waiters, which then get a new instance', async () => {
      const pool = makePool({ maxInstancesPerExpert: 1 });
      const busy = await pool.acquireExpert('alpha-expert', 'busy');
      pool.markWorking(busy.id);
      const promise = pool.acquireExpert('alpha-expert', 'queued', { waitMs: 60_000 });
      await settle();
      pool.setLimits({ maxInstancesPerExpert: 2 });
      const instance = await promise;
      assert.strictEqual(instance.id, 'alpha-expert#2');
      assert.strictEqual(busy.status, 'working');
    });
  });

  describe('reservation timeout', () => {
    it('moves RESERVED -> IDLE after the configured time and not before', async () => {
      const pool = makePool({ reservationTimeoutMs: 30_000 });
      const instance = await pool.acquireExpert('alpha-expert', 'task');
      clock.advance(29_999);
      assert.strictEqual(instance.status, 'reserved');
      clock.advance(1);
      assert.strictEqual(instance.status, 'idle');
      assert.deepStrictEqual(instance.history, [{ from: 'reserved', to: 'idle', at: START + 30_000, reason: 'reservation expired' }]);
      assert.strictEqual(clock.pendingTimers(), 0);
    });

    it('does not fire once the instance is working', async () => {
      const pool = makePool({ reservationTimeoutMs: 30_000 });
      const instance = await pool.acquireExpert('alpha-expert', 'task');
      clock.advance(10_000);
      pool.markWorking(instance.id);
      assert.strictEqual(clock.pendingTimers(), 0);
      clock.advance(60_000);
      assert.strictEqual(instance.status, 'working');
    });

    it('a reused instance gets a fresh reservation period (the old timer is gone)', async () => {
      const pool = makePool({ reservationTimeoutMs: 30_000 });
      const instance = await pool.acquireExpert('alpha-expert', 'task');
      clock.advance(10_000);
      pool.releaseInstance(instance.id);
      clock.advance(10_000);
      await pool.acquireExpert('alpha-expert', 'again'); // reserved again at START + 20s
      clock.advance(29_999);
      assert.strictEqual(instance.status, 'reserved');
      clock.advance(1);
      assert.strictEqual(instance.status, 'idle');
      assert.strictEqual(instance.history.at(-1)!.at, START + 50_000);
    });

    it('an expired reservation frees capacity for a waiter', async () => {
      const pool = makePool({ maxInstancesPerExpert: 1, reservationTimeoutMs: 30_000 });
      const stale = await pool.acquireExpert('alpha-expert', 'never started');
      const promise = pool.acquireExpert('alpha-expert', 'queued', { waitMs: 60_000 });
      const state = track(promise);
      clock.advance(29_999);
      await settle();
      assert.strictEqual(state.settled, false);
      clock.advance(1);
      const instance = await promise;
      assert.strictEqual(instance.id, stale.id);
      assert.strictEqual(instance.taskDescription, 'queued');
      assert.strictEqual(instance.status, 'reserved');
    });

    it('logs a warning when a reservation expires', async () => {
      const warnings: string[] = [];
      const pool = makePool({ reservationTimeoutMs: 30_000 }, { ...silentLogger, warn: (m: string) => warnings.push(m) });
      await pool.acquireExpert('alpha-expert', 'task');
      clock.advance(30_000);
      assert.strictEqual(warnings.length, 1);
      assert.match(warnings[0]!, /alpha-expert#1.*expired after 30s/);
    });
  });

  describe('cleanupIdleInstances', () => {
    it('terminates only instances idle longer than maxIdleSeconds, never reserved or working ones', async () => {
      const pool = makePool();
      const old = await pool.acquireExpert('alpha-expert', 'old');
      pool.releaseInstance(old.id);
      clock.advance(20_000);
      const recent = await pool.acquireExpert('beta-expert', 'recent');
      pool.releaseInstance(recent.id);
      const working = await pool.acquireExpert('gamma-expert', 'working');
      pool.markWorking(working.id);
      const reserved = await pool.acquireExpert('alpha-expert', 'reserved', { preferReuse: false });
      clock.advance(5_000); // old: idle 25 s, recent: idle 5 s

      assert.strictEqual(pool.cleanupIdleInstances(10), 1);
      assert.strictEqual(old.status, 'terminated');
      assert.strictEqual(old.history.at(-1)!.reason, 'idle for more than 10s');
      assert.strictEqual(recent.status, 'idle');
      assert.strictEqual(working.status, 'working');
      assert.strictEqual(reserved.status, 'reserved');

      assert.strictEqual(pool.cleanupIdleInstances(10), 0, 'nothing else is idle long enough');
      clock.advance(6_000); // recent: idle 11 s; reserved: 11 s old but still reserved
      assert.strictEqual(pool.cleanupIdleInstances(10), 1);
      assert.strictEqual(recent.status, 'terminated');
      assert.strictEqual(working.status, 'working');
      assert.strictEqual(reserved.status, 'reserved');
    });

    it('rejects a negative or non-numeric maxIdleSeconds', () => {
      const pool = makePool();
      assert.throws(() => pool.cleanupIdleInstances(-1), InvalidArgumentError);
      assert.throws(() => pool.cleanupIdleInstances(Number.NaN), InvalidArgumentError);
    });
  });

  describe('statistics', () => {
    it('getStats counts instances by status and by expert, plus tasks and limits', async () => {
      const pool = makePool({ maxTotalInstances: 10 });
      await pool.acquireExpert('alpha-expert', 'reserved');
      const working = await pool.acquireExpert('alpha-expert', 'working', { preferReuse: false });
      pool.markWorking(working.id);
      const done = await pool.acquireExpert('beta-expert', 'done');
      pool.markWorking(done.id);
      pool.releaseInstance(done.id, { success: true });
      const gone = await pool.acquireExpert('gamma-expert', 'gone');
      pool.terminateInstance(gone.id);

      const stats = pool.getStats();
      assert.strictEqual(stats.live, 3);
      assert.deepStrictEqual(stats.byStatus, { reserved: 1, working: 1, idle: 1, terminated: 1 });
      assert.deepStrictEqual(stats.byExpert, {
        'alpha-expert': { reserved: 1, working: 1, idle: 0, terminated: 0 },
        'beta-expert': { reserved: 0, working: 0, idle: 1, terminated: 0 },
        'gamma-expert': { reserved: 0, working: 0, idle: 0, terminated: 1 },
      });
      assert.strictEqual(stats.tasksCompleted, 1);
      assert.strictEqual(stats.tasksFailed, 0);
      assert.strictEqual(stats.waiting, 0);
      assert.deepStrictEqual(stats.limits, { ...DEFAULT_POOL_LIMITS, maxTotalInstances: 10 });
    });

    it('listExpertTypes reports every catalog expert with its live (non-terminated) instance count', async () => {
      const pool = makePool();
      await pool.acquireExpert('alpha-expert', 'a');
      const b = await pool.acquireExpert('alpha-expert', 'b', { preferReuse: false });
      pool.releaseInstance(b.id);
      const g = await pool.acquireExpert('gamma-expert', 'g');
      pool.terminateInstance(g.id);
      assert.deepStrictEqual(pool.listExpertTypes(), [
        { id: 'alpha-expert', displayName: 'Alpha Expert', tier: 1, category: 'architecture', description: 'Designs alpha services and their APIs.', live: 2 },
        { id: 'beta-expert', displayName: 'Beta Expert', tier: 2, category: 'quality', description: 'Tests beta features end to end.', live: 0 },
        { id: 'gamma-expert', displayName: 'Gamma Expert', tier: 3, category: 'domain', description: 'Builds gamma firmware for sensors.', live: 0 },
      ]);
    });

    it('keeps at most 50 terminated instances, removing the oldest with a "removed" event', async () => {
      const pool = makePool();
      const removed: string[] = [];
      pool.onDidChange((c) => {
        if (c.kind === 'removed') removed.push(c.instanceId);
      });
      for (let i = 0; i < 52; i++) {
        const instance = await pool.acquireExpert('alpha-expert', `task ${i}`, { preferReuse: false });
        pool.terminateInstance(instance.id);
      }
      assert.deepStrictEqual(removed, ['alpha-expert#1', 'alpha-expert#2']);
      assert.strictEqual(pool.getStats().byStatus.terminated, 50);
      assert.strictEqual(pool.getInstance('alpha-expert#1'), undefined);
      assert.strictEqual(pool.getInstance('alpha-expert#3')!.status, 'terminated');
    });
  });

  describe('onDidChange', () => {
    it('fires "created" for new instances and "status" for every transition', async () => {
      const pool = makePool();
      const events: PoolChange[] = [];
      pool.onDidChange((c) => events.push(c));
      const instance = await pool.acquireExpert('alpha-expert', 'task');
      pool.markWorking(instance.id);
      pool.releaseInstance(instance.id, { success: false });
      await pool.acquireExpert('alpha-expert', 'reuse');
      pool.terminateInstance(instance.id, 'done');

      const summary = events.map((e) =>
        e.kind === 'created'
          ? `created ${e.instance.id}`
          : e.kind === 'status'
            ? `${e.change.from}->${e.change.to}${e.change.reason ? ` (${e.change.reason})` : ''}`
            : e.kind,
      );
      assert.deepStrictEqual(summary, [
        'created alpha-expert#1',
        'reserved->working',
        'working->idle (task failed)',
        'idle->reserved (reused for a new task)',
        'reserved->terminated (done)',
      ]);
      const created = events[0]!;
      assert.ok(created.kind === 'created');
      assert.strictEqual(created.instance, instance);
    });

    it('fires "catalog" when the catalog reloads, and stops after the subscription is disposed', async () => {
      const pool = makePool();
      const kinds: string[] = [];
      const subscription = pool.onDidChange((c) => kinds.push(c.kind));
      await catalog.reload();
      assert.deepStrictEqual(kinds, ['catalog']);
      subscription.dispose();
      await pool.acquireExpert('alpha-expert', 'task');
      await catalog.reload();
      assert.deepStrictEqual(kinds, ['catalog']);
    });

    it('a throwing listener is logged and does not stop other listeners or the transition', async () => {
      const errors: string[] = [];
      const pool = makePool({}, { ...silentLogger, error: (m: string) => errors.push(m) });
      const seen: string[] = [];
      pool.onDidChange(() => {
        throw new Error('listener broke');
      });
      pool.onDidChange((c) => seen.push(c.kind));
      const instance = await pool.acquireExpert('alpha-expert', 'task');
      pool.markWorking(instance.id);
      assert.strictEqual(instance.status, 'working');
      assert.deepStrictEqual(seen, ['created', 'status']);
      assert.deepStrictEqual(errors, ['pool listener failed', 'pool listener failed']);
    });
  });

  describe('limits', () => {
    const invalid: Array<[string, Partial<PoolLimits>]> = [
      ['maxInstancesPerExpert', { maxInstancesPerExpert: 0 }],
      ['maxInstancesPerExpert', { maxInstancesPerExpert: Number.NaN }],
      ['maxTotalInstances', { maxTotalInstances: -1 }],
      ['maxTotalInstances', { maxTotalInstances: Number.POSITIVE_INFINITY }],
      ['reservationTimeoutMs', { reservationTimeoutMs: 0 }],
      ['acquireWaitMs', { acquireWaitMs: -1 }],
      ['acquireWaitMs', { acquireWaitMs: Number.NaN }],
    ];

    for (const [key, limits] of invalid) {
      it(`rejects ${key} = ${Object.values(limits)[0]} in the constructor and in setLimits`, () => {
        assert.throws(
          () => makePool(limits),
          (e: unknown) => e instanceof InvalidArgumentError && e.message.includes(key),
        );
        const pool = makePool({ maxInstancesPerExpert: 2 });
        const before = pool.getLimits();
        assert.throws(
          () => pool.setLimits(limits),
          (e: unknown) => e instanceof InvalidArgumentError && e.message.includes(key),
        );
        assert.deepStrictEqual(pool.getLimits(), before, 'a rejected setLimits must keep the old limits');
      });
    }

    it('defaults apply when no limits are given, and getLimits returns a copy', () => {
      const pool = makePool();
      const limits = pool.getLimits();
      assert.deepStrictEqual(limits, { maxInstancesPerExpert: 3, maxTotalInstances: 12, reservationTimeoutMs: 120_000, acquireWaitMs: 0 });
      limits.maxTotalInstances = 1;
      assert.strictEqual(pool.getLimits().maxTotalInstances, 12);
    });
  });
});
