// Workflow tasks worked on by the Claude coder (real SDK, loopback fake): the executor's pool
// instance, dependency outputs in the prompt, "not-run" without a key.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { ExpertCatalog } from '../../../src/orchestrator/agents/expert-catalog';
import { CoderAgentRunner } from '../../../src/orchestrator/delegates/coder-agent-runner';
import type { AgentRunRequest } from '../../../src/orchestrator/workflow/agent-runner';
import { AnthropicFake, startAnthropicFake } from '../../fakes/anthropic-fake';
import { CoderFixture, autoApprove, loadCatalog, makeCoderFixture } from './delegate-fixture';

function request(overrides: Partial<AgentRunRequest> = {}): AgentRunRequest {
  return {
    executionId: 'exec_1',
    planId: 'plan_1',
    goal: 'Ship the new constant',
    task: {
      id: 'task_2',
      description: 'Set a to 2 in src/a.ts',
      agentId: 'backend-architect',
      dependencies: ['task_1'],
      estimatedDurationSeconds: 60,
    } as never,
    instanceId: 'backend-architect#1',
    attempt: 1,
    dependencyOutputs: { task_1: 'Agreed that a must become 2.' },
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('CoderAgentRunner (workflow tasks through the Claude coder)', () => {
  let catalog: ExpertCatalog;
  let x: CoderFixture;
  let fake: AnthropicFake | undefined;

  before(async () => {
    catalog = await loadCatalog();
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
    await x?.cleanup();
  });

  it('runs nothing and says so when no key is set', async () => {
    x = await makeCoderFixture(autoApprove(['read', 'edit']));
    const runner = new CoderAgentRunner({ coder: x.coder('http://127.0.0.1:9'), catalog, principal: () => 'local:test', hasApiKey: async () => false });
    const result = await runner.run(request());
    assert.strictEqual(result.status, 'not-run');
    assert.match(result.output, /no Anthropic API key/);
  });

  it("edits through the gate with the task's expert and passes on what earlier tasks reported", async () => {
    x = await makeCoderFixture(autoApprove(['read', 'edit']));
    fake = await startAnthropicFake({
      script: [
        { toolUses: [{ name: 'edit_file', input: { path: 'src/a.ts', old_text: 'export const a = 1;', new_text: 'export const a = 2;' } }] },
        { text: 'Set a to 2.' },
      ],
    });
    const runner = new CoderAgentRunner({
      coder: x.coder(fake.baseURL),
      catalog,
      principal: () => x.actor('backend-architect').principal,
      hasApiKey: async () => true,
    });
    const result = await runner.run(request());
    assert.deepStrictEqual(result, { status: 'succeeded', output: 'Set a to 2.' });
    assert.strictEqual(fs.readFileSync(path.join(x.f.workspace, 'src', 'a.ts'), 'utf8'), 'export const a = 2;\n');
    const prompt = JSON.stringify(fake.requests[0]!.body.messages);
    assert.match(prompt, /Set a to 2 in src\/a\.ts/);
    assert.match(prompt, /task_1: Agreed that a must become 2\./);
    const writes = (await x.audit()).filter((r) => r.operation === 'file.write' && r.outcome === 'allowed');
    assert.strictEqual(writes[0]!.details?.actingExpert, 'backend-architect');
  });

  it('reports a task the coder could not finish as failed', async () => {
    x = await makeCoderFixture(); // nothing auto-approved and no approver: the edit is refused
    fake = await startAnthropicFake({
      script: [
        { toolUses: [{ name: 'edit_file', input: { path: 'src/a.ts', old_text: 'export const a = 1;', new_text: 'export const a = 2;' } }] },
        { text: 'I could not edit the file.' },
      ],
    });
    const runner = new CoderAgentRunner({
      coder: x.coder(fake.baseURL),
      catalog,
      principal: () => x.actor('backend-architect').principal,
      hasApiKey: async () => true,
    });
    const result = await runner.run(request());
    assert.strictEqual(result.status, 'failed');
    assert.strictEqual(fs.readFileSync(path.join(x.f.workspace, 'src', 'a.ts'), 'utf8'), 'export const a = 1;\n');
  });
});
