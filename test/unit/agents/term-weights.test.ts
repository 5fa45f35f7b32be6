// How a word is weighed for an expert in the field-weighted ranking: a word every definition's body
// uses ("test") still speaks for the expert that names it in its triggers and description (the naming
// fields' own inverse frequency, FieldWeights.namingIdf) and for the one that holds most of its uses
// (FieldWeights.specificity). With both at 0, such a word weighs almost nothing, and a rarer everyday
// verb of the task ("add") decides.
import * as assert from 'assert';
import { parseDefinition } from '../../../src/orchestrator/agents/definition-parser';
import { DEFAULT_FIELD_WEIGHTS, FieldIndex } from '../../../src/orchestrator/agents/selection/field-index';
import { scoreTask } from '../../../src/orchestrator/agents/selection/field-scoring';
import { prepareTask } from '../../../src/orchestrator/agents/selection/scoring';

function expert(id: string, triggers: string[], description: string, body: string, examples: string[] = []) {
  const text = `---
name: ${id}
description: ${description}
tier: 2
category: ${id}
triggers: [${triggers.join(', ')}]
focus_areas: [${id} work]
tools: [read_file]
---
# ${id}

## Role
The ${id} expert.

## System Prompt
${body}

## Guidelines
- Be careful.
${examples.length ? `\n## Example Requests\n${examples.map((e) => `- ${e}`).join('\n')}\n` : ''}`;
  const parsed = parseDefinition(`/x/${id}.md`, text, 'builtin').definition;
  assert.ok(parsed, id);
  return parsed;
}

// Every body mentions tests; only the tester names them.
const pool = [
  expert('tester', ['test', 'testing', 'coverage'], 'Writes unit and integration tests and finds coverage gaps.', 'Write tests first. Tests pin behaviour.'),
  expert('forms', ['form', 'input'], 'Builds web forms and inputs.', 'Build forms people can fill in; keep the tests green.', [
    'add a field to the signup form',
  ]),
  expert('auth', ['login', 'session'], 'Secures login and sessions.', 'Harden login; review the tests of every change.', ['add rate limits to the login']),
  expert('infra', ['deploy', 'cluster'], 'Deploys services to the cluster.', 'Deploy carefully; run the tests before any release.'),
];

const ranking = (index: FieldIndex, task: string) => {
  const scores = scoreTask(index, prepareTask(task));
  return [...scores.experts].sort((a, b) => scores.totals[b]! - scores.totals[a]!).map((e) => index.ids[e]);
};

describe('term weights in the field-weighted ranking', () => {
  it('a word every body uses speaks for the expert that names it', () => {
    const index = FieldIndex.create(pool);
    assert.strictEqual(ranking(index, 'add tests')[0], 'tester');
    assert.strictEqual(ranking(index, 'add more tests')[0], 'tester');
    assert.strictEqual(ranking(index, 'tests')[0], 'tester');
  });

  it('without the naming fields’ inverse frequency and specificity, the everyday verb decides (the old behaviour)', () => {
    const index = FieldIndex.create(pool, { ...DEFAULT_FIELD_WEIGHTS, namingIdf: 0, specificity: 0 });
    assert.notStrictEqual(ranking(index, 'add tests')[0], 'tester');
  });

  it('more evidence for a word never lowers its weight (review of stop 31: the naming share was diluted by the body)', () => {
    const withMore = pool.map((e) =>
      e.id === 'tester' ? expert('tester', ['test', 'testing', 'coverage'], e.description, 'Write tests first. Tests pin behaviour. Tests, tests.') : e,
    );
    for (const weights of [
      DEFAULT_FIELD_WEIGHTS,
      { ...DEFAULT_FIELD_WEIGHTS, specificity: 0 },
      { ...DEFAULT_FIELD_WEIGHTS, specificity: 0, definitionSize: 0 },
    ]) {
      const score = (experts: typeof pool) => {
        const index = FieldIndex.create(experts, { ...weights, definitionSize: 0 });
        return scoreTask(index, prepareTask('tests')).totals[index.indexOf('tester')!]!;
      };
      assert.ok(score(withMore) >= score(pool), `${score(withMore)} < ${score(pool)}`);
    }
  });

  it('a word every expert uses alike gains nothing from specificity', () => {
    const alike = ['alpha', 'beta', 'gamma'].map((id) => expert(id, [id], `Handles ${id} work and requests.`, 'Handle requests carefully.'));
    const on = FieldIndex.create(alike);
    const off = FieldIndex.create(alike, { ...DEFAULT_FIELD_WEIGHTS, specificity: 0 });
    const weight = (index: FieldIndex) => scoreTask(index, prepareTask('requests')).totals[index.indexOf('alpha')!]!;
    assert.ok(weight(on) <= weight(off) + 1e-12, `${weight(on)} > ${weight(off)}`);
  });
});
