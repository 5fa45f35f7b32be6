// The host-side wiring of the voice orchestrator that needs no editor: the panel's message checks
// (the webview is untrusted) and the tools' host functions over the core's parts.
import * as assert from 'assert';
import { BigThreeError } from '../../../src/orchestrator/errors';
import { DelegationPort, createOrchestratorToolDeps } from '../../../src/orchestrator/realtime/orchestrator-tool-deps';
import { RealtimeConfigError } from '../../../src/orchestrator/realtime/errors';
import { WorkflowPlanner } from '../../../src/orchestrator/workflow/planner';
import { parseHostMessage, parseWebviewMessage } from '../../../src/views/voice/messages';

describe('voice panel messages', () => {
  it('accepts exactly the webview messages it knows', () => {
    assert.deepStrictEqual(parseWebviewMessage({ type: 'start' }), { type: 'start' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'talk', pressed: true }), { type: 'talk', pressed: true });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'send-text', text: 'hi' }), { type: 'send-text', text: 'hi' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'playback-stopped', itemId: 'item_1', playedMs: 230 }), {
      type: 'playback-stopped',
      itemId: 'item_1',
      playedMs: 230,
    });
    const rejected = [
      null,
      'start',
      [],
      { type: 'start', extra: 1 },
      { type: 'talk', pressed: 'yes' },
      { type: 'send-text', text: '   ' },
      { type: 'send-text', text: 'x'.repeat(8_001) },
      { type: 'send-text', text: 42 },
      { type: 'playback-error', message: 'x'.repeat(2_001) },
      { type: 'playback-stopped', itemId: 'item_1', playedMs: -1 },
      { type: 'playback-stopped', itemId: '', playedMs: 5 },
      { type: 'playback-stopped', itemId: 'item_1', playedMs: Number.POSITIVE_INFINITY },
      { type: 'runCommand', command: 'rm -rf /' },
      { type: '__proto__' },
    ];
    for (const m of rejected) assert.strictEqual(parseWebviewMessage(m), undefined, JSON.stringify(m));
  });

  it('checks host messages before the webview renders them', () => {
    assert.ok(parseHostMessage({ type: 'state', state: 'ready', detail: '', listening: false, manualTurns: true, recorder: 'sox' }));
    assert.ok(parseHostMessage({ type: 'audio', itemId: 'item_1', base64: 'AAAA' }));
    assert.strictEqual(parseHostMessage({ type: 'audio', itemId: 'item_1', base64: '<script>' }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'audio', base64: 'AAAA' }), undefined, 'audio names its item (for truncation)');
    assert.deepStrictEqual(parseHostMessage({ type: 'audio-stop', itemId: 'item_1' }), { type: 'audio-stop', itemId: 'item_1' });
    assert.deepStrictEqual(parseHostMessage({ type: 'rate-limits', text: 'requests 4999/5000' }), { type: 'rate-limits', text: 'requests 4999/5000' });
    assert.strictEqual(parseHostMessage({ type: 'state', state: 'hacked', detail: '', listening: false, manualTurns: true, recorder: '' }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'transcript', role: 'system', itemId: 'i', text: 't', final: true }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'usage', inputTokens: -1, outputTokens: 0, cost: 0 }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'feed', level: 'info', text: 'ok', time: Number.NaN }), undefined);
  });
});

describe("the tools' host functions", () => {
  const task = (state: string): ReturnType<DelegationPort['status']> => ({
    taskId: 't1',
    kind: 'claude',
    state,
    expertId: 'debugger',
    progress: ['a', 'b', 'c', 'd', 'e', 'f'],
    summary: 'done it',
    result: { changedFiles: ['src/a.js'] },
  });
  function deps(over: Partial<Parameters<typeof createOrchestratorToolDeps>[0]> = {}) {
    const searched: string[] = [];
    const built = createOrchestratorToolDeps({
      chooser: {
        rank: async () => [
          { expertId: 'debugger', displayName: 'Debugger', probability: 0.6251 },
          { expertId: 'qa-expert', displayName: 'QA Expert', probability: 0.3 },
        ],
      },
      pool: {
        getStats: () => ({
          live: 1,
          byStatus: { reserved: 0, working: 1, idle: 0, terminated: 0 },
          byExpert: {},
          limits: { maxInstancesPerExpert: 3, maxTotalInstances: 12, reservationTimeoutMs: 1, acquireWaitMs: 0 },
          waiting: 0,
          tasksCompleted: 4,
          tasksFailed: 1,
        }),
        listInstances: () => [{ id: 'debugger#1', expertId: 'debugger', status: 'working', taskDescription: 'fix it' } as never],
      },
      planner: new WorkflowPlanner({
        pool: { listExpertTypes: () => [{ id: 'debugger' }] },
        chooser: { select: async () => ({ expertId: 'debugger', probability: 0.5 }) },
      }),
      delegation: () => undefined,
      search: () => ({ why: 'Open a folder to index it.' }),
      authorizeSearch: async (q) => void searched.push(q),
      ...over,
    });
    return { built, searched };
  }

  it('without the delegates, delegating explains why instead of failing silently', async () => {
    const { built } = deps();
    assert.throws(
      () => built.delegate('claude', { task: 'x' }),
      (e: Error) => e instanceof RealtimeConfigError && /delegates are not set up/.test(e.message),
    );
  });

  it('maps a delegated task to a status report, and an unknown id to undefined', async () => {
    const unknown = Object.assign(new BigThreeError('No delegated task "zz" is known', 'unknown-delegated-task'));
    const { built } = deps({
      delegation: () => ({
        start: () => ({ taskId: 't1' }),
        status: (id) =>
          id === 't1'
            ? task('starting')
            : (() => {
                throw unknown;
              })(),
      }),
    });
    assert.deepStrictEqual(await built.taskStatus('t1'), {
      taskId: 't1',
      kind: 'claude',
      state: 'queued',
      summary: 'done it',
      details: { expert: 'debugger', recentProgress: ['b', 'c', 'd', 'e', 'f'], changedFiles: ['src/a.js'] },
    });
    assert.strictEqual(await built.taskStatus('zz'), undefined);
  });

  it('search needs an index and the gate; the refusal reaches the model', async () => {
    const { built } = deps();
    await assert.rejects(Promise.resolve(built.searchCode('q', 3)), /Open a folder to index it/);
    const port = { searchCode: async () => [{ codePath: 'src/a.js', content: 'code', metadata: { startLine: 4 }, similarityScore: 0.91234 }] };
    const ok = deps({ search: () => ({ port }) });
    assert.deepStrictEqual(await ok.built.searchCode('total', 3), [{ path: 'src/a.js', line: 4, snippet: 'code', score: 0.912 }]);
    assert.deepStrictEqual(ok.searched, ['total']);
    const refused = deps({
      search: () => ({ port }),
      authorizeSearch: async () => Promise.reject(new BigThreeError('Refused: no file_read', 'access-denied')),
    });
    await assert.rejects(Promise.resolve(refused.built.searchCode('total', 3)), /Refused: no file_read/);
  });

  it('expert choice, plans and pool status come back in a compact shape', async () => {
    const { built } = deps();
    assert.deepStrictEqual(await built.selectExpert('fix', 1), [{ expertId: 'debugger', name: 'Debugger', confidence: 0.63 }]);
    const plan = (await built.planWorkflow('ship', ['build', 'test'], 'dag')) as {
      stages: Array<{ tasks: Array<{ expert: string }> }>;
      estimated_minutes: number;
      strategy: string;
    };
    assert.strictEqual(plan.strategy, 'dag');
    assert.strictEqual(plan.estimated_minutes, 10, 'two 5-minute tasks, the second after the first');
    assert.deepStrictEqual(
      plan.stages.map((s) => s.tasks.map((t) => t.expert)),
      [['debugger'], ['debugger']],
    );
    const pool = (await built.poolStatus()) as { busy: Array<{ expert: string }>; tasks_completed: number };
    assert.deepStrictEqual([pool.busy[0]!.expert, pool.tasks_completed], ['debugger', 4]);
  });
});
