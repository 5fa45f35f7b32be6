// Workflow benchmark: planning and visualizing a 1,000-task DAG (experts given, and chosen by the
// selector), executing it through the pool with an instant runner, and store throughput (workflow
// executions/s, observability events/s end to end and raw appends). Prints JSON; also writes
// bench/results/workflow.json.   node dist/bench/workflow.bench.js
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeStoreFileSystem } from '../src/adapters/node-store-file-system';
import { createAgentCore } from '../src/orchestrator/agents/agent-core';
import { NodeFileSystem } from '../src/adapters/node-file-system';
import { ExpertChooser } from '../src/orchestrator/learning/expert-chooser';
import { LearningManager } from '../src/orchestrator/learning/learning-manager';
import { WorkflowMemory } from '../src/orchestrator/memory/workflow-memory';
import { JsonlEventStore } from '../src/orchestrator/observability/event-store';
import type { HookType, ObservabilityEvent } from '../src/orchestrator/observability/event-types';
import { ObservabilityManager } from '../src/orchestrator/observability/observability-manager';
import { silentLogger, systemClock } from '../src/orchestrator/ports';
import type { AgentRunner } from '../src/orchestrator/workflow/agent-runner';
import { WorkflowExecutor } from '../src/orchestrator/workflow/executor';
import type { TaskSpec } from '../src/orchestrator/workflow/plan-types';
import { visualizePlan } from '../src/orchestrator/workflow/plan-visualizer';
import { WorkflowPlanner } from '../src/orchestrator/workflow/planner';
import { summarize } from './bench-stats';

const root = path.resolve(__dirname, '..', '..');
const TASKS = 1000;
const ROUNDS = 10;
const EXECUTIONS = 400;
const EVENTS = 20_000;

/** Deterministic pseudo-random numbers (LCG), so every run plans the same graph. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const VERBS = ['Design', 'Implement', 'Test', 'Document', 'Deploy', 'Review', 'Optimize', 'Secure'];
const THINGS = ['the database schema', 'the REST API', 'the React checkout page', 'the Kubernetes deployment', 'the OAuth login', 'the CI pipeline', 'the data pipeline', 'the mobile app screen'];

function dagTasks(experts: readonly string[], withAgents: boolean): TaskSpec[] {
  const random = rng(42);
  return Array.from({ length: TASKS }, (_, i) => {
    const deps = new Set<string>();
    const count = i === 0 ? 0 : Math.floor(random() * 4); // 0–3 dependencies on earlier tasks, mostly recent ones
    for (let k = 0; k < count; k++) deps.add(`t${Math.max(0, i - 1 - Math.floor(random() * Math.min(i, 50)))}`);
    return {
      id: `t${i}`,
      description: `${VERBS[i % VERBS.length]} ${THINGS[(i * 7) % THINGS.length]} (part ${i})`,
      ...(withAgents ? { agentId: experts[i % experts.length]! } : {}),
      duration: 30 + Math.floor(random() * 600),
      dependencies: [...deps],
    };
  });
}

function timeMs<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

async function timeMsAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-bench-wf-'));
  const core = await createAgentCore({ fs: new NodeStoreFileSystem(), clock: systemClock, logger: silentLogger, builtinAgentsDir: path.join(root, 'agentpool'), limits: { maxInstancesPerExpert: 8, maxTotalInstances: 64 } });
  try {
    // Tasks without an expert get the ExpertChooser's choice, as on every surface (a fresh outcome log).
    const learning = new LearningManager({ fs: new NodeFileSystem(), clock: systemClock, logger: silentLogger, dataDir: path.join(tmp, 'learning') });
    await learning.initialize();
    const chooser = new ExpertChooser({ ranker: core.selector, learning, experts: core.catalog, options: { persist: false } });
    const planner = new WorkflowPlanner({ pool: core.pool, chooser });
    const experts = core.catalog.ids;
    const given = dagTasks(experts, true);
    const selected = dagTasks(experts, false);
    await planner.createMultiTaskPlan('warm-up', given, 'dag');
    const planMs: number[] = [];
    const planSelectMs: number[] = [];
    const visualizeMs: number[] = [];
    let plan = await planner.createMultiTaskPlan('Benchmark DAG', given, 'dag');
    let text = '';
    for (let r = 0; r < ROUNDS; r++) {
      [plan] = [await timeMsAsync(() => planner.createMultiTaskPlan('Benchmark DAG', given, 'dag'))].map(([p, ms]) => (planMs.push(ms), p));
      planSelectMs.push((await timeMsAsync(() => planner.createMultiTaskPlan('Benchmark DAG', selected, 'dag')))[1]);
      [text] = [timeMs(() => visualizePlan(plan))].map(([t, ms]) => (visualizeMs.push(ms), t));
    }

    // Executing the 1,000-task DAG through the pool with a runner that answers at once.
    const instant: AgentRunner = { name: 'instant', run: async (r) => ({ status: 'succeeded', output: `${r.task.id} ok` }) };
    const events = new ObservabilityManager({ clock: systemClock, logger: silentLogger, store: new JsonlEventStore(path.join(tmp, 'exec-events'), { fs: new NodeStoreFileSystem(), clock: systemClock, logger: silentLogger }) });
    const executor = new WorkflowExecutor({ pool: core.pool, runner: instant, clock: systemClock, logger: silentLogger, events });
    const [execution, executeMs] = await timeMsAsync(() => executor.execute(plan, { concurrency: 8 }));
    await events.dispose();

    // Workflow memory: durable stores (temp file, fsync, rename) of realistic executions.
    const memory = new WorkflowMemory(path.join(tmp, 'workflows'), { fs: new NodeStoreFileSystem(), clock: systemClock, logger: silentLogger }, { maxExecutions: 10_000 });
    const sample = { ...execution, tasks: execution.tasks.slice(0, 5) };
    const [, storeMs] = await timeMsAsync(async () => {
      for (let i = 0; i < EXECUTIONS; i++) await memory.storeExecution(`exec_${i}`, { ...sample, executionId: `exec_${i}` });
    });
    const recentMs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) recentMs.push((await timeMsAsync(() => memory.getRecent(20)))[1]);

    // Events end to end: sendEvent (validate, summarize, notify) and batched durable appends.
    const manager = new ObservabilityManager({ clock: systemClock, logger: silentLogger, store: new JsonlEventStore(path.join(tmp, 'events'), { fs: new NodeStoreFileSystem(), clock: systemClock, logger: silentLogger }), flushDelayMs: 50 });
    const hooks: HookType[] = ['agent_started', 'tool_call', 'tool_result', 'message_sent', 'agent_ended'];
    const [, eventsMs] = await timeMsAsync(async () => {
      for (let i = 0; i < EVENTS; i++) {
        manager.sendEvent({ agentName: experts[i % experts.length]!, hookType: hooks[i % hooks.length]!, sessionId: `s${i % 10}`, payload: { task: `task ${i}`, tool: 'run_tests' } });
        if (i % 1000 === 999) await manager.flush();
      }
      await manager.flush();
    });
    const queryMs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) queryMs.push((await timeMsAsync(() => manager.queryEvents({ agentName: 'qa-expert', hookType: 'tool_call', limit: 50 })))[1]);
    await manager.dispose();

    // Raw appends of one event per call (each takes the lock and fsyncs): the worst case of many writers.
    const raw = new JsonlEventStore(path.join(tmp, 'raw'), { fs: new NodeStoreFileSystem(), clock: systemClock, logger: silentLogger });
    const single: ObservabilityEvent = { v: 1, id: 'x', timestamp: Date.now(), agentName: 'qa-expert', hookType: 'tool_call', sessionId: 's', payload: { tool: 'run_tests' }, summary: 'qa-expert called run_tests' };
    const RAW = 500;
    const [, rawMs] = await timeMsAsync(async () => {
      for (let i = 0; i < RAW; i++) await raw.append([{ ...single, id: `r${i}` }]);
    });

    const result = {
      benchmark: 'workflow',
      node: process.version,
      dag: {
        tasks: TASKS,
        edges: given.reduce((n, t) => n + (t.dependencies?.length ?? 0), 0),
        stages: plan.stages.length,
        criticalPathSeconds: plan.estimatedDuration,
        visualizationLines: text.split('\n').length,
        planMs: summarize(planMs),
        planWithSelectorMs: summarize(planSelectMs),
        visualizeMs: summarize(visualizeMs),
        rounds: ROUNDS,
      },
      execute1000TaskDag: { status: execution.status, concurrency: 8, totalMs: Math.round(executeMs), tasksPerSecond: Math.round(TASKS / (executeMs / 1000)) },
      workflowMemory: { executions: EXECUTIONS, executionsPerSecond: Math.round(EXECUTIONS / (storeMs / 1000)), getRecent20Ms: summarize(recentMs) },
      events: {
        sent: EVENTS,
        eventsPerSecondEndToEnd: Math.round(EVENTS / (eventsMs / 1000)),
        queryByAgentAndTypeMs: summarize(queryMs),
        singleEventAppendsPerSecond: Math.round(RAW / (rawMs / 1000)),
      },
    };
    const json = JSON.stringify(result, null, 2);
    fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench', 'results', 'workflow.json'), `${json}\n`);
    process.stdout.write(`${json}\n`);
  } finally {
    core.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
