import * as assert from 'assert';
import { InvalidArgumentError } from '../../../src/orchestrator/errors';
import { SessionMemory } from '../../../src/orchestrator/memory/session-memory';

describe('SessionMemory', () => {
  it('sets, gets, lists by prefix, deletes and clears', () => {
    const memory = new SessionMemory();
    const changes: string[] = [];
    memory.onDidChange((c) => changes.push(`${c.kind}:${c.key ?? '*'}`));
    memory.set('plan:1', { goal: 'a' });
    memory.set('plan:2', { goal: 'b' });
    memory.set('other', 3);
    assert.deepStrictEqual(memory.get('plan:1'), { goal: 'a' });
    assert.deepStrictEqual(Object.keys(memory.getAll('plan:')).sort(), ['plan:1', 'plan:2']);
    assert.strictEqual(Object.keys(memory.getAll()).length, 3);
    assert.strictEqual(memory.delete('other'), true);
    assert.strictEqual(memory.get('other'), undefined);
    memory.clear();
    assert.strictEqual(memory.size, 0);
    assert.deepStrictEqual(changes, ['set:plan:1', 'set:plan:2', 'set:other', 'delete:other', 'clear:*']);
  });

  it('hands out copies, so callers cannot change stored values', () => {
    const memory = new SessionMemory();
    const value = { tasks: ['x'] };
    memory.set('k', value);
    value.tasks.push('changed after set');
    memory.get<{ tasks: string[] }>('k')!.tasks.push('changed after get');
    assert.deepStrictEqual(memory.get('k'), { tasks: ['x'] });
  });

  it('rejects empty keys and undefined values', () => {
    const memory = new SessionMemory();
    assert.throws(() => memory.set('', 1), InvalidArgumentError);
    assert.throws(() => memory.set('k', undefined), /use delete/);
    assert.throws(() => memory.get(undefined as unknown as string), InvalidArgumentError);
  });
});
