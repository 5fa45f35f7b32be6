// `big-three plan` task arguments: ids, experts, "after" clauses and "a -> b" chains.
import * as assert from 'assert';
import { parseTaskArguments } from '../../../src/cli/commands/plan-tasks';
import { UsageError } from '../../../src/cli/usage-error';

const experts = new Set(['qa-expert', 'data-engineer']);
const parse = (...args: string[]) => parseTaskArguments(args, (id) => experts.has(id));

describe('plan task arguments', () => {
  it('keeps the old forms: plain tasks and "expert: task"', () => {
    const { tasks, hasDependencies } = parse('Create REST endpoints', 'qa-expert: Write tests');
    assert.deepStrictEqual(tasks, [{ description: 'Create REST endpoints' }, { description: 'Write tests', agentId: 'qa-expert' }]);
    assert.strictEqual(hasDependencies, false);
  });

  it('reads ids, experts and "after" clauses', () => {
    const { tasks, hasDependencies } = parse(
      'schema: data-engineer: Design the schema',
      'api: Create endpoints after schema',
      'tests: qa-expert: Write tests (after api and schema)',
    );
    assert.deepStrictEqual(tasks, [
      { id: 'schema', description: 'Design the schema', agentId: 'data-engineer' },
      { id: 'api', description: 'Create endpoints', dependencies: ['schema'] },
      { id: 'tests', description: 'Write tests', agentId: 'qa-expert', dependencies: ['api', 'schema'] },
    ]);
    assert.strictEqual(hasDependencies, true);
  });

  it('takes "a -> b -> c" chains as edges', () => {
    const { tasks } = parse('a: build API', 'b: tests', 'c: docs', 'a -> b -> c', 'a -> c');
    assert.deepStrictEqual(
      tasks.map((t) => t.dependencies),
      [undefined, ['a'], ['b', 'a']],
    );
  });

  it('leaves "after" alone when it does not name tasks, and positional tasks keep task_N ids', () => {
    const { tasks } = parse('deploy after lunch', 'check it after task_1');
    assert.deepStrictEqual(tasks, [{ description: 'deploy after lunch' }, { description: 'check it', dependencies: ['task_1'] }]);
  });

  it('refuses unknown ids in chains, duplicate ids and empty tasks with a usage error', () => {
    assert.throws(
      () => parse('a: one', 'a -> z'),
      (e: unknown) => e instanceof UsageError && /"z", which is no task id/.test(e.message),
    );
    assert.throws(
      () => parse('a: one', 'a: two'),
      (e: unknown) => e instanceof UsageError && /two tasks have the id "a"/.test(e.message),
    );
    assert.throws(() => parse('  '), UsageError);
  });
});
