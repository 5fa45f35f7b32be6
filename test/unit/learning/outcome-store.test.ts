import * as assert from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { InvalidArgumentError } from '../../../src/orchestrator/errors';
import { silentLogger } from '../../../src/orchestrator/ports';
import { OUTCOME_SCHEMA_VERSION, OutcomeLogFullError, OutcomeStore, TaskOutcome } from '../../../src/orchestrator/learning/outcome-store';
import { CATCH_UP_INTERVAL_MS } from '../../../src/orchestrator/learning/learning-manager';
import { FakeClock } from '../../fakes/fake-clock';
import { CapturingLogger, START, TempDirs, makeManager, nodeFs, outcomesFile, readLines } from './learning-helpers';

function goodLine(id: string, task: string, agentId: string, success: boolean, at = START - 1000): string {
  const outcome: TaskOutcome = { v: OUTCOME_SCHEMA_VERSION, id, task, agentId, result: 'r', success, at };
  return JSON.stringify(outcome);
}

describe('OutcomeStore durability', () => {
  const temp = new TempDirs();
  let clock: FakeClock;

  beforeEach(() => {
    clock = new FakeClock(START);
  });
  afterEach(() => temp.cleanup());

  it('fails to load a log that is a folder instead of reading it as empty (stats said 0 outcomes while recording failed)', async () => {
    const dir = temp.make();
    fs.mkdirSync(outcomesFile(dir));
    const store = new OutcomeStore(nodeFs, clock, silentLogger, outcomesFile(dir));
    await assert.rejects(store.load(), (e: NodeJS.ErrnoException) => e.code === 'EISDIR' && e.path === outcomesFile(dir));
    await assert.rejects(makeManager(dir, clock), (e: NodeJS.ErrnoException) => e.code === 'EISDIR');
  });

  it('keeps outcomes across a restart: a new manager on the same dataDir sees them', async () => {
    const dir = temp.make();
    const first = await makeManager(dir, clock);
    await first.recordTaskOutcome('Write a Kubernetes Helm chart', 'devops-engineer', 'chart merged', true);
    clock.advance(1000);
    await first.recordTaskOutcome('Fix the CSS layout', 'frontend-developer', 'still broken', false);

    const lines = readLines(outcomesFile(dir));
    assert.strictEqual(lines.length, 2);
    assert.ok(fs.readFileSync(outcomesFile(dir), 'utf8').endsWith('\n'));

    const second = await makeManager(dir, clock);
    assert.deepStrictEqual(
      second.outcomes.map((o) => ({ v: o.v, task: o.task, agentId: o.agentId, result: o.result, success: o.success, at: o.at })),
      [
        { v: 1, task: 'Write a Kubernetes Helm chart', agentId: 'devops-engineer', result: 'chart merged', success: true, at: START },
        { v: 1, task: 'Fix the CSS layout', agentId: 'frontend-developer', result: 'still broken', success: false, at: START + 1000 },
      ],
    );
    assert.deepStrictEqual(
      second.outcomes.map((o) => o.id),
      first.outcomes.map((o) => o.id),
    );
    assert.strictEqual(second.getLearningStats().totalOutcomes, 2);
    // The reloaded history is usable as evidence straight away.
    const evidence = await second.evidenceFor('Write a Kubernetes Helm chart');
    assert.ok(evidence.byAgent.get('devops-engineer')!.successes > 0.99);
  });

  it('creates a missing data folder on the first record', async () => {
    const dir = path.join(temp.make(), 'nested', 'learning');
    const manager = await makeManager(dir, clock);
    assert.strictEqual(manager.outcomes.length, 0);
    assert.strictEqual(fs.existsSync(dir), false, 'loading alone must not create anything');
    await manager.recordTaskOutcome('Write docs', 'technical-writer', 'ok', true);
    assert.strictEqual(readLines(outcomesFile(dir)).length, 1);
  });

  it('quarantines a garbage line once, leaves an unfinished last line for later, keeps the good lines, and never rewrites the log', async () => {
    const dir = temp.make();
    const file = outcomesFile(dir);
    const good1 = goodLine('a-1', 'Write a Kubernetes Helm chart', 'devops-engineer', true);
    const good2 = goodLine('a-2', 'Fix the CSS layout', 'frontend-developer', false);
    const garbage = 'this is not json {{{';
    const truncated = goodLine('a-3', 'Design a database schema', 'database-administrator', true).slice(0, 40);
    const original = `${good1}\n${garbage}\n\n${good2}\n${truncated}`;
    fs.writeFileSync(file, original);

    const logger = new CapturingLogger();
    const manager = await makeManager(dir, clock, { logger });

    assert.deepStrictEqual(
      manager.outcomes.map((o) => o.id),
      ['a-1', 'a-2'],
    );
    // The last line has no newline: another process may still be writing it (review of stop 29), so it is
    // not copied aside yet.
    const digest = createHash('sha256').update(`${garbage}\n`).digest('hex').slice(0, 16);
    const quarantine = `${file}.corrupt-${digest}`;
    assert.ok(fs.existsSync(quarantine), `expected ${quarantine}`);
    assert.deepStrictEqual(readLines(quarantine), [garbage]);
    // Other processes may be appending without a lock: a rewrite would drop what they append meanwhile.
    assert.strictEqual(fs.readFileSync(file, 'utf8'), original, 'the log is left as it was');

    const warnings = logger.messages('warn');
    assert.strictEqual(warnings.length, 1);
    assert.ok(warnings[0]!.includes('1 unreadable line'), warnings[0]);
    assert.ok(warnings[0]!.includes(quarantine), warnings[0]);
    assert.ok(warnings[0]!.includes('2 outcomes kept'), warnings[0]);

    // An outcome appended after the torn line starts a line of its own: the torn line is now known to be
    // torn, and the next start copies it aside with the garbage; all three good outcomes are kept.
    clock.advance(5000);
    await manager.recordTaskOutcome('Write a Helm chart for the worker', 'devops-engineer', 'ok', true);
    const logger2 = new CapturingLogger();
    const again = await makeManager(dir, clock, { logger: logger2 });
    assert.deepStrictEqual(
      again.outcomes.map((o) => o.task),
      ['Write a Kubernetes Helm chart', 'Fix the CSS layout', 'Write a Helm chart for the worker'],
    );
    const second = `${file}.corrupt-${createHash('sha256').update(`${garbage}\n${truncated}\n`).digest('hex').slice(0, 16)}`;
    assert.deepStrictEqual(readLines(second), [garbage, truncated]);
    // A third start finds both copies: no warning, no new copy.
    const logger3 = new CapturingLogger();
    await makeManager(dir, clock, { logger: logger3 });
    assert.deepStrictEqual(logger3.messages('warn'), []);
    assert.strictEqual(fs.readdirSync(dir).filter((f) => f.includes('.corrupt-')).length, 2);
  });

  describe('catching up with other processes (review of stop 29)', () => {
    it('never takes its own outcome twice when it catches up while recording', async () => {
      const dir = temp.make();
      const manager = await makeManager(dir, clock);
      let heard = 0;
      manager.onDidRecord(() => heard++);
      for (let i = 0; i < 60; i++) {
        clock.advance(CATCH_UP_INTERVAL_MS);
        await Promise.all([
          manager.recordTaskOutcome(`task ${i}`, 'qa-expert', 'ok', true),
          new Promise((resolve) => setTimeout(resolve, i % 4)).then(() => manager.catchUp()),
        ]);
      }
      assert.strictEqual(manager.outcomes.length, 60);
      assert.strictEqual(new Set(manager.outcomes.map((o) => o.id)).size, 60);
      assert.strictEqual(heard, 60);
    });

    it('reads a log moved aside and written anew from its start, even once it is longer than the old one', async () => {
      const dir = temp.make();
      const file = outcomesFile(dir);
      const manager = await makeManager(dir, clock);
      for (let i = 0; i < 3; i++) await manager.recordTaskOutcome(`old ${i}`, 'qa-expert', 'ok', true);
      clock.advance(CATCH_UP_INTERVAL_MS);
      assert.strictEqual(await manager.catchUp(), 0, 'its own three, read back, are not new');
      fs.renameSync(file, `${file}.old`);
      const other = await makeManager(dir, new FakeClock(START));
      for (let i = 0; i < 6; i++) await other.recordTaskOutcome(`new task number ${i}`, 'qa-expert', 'a longer result than before', true);
      clock.advance(CATCH_UP_INTERVAL_MS);
      assert.strictEqual(await manager.catchUp(), 6);
      assert.deepStrictEqual(
        fs.readdirSync(dir).filter((f) => f.includes('.corrupt-')),
        [],
      );
    });

    it('leaves a line another process is still writing for the next call, at start and after', async () => {
      const dir = temp.make();
      const file = outcomesFile(dir);
      const third = goodLine('c-3', 'third', 'qa-expert', true);
      fs.writeFileSync(file, `${goodLine('c-1', 'first', 'qa-expert', true)}\n${goodLine('c-2', 'second', 'qa-expert', true)}\n${third.slice(0, 40)}`);
      const manager = await makeManager(dir, clock);
      assert.deepStrictEqual(
        manager.outcomes.map((o) => o.id),
        ['c-1', 'c-2'],
      );
      fs.appendFileSync(
        file,
        `${third.slice(40)}\n${goodLine('c-4', 'fourth', 'qa-expert', true)}\n${goodLine('c-5', 'fifth', 'qa-expert', true).slice(0, 30)}`,
      );
      clock.advance(CATCH_UP_INTERVAL_MS);
      assert.strictEqual(await manager.catchUp(), 2);
      assert.deepStrictEqual(
        manager.outcomes.map((o) => o.id),
        ['c-1', 'c-2', 'c-3', 'c-4'],
      );
      assert.deepStrictEqual(
        fs.readdirSync(dir).filter((f) => f.includes('.corrupt-')),
        [],
      );
    });

    it('catches up after the clock was set back', async () => {
      const dir = temp.make();
      const manager = await makeManager(dir, clock);
      clock.advance(CATCH_UP_INTERVAL_MS);
      await manager.catchUp();
      const other = await makeManager(dir, new FakeClock(START));
      await other.recordTaskOutcome('recorded elsewhere', 'qa-expert', 'ok', true);
      clock.jumpTo(clock.now() - 3600_000);
      assert.strictEqual(await manager.catchUp(), 1);
    });
  });

  it('quarantines lines of another schema version or with wrong field types', async () => {
    const dir = temp.make();
    const file = outcomesFile(dir);
    const good = goodLine('g-1', 'Write tests', 'qa-expert', true);
    const future = JSON.stringify({ ...JSON.parse(good), id: 'g-2', v: 2 });
    const wrongType = JSON.stringify({ ...JSON.parse(good), id: 'g-3', success: 'yes' });
    const noAt = JSON.stringify({ v: 1, id: 'g-4', task: 't', agentId: 'x', success: true });
    const arrayLine = '[1,2,3]';
    fs.writeFileSync(file, [good, future, wrongType, noAt, arrayLine].join('\n') + '\n');
    const logger = new CapturingLogger();
    const manager = await makeManager(dir, clock, { logger });
    assert.deepStrictEqual(
      manager.outcomes.map((o) => o.id),
      ['g-1'],
    );
    const quarantined = fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'));
    assert.strictEqual(quarantined.length, 1);
    assert.deepStrictEqual(readLines(path.join(dir, quarantined[0]!)), [future, wrongType, noAt, arrayLine]);
    assert.ok(logger.messages('warn')[0]!.includes('4 unreadable lines'));
  });

  it('fills a missing result with an empty string when loading', async () => {
    const dir = temp.make();
    fs.writeFileSync(outcomesFile(dir), JSON.stringify({ v: 1, id: 'x-1', task: 't', agentId: 'qa-expert', success: true, at: 5 }) + '\n');
    const manager = await makeManager(dir, clock);
    assert.strictEqual(manager.outcomes[0]!.result, '');
    assert.strictEqual(fs.readdirSync(dir).filter((f) => f.includes('.corrupt-')).length, 0);
  });

  it('rejects an empty task, an empty expert id and a non-boolean success without writing anything', async () => {
    const dir = temp.make();
    const manager = await makeManager(dir, clock);
    const bad: Array<[string, string, unknown]> = [
      ['', 'qa-expert', true],
      ['   \n', 'qa-expert', true],
      ['Write tests', '', true],
      ['Write tests', '  ', false],
      ['Write tests', 'qa-expert', 'true'],
      ['Write tests', 'qa-expert', 1],
      ['Write tests', 'qa-expert', undefined],
      [undefined as unknown as string, 'qa-expert', true],
    ];
    for (const [task, agentId, success] of bad) {
      await assert.rejects(
        manager.recordTaskOutcome(task, agentId, 'r', success as boolean),
        InvalidArgumentError,
        `accepted ${JSON.stringify([task, agentId, success])}`,
      );
    }
    assert.strictEqual(fs.existsSync(outcomesFile(dir)), false);
    assert.strictEqual(manager.outcomes.length, 0);

    // With history on disk, a rejected record leaves the file byte for byte as it was.
    await manager.recordTaskOutcome('Write tests', 'qa-expert', 'ok', true);
    const before = fs.readFileSync(outcomesFile(dir), 'utf8');
    await assert.rejects(manager.recordTaskOutcome('Write tests', 'qa-expert', 'ok', 'no' as unknown as boolean), InvalidArgumentError);
    assert.strictEqual(fs.readFileSync(outcomesFile(dir), 'utf8'), before);
    assert.strictEqual(manager.outcomes.length, 1);
  });

  it('caps task and result at 4000 characters and stores one line per outcome', async () => {
    const dir = temp.make();
    const store = new OutcomeStore(nodeFs, clock, silentLogger, outcomesFile(dir));
    const outcome = await store.append({ task: `${'x'.repeat(4100)}\nsecond line`, agentId: 'qa-expert', result: 'y'.repeat(5000), success: false });
    assert.strictEqual(outcome.task.length, 4000);
    assert.strictEqual(outcome.result.length, 4000);
    assert.strictEqual(outcome.v, OUTCOME_SCHEMA_VERSION);
    assert.strictEqual(outcome.at, START);
    const lines = readLines(outcomesFile(dir));
    assert.strictEqual(lines.length, 1);
    assert.deepStrictEqual(JSON.parse(lines[0]!), { ...outcome, scanned: true });
  });

  it('redacts a secret that crosses the cut before cutting, so no piece of it is stored', async () => {
    const dir = temp.make();
    const store = new OutcomeStore(nodeFs, clock, silentLogger, outcomesFile(dir));
    const secret = 'glpat-x7Kp2Qm9Lr4Tz8Vb3Nc6';
    const lead = 'the pipeline was retriggered from the runner with ';
    const task = `${'filler '.repeat(600).slice(0, 4000 - lead.length - secret.length + 1)}${lead}${secret} (rotated later)`;
    assert.ok(task.indexOf(secret) < 4000 && task.indexOf(secret) + secret.length > 4000, 'the token crosses character 4,000');
    const outcome = await store.append({ task, agentId: 'devops-engineer', result: `${'r'.repeat(3990)} ${secret}`, success: true });
    const disk = fs.readFileSync(outcomesFile(dir), 'utf8');
    assert.ok(!disk.includes('x7Kp2Qm9Lr4Tz8Vb3Nc'), disk.slice(-200));
    assert.strictEqual(outcome.task.length, 4000);
    assert.ok(outcome.task.includes(`${lead}[REDAC`), outcome.task.slice(-80));
  });

  it('loads lines it wrote as they are (redacted when recorded), and redacts lines it did not write', async () => {
    const dir = temp.make();
    const file = outcomesFile(dir);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const written = { ...JSON.parse(goodLine('a', 'the marker-password=notascan text', 'qa-expert', true)), scanned: true };
    fs.writeFileSync(file, `${JSON.stringify(written)}\n${goodLine('b', 'deploy with password=hunter22', 'devops-engineer', true)}\n`);
    const store = new OutcomeStore(nodeFs, clock, silentLogger, file);
    const loaded = await store.load();
    assert.strictEqual(loaded[0]!.task, 'the marker-password=notascan text', 'marked as scanned: not scanned again');
    assert.ok(!loaded[1]!.task.includes('hunter22') && loaded[1]!.task.includes('[REDACTED]'), loaded[1]!.task);
  });

  it('gives distinct ids to outcomes recorded in the same millisecond', async () => {
    const dir = temp.make();
    const manager = await makeManager(dir, clock);
    for (let i = 0; i < 5; i++) await manager.recordTaskOutcome(`task ${i}`, 'qa-expert', 'ok', true);
    assert.strictEqual(new Set(manager.outcomes.map((o) => o.id)).size, 5);
  });

  it('notifies onDidRecord listeners until disposed', async () => {
    const manager = await makeManager(temp.make(), clock);
    const seen: string[] = [];
    const subscription = manager.onDidRecord((o) => seen.push(o.agentId));
    await manager.recordTaskOutcome('Write tests', 'qa-expert', 'ok', true);
    subscription.dispose();
    await manager.recordTaskOutcome('Write more tests', 'qa-expert', 'ok', true);
    assert.deepStrictEqual(seen, ['qa-expert']);
  });

  it("outcome ids stay unique after a restart within the same millisecond, so no outcome reuses another one's vector", async () => {
    // OutcomeStore ids are `${now.toString(36)}-${++sequence}` with `sequence` starting at 0 for each
    // store instance. A second store on the same file (a restart, or a second window sharing the data
    // folder) recording in the same millisecond — or after the clock stepped back — reuses an existing
    // id. LearningManager keys its vector cache by id, so embedMissing() skips the new outcome and it is
    // matched with the OLD outcome's task vector: its evidence lands on the wrong tasks.
    const dir = temp.make();
    const first = await makeManager(dir, clock);
    await first.recordTaskOutcome('Write a Kubernetes Helm chart', 'devops-engineer', 'ok', true);
    const second = await makeManager(dir, clock); // same instant, as with a FakeClock or a stepped-back clock
    await second.recordTaskOutcome('Fix the CSS layout of the React component', 'frontend-developer', 'ok', true);

    const ids = second.outcomes.map((o) => o.id);
    const cssEvidence = await second.evidenceFor('Fix the CSS layout of the React component');
    const helmEvidence = await second.evidenceFor('Write a Kubernetes Helm chart');
    assert.deepStrictEqual(
      {
        uniqueIds: new Set(ids).size,
        cssTaskSeesFrontend: cssEvidence.byAgent.has('frontend-developer'),
        helmTaskSeesFrontend: helmEvidence.byAgent.has('frontend-developer'),
      },
      { uniqueIds: 2, cssTaskSeesFrontend: true, helmTaskSeesFrontend: false },
      `ids: ${ids.join(', ')}`,
    );
  });

  // Thirteenth red team: concurrent 1.6 MB batches came out interleaved (outcomes confirmed, then lost),
  // and a log filled to 600 MB stopped every host from starting.
  it('concurrent large batches, in one process and from two, never interleave: every confirmed outcome loads', async () => {
    const dir = temp.make();
    const file = outcomesFile(dir);
    const batch = (tag: string) =>
      Array.from({ length: 200 }, (_, i) => ({ task: `${tag} ${i} ${'word '.repeat(790)}`, agentId: 'qa-expert', result: 'r'.repeat(3000), success: true }));
    const stores = [0, 1].map(() => new OutcomeStore(nodeFs, clock, silentLogger, file));
    const written = await Promise.all(Array.from({ length: 10 }, (_, k) => stores[k % 2]!.appendMany(batch(`batch${k}`))));
    assert.strictEqual(written.flat().length, 2000);
    const logger = new CapturingLogger();
    const loaded = await new OutcomeStore(nodeFs, clock, logger, file).load();
    assert.strictEqual(loaded.length, 2000);
    assert.deepStrictEqual(logger.warnings(), []);
  });

  it('appends after an incomplete last line without cutting it (it may be a write in progress elsewhere)', async () => {
    const dir = temp.make();
    const file = outcomesFile(dir);
    const store = new OutcomeStore(nodeFs, clock, silentLogger, file);
    await store.append({ task: 'first', agentId: 'qa-expert', result: '', success: true });
    fs.appendFileSync(file, '{"v":1,"id":"half-written","ta');
    await store.append({ task: 'second', agentId: 'qa-expert', result: '', success: true });
    assert.ok(fs.readFileSync(file, 'utf8').includes('{"v":1,"id":"half-written","ta\n'), 'the partial line is left as it was, on its own line');
    assert.deepStrictEqual(
      fs.readdirSync(dir).filter((f) => f.includes('.torn-')),
      [],
    );
    const logger = new CapturingLogger();
    assert.deepStrictEqual(
      (await new OutcomeStore(nodeFs, clock, logger, file).load()).map((o) => o.task),
      ['first', 'second'],
    );
    assert.match(logger.warnings().join('\n'), /1 unreadable line .* copied to .* and skipped/);
  });

  it('reads the log in blocks (a line and a character across a block edge stay whole), and refuses records past 64 MiB', async () => {
    const dir = temp.make();
    const file = outcomesFile(dir);
    const lines = Array.from({ length: 2600 }, (_, i) => goodLine(`id${i}`, `tâche ${i} ${'é'.repeat(1000 + (i % 7))} ${'x'.repeat(2000)}`, 'qa-expert', true));
    fs.writeFileSync(file, `${lines.join('\n')}\n`); // about 10 MB: a block edge falls inside a line
    const loaded = await new OutcomeStore(nodeFs, clock, silentLogger, file).load();
    assert.strictEqual(loaded.length, 2600);
    assert.ok(loaded.every((o, i) => o.task === `tâche ${i} ${'é'.repeat(1000 + (i % 7))} ${'x'.repeat(2000)}`));
    const full = new OutcomeStore(nodeFs, clock, silentLogger, path.join(dir, 'full.jsonl'));
    await full.append({ task: 'one', agentId: 'qa-expert', result: '', success: true });
    fs.truncateSync(full.file, 64 * 1024 * 1024); // sparse: as large as the limit
    await assert.rejects(
      full.append({ task: 'two', agentId: 'qa-expert', result: '', success: true }),
      (e: unknown) => e instanceof OutcomeLogFullError && /64 MiB/.test((e as Error).message),
    );
  });
});
