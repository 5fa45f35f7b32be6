// The voice tool select_expert and the workflow planner's fill-in ask the same ExpertChooser as MCP
// and the CLI: the same task in the same state gets the same expert everywhere, learning included.
import * as assert from 'assert';
import type { AgentCore } from '../../../src/orchestrator/agents/agent-core';
import { createOrchestratorToolDeps } from '../../../src/orchestrator/realtime/orchestrator-tool-deps';
import { WorkflowPlanner } from '../../../src/orchestrator/workflow/planner';
import { ShippedChooser, shippedChooser, shippedCore } from '../workflow/agent-core-fixture';

describe('one ExpertChooser behind voice select_expert and the planner', () => {
  let core: AgentCore;
  let shipped: ShippedChooser;

  beforeEach(async () => {
    core = await shippedCore();
    shipped = await shippedChooser(core);
  });
  afterEach(async () => {
    await shipped.dispose();
    core.dispose();
  });

  const surfaces = () => {
    const planner = new WorkflowPlanner({ pool: core.pool, chooser: shipped.chooser });
    const tools = createOrchestratorToolDeps({
      chooser: shipped.chooser,
      pool: core.pool,
      planner,
      delegation: () => undefined,
      search: () => ({ why: 'no index in this test' }),
      authorizeSearch: async () => undefined,
    });
    return {
      chooser: async (task: string) => (await shipped.chooser.rank(task)).slice(0, 3).map((c) => c.expertId),
      voice: async (task: string) => (await tools.selectExpert(task, 3)).map((c) => c.expertId),
      planner: async (task: string) => (await planner.createSimplePlan(task)).stages[0]!.tasks[0]!.agentId,
      plannedByVoice: async (task: string) =>
        ((await tools.planWorkflow(task, [task], 'sequential')) as { stages: Array<{ tasks: Array<{ expert: string }> }> }).stages[0]!.tasks[0]!.expert,
    };
  };

  it("agree on a fresh store and after outcomes moved the choice away from the definitions' first", async () => {
    const task = 'Write a Helm chart and deploy the API to Kubernetes';
    const s = surfaces();
    const before = await s.chooser(task);
    assert.deepStrictEqual(await s.voice(task), before);
    assert.strictEqual(await s.planner(task), before[0]);
    assert.strictEqual(await s.plannedByVoice(task), before[0]);

    // The first choice failed on this very task and a correction names another expert.
    const corrected = before[1]!;
    await shipped.chooser.record({ task, agentId: before[0]!, result: 'wrong expert', success: false, preferredAgentId: corrected });
    const after = await s.chooser(task);
    assert.strictEqual(after[0], corrected, 'the correction moves the chooser');
    assert.notStrictEqual(core.selector.selectBestAgent(task)?.expertId, corrected, 'the definitions alone still say otherwise');
    assert.deepStrictEqual(await s.voice(task), after);
    assert.strictEqual(await s.planner(task), corrected);
    assert.strictEqual(await s.plannedByVoice(task), corrected);
  });

  it("the planner reports the chooser's probability as the confidence of its choice", async () => {
    const task = 'profile the checkout endpoint, it got three times slower';
    const best = (await shipped.chooser.rank(task))[0]!;
    const planned = (await new WorkflowPlanner({ pool: core.pool, chooser: shipped.chooser }).createSimplePlan(task)).stages[0]!.tasks[0]!;
    assert.deepStrictEqual(
      { agentId: planned.agentId, assignment: planned.assignment, confidence: planned.confidence },
      { agentId: best.expertId, assignment: 'selected', confidence: best.probability },
    );
  });
});
