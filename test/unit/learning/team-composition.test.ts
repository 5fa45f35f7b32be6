import * as assert from 'assert';
import { IntelligentAgentSelector } from '../../../src/orchestrator/agents/selection/intelligent-selector';
import type { ChosenExpert } from '../../../src/orchestrator/learning/chooser-types';
import { ExpertChooser } from '../../../src/orchestrator/learning/expert-chooser';
import { COVERAGE_WEIGHT, PART_WEIGHT, composeTeam, describeTeamVotes } from '../../../src/orchestrator/learning/team-composition';
import { FakeClock } from '../../fakes/fake-clock';
import { START, TempDirs, makeExpert, makeManager } from './learning-helpers';

/** A ranking entry with only what composeTeam reads: the id, the logit and the whole task's keyword match. */
function chosen(expertId: string, score: number, keyword = 1): ChosenExpert {
  return {
    expertId,
    displayName: expertId,
    score,
    probability: 0,
    signals: {
      keyword: { score: keyword, normalized: keyword },
      similarity: 0,
      similaritySource: 'none',
      prior: keyword,
      priorParts: { definitions: keyword, similarity: 0 },
      learned: 0,
      own: { successes: 0, failures: 0, tier: 1 },
      explored: 0,
    },
  };
}

/** A part of a task and the chooser's ranking of it. */
const part = (text: string, ...ranking: ChosenExpert[]) => ({ text, ranking });

describe('composeTeam (how a team is put together)', () => {
  const whole = [chosen('a', 5), chosen('b', 4), chosen('c', 3)];

  it('keeps the whole task order when nothing else votes, and the first place always', () => {
    const ids = (team: ChosenExpert[]) => team.map((c) => c.expertId);
    assert.deepStrictEqual(ids(composeTeam({ whole, coverage: [], parts: [], count: 3, minScore: 0.15 })), ['a', 'b', 'c']);
    // Every part points elsewhere: the whole task's best still leads.
    const parts = [part('do c', chosen('c', 9), chosen('b', 1))];
    assert.deepStrictEqual(ids(composeTeam({ whole, coverage: [], parts, count: 2, minScore: 0.15 })), ['a', 'c']);
    assert.deepStrictEqual(composeTeam({ whole: [], coverage: ['a'], parts, count: 2, minScore: 0.15 }), []);
  });

  it("lets a part's clear choice and the coverage order pass the whole task's runner-up", () => {
    const ids = (team: ChosenExpert[]) => team.map((c) => c.expertId);
    assert.deepStrictEqual(ids(composeTeam({ whole, coverage: [], parts: [part('do c', chosen('c', 6), chosen('a', 1))], count: 2, minScore: 0.15 })), [
      'a',
      'c',
    ]);
    const near = [chosen('a', 5), chosen('b', 3.2), chosen('c', 3)];
    assert.deepStrictEqual(ids(composeTeam({ whole: near, coverage: ['a', 'c'], parts: [], count: 2, minScore: 0.15 })), ['a', 'c']);
    // One weak part is not enough against a runner-up the whole task clearly prefers.
    const close = [chosen('a', 5), chosen('b', 4.9), chosen('c', 0)];
    assert.deepStrictEqual(
      ids(composeTeam({ whole: close, coverage: [], parts: [part('maybe c', chosen('c', 0.1), chosen('a', 0))], count: 2, minScore: 0.15 })),
      ['a', 'b'],
    );
  });

  it('takes no one the whole task matches by less than minScore, however the parts vote', () => {
    const weak = [chosen('a', 5), chosen('b', 4), chosen('c', 3, 0.1)];
    const team = composeTeam({ whole: weak, coverage: ['a', 'c'], parts: [part('do c', chosen('c', 9))], count: 3, minScore: 0.15 });
    assert.deepStrictEqual(
      team.map((c) => c.expertId),
      ['a', 'b'],
    );
  });

  it('says why each member is on the team: its votes, and the part that voted most for it', () => {
    const team = composeTeam({
      whole: [chosen('a', 0), chosen('b', 0)],
      coverage: ['a', 'b'],
      parts: [part('first part', chosen('b', 0), chosen('a', 0)), part('second part', chosen('b', 10), chosen('a', 0))],
      count: 2,
      minScore: 0.15,
    });
    const [a, b] = team.map((c) => c.team!);
    assert.strictEqual(a!.first, true);
    assert.strictEqual(b!.first, false);
    const p = 1 / (1 + Math.exp(-10)); // b's probability in the second part
    assert.ok(Math.abs(b!.whole - 0.5) < 1e-12 && Math.abs(b!.parts - PART_WEIGHT * (0.5 + p)) < 1e-12, JSON.stringify(b));
    assert.strictEqual(b!.coverage, COVERAGE_WEIGHT / 2);
    assert.ok(Math.abs(b!.total - (b!.whole + b!.parts + b!.coverage)) < 1e-12);
    assert.deepStrictEqual(b!.strongestPart, { text: 'second part', vote: PART_WEIGHT * p });
    assert.match(describeTeamVotes(b!), /^team votes: whole task 0\.5 \+ parts 0\.75 \(most from "second part": 0\.5\) \+ coverage 0\.15 = 1\.4$/);
    assert.match(describeTeamVotes(a!), /^team: first, the chooser's best for the whole task/);
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

  it('brings the expert a part of the task asks for ahead of the whole-task runner-up', async () => {
    const chooser = new ExpertChooser({
      ranker: new IntelligentAgentSelector({ experts }),
      learning: await makeManager(dirs.make(), new FakeClock(START)),
      experts: { experts },
      options: { persist: false },
    });
    const task = "Build web page layouts in the browser for the site's help guides; set up monitoring";
    assert.deepStrictEqual(
      (await chooser.rank(task)).map((c) => c.expertId),
      ['frontend', 'writer', 'sre'],
    );
    assert.deepStrictEqual(
      (await chooser.selectMultiple(task, 2)).map((c) => c.expertId),
      ['frontend', 'sre'],
    );
    assert.deepStrictEqual(
      (await chooser.selectMultiple(task, 3)).map((c) => c.expertId),
      ['frontend', 'sre', 'writer'],
    );
  });
});
