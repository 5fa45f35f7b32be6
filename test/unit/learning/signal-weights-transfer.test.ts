// Learning that reaches tasks never seen: in a catalog where the definitions' words mislead and the sentence
// encoder does not, corrections on some tasks teach the chooser to trust the encoder on all of them. Every
// task here has words of its own (no word is shared by two tasks), so the per-expert word weights cannot
// carry anything over; only the signals' weights (signal-weights.ts) can.
import * as assert from 'assert';
import { IntelligentAgentSelector } from '../../../src/orchestrator/agents/selection/intelligent-selector';
import type { DefinitionSentenceSimilarity } from '../../../src/orchestrator/learning/definition-sentence-similarity';
import { ExpertChooser } from '../../../src/orchestrator/learning/expert-chooser';
import { simulateLearning } from '../../../src/orchestrator/learning/learning-simulation';
import { FakeClock } from '../../fakes/fake-clock';
import { START, TempDirs, makeExpert, makeManager } from './learning-helpers';

const syllables = ['ba', 'ke', 'mi', 'lo', 'tu', 'ra', 'ze', 'po'];
/** A made-up word of its own for each number (two syllables and an 'n' or 'x' ending). */
const word = (i: number, end: string) => `${syllables[i % 8]}${syllables[Math.floor(i / 8) % 8]}${end}`;

const ids = ['notes', 'travel', 'cooking', 'money', 'garden'];
const tasks = Array.from({ length: 40 }, (_, i) => ({ task: `${word(i, 'n')} ${word(i, 'x')}`, expert: ids[i % ids.length]!, acceptable: [] as string[] }));
// Each task's first word is in one definition: its own expert's for 4 tasks in 10, another's for the rest,
// so no expert is mostly right or mostly wrong by its words (what a per-expert weight could learn).
const pointedTo = (i: number) => (i % 10 < 4 ? ids[i % 5]! : ids[(i % 5) + 1 + (i % 3) > 4 ? (i % 5) + 1 + (i % 3) - 5 : (i % 5) + 1 + (i % 3)]!);
const experts = ids.map((id) =>
  makeExpert(id, {
    description: `Helps with ${tasks
      .filter((_, i) => pointedTo(i) === id)
      .map((t) => t.task.split(' ')[0])
      .join(', ')}`,
  }),
);
const rightOf = new Map(tasks.map((t) => [t.task, t.expert]));

/** A sentence encoder that is always right, and only mildly sure: its closeness names the task's expert alone. */
const encoder = {
  encoderId: async () => 'always-right',
  prepare: async () => undefined,
  similarities: async (texts: readonly string[]) =>
    texts.map((text) => {
      const right = rightOf.get(text);
      return { of: (id: string) => (id === right ? 0.4 : 0), best: right ? [[right, 0.4] as const] : [] };
    }),
} as unknown as DefinitionSentenceSimilarity;

describe('learning that transfers through the weights of the prior signals', () => {
  const dirs = new TempDirs();
  afterEach(() => dirs.cleanup());

  for (const feedback of ['correction', 'outcome'] as const) {
    it(`lifts the held-out half from ${feedback}s on the other half`, async () => {
      const learning = await makeManager(dirs.make(), new FakeClock(START));
      const source = { experts };
      const chooser = new ExpertChooser({
        ranker: new IntelligentAgentSelector(source),
        learning,
        experts: source,
        sentenceSimilarity: encoder,
        options: { persist: false },
      });
      const report = await simulateLearning(chooser, tasks, { epochs: 5, split: 0.5, seed: 3, feedback, noise: 0 });
      // Before learning, the words decide: 4 tasks in 10 are right.
      assert.ok(report.baseline.heldout! <= 0.5, JSON.stringify(report.baseline));
      const last = report.epochs.at(-1)!;
      assert.ok(last.heldout! >= 0.9, JSON.stringify(report));
      const weights = chooser.signalWeights;
      assert.ok(weights.sentence! > 0, JSON.stringify(weights));
    });
  }
});
