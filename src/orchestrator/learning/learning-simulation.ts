// `eval learning`: an in-process simulation of an agent client that chooses experts and records how
// it went, against a fresh store. Tasks are split into train and held-out (stratified by expert,
// seeded); each epoch walks the shuffled train tasks, chooses as an outcome-recording MCP caller does
// (with exploration), and records success = the choice is the labelled or an acceptable expert
// (flipped with probability `noise`), plus the right expert as a correction when asked — through
// ExpertChooser.record, the same path as record_outcome. Frozen passes (no exploration, no
// recording) measure top-1 on both parts before the first epoch and after each.
import { InvalidArgumentError } from '../errors';
import type { LabelledTask } from '../agents/selection/selection-eval';
import type { ExpertChooser } from './expert-chooser';
import { seededRandom } from './statistics';

export type FeedbackKind = 'outcome' | 'correction';

export interface LearningSimulationOptions {
  epochs: number;
  /** Share of the tasks held out (never recorded); 0 = all train. */
  split: number;
  seed: number;
  feedback: FeedbackKind;
  /** Probability that a recorded success/failure is flipped. */
  noise: number;
}

export interface AccuracyPair {
  train: number;
  heldout: number | null;
}

export interface LearningSimulationReport {
  tasks: { train: number; heldout: number };
  options: LearningSimulationOptions;
  baseline: AccuracyPair;
  epochs: Array<{ epoch: number; online: number } & AccuracyPair>;
}

export function checkSimulationOptions(o: LearningSimulationOptions): LearningSimulationOptions {
  if (!Number.isInteger(o.epochs) || o.epochs < 1 || o.epochs > 100)
    throw new InvalidArgumentError(`--epochs must be a whole number from 1 to 100, got ${o.epochs}`);
  if (!(o.split >= 0 && o.split < 1)) throw new InvalidArgumentError(`--split must be a fraction from 0 (no held-out part) to below 1, got ${o.split}`);
  // The seeded generator takes 32 bits: a larger seed would repeat a smaller one's run (4294967297 ran as 1).
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff)
    throw new InvalidArgumentError(`--seed must be a whole number from 0 to 4294967295, got ${o.seed}`);
  if (o.feedback !== 'outcome' && o.feedback !== 'correction')
    throw new InvalidArgumentError(`--feedback must be "outcome" or "correction", got "${String(o.feedback)}"`);
  if (!(o.noise >= 0 && o.noise <= 0.5)) throw new InvalidArgumentError(`--noise must be a probability from 0 to 0.5, got ${o.noise}`);
  return o;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Stratified by labelled expert: each expert's tasks are shuffled and `split` of them held out. The
 * held-out part is `split` of all tasks (rounded): each expert holds out the whole part of its share,
 * and the places left go to the experts with the largest fractions, ties drawn at random. (Rounding
 * each expert's share on its own held out every expert with one task, and left nothing to train on.)
 * When every share is whole (six tasks per expert at 0.5), no draw is made: the split is as before.
 */
export function splitTasks(tasks: readonly LabelledTask[], split: number, random: () => number): { train: LabelledTask[]; heldout: LabelledTask[] } {
  const byExpert = new Map<string, LabelledTask[]>();
  for (const t of tasks) {
    const list = byExpert.get(t.expert) ?? [];
    list.push(t);
    byExpert.set(t.expert, list);
  }
  const ids = [...byExpert.keys()].sort();
  const lists = ids.map((id) => shuffle([...byExpert.get(id)!], random));
  const held = lists.map((list) => Math.floor(list.length * split + 1e-9));
  let left = Math.round(tasks.length * split) - held.reduce((sum, n) => sum + n, 0);
  if (left > 0) {
    const fraction = (i: number) => lists[i]!.length * split - held[i]!;
    const order = lists.map((_, i) => ({ i, f: fraction(i), draw: random() })).filter((x) => x.f > 1e-9);
    order.sort((a, b) => b.f - a.f || a.draw - b.draw);
    for (const { i } of order) {
      if (left === 0) break;
      held[i]!++;
      left--;
    }
  }
  const train: LabelledTask[] = [];
  const heldout: LabelledTask[] = [];
  lists.forEach((list, i) => {
    heldout.push(...list.slice(0, held[i]));
    train.push(...list.slice(held[i]));
  });
  return { train, heldout };
}

const isRight = (item: LabelledTask, id: string | undefined) => id !== undefined && (id === item.expert || item.acceptable.includes(id));

async function frozenTop1(chooser: ExpertChooser, tasks: readonly LabelledTask[]): Promise<number | null> {
  if (!tasks.length) return null;
  let right = 0;
  for (const item of tasks) if (isRight(item, (await chooser.select(item.task))?.expertId)) right++;
  return right / tasks.length;
}

/** Runs the simulation on `chooser`, which must be over a fresh, isolated outcome store. */
export async function simulateLearning(
  chooser: ExpertChooser,
  tasks: readonly LabelledTask[],
  input: LearningSimulationOptions,
): Promise<LearningSimulationReport> {
  const options = checkSimulationOptions(input);
  if (!tasks.length) throw new InvalidArgumentError('no labelled tasks to learn from');
  const random = seededRandom(options.seed);
  const { train, heldout } = splitTasks(tasks, options.split, random);
  if (!train.length) {
    throw new InvalidArgumentError(
      `--split ${options.split} holds out all ${tasks.length} tasks, which leaves nothing to learn from; use a smaller fraction or more tasks`,
    );
  }
  const measure = async () => ({ train: (await frozenTop1(chooser, train))!, heldout: await frozenTop1(chooser, heldout) });
  const report: LearningSimulationReport = { tasks: { train: train.length, heldout: heldout.length }, options, baseline: await measure(), epochs: [] };
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    let right = 0;
    for (const item of shuffle([...train], random)) {
      const chosen = (await chooser.select(item.task, { explore: true }))?.expertId;
      const correct = isRight(item, chosen);
      if (correct) right++;
      if (!chosen) continue; // nothing was chosen, so there is no outcome to record
      const success = random() < options.noise ? !correct : correct;
      const correction = options.feedback === 'correction' && !success && chosen !== item.expert ? { preferredAgentId: item.expert } : {};
      await chooser.record({ task: item.task, agentId: chosen, result: 'simulated', success, ...correction });
    }
    report.epochs.push({ epoch, online: right / train.length, ...(await measure()) });
  }
  return report;
}
