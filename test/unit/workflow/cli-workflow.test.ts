// `big-three plan` and `big-three workflows`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../../src/cli/main';
import { tempDir } from '../memory/helpers';
import { repoRoot } from './agent-core-fixture';

describe('big-three plan / workflows', () => {
  let dir: string;
  before(() => {
    dir = tempDir('bt-cli-wf-');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runCli([...args, '--agents', path.join(repoRoot, 'agentpool'), '--workspace', dir, '--data-dir', path.join(dir, 'data')], {
      out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`),
      err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`),
    });
    return { code, out, err };
  }

  it('plans tasks given as arguments, honouring an "expert-id:" prefix', async () => {
    const { code, out } = await cli('plan', 'Build e-commerce backend', 'data-engineer: Design database schema', 'Write a Helm chart and deploy to Kubernetes');
    assert.strictEqual(code, 0);
    assert.match(out, /^WORKFLOW PLAN: Build e-commerce backend$/m);
    assert.match(out, /1\. \[data-engineer\] Design database schema\n {7}Duration: ~300s/);
    assert.match(out, /2\. \[devops-engineer\] Write a Helm chart/);
    assert.match(out, /Estimated Duration: 600s/);
  });

  it('plans a DAG from a task file and prints JSON', async () => {
    const file = path.join(dir, 'tasks.json');
    fs.writeFileSync(
      file,
      JSON.stringify([
        { id: 'schema', description: 'Design schema', agent: 'data-engineer', duration: 100 },
        { id: 'api', description: 'Build API', agent: 'backend-architect', duration: 200, dependsOn: ['schema'] },
        { id: 'docs', description: 'Write docs', agent: 'technical-writer', duration: 50 },
      ]),
    );
    const { code, out } = await cli('plan', 'Ship it', '--file', file, '--strategy', 'dag', '--json');
    assert.strictEqual(code, 0);
    const parsed = JSON.parse(out) as { plan: { estimatedDuration: number; stages: unknown[] }; text: string };
    assert.strictEqual(parsed.plan.estimatedDuration, 300);
    assert.strictEqual(parsed.plan.stages.length, 2);
    assert.match(parsed.text, /\(depends: schema\)/);
  });

  it('declares dependencies in task arguments ("after", "a -> b") and then plans a DAG', async () => {
    const { code, out } = await cli(
      'plan',
      'Ship it',
      'schema: data-engineer: Design the schema',
      'api: Create endpoints after schema',
      'docs: Write docs',
      'schema -> docs',
      '--json',
    );
    assert.strictEqual(code, 0);
    const parsed = JSON.parse(out) as { plan: { strategy: string; stages: Array<{ tasks: Array<{ id: string; dependencies: string[] }> }> } };
    assert.strictEqual(parsed.plan.strategy, 'dag');
    assert.deepStrictEqual(
      parsed.plan.stages.map((s) => s.tasks.map((t) => `${t.id}<${t.dependencies.join(',')}`)),
      [['schema<'], ['api<schema', 'docs<schema']],
    );
    assert.strictEqual((await cli('plan', 'x', 'a: one', 'a -> nope')).code, 2);
  });

  it('reads a task file with a byte order mark, names a bad JSON line, and refuses a file without tasks (robustness probe)', async () => {
    const bom = path.join(dir, 'bom.json');
    fs.writeFileSync(bom, `\uFEFF${JSON.stringify([{ id: 'docs', description: 'Write docs', agent: 'technical-writer' }])}`);
    const withBom = await cli('plan', 'Ship it', '--file', bom, '--json');
    assert.strictEqual(withBom.code, 0, withBom.err);
    assert.deepStrictEqual(
      (JSON.parse(withBom.out) as { plan: { stages: Array<{ tasks: Array<{ id: string }> }> } }).plan.stages.flatMap((s) => s.tasks.map((t) => t.id)),
      ['docs'],
    );
    const lines = path.join(dir, 'bad-line.jsonl');
    fs.writeFileSync(lines, '\uFEFF{"description":"Write docs"}\r\n\r\n{"description":"Build API"} trailing\n');
    const badLine = await cli('plan', 'Ship it', '--file', lines);
    assert.strictEqual(badLine.code, 2);
    assert.match(badLine.err, /bad-line\.jsonl:3: not valid JSON/);
    for (const [name, text] of [
      ['empty.json', ''],
      ['blank.jsonl', '\n  \n'],
      ['none.json', '[]'],
    ]) {
      const file = path.join(dir, name!);
      fs.writeFileSync(file, text!);
      const result = await cli('plan', 'Ship it', '--file', file);
      assert.strictEqual(result.code, 2, `${name}: ${result.out}`);
      assert.match(result.err, /holds no tasks/, name);
    }
  });

  it('reports cycles and bad strategies clearly', async () => {
    const file = path.join(dir, 'cycle.jsonl');
    fs.writeFileSync(
      file,
      '{"id":"a","description":"a","agent":"qa-expert","dependsOn":["b"]}\n{"id":"b","description":"b","agent":"qa-expert","dependsOn":["a"]}\n',
    );
    const cycle = await cli('plan', 'Loop', '--file', file, '--strategy', 'dag');
    assert.strictEqual(cycle.code, 1);
    assert.match(cycle.err, /cycle: a → b → a/);
    const strategy = await cli('plan', 'x', 'y', '--strategy', 'random');
    assert.strictEqual(strategy.code, 2);
    assert.match(strategy.err, /--strategy must be sequential, parallel or dag/);
    assert.strictEqual((await cli('plan')).code, 2);
  });

  it('runs a plan with --run (nothing is run without a coding model) and lists it in workflows', async () => {
    const key = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    const run = await cli('plan', 'Review the code', 'code-reviewer: Review the invoice module', '--run').finally(() => {
      if (key !== undefined) process.env.ANTHROPIC_API_KEY = key;
    });
    assert.strictEqual(run.code, 5, 'not-run is neither a success nor a task failure');
    assert.match(run.out, /NOT-RUN: 1 not-run of 1 task/);
    assert.match(run.err, /Set ANTHROPIC_API_KEY in the environment/);
    assert.match(run.out, /no Anthropic API key is set/);
    const id = /Execution (exec_\S+):/.exec(run.out)![1]!;
    const list = await cli('workflows');
    assert.strictEqual(list.code, 0);
    assert.match(list.out, new RegExp(`^${id} .* not-run .* Review the code$`, 'm'));
    const show = await cli('workflows', 'show', id, '--json');
    assert.strictEqual(JSON.parse(show.out).status, 'not-run');
    assert.strictEqual((await cli('workflows', 'show', 'exec_nope')).code, 1);
    assert.strictEqual((await cli('workflows', 'show', '../escape')).code, 1);
    const [workspaceData] = fs.readdirSync(path.join(dir, 'data', 'workspaces'));
    assert.ok(
      fs.readdirSync(path.join(dir, 'data', 'workspaces', workspaceData!, 'events')).includes('events.jsonl'),
      'pool events were logged in the workspace data folder',
    );
  });
});
