import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { IntelligentAgentSelector } from '../../../src/orchestrator/agents/selection/intelligent-selector';
import { ExpertChooser } from '../../../src/orchestrator/learning/expert-chooser';
import { HashingEmbedder } from '../../../src/orchestrator/learning/hashing-embedder';
import { LearnedSelector } from '../../../src/orchestrator/learning/learned-selector';
import { CATCH_UP_INTERVAL_MS } from '../../../src/orchestrator/learning/learning-manager';
import { simulateLearning, splitTasks } from '../../../src/orchestrator/learning/learning-simulation';
import { seededRandom } from '../../../src/orchestrator/learning/statistics';
import { InvalidArgumentError, UnknownExpertError } from '../../../src/orchestrator/errors';
import { FakeClock } from '../../fakes/fake-clock';
import { START, TempDirs, makeExpert, makeManager, outcomesFile, readLines } from './learning-helpers';

const experts = [
  makeExpert('api-designer', { description: 'Designs HTTP endpoints and pagination', category: 'architecture', triggers: ['rest api', 'webhook', 'endpoint'] }),
  makeExpert('ui-builder', { description: 'Builds components and pages', category: 'frontend', triggers: ['css', 'component', 'page'] }),
  makeExpert('tester', { description: 'Writes tests for endpoints and pages', category: 'quality', triggers: ['unit test', 'flaky'] }),
  makeExpert('writer', { description: 'Writes documentation', category: 'documentation', triggers: ['readme', 'docs'] }),
];
const source = { experts };

describe('ExpertChooser', () => {
  const dirs = new TempDirs();
  const made: ExpertChooser[] = [];
  // A chooser may still be saving its model (a restore from the log saves it): flushed before the folders go.
  afterEach(async () => {
    await Promise.all(made.splice(0).map((c) => c.flush()));
    dirs.cleanup();
  });

  const make = async (dataDir = dirs.make(), options = {}) => {
    const learning = await makeManager(dataDir, new FakeClock(START));
    const ranker = new IntelligentAgentSelector(source);
    const chooser = new ExpertChooser({ ranker, learning, experts: source, options });
    made.push(chooser);
    await chooser.initialize();
    return { learning, ranker, chooser, dataDir };
  };

  it('sees experts added to a source that changes its list in place and announces it', async () => {
    const list = [experts[0]!];
    const listeners: Array<() => void> = [];
    const changing = { experts: list, onDidChange: (l: () => void) => (listeners.push(l), { dispose: () => undefined }) };
    const learning = await makeManager(dirs.make(), new FakeClock(START));
    const chooser = new ExpertChooser({ ranker: new IntelligentAgentSelector(changing), learning, experts: changing, options: { persist: false } });
    assert.deepStrictEqual(
      (await chooser.rank('css component')).map((c) => c.expertId),
      [],
    );
    list.push(experts[1]!);
    listeners.forEach((l) => l());
    assert.deepStrictEqual(
      (await chooser.rank('css component')).map((c) => c.expertId),
      ['ui-builder'],
    );
    chooser.dispose();
  });

  it('ranks by the definitions when a broken model gives NaN similarities, and still learns (review of stop 29)', async () => {
    const { chooser, learning, ranker } = await make(dirs.make(), { persist: false });
    await learning.useEmbedder({ id: 'broken-model', dimension: 4, embed: async (texts) => texts.map(() => new Float32Array(4).fill(NaN)) });
    const task = 'design a REST API with pagination';
    const ranked = await chooser.rank(task);
    const keyword = ranker.rank(task).map((r) => r.expertId);
    assert.deepStrictEqual(
      ranked.slice(0, keyword.length).map((c) => c.expertId),
      keyword,
    );
    assert.ok(ranked.every((c) => c.signals.similarity === 0 && Number.isFinite(c.score)));
    await chooser.record({ task, agentId: 'api-designer', result: 'ok', success: true });
    assert.strictEqual((await chooser.rank(task))[0]!.signals.own.successes, 1);
  });

  it('takes in what another process on the data folder recorded, once its interval has passed (fuzzer, stop 29)', async () => {
    const dataDir = dirs.make();
    const clock = new FakeClock(START);
    const learning = await makeManager(dataDir, clock);
    const chooser = new ExpertChooser({ ranker: new IntelligentAgentSelector(source), learning, experts: source, options: { persist: false } });
    const task = 'write the pagination docs for the REST API';
    const before = (await chooser.rank(task))[0]!.expertId;
    // Another process (the CLI, an MCP server) appends to the same log: a correction for this task.
    const other = await makeManager(dataDir, new FakeClock(START));
    await other.recordTaskOutcome(task, before, 'wrong expert', false, { preferredAgentId: 'writer' });
    await other.recordTaskOutcome(task, 'writer', 'done', true);
    clock.advance(CATCH_UP_INTERVAL_MS);
    const after = await chooser.rank(task);
    assert.strictEqual(after[0]!.expertId, 'writer');
    assert.strictEqual(learning.outcomes.length, 2);
    assert.strictEqual(learning.getLearningStats().totalOutcomes, 2);
    // Its own outcome, read back from the log, is not taken twice.
    await learning.recordTaskOutcome(task, 'writer', 'again', true);
    clock.advance(CATCH_UP_INTERVAL_MS);
    assert.strictEqual(await learning.catchUp(), 0);
    assert.strictEqual(learning.outcomes.length, 3);
    chooser.dispose();
  });

  it('saves a model that claims only the outcomes it has learned, with a slow model and outcomes from another process (review of stop 29)', async () => {
    const dataDir = dirs.make();
    const clock = new FakeClock(START);
    const hashing = new HashingEmbedder(64);
    // A semantic model (not "hashing…") that takes longer for a larger batch, as the real one does.
    const slow = {
      id: 'slow-test-model',
      dimension: 64,
      embed: async (texts: readonly string[]) => (await new Promise((r) => setTimeout(r, 8 * texts.length)), hashing.embed(texts)),
    };
    const learning = await makeManager(dataDir, clock, { embedder: slow });
    const chooser = new ExpertChooser({ ranker: new IntelligentAgentSelector(source), learning, experts: source });
    await chooser.initialize();
    const other = await makeManager(dataDir, new FakeClock(START), { embedder: slow });
    for (let i = 0; i < 12; i++) await other.recordTaskOutcome(`write the page docs ${i}`, 'ui-builder', 'wrong', false, { preferredAgentId: 'writer' });
    clock.advance(CATCH_UP_INTERVAL_MS);
    await Promise.all([chooser.rank('write the page docs'), chooser.record({ task: 'style the page', agentId: 'ui-builder', result: 'ok', success: true })]);
    await chooser.flush();
    assert.ok(fs.existsSync(path.join(dataDir, 'selection-model.json')), 'the model was saved');
    // A restart from the saved model ranks as one retrained from the log.
    const restarted = new ExpertChooser({
      ranker: new IntelligentAgentSelector(source),
      learning: await makeManager(dataDir, clock, { embedder: slow }),
      experts: source,
    });
    const retrained = new ExpertChooser({
      ranker: new IntelligentAgentSelector(source),
      learning: await makeManager(dataDir, clock, { embedder: slow }),
      experts: source,
      options: { persist: false },
    });
    const scores = async (c: ExpertChooser) => (await c.rank('write the page docs 99')).map((e) => [e.expertId, Math.round(e.signals.learned * 1000)]);
    assert.deepStrictEqual(await scores(restarted), await scores(retrained));
    for (const c of [chooser, restarted, retrained]) c.dispose();
  });

  it('refuses a task over the length limit before embedding it (a 54 MB task took 13 s to be refused)', async () => {
    const hashing = new HashingEmbedder(64);
    const embedded: number[] = [];
    const counting = {
      id: 'counting-model',
      dimension: 64,
      embed: async (texts: readonly string[]) => (embedded.push(...texts.map((t) => t.length)), hashing.embed(texts)),
    };
    const learning = await makeManager(dirs.make(), new FakeClock(START), { embedder: counting });
    const chooser = new ExpertChooser({ ranker: new IntelligentAgentSelector(source), learning, experts: source, options: { persist: false } });
    await chooser.initialize();
    const huge = 'component '.repeat(5_000);
    for (const call of [() => chooser.rank(huge), () => chooser.selectMultiple(huge, 3), () => chooser.explain('ui-builder', huge)]) {
      await assert.rejects(call, (e: Error) => e instanceof InvalidArgumentError && /the task is 50000 characters long; the limit is 20000/.test(e.message));
    }
    assert.ok(!embedded.some((length) => length >= huge.length), `embedded lengths: ${embedded.join(', ')}`);
    chooser.dispose();
  });

  it('ranks like the definitions when nothing was recorded (the same order as the CLI and palette)', async () => {
    const { chooser, ranker } = await make();
    for (const task of ['design a REST API with pagination', 'style the page component with CSS', 'the checkout test is flaky']) {
      const chosen = (await chooser.rank(task)).map((c) => c.expertId);
      const keyword = ranker.rank(task).map((r) => r.expertId);
      assert.deepStrictEqual(chosen.slice(0, keyword.length), keyword, task);
    }
  });

  it("puts a task's own failures behind the untried alternatives, and its successes first", async () => {
    const { chooser } = await make();
    const task = 'the endpoint page test fails';
    const first = (await chooser.select(task))!.expertId;
    await chooser.record({ task, agentId: first, result: 'wrong', success: false });
    const second = (await chooser.select(task))!.expertId;
    assert.notStrictEqual(second, first, 'the runner-up gets the next try');
    await chooser.record({ task, agentId: second, result: 'wrong', success: false });
    const third = (await chooser.select(task))!.expertId;
    assert.ok(![first, second].includes(third));
    await chooser.record({ task, agentId: third, result: 'done', success: true });
    assert.strictEqual((await chooser.select(task))!.expertId, third);
    assert.strictEqual((await chooser.select('The endpoint PAGE test fails!'))!.expertId, third, 'the same task reworded in case and punctuation');
  });

  it('counts a failure as log((1-p)/p) logits when reports may be wrong (default p = 0.05), and as a wait behind every alternative when they may not (p = 0)', async () => {
    const task = 'the endpoint page test fails';
    const noisy = (await make(dirs.make(), { reportNoise: 0.05 })).chooser;
    const before = await noisy.rank(task);
    const first = before[0]!;
    await noisy.record({ task, agentId: first.expertId, result: 'reported wrong', success: false });
    const after = (await noisy.rank(task)).find((c) => c.expertId === first.expertId)!;
    assert.strictEqual(after.signals.own.tier, 1, 'it does not wait behind every untried expert');
    assert.ok(after.score <= first.score - Math.log(19) + 1e-9, `one failure costs at least log(19) logits: ${first.score} -> ${after.score}`);
    await noisy.record({ task, agentId: first.expertId, result: 'done after all', success: true });
    assert.strictEqual((await noisy.select(task))!.expertId, first.expertId, 'the next true report outweighs the flipped one');

    const strict = (await make(dirs.make(), { reportNoise: 0 })).chooser;
    await strict.record({ task, agentId: first.expertId, result: 'wrong', success: false });
    const ranked = await strict.rank(task);
    assert.strictEqual(ranked.find((c) => c.expertId === first.expertId)!.signals.own.tier, 0);
    const index = ranked.findIndex((c) => c.expertId === first.expertId);
    assert.ok(index > 0 && ranked.slice(0, index).every((c) => c.signals.own.tier === 1), 'strict: it waits behind the untried candidates');
  });

  it('learns from a correction (preferredAgentId) at once, and keeps it in the outcome log', async () => {
    const { chooser, dataDir } = await make();
    const task = 'update the README for the webhook endpoint';
    const before = (await chooser.select(task))!.expertId;
    const right = before === 'writer' ? 'api-designer' : 'writer';
    await chooser.record({ task, agentId: before, result: '', success: false, preferredAgentId: right });
    assert.strictEqual((await chooser.select(task))!.expertId, right);
    const line = JSON.parse(readLines(outcomesFile(dataDir))[0]!) as { preferredAgentId: string; success: boolean };
    assert.strictEqual(line.preferredAgentId, right);
    assert.strictEqual(line.success, false);
  });

  it('transfers: words of corrected tasks become evidence for that expert on new tasks', async () => {
    const { chooser } = await make();
    const probe = 'zorbly rendering glitch in the page';
    const before = (await chooser.rank(probe)).find((c) => c.expertId === 'tester')!;
    for (const t of ['zorbly crash on the page', 'zorbly regression in the page', 'zorbly glitch on the page header']) {
      const chosen = (await chooser.select(t))!.expertId;
      if (chosen !== 'tester') await chooser.record({ task: t, agentId: chosen, result: '', success: false, preferredAgentId: 'tester' });
    }
    const after = (await chooser.rank(probe)).find((c) => c.expertId === 'tester')!;
    assert.ok(after.signals.learned > 0 && after.score > before.score, `learned ${after.signals.learned}`);
  });

  it('refuses unknown experts before anything is written', async () => {
    const { chooser, dataDir } = await make();
    await assert.rejects(
      chooser.recordMany([
        { task: 'a', agentId: 'writer', result: '', success: true },
        { task: 'b', agentId: 'writer', result: '', success: false, preferredAgentId: 'nobody' },
      ]),
      UnknownExpertError,
    );
    assert.ok(!fs.existsSync(outcomesFile(dataDir)));
  });

  it('keeps the learned model beside the outcome log and restores it (or retrains from the log)', async () => {
    const dataDir = dirs.make();
    const { chooser } = await make(dataDir);
    await chooser.record({ task: 'docs for the endpoint', agentId: 'api-designer', result: '', success: false, preferredAgentId: 'writer' });
    await chooser.flush();
    assert.ok(fs.existsSync(path.join(dataDir, 'selection-model.json')));
    const reopened = (await make(dataDir)).chooser;
    assert.deepStrictEqual(
      (await reopened.rank('docs for the endpoint')).map((c) => [c.expertId, c.score]),
      (await chooser.rank('docs for the endpoint')).map((c) => [c.expertId, c.score]),
    );
    fs.writeFileSync(path.join(dataDir, 'selection-model.json'), '{not json');
    const retrained = (await make(dataDir)).chooser;
    assert.strictEqual((await retrained.select('docs for the endpoint'))!.expertId, 'writer');
  });

  it('saves the model it learned from the log even when it records nothing itself (a CLI select), and only then', async () => {
    // Review of stop 39: a process that only ranks (CLI select, plan) retrained from the whole log on every run.
    const dataDir = dirs.make();
    const { learning } = await make(dataDir);
    await learning.recordTaskOutcomes([{ task: 'docs for the endpoint', agentId: 'api-designer', result: '', success: false, preferredAgentId: 'writer' }]);
    const modelFile = path.join(dataDir, 'selection-model.json');
    assert.ok(!fs.existsSync(modelFile), 'recording alone writes no model');
    const ranking = await make(dataDir);
    await ranking.chooser.rank('write the readme');
    await ranking.chooser.flush();
    assert.ok(fs.existsSync(modelFile), 'the model learned from the log is saved');
    const written = fs.statSync(modelFile).mtimeMs;
    fs.utimesSync(modelFile, new Date(0), new Date(0));
    const again = await make(dataDir);
    await again.chooser.rank('write the readme');
    await again.chooser.flush();
    assert.strictEqual(fs.statSync(modelFile).mtimeMs, 0, `a model already up to date is not written again (was ${written})`);
  });

  it('explores only among the top candidates, reproducibly for a seed, and never past a success', async () => {
    const a = (await make(undefined, { seed: 7 })).chooser;
    const b = (await make(undefined, { seed: 7 })).chooser;
    const task = 'tests for the endpoint page';
    const draws = async (c: ExpertChooser) => {
      const out: string[] = [];
      for (let i = 0; i < 30; i++) out.push((await c.select(task, { explore: true }))!.expertId);
      return out;
    };
    const first = await draws(a);
    assert.deepStrictEqual(first, await draws(b));
    assert.ok(new Set(first).size >= 2, 'exploration tries more than one expert');
    const top3 = (await a.rank(task)).slice(0, 3).map((c) => c.expertId);
    assert.ok(first.every((id) => top3.includes(id)));
    await a.record({ task, agentId: 'writer', result: '', success: true });
    for (let i = 0; i < 10; i++) assert.strictEqual((await a.select(task, { explore: true }))!.expertId, 'writer');
  });

  it('explains every signal', async () => {
    const { chooser } = await make();
    const { lines, rank } = await chooser.explain('api-designer', 'design a REST API webhook');
    assert.strictEqual(rank, 1);
    for (const pattern of [/definitions \(bm25\)/, /trigger words/, /whole phrases/, /similarity to the definition/, /learned from outcomes/, /own history/]) {
      assert.ok(
        lines.some((l) => pattern.test(l)),
        `${pattern}: ${lines.join('\n')}`,
      );
    }
  });

  it('is what the LearnedSelector shows, with and without history', async () => {
    const { chooser, learning, ranker } = await make();
    const learned = new LearnedSelector(source, ranker, learning, { chooser });
    await chooser.record({ task: 'write docs', agentId: 'writer', result: '', success: false, preferredAgentId: 'tester' });
    assert.deepStrictEqual(
      (await learned.rank('write docs')).map((c) => c.expertId),
      (await chooser.rank('write docs')).map((c) => c.expertId),
    );
    assert.strictEqual((await learned.select('write docs'))!.expertId, 'tester');
    assert.strictEqual((await learned.withoutHistory().select('write docs'))!.expertId, 'writer');
    const share = (await learned.select('write docs'))!.share;
    assert.ok(Math.abs(share.definitions + share.similarity + share.history - 1) < 0.01);
  });
});

describe('learning simulation (eval learning)', () => {
  const dirs = new TempDirs();
  afterEach(() => dirs.cleanup());

  const tasks = [
    ...['a REST endpoint with pagination', 'webhook retries for the API', 'version the endpoint', 'rate limits on the rest api'].map((task) => ({
      task,
      expert: 'api-designer',
      acceptable: [],
    })),
    ...['a page header component', 'css for the settings page', 'a modal component', 'dark mode styles for every page'].map((task) => ({
      task,
      expert: 'ui-builder',
      acceptable: [],
    })),
    ...['the login test is flaky', 'unit tests for the page', 'tests for the webhook endpoint', 'coverage for the settings page'].map((task) => ({
      task,
      expert: 'tester',
      acceptable: [],
    })),
    ...['write the readme', 'docs for the endpoint', 'a tutorial page for the API', 'changelog for the release'].map((task) => ({
      task,
      expert: 'writer',
      acceptable: [],
    })),
  ];

  const run = async (feedback: 'outcome' | 'correction', split: number) => {
    const learning = await makeManager(dirs.make(), new FakeClock(START));
    const chooser = new ExpertChooser({ ranker: new IntelligentAgentSelector(source), learning, experts: source, options: { persist: false } });
    return { report: await simulateLearning(chooser, tasks, { epochs: 3, split, seed: 5, feedback, noise: 0 }), learning };
  };

  it('reaches every train task with corrections, recording through the chooser', async () => {
    const { report, learning } = await run('correction', 0.5);
    assert.deepStrictEqual(report.tasks, { train: 8, heldout: 8 });
    assert.ok(report.baseline.train < 1);
    assert.strictEqual(report.epochs[1]!.train, 1);
    assert.ok(learning.outcomes.some((o) => o.preferredAgentId));
    assert.strictEqual(report.epochs.length, 3);
    assert.ok(report.epochs.every((e) => e.heldout !== null && e.online >= 0 && e.online <= 1));
  });

  it('improves on train with outcomes alone, and has no held-out part without a split', async () => {
    const { report, learning } = await run('outcome', 0);
    assert.strictEqual(report.baseline.heldout, null);
    assert.ok(report.epochs[2]!.train > report.baseline.train, JSON.stringify(report));
    assert.ok(learning.outcomes.every((o) => !o.preferredAgentId));
  });

  it('holds out the split of all tasks, stratified by expert, also when experts have one task or an odd number', () => {
    const make = (experts: number, each: number) =>
      Array.from({ length: experts * each }, (_, i) => ({ task: `task ${i}`, expert: `e${i % experts}`, acceptable: [] as string[] }));
    for (const [experts, each, split] of [
      [300, 1, 0.5],
      [10, 3, 0.5],
      [24, 7, 0.5],
      [24, 6, 0.5],
      [5, 4, 0.25],
    ] as const) {
      const tasks = make(experts, each);
      const { train, heldout } = splitTasks(tasks, split, seededRandom(1));
      assert.strictEqual(heldout.length, Math.round(tasks.length * split), `${experts}x${each}`);
      assert.strictEqual(train.length + heldout.length, tasks.length);
      // Stratified: each expert holds out the whole part of its share, or one more.
      for (let e = 0; e < experts; e++) {
        const held = heldout.filter((t) => t.expert === `e${e}`).length;
        assert.ok(held >= Math.floor(each * split) && held <= Math.ceil(each * split), `${experts}x${each}: e${e} held ${held}`);
      }
    }
    const again = splitTasks(make(300, 1), 0.5, seededRandom(1));
    assert.deepStrictEqual(
      again.heldout.map((t) => t.task),
      splitTasks(make(300, 1), 0.5, seededRandom(1)).heldout.map((t) => t.task),
      'the same seed, the same split',
    );
  });

  it('refuses options out of range', async () => {
    const learning = await makeManager(dirs.make(), new FakeClock(START));
    const chooser = new ExpertChooser({ ranker: new IntelligentAgentSelector(source), learning, experts: source, options: { persist: false } });
    await assert.rejects(simulateLearning(chooser, tasks, { epochs: 0, split: 0, seed: 1, feedback: 'outcome', noise: 0 }), /epochs/);
    await assert.rejects(simulateLearning(chooser, tasks, { epochs: 1, split: 1, seed: 1, feedback: 'outcome', noise: 0 }), /split/);
    await assert.rejects(simulateLearning(chooser, tasks, { epochs: 1, split: 0, seed: 1, feedback: 'outcome', noise: 0.9 }), /noise/);
  });
});
