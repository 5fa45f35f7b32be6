// Learning benchmark: a simulated stream of tasks where each expert's true success probability per
// kind of task is hidden from the learner and changes half-way. Compares the cumulative success of
//   oracle      (knows the true probabilities),
//   keyword     (the static keyword selector),
//   prior       (keyword + definition similarity, no learning),
//   seed-logic  (LearningManager.suggestAgentForTask: history when confident > 0.7, else keyword),
//   bandit      (LearnedSelector with Thompson sampling, learning online),
// and how fast each recovers after the change.   node dist/bench/learning.bench.js [labelled.jsonl] [tasks]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../src/adapters/node-file-system';
import { createAgentCore } from '../src/orchestrator/agents/agent-core';
import { LabelledTask, parseLabelledTasks } from '../src/orchestrator/agents/selection/selection-eval';
import type { ClockPort } from '../src/orchestrator/ports';
import { silentLogger } from '../src/orchestrator/ports';
import { LearningManager } from '../src/orchestrator/learning/learning-manager';
import { LearnedSelector } from '../src/orchestrator/learning/learned-selector';
import { profileFeaturizer } from '../src/orchestrator/learning/task-features';
import { seededRandom } from '../src/orchestrator/learning/statistics';

const root = path.resolve(__dirname, '..', '..');
const STREAM = Number(process.argv[3] ?? 2000);
const WINDOW = 100;
/** Optional overrides for exploring parameters: BIG_THREE_LEARNING_TUNING='{"selector":{...},"evidence":{...}}'. */
const TUNING = JSON.parse(process.env.BIG_THREE_LEARNING_TUNING ?? '{}') as { selector?: Record<string, number>; evidence?: Record<string, number> };

type World = Map<string, Map<string, number>>; // kind -> expert -> p(success)

function labelledFile(): string {
  if (process.argv[2]) return path.resolve(process.argv[2]);
  const shared = path.resolve(root, '..', 'shared', 'eval', 'selection-dev.jsonl');
  return fs.existsSync(shared) ? shared : path.join(root, 'test', 'fixtures', 'selection-holdout.jsonl');
}

/**
 * The labelled expert is good, acceptable ones decent, the rest poor. For a quarter of the kinds the
 * definitions mislead: an expert the keyword selector ranks 2nd–4th for that kind is clearly better.
 */
function buildWorld(tasks: readonly LabelledTask[], experts: readonly string[], random: () => number, runnersUp: (kind: string) => string[]): World {
  const world: World = new Map();
  for (const t of tasks) {
    if (world.has(t.expert)) continue;
    const p = new Map(experts.map((e) => [e, 0.1 + 0.1 * random()]));
    p.set(t.expert, 0.75);
    for (const a of t.acceptable) p.set(a, 0.55);
    world.set(t.expert, p);
  }
  // For a quarter of the kinds the definitions are misleading: another expert is clearly better.
  const kinds = [...world.keys()];
  kinds.filter((_, i) => i % 4 === 1).forEach((kind, i) => {
    const options = runnersUp(kind);
    const better = options[i % options.length] ?? experts[(experts.indexOf(kind) + 5) % experts.length]!;
    world.get(kind)!.set(kind, 0.35);
    world.get(kind)!.set(better, 0.85);
  });
  return world;
}

/** Half-way the world changes: for a third of the kinds the best expert degrades and a runner-up improves. */
function shiftWorld(world: World, experts: readonly string[], runnersUp: (kind: string) => string[]): World {
  const shifted: World = new Map([...world].map(([k, p]) => [k, new Map(p)]));
  [...shifted.keys()].filter((_, i) => i % 3 === 0).forEach((kind, i) => {
    const p = shifted.get(kind)!;
    const best = [...p].sort((a, b) => b[1] - a[1])[0]![0];
    const options = runnersUp(kind).filter((e) => e !== best);
    const replacement = options[(i + 1) % Math.max(1, options.length)] ?? experts[(experts.indexOf(kind) + 11) % experts.length]!;
    p.set(best, 0.2);
    p.set(replacement, 0.85);
  });
  return shifted;
}

interface Policy {
  name: string;
  choose(task: LabelledTask, index: number): Promise<string | undefined>;
  learn?(task: LabelledTask, expert: string, success: boolean): Promise<void>;
}

async function main(): Promise<void> {
  const core = await createAgentCore({ fs: new NodeFileSystem(), clock: { now: () => 0, setTimer: () => ({ dispose() {} }) }, logger: silentLogger, builtinAgentsDir: path.join(root, 'agentpool') });
  const experts = core.catalog.ids;
  const tasks = parseLabelledTasks(fs.readFileSync(labelledFile(), 'utf8'));
  const random = seededRandom(7);
  // Runners-up of a kind: the experts most often ranked 2nd or 3rd by keyword scoring on its tasks.
  const runnersUp = (kind: string): string[] => {
    const votes = new Map<string, number>();
    for (const t of tasks.filter((x) => x.expert === kind)) {
      core.selector.rank(t.task).slice(1, 3).forEach((r, rank) => r.expertId !== kind && votes.set(r.expertId, (votes.get(r.expertId) ?? 0) + 2 - rank));
    }
    return [...votes].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([id]) => id);
  };
  const before = buildWorld(tasks, experts, random, runnersUp);
  const after = shiftWorld(before, experts, runnersUp);
  const stream = Array.from({ length: STREAM }, () => tasks[Math.floor(random() * tasks.length)]!);
  const worldAt = (i: number) => (i < STREAM / 2 ? before : after);

  let now = Date.parse('2026-01-01T00:00:00Z');
  const clock: ClockPort = { now: () => now, setTimer: () => ({ dispose() {} }) };
  const scratch: string[] = [];
  const makeLearner = async () => {
    const manager = new LearningManager({
      fs: new NodeFileSystem(),
      clock,
      logger: silentLogger,
      dataDir: scratch[scratch.push(fs.mkdtempSync(path.join(os.tmpdir(), 'bt-learn-bench-'))) - 1]!,
      featurizer: (embedder) => profileFeaturizer(embedder, core.catalog, core.selector),
      evidence: TUNING.evidence,
    });
    await manager.initialize();
    return manager;
  };
  const priorLearning = await makeLearner();
  const prior = new LearnedSelector(core.catalog, core.selector, priorLearning);
  const seedLearning = await makeLearner();
  const banditLearning = await makeLearner();
  const bandit = new LearnedSelector(core.catalog, core.selector, banditLearning, TUNING.selector);

  const policies: Policy[] = [
    { name: 'oracle', choose: async (t, i) => [...worldAt(i).get(t.expert)!].sort((a, b) => b[1] - a[1])[0]![0] },
    { name: 'keyword', choose: async (t) => core.selector.selectBestAgent(t.task)?.expertId },
    { name: 'prior', choose: async (t) => (await prior.select(t.task))?.expertId },
    {
      name: 'seed-logic',
      choose: async (t) => (await seedLearning.suggestAgentForTask(t.task, core.selector)).agentId,
      learn: async (t, e, s) => void (await seedLearning.recordTaskOutcome(t.task, e, s ? 'ok' : 'failed', s)),
    },
    {
      name: 'bandit',
      choose: async (t) => (await bandit.select(t.task, { explore: true }))?.expertId,
      learn: async (t, e, s) => void (await banditLearning.recordTaskOutcome(t.task, e, s ? 'ok' : 'failed', s)),
    },
  ];

  const successes: Record<string, number[]> = Object.fromEntries(policies.map((p) => [p.name, []]));
  const started = Date.now();
  for (let i = 0; i < STREAM; i++) {
    now += 60_000;
    const task = stream[i]!;
    const truth = worldAt(i).get(task.expert)!;
    const draw = random(); // the same luck for every policy: differences come from the choices alone
    for (const policy of policies) {
      const expert = (await policy.choose(task, i)) ?? experts[0]!;
      const success = draw < (truth.get(expert) ?? 0.1);
      successes[policy.name]!.push(success ? 1 : 0);
      await policy.learn?.(task, expert, success);
    }
  }

  const rate = (xs: number[], from = 0, to = xs.length) => round(xs.slice(from, to).reduce((a, b) => a + b, 0) / Math.max(1, to - from));
  const half = STREAM / 2;
  const result = {
    benchmark: 'learning',
    labelledFile: path.relative(root, labelledFile()),
    tasks: STREAM,
    change: `after task ${half}: the best expert of ${[...after.keys()].filter((_, i) => i % 3 === 0).length} of ${after.size} kinds degrades and another improves`,
    cumulativeSuccess: Object.fromEntries(policies.map((p) => [p.name, { all: rate(successes[p.name]!), firstHalf: rate(successes[p.name]!, 0, half), secondHalf: rate(successes[p.name]!, half) }])),
    windows: Object.fromEntries(policies.map((p) => [p.name, Array.from({ length: Math.ceil(STREAM / WINDOW) }, (_, w) => rate(successes[p.name]!, w * WINDOW, (w + 1) * WINDOW))])),
    recoveryAfterChange: Object.fromEntries(policies.map((p) => [p.name, recovery(successes[p.name]!, half)])),
    seconds: round((Date.now() - started) / 1000),
  };
  scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
  const json = JSON.stringify(result, null, 2);
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'learning.json'), `${json}\n`);
  process.stdout.write(`${json}\n`);
}

/**
 * After the change: the policy's success over the first 200 tasks, over the last 200, and how many
 * tasks it took until its rolling success (window 100) first came back to 95% of its rate over the
 * 300 tasks before the change (null: never).
 */
function recovery(policy: number[], change: number) {
  const mean = (from: number, to: number) => round(policy.slice(from, to).reduce((a, b) => a + b, 0) / Math.max(1, to - from));
  const before = mean(change - 300, change);
  let tasksToRecover: number | null = null;
  for (let i = change + WINDOW; i <= policy.length && tasksToRecover === null; i++) {
    if (mean(i - WINDOW, i) >= 0.95 * before) tasksToRecover = i - change;
  }
  return { before, first200After: mean(change, change + 200), last200: mean(policy.length - 200, policy.length), tasksToRecover };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
