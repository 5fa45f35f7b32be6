import * as assert from 'assert';
import { IntelligentAgentSelector } from '../../../src/orchestrator/agents/selection/intelligent-selector';
import type { ChosenExpert } from '../../../src/orchestrator/learning/chooser-types';
import { ExpertChooser } from '../../../src/orchestrator/learning/expert-chooser';
import { DEFINITIONS_WEIGHT, PART_WEIGHT, composeTeam, definitionsOrder, describeTeamVotes } from '../../../src/orchestrator/learning/team-composition';
import { FakeClock } from '../../fakes/fake-clock';
import { START, TempDirs, makeExpert, makeManager } from './learning-helpers';

/** A ranking entry with only what composeTeam reads: the id, the logit, the whole task's keyword match and the history tier. */
function chosen(expertId: string, score: number, keyword = 1, tier = 1): ChosenExpert {
  return {
    expertId,
    displayName: expertId,
    score,
    probability: 0,
    signals: {
      keyword: { score: keyword, normalized: keyword },
      similarity: 0,
      similaritySource: 'none',
      sentence: 0,
      prior: keyword,
      priorParts: { definitions: keyword, similarity: 0 },
      learned: 0,
      learnedFromSignals: 0,
      own: { successes: tier === 2 ? 1 : 0, failures: tier === 0 ? 1 : 0, tier },
      explored: 0,
    },
  };
}

/** A part of a task and the chooser's ranking of it. */
const part = (text: string, ...ranking: ChosenExpert[]) => ({ text, ranking });
const ids = (team: ChosenExpert[]) => team.map((c) => c.expertId);
const team = (whole: ChosenExpert[], parts: ReturnType<typeof part>[], definitions: string[] = [], count = 3) =>
  ids(composeTeam({ whole, definitions, parts, count, minScore: 0.15 }));

describe('composeTeam (how a team is put together)', () => {
  const whole = [chosen('a', 5), chosen('b', 4), chosen('c', 3)];

  it("keeps the whole task's order when nothing else votes, equal places included", () => {
    assert.deepStrictEqual(team(whole, []), ['a', 'b', 'c']);
    // Equal scores: the whole task's order, not the ids' (either way round).
    assert.deepStrictEqual(team([chosen('a', 5), chosen('c', 3), chosen('b', 3)], []), ['a', 'c', 'b']);
    assert.deepStrictEqual(team([chosen('m', 5), chosen('z', 3), chosen('k', 3)], []), ['m', 'z', 'k']);
    assert.deepStrictEqual(composeTeam({ whole: [], definitions: ['a'], parts: [part('x', chosen('a', 1))], count: 2, minScore: 0.15 }), []);
  });

  it("leads with the whole task's best whatever the votes, and its keyword match is not asked for", () => {
    assert.deepStrictEqual(team([chosen('a', 5), chosen('b', 4.9)], [part('do b', chosen('b', 9))], [], 2), ['a', 'b']);
    assert.deepStrictEqual(team([chosen('a', 5, 0), chosen('b', 4)], [], [], 2), ['a', 'b']);
  });

  it("lets a part's clear choice and the definitions' order pass the whole task's runner-up", () => {
    assert.deepStrictEqual(team(whole, [part('do c', chosen('c', 6), chosen('a', 1))], [], 2), ['a', 'c']);
    const near = [chosen('a', 5), chosen('b', 3.2), chosen('c', 3)];
    assert.deepStrictEqual(team(near, [], ['a', 'c'], 2), ['a', 'c']);
    assert.deepStrictEqual(team(near, [], ['a', 'c', 'b'], 3), ['a', 'c', 'b']);
    // One weak part is not enough against a runner-up the whole task clearly prefers.
    assert.deepStrictEqual(team([chosen('a', 5), chosen('b', 4.9), chosen('c', 0)], [part('maybe c', chosen('c', 0.1), chosen('a', 0))], [], 2), ['a', 'b']);
  });

  it('takes no one the whole task matches by less than minScore, however the parts vote', () => {
    assert.deepStrictEqual(team([chosen('a', 5), chosen('b', 4), chosen('c', 3, 0.1)], [part('do c', chosen('c', 9))], ['a', 'c']), ['a', 'b']);
  });

  it("puts the task's own history first, as a single ranking does: a member that failed on it goes last", () => {
    const failed = [chosen('a', 5), chosen('b', 4, 1, 0), chosen('c', 3)];
    assert.deepStrictEqual(team(failed, [part('do b', chosen('b', 9))], ['a', 'b'], 2), ['a', 'c']);
    const succeeded = [chosen('a', 5), chosen('b', 4), chosen('c', 1, 1, 2)];
    assert.deepStrictEqual(team(succeeded, [], [], 2), ['a', 'c']);
  });

  it('says why each member is on the team: its votes, and the part that voted most for it', () => {
    const members = composeTeam({
      whole: [chosen('a', 0), chosen('b', 0)],
      definitions: ['a', 'b'],
      parts: [part('first part', chosen('b', 0), chosen('a', 0)), part('second part', chosen('b', 10), chosen('a', 0))],
      count: 2,
      minScore: 0.15,
    });
    const [a, b] = members.map((c) => c.team!);
    assert.strictEqual(a!.first, true);
    assert.strictEqual(b!.first, false);
    const p = 1 / (1 + Math.exp(-10)); // b's probability in the second part
    assert.ok(Math.abs(b!.whole - 0.5) < 1e-12 && Math.abs(b!.parts - PART_WEIGHT * (0.5 + p)) < 1e-12, JSON.stringify(b));
    assert.strictEqual(b!.definitions, DEFINITIONS_WEIGHT / 2);
    assert.ok(Math.abs(b!.total - (b!.whole + b!.parts + b!.definitions)) < 1e-12);
    assert.deepStrictEqual(b!.strongestPart, { text: 'second part', vote: PART_WEIGHT * p });
    assert.match(describeTeamVotes(b!), /^team votes: whole task 0\.5 \+ parts 0\.75 \(most from "second part": 0\.5\) \+ definitions 0\.15 = 1\.4$/);
    assert.match(describeTeamVotes(a!), /^team: first, the chooser's best for the whole task/);
  });
});

describe("definitionsOrder (the definitions' own team order)", () => {
  it("reads the leader, the ranker's picks of the whole ranking, then the rest that match by minScore, six long", () => {
    const whole = [chosen('a', 5), chosen('b', 4), chosen('c', 3, 0.1), chosen('d', 2), chosen('e', 1, 0.1)];
    assert.deepStrictEqual(definitionsOrder(whole, [{ expertId: 'x' }, { expertId: 'c' }, { expertId: 'b' }], 0.15), ['a', 'c', 'b', 'd']);
    const many = 'abcdefgh'.split('').map((id, i) => chosen(id, 8 - i));
    assert.deepStrictEqual(definitionsOrder(many, [], 0.15), ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.deepStrictEqual(definitionsOrder([], [{ expertId: 'a' }], 0.15), []);
  });
});

describe('ExpertChooser.selectMultiple (a team from the parts of a task)', () => {
  const dirs = new TempDirs();
  afterEach(() => dirs.cleanup());
  const experts = [
    makeExpert('frontend', { description: 'Builds web pages, forms and page layouts that work in every browser', systemPrompt: '' }),
    makeExpert('sre', { description: 'Sets up monitoring and alerting so outages are noticed quickly', systemPrompt: '' }),
    makeExpert('writer', { description: 'Writes help pages and guides for the web site and its users', systemPrompt: '' }),
  ];
  const chooser = async (reportNoise?: number) =>
    new ExpertChooser({
      ranker: new IntelligentAgentSelector({ experts }),
      learning: await makeManager(dirs.make(), new FakeClock(START)),
      experts: { experts },
      options: { persist: false, ...(reportNoise === undefined ? {} : { reportNoise }) },
    });
  const task = "Build web page layouts in the browser for the site's help guides; set up monitoring";

  it('brings the expert a part of the task asks for ahead of the whole-task runner-up', async () => {
    const c = await chooser();
    assert.deepStrictEqual(
      (await c.rank(task)).map((e) => e.expertId),
      ['frontend', 'writer', 'sre'],
    );
    assert.deepStrictEqual(
      (await c.selectMultiple(task, 2)).map((e) => e.expertId),
      ['frontend', 'sre'],
    );
    assert.deepStrictEqual(
      (await c.selectMultiple(task, 3)).map((e) => e.expertId),
      ['frontend', 'sre', 'writer'],
    );
    assert.deepStrictEqual(
      (await c.selectMultiple(task, 1)).map((e) => e.expertId),
      ['frontend'],
    );
  });

  it("learns a part's expert from corrections, and keeps a member that failed on the task off the team", async () => {
    const c = await chooser();
    for (let i = 0; i < 3; i++) await c.record({ task: 'set up monitoring', agentId: 'sre', result: 'wrong', success: false, preferredAgentId: 'writer' });
    assert.deepStrictEqual((await c.selectMultiple(task, 2)).map((e) => e.expertId).sort(), ['frontend', 'writer']);
    // With reports taken as true, a member that failed on this very task waits behind every other (its
    // tier), as in a single ranking; with report noise a failure only costs it logits in the whole task's vote.
    const fresh = await chooser(0);
    await fresh.record({ task, agentId: 'sre', result: 'not needed', success: false });
    assert.deepStrictEqual(
      (await fresh.selectMultiple(task, 2)).map((e) => e.expertId),
      ['frontend', 'writer'],
    );
  });

  it('refuses a count or minScore out of range before ranking anything', async () => {
    const c = await chooser();
    await assert.rejects(c.selectMultiple(task, 0), /count must be a whole number/);
    await assert.rejects(c.selectMultiple(task, 2, 1.5), /minScore must be between 0 and 1/);
  });
});
