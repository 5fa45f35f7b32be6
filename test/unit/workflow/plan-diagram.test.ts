// The drawn plan: columns follow the dependencies, the critical path is the chain that decides the
// duration, and the markdown carries the diagram, the table and the plan as text.
import * as assert from 'assert';
import type { ExecutionStrategy, PlannedTask, WorkflowPlan } from '../../../src/orchestrator/workflow/plan-types';
import { layoutPlan, planDiagramSvg } from '../../../src/views/workflow/plan-diagram';
import { renderPlanMarkdown } from '../../../src/views/workflow/plan-markdown';

function task(id: string, duration: number, dependencies: string[] = [], description = `do ${id}`): PlannedTask {
  return { id, description, agentId: 'qa-expert', estimatedDuration: duration, dependencies, assignment: 'given' };
}

function plan(strategy: ExecutionStrategy, stages: PlannedTask[][]): WorkflowPlan {
  return {
    id: 'plan_0000abcd',
    goal: 'Ship <it> & "test" | it',
    strategy,
    stages: stages.map((tasks, i) => ({ index: i + 1, name: `Level ${i + 1}`, strategy: strategy === 'dag' ? 'parallel' : strategy, tasks })),
    estimatedDuration: 0,
    successCriteria: 'all tasks succeed',
    createdAt: 0,
  };
}

describe('plan diagram', () => {
  it('puts each task one column after what it waits for and follows the longest chain', () => {
    // a(10) -> b(100) -> d(5); a -> c(20) -> d: the path through b is longer.
    const p = plan('dag', [[task('a', 10)], [task('b', 100, ['a']), task('c', 20, ['a'])], [task('d', 5, ['b', 'c'])]]);
    const layout = layoutPlan(p);
    assert.deepStrictEqual(layout.columns, [['a'], ['b', 'c'], ['d']]);
    assert.deepStrictEqual(layout.criticalPath, ['a', 'b', 'd']);
    assert.strictEqual(layout.edges.length, 4);
  });

  it('picks the other branch when it is the longer one', () => {
    const p = plan('dag', [[task('a', 10), task('x', 500)], [task('b', 100, ['a']), task('c', 20, ['x'])], [task('d', 5, ['b', 'c'])]]);
    assert.deepStrictEqual(layoutPlan(p).criticalPath, ['x', 'c', 'd']);
  });

  it('chains a sequential plan in its order and lays a parallel one out in one column', () => {
    const seq = layoutPlan(plan('sequential', [[task('one', 5), task('two', 5), task('three', 5)]]));
    assert.deepStrictEqual(seq.columns, [['one'], ['two'], ['three']]);
    assert.deepStrictEqual(seq.criticalPath, ['one', 'two', 'three']);
    const par = layoutPlan(plan('parallel', [[task('p', 5), task('q', 50), task('r', 7)]]));
    assert.deepStrictEqual(par.columns, [['p', 'q', 'r']]);
    assert.deepStrictEqual(par.criticalPath, ['q']);
  });

  it('draws one box per task and one arrow per dependency, escaping text', () => {
    const p = plan('dag', [[task('a', 10, [], 'read <config> & "env"')], [task('b', 100, ['a'])]]);
    const svg = planDiagramSvg(p);
    assert.strictEqual((svg.match(/<rect [^>]*rx="6"/g) ?? []).length, 2);
    assert.strictEqual((svg.match(/marker-end=/g) ?? []).length, 1);
    assert.ok(svg.includes('read &lt;config&gt; &amp; &quot;env&quot;'), svg);
    assert.ok(!svg.includes('<config>'));
  });

  it('renders markdown with the diagram, the critical path, a table row per task and the plan as text', () => {
    const p = plan('dag', [[task('a', 10)], [task('b', 100, ['a'], 'split | this')]]);
    const md = renderPlanMarkdown(p);
    assert.match(md, /^# Workflow plan: Ship &lt;it&gt; &amp; "test" \\\| it\n/);
    assert.match(md, /\*\*Critical path\*\* \(the chain that decides the duration\): a → b, ~110s/);
    const svg = /src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/.exec(md);
    assert.ok(svg, 'an embedded SVG image');
    assert.match(Buffer.from(svg[1]!, 'base64').toString('utf8'), /^<svg /);
    assert.match(md, /\| 2\. Level 2 \(parallel\) \| \*\*b\*\* split \\\| this \| qa-expert \| a \| 100s \| yes \|/);
    assert.match(md, /```text\n={60}\nWORKFLOW PLAN: /);
    const tricky = renderPlanMarkdown({ ...p, goal: 'close ``` the fence' });
    assert.match(tricky, /````text\n/, 'the fence outgrows the backticks in the text');
  });
});
