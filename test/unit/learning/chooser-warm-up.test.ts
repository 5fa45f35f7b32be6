// A ranking or a recorded outcome asked for while the editor's warm-up builds the ranker's index in steps
// waits for those steps, including the rankings the chooser does itself (learning the outcome log when it
// restores, learning what is recorded): the index is never built in one block meanwhile (two strangers'
// reviews, stop 41).
import * as assert from 'assert';
import { FieldIndex } from '../../../src/orchestrator/agents/selection/field-index';
import { IntelligentAgentSelector } from '../../../src/orchestrator/agents/selection/intelligent-selector';
import { ExpertChooser } from '../../../src/orchestrator/learning/expert-chooser';
import { FakeClock } from '../../fakes/fake-clock';
import { START, TempDirs, makeExpert, makeManager, recordMany } from './learning-helpers';

const experts = [
  makeExpert('api-designer', { description: 'Designs HTTP endpoints and pagination', category: 'architecture', triggers: ['rest api', 'endpoint'] }),
  makeExpert('ui-builder', { description: 'Builds components and pages', category: 'frontend', triggers: ['css', 'component'] }),
  makeExpert('tester', { description: 'Writes tests', category: 'quality', triggers: ['unit test'] }),
];

describe('the chooser during a warm-up in steps', () => {
  const dirs = new TempDirs();
  afterEach(() => dirs.cleanup());

  for (const [recorded, asked] of [
    [0, 'rank'],
    [3, 'rank'],
    [3, 'record'],
  ] as const)
    it(`a ${asked} waits for the steps instead of building the index at once (${recorded} outcomes to learn first)`, async () => {
      const learning = await makeManager(dirs.make(), new FakeClock(START));
      if (recorded) await recordMany(learning, 'style the css component', 'ui-builder', true, recorded);
      const ranker = new IntelligentAgentSelector({ experts });
      const chooser = new ExpertChooser({ ranker, learning, experts: { experts }, options: { persist: false } });
      const create = FieldIndex.create;
      let atOnce = 0;
      (FieldIndex as unknown as { create: typeof create }).create = (...args: Parameters<typeof create>) => (atOnce++, create(...args));
      try {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let steps = 0;
        const warmUp = ranker.prepare(async () => {
          if (++steps === 1) await gate;
        });
        let answered = false;
        const work =
          asked === 'rank'
            ? chooser.rank('style the css component').then((r) => ((answered = true), r[0]?.expertId))
            : chooser.record({ task: 'write a unit test', agentId: 'tester', result: 'ok', success: true }).then(() => ((answered = true), 'recorded'));
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (asked === 'rank') assert.strictEqual(answered, false, 'the ranking waits for the warm-up');
        release();
        await warmUp;
        assert.strictEqual(await work, asked === 'rank' ? 'ui-builder' : 'recorded');
        await chooser.flush();
        assert.strictEqual(atOnce, 0, `the index was built at once ${atOnce} time(s)`);
      } finally {
        (FieldIndex as unknown as { create: typeof create }).create = create;
        await chooser.flush();
        chooser.dispose();
      }
    });
});
