// The delegation service: expert choice, the pool lifecycle around a delegate run, status, cancel,
// failures, observability events; and one run end to end with the real Claude coder, the secured pool
// and the gated tool host against the loopback Anthropic fake.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { ExpertCatalog } from '../../../src/orchestrator/agents/expert-catalog';
import { AgentPoolManager } from '../../../src/orchestrator/agents/pool-manager';
import { IntelligentAgentSelector } from '../../../src/orchestrator/agents/selection/intelligent-selector';
import type { CoderRequest } from '../../../src/orchestrator/delegates/claude-coder';
import { directPool, securedDelegatePool } from '../../../src/orchestrator/delegates/delegate-pools';
import type { DelegateResult } from '../../../src/orchestrator/delegates/delegate-types';
import { DelegationService, DelegationServiceOptions } from '../../../src/orchestrator/delegates/delegation-service';
import { DelegateCancelledError, DelegateProviderError, UnknownDelegatedTaskError } from '../../../src/orchestrator/delegates/errors';
import { InvalidArgumentError, UnknownExpertError } from '../../../src/orchestrator/errors';
import { ObservabilityManager } from '../../../src/orchestrator/observability/observability-manager';
import { silentLogger } from '../../../src/orchestrator/ports';
import { SecuredPool } from '../../../src/orchestrator/security/secured-pool';
import { AnthropicFake, startAnthropicFake } from '../../fakes/anthropic-fake';
import { FakeClock } from '../../fakes/fake-clock';
import { LOCAL } from '../security/security-fixture';
import { autoApprove, loadCatalog, makeCoderFixture } from './delegate-fixture';

const done = (summary: string, success = true): DelegateResult => ({
  success,
  summary,
  turns: 1,
  toolCalls: [],
  usage: { inputTokens: 10, outputTokens: 5 },
  changedFiles: [],
  denied: 0,
});

describe('DelegationService', () => {
  let catalog: ExpertCatalog;
  let clock: FakeClock;
  let pool: AgentPoolManager;
  let observability: ObservabilityManager;
  let service: DelegationService;
  const requests: CoderRequest[] = [];

  before(async () => {
    catalog = await loadCatalog();
  });
  beforeEach(() => {
    clock = new FakeClock();
    pool = new AgentPoolManager(catalog, clock, silentLogger);
    observability = new ObservabilityManager({ clock, logger: silentLogger });
    requests.length = 0;
  });
  afterEach(() => {
    service?.dispose();
    pool.dispose();
  });

  function build(claude: (r: CoderRequest) => Promise<DelegateResult>, extra: Partial<DelegationServiceOptions> = {}): DelegationService {
    service = new DelegationService({
      catalog,
      selector: new IntelligentAgentSelector(catalog),
      pool: directPool(pool),
      claude: {
        run: (r) => {
          requests.push(r);
          return claude(r);
        },
      },
      gemini: { run: async () => ({ ...done('browsed'), mode: 'research' as const }) },
      events: () => observability,
      clock,
      logger: silentLogger,
      principal: () => LOCAL,
      sessionId: () => 'session-1',
      ...extra,
    });
    return service;
  }

  it('selects an expert, runs the delegate on a working instance and releases it with the outcome', async () => {
    build(async (r) => {
      r.onEvent?.({ type: 'tool_call', id: 't1', name: 'read_file', input: { path: 'src/db.ts' } });
      r.onEvent?.({ type: 'tool_result', id: 't1', name: 'read_file', ok: true, denied: false, output: '…' });
      assert.strictEqual(pool.getInstance(service.list()[0]!.instanceId!)?.status, 'working');
      return done('Added the index.');
    });
    const { taskId } = service.start('claude', { task: 'Add a database index to speed up the slow orders query', files: ['src/db.ts'] });
    assert.strictEqual(service.status(taskId).state, 'starting');
    const task = await service.wait(taskId);
    assert.strictEqual(task.state, 'succeeded');
    assert.strictEqual(task.expertChoice, 'selected');
    assert.strictEqual(task.expertId, 'database-administrator');
    assert.strictEqual(task.summary, 'Added the index.');
    assert.deepStrictEqual(requests[0]!.files, ['src/db.ts']);
    assert.strictEqual(requests[0]!.actor.principal, LOCAL);
    const instance = pool.getInstance(task.instanceId!)!;
    assert.strictEqual(instance.status, 'idle');
    assert.deepStrictEqual(instance.lastResult, { success: true, summary: 'Added the index.' });
    assert.deepStrictEqual(task.progress, ['→ read_file src/db.ts', '✓ read_file']);
    const hooks = observability
      .recentEvents({ sessionId: 'session-1' })
      .map((e) => e.hookType)
      .reverse();
    assert.deepStrictEqual(hooks, ['message_sent', 'tool_call', 'tool_result', 'message_sent']);
    assert.strictEqual(observability.recentEvents({ hookType: 'tool_call' })[0]!.payload.taskId, taskId);
  });

  it('lets learned history overrule the keyword pick before work starts, but never a given expert', async () => {
    const asked: string[] = [];
    build(async () => done('ok'), {
      learned: () => ({
        rank: async (task: string) => {
          asked.push(task);
          return [{ expertId: 'performance-engineer' }, { expertId: 'database-administrator' }];
        },
      }),
    });
    const { taskId } = service.start('claude', { task: 'Add a database index to speed up the slow orders query' });
    const task = await service.wait(taskId);
    assert.strictEqual(task.expertId, 'performance-engineer');
    assert.strictEqual(task.expertChoice, 'learned');
    assert.strictEqual(requests[0]!.expert.id, 'performance-engineer');
    assert.ok(task.progress.includes('Learned history prefers performance-engineer to database-administrator for this kind of task.'));
    const given = await service.wait(service.start('claude', { task: 'anything', expertId: 'debugger' }).taskId);
    assert.strictEqual(given.expertId, 'debugger');
    assert.strictEqual(asked.length, 1, 'a given expert is not second-guessed');
  });

  it('says the ranking, not history, moved the choice when no outcome was recorded (also over the fallback)', async () => {
    const untried = { own: { successes: 0, failures: 0 }, learned: 0 };
    build(async () => done('ok'), {
      learned: () => ({ rank: async () => [{ expertId: 'performance-engineer', signals: untried }] }),
    });
    const selected = await service.wait(service.start('claude', { task: 'Add a database index to speed up the slow orders query' }).taskId);
    assert.strictEqual(selected.expertId, 'performance-engineer');
    assert.strictEqual(selected.expertChoice, 'selected');
    assert.deepStrictEqual(
      selected.progress.filter((l) => /prefers/.test(l)),
      ['The expert ranking prefers performance-engineer to database-administrator: its definition is closer in meaning to the task.'],
    );
    const fallback = await service.wait(service.start('claude', { task: 'zqxw vvkk plorb' }).taskId);
    assert.strictEqual(fallback.expertId, 'performance-engineer');
    assert.ok(
      fallback.progress.some((l) => /^The expert ranking prefers performance-engineer to the fallback \S+: /.test(l)),
      fallback.progress.join('\n'),
    );
  });

  it('uses the expert it is given, and refuses unknown experts and empty tasks at once', async () => {
    build(async () => done('ok'));
    const { taskId } = service.start('claude', { task: 'anything', expertId: 'debugger' });
    assert.strictEqual((await service.wait(taskId)).expertId, 'debugger');
    assert.throws(() => service.start('claude', { task: 'x', expertId: 'nobody' }), UnknownExpertError);
    assert.throws(() => service.start('claude', { task: '  ' }), InvalidArgumentError);
    assert.throws(() => service.start('robot' as 'claude', { task: 'x' }), InvalidArgumentError);
    assert.throws(() => service.status('claude-none'), UnknownDelegatedTaskError);
  });

  it('gives browser tasks only to experts with the browser tool', async () => {
    build(async () => done('ok'));
    const { taskId } = service.start('gemini', { task: 'Check the checkout page layout in the browser' });
    const task = await service.wait(taskId);
    assert.ok(catalog.get(task.expertId).tools.includes('browser'), `${task.expertId} can browse`);
    assert.strictEqual(task.result?.mode, 'research');
  });

  it('records a failure on release and an error event when the delegate fails', async () => {
    build(async () => {
      throw new DelegateProviderError('Claude is overloaded right now', 'Claude', 529, 'overloaded_error', true);
    });
    const { taskId } = service.start('claude', { task: 'Refactor the payment module', expertId: 'refactoring-specialist' });
    const task = await service.wait(taskId);
    assert.strictEqual(task.state, 'failed');
    assert.strictEqual(task.error, 'Claude is overloaded right now');
    assert.deepStrictEqual(pool.getInstance(task.instanceId!)!.lastResult, { success: false, summary: 'Claude is overloaded right now' });
    const error = observability.recentEvents({ hookType: 'error_occurred' })[0]!;
    assert.strictEqual(error.payload.code, 'delegate-provider');
  });

  it('cancels a running task: the delegate sees the signal and the instance is released without an outcome', async () => {
    build(
      (r) =>
        new Promise((_, reject) => {
          r.signal!.addEventListener('abort', () => reject(new DelegateCancelledError('The Claude task')));
        }),
    );
    const { taskId } = service.start('claude', { task: 'Long task', expertId: 'debugger' });
    while (service.status(taskId).state !== 'running') await new Promise((r) => setImmediate(r));
    assert.strictEqual(service.cancel(taskId), true);
    const task = await service.wait(taskId);
    assert.strictEqual(task.state, 'cancelled');
    const instance = pool.getInstance(task.instanceId!)!;
    assert.strictEqual(instance.status, 'idle');
    assert.strictEqual(instance.lastResult, undefined, 'a cancellation teaches learning nothing');
    assert.strictEqual(service.cancel(taskId), false);
  });

  it('lists tasks newest first and reports pool capacity errors as failures', async () => {
    pool.setLimits({ maxInstancesPerExpert: 1 });
    let release!: () => void;
    build((r) => (r.task === 'first' ? new Promise((resolve) => (release = () => resolve(done('one')))) : Promise.resolve(done('two'))));
    const first = service.start('claude', { task: 'first', expertId: 'debugger' }).taskId;
    while (service.status(first).state !== 'running') await new Promise((r) => setImmediate(r));
    clock.advance(1);
    const second = service.start('claude', { task: 'second', expertId: 'debugger' }).taskId;
    const failed = await service.wait(second);
    assert.strictEqual(failed.state, 'failed');
    assert.match(failed.error!, /already has 1 of 1 allowed instances/);
    assert.deepStrictEqual(
      service.list().map((t) => t.taskId),
      [second, first],
    );
    release();
    assert.strictEqual((await service.wait(first)).state, 'succeeded');
  });

  describe('end to end with the Claude coder', () => {
    let fake: AnthropicFake | undefined;
    afterEach(async () => fake?.close());

    it('edits a file through the secured pool and the gate, with audit and observability records', async () => {
      const x = await makeCoderFixture(autoApprove(['read', 'edit']));
      try {
        fake = await startAnthropicFake({
          script: [
            { toolUses: [{ name: 'read_file', input: { path: 'src/a.ts' } }] },
            { toolUses: [{ name: 'edit_file', input: { path: 'src/a.ts', old_text: 'a = 1', new_text: 'a = 42' } }] },
            { text: 'Set a to 42.' },
          ],
        });
        const secured = new SecuredPool(x.f.security.gate, pool);
        build(async () => done('unused'), { pool: securedDelegatePool(secured, () => LOCAL), claude: x.coder(fake.baseURL) });
        const { taskId } = service.start('claude', { task: 'Set a to 42 in src/a.ts', expertId: 'backend-architect' });
        const task = await service.wait(taskId);
        assert.strictEqual(task.state, 'succeeded', task.error);
        assert.strictEqual(fs.readFileSync(path.join(x.f.workspace, 'src', 'a.ts'), 'utf8'), 'export const a = 42;\n');
        assert.deepStrictEqual(task.result?.changedFiles, ['src/a.ts']);
        const ops = (await x.audit()).map((r) => `${r.operation}:${r.outcome}`).reverse();
        assert.deepStrictEqual(ops, ['agent.acquire:allowed', 'agent.command:allowed', 'file.read:allowed', 'file.write:allowed', 'agent.release:allowed']);
        const tools = observability
          .recentEvents({ hookType: 'tool_call' })
          .map((e) => e.payload.tool)
          .reverse();
        assert.deepStrictEqual(tools, ['read_file', 'edit_file']);
        const finished = observability.recentEvents({ hookType: 'message_sent' })[0]!;
        assert.deepStrictEqual(finished.payload.changedFiles, ['src/a.ts']);
        assert.strictEqual(finished.payload.outputTokens, 90);
      } finally {
        await x.cleanup();
      }
    });
  });
});
