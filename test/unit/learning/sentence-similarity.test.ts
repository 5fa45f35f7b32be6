// The sentence encoder's part of the prior (definition-sentence-similarity.ts, sentence-vector-cache.ts,
// chooser-prior.ts) with a deterministic stand-in encoder: words hashed into 512 dimensions, so texts that
// share words are close and others are not. The real encoder is exercised by the CLI tests.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { SENTENCE_ENCODER_ID } from '../../../src/adapters/shipped-sentence-encoder';
import { createAgentCore } from '../../../src/orchestrator/agents/agent-core';
import { silentLogger, systemClock } from '../../../src/orchestrator/ports';
import type { SelectionResult } from '../../../src/orchestrator/agents/selection/intelligent-selector';
import { checkPriorOptions, priorOf } from '../../../src/orchestrator/learning/chooser-prior';
import { DEFAULT_CHOOSER_OPTIONS } from '../../../src/orchestrator/learning/chooser-types';
import {
  DefinitionSentenceSimilarity,
  type SentenceEncoder,
  type SentenceEncoderSource,
  expertTexts,
} from '../../../src/orchestrator/learning/definition-sentence-similarity';
import type { TaskSimilarity } from '../../../src/orchestrator/learning/definition-word-similarity';
import { SENTENCE_VECTORS_FILE, SHIPPED_SENTENCE_VECTORS, SidecarSentenceVectorCache } from '../../../src/orchestrator/learning/sentence-vector-cache';
import { fnv1a } from '../../../src/orchestrator/learning/task-feature-hasher';
import { RecordingLogger } from '../../fakes/recording-logger';
import { makeExpert } from './learning-helpers';

class HashedWords implements SentenceEncoder {
  readonly id: string;
  readonly dimension = 512;
  calls: string[][] = [];
  fail = false;
  constructor(id = 'hashed-words') {
    this.id = id;
  }
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.fail) throw new Error('the encoder broke');
    this.calls.push([...texts]);
    return texts.map((t) => {
      const v = new Float32Array(this.dimension);
      for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) if (w.length > 2) v[fnv1a(w) % this.dimension]! += 1;
      const norm = Math.hypot(...v) || 1;
      return v.map((x) => x / norm);
    });
  }
}

function memoryFiles() {
  const files = new Map<string, string>();
  return {
    files,
    readSidecar: async (name: string) => files.get(name),
    writeSidecar: async (name: string, text: string) => void files.set(name, text),
  };
}

const source = (encoder: SentenceEncoder | undefined): SentenceEncoderSource => ({ load: async () => encoder });

const experts = [
  makeExpert('forecaster', { description: 'Weather forecasts for any city', systemPrompt: '' }),
  makeExpert('chef', {
    description: 'Recipes by ingredient',
    systemPrompt: '',
    examples: ['what can I cook with leftover rice', 'a quick vegan dinner', 'cook rice for dinner'],
  }),
  makeExpert('mechanic', {
    description: 'Diagnoses engine trouble',
    systemPrompt: '',
    examples: ['my car will not start', 'the car will not start on cold mornings', 'car engine will not start', 'my brakes squeal'],
  }),
  makeExpert('lawyer', { description: 'Explains leases and tenant rights', systemPrompt: '' }),
];

function make(encoder: SentenceEncoder | null = new HashedWords(), files = memoryFiles(), shipped?: () => Promise<string | undefined>) {
  const logger = new RecordingLogger();
  const cache = new SidecarSentenceVectorCache(files, logger, shipped);
  return { similarity: new DefinitionSentenceSimilarity({ experts }, source(encoder ?? undefined), cache, logger), logger, files };
}

describe('sentence similarity (the shipped sentence encoder, stood in for)', () => {
  it('ranks a request whose texts overflow the remembered vectors (some known, some new)', async () => {
    // Review of stop 39: clearing the remembered vectors dropped those of the request's known texts, and a
    // retraining over more than 20,000 recorded tasks failed with "reading 'subarray'" on every select.
    const logger = new RecordingLogger();
    const similarity = new DefinitionSentenceSimilarity(
      { experts },
      source(new HashedWords()),
      new SidecarSentenceVectorCache(memoryFiles(), logger),
      logger,
      2,
    );
    await similarity.prepare(['cook rice for dinner', 'my car will not start']);
    const [known, fresh] = await similarity.similarities(['cook rice for dinner', 'brakes squeal on the car'], 2);
    assert.strictEqual(known?.best[0]?.[0], 'chef');
    assert.strictEqual(fresh?.best[0]?.[0], 'mechanic');
  });

  it('reads an expert as its description and its example requests', () => {
    assert.deepStrictEqual(expertTexts(experts[1]!), [
      'chef: Recipes by ingredient',
      'what can I cook with leftover rice',
      'a quick vegan dinner',
      'cook rice for dinner',
    ]);
  });

  it('finds the expert whose example request is worded like the task, as a z-score over the experts', async () => {
    const [sim] = await make().similarity.similarities(['the car will not start this morning'], 3);
    assert.ok(sim);
    assert.strictEqual(sim.best[0]![0], 'mechanic');
    assert.ok(sim.of('mechanic') > 1, `${sim.of('mechanic')}`);
    assert.strictEqual(sim.of('lawyer'), 0, 'at or below the average: nothing');
    assert.strictEqual(sim.of('nobody'), 0);
  });

  it('names no expert for a text close to none of them, nor without the encoder or with fewer than three experts', async () => {
    const { similarity } = make();
    assert.deepStrictEqual(await similarity.similarities(['zebra xylophone'], 3), [undefined]);
    assert.deepStrictEqual(await make(null).similarity.similarities(['weather in Paris'], 3), [undefined]);
    const few = new DefinitionSentenceSimilarity(
      { experts: experts.slice(0, 2) },
      source(new HashedWords()),
      new SidecarSentenceVectorCache(memoryFiles(), new RecordingLogger()),
      new RecordingLogger(),
    );
    assert.deepStrictEqual(await few.similarities(['weather forecasts'], 3), [undefined]);
  });

  it('encodes the definitions once and keeps them in the cache, so a second process encodes only the task', async () => {
    const files = memoryFiles();
    const first = new HashedWords();
    await make(first, files).similarity.similarities(['weather for Lisbon'], 3);
    assert.ok(first.calls.flat().includes('forecaster: Weather forecasts for any city'));
    assert.ok(files.files.has(SENTENCE_VECTORS_FILE));
    const second = new HashedWords();
    const [sim] = await make(second, files).similarity.similarities(['weather forecasts for Lisbon'], 3);
    assert.deepStrictEqual(second.calls, [['weather forecasts for Lisbon']]);
    assert.strictEqual(sim?.best[0]![0], 'forecaster');
    // Vectors of another encoder are not used: it encodes the definitions itself.
    const other = new HashedWords('another-encoder');
    await make(other, files).similarity.similarities(['weather'], 3);
    assert.ok(other.calls.length > 1);
  });

  it('takes the shipped vectors where the cache lacks them, and ranks the same', async () => {
    const files = memoryFiles();
    await make(new HashedWords(), files).similarity.similarities(['weather'], 3);
    const shipped = files.files.get(SENTENCE_VECTORS_FILE)!;
    const fresh = new HashedWords();
    const { similarity, files: own } = make(fresh, memoryFiles(), async () => shipped);
    const [sim] = await similarity.similarities(['my brakes squeal at night'], 3);
    assert.deepStrictEqual(fresh.calls, [['my brakes squeal at night']], 'nothing but the task encoded');
    assert.strictEqual(own.files.size, 0, 'nothing new to cache');
    assert.strictEqual(sim?.best[0]![0], 'mechanic');
    // The same z-scores, expert by expert, as with every text encoded afresh.
    const [encoded] = await make(new HashedWords(), memoryFiles()).similarity.similarities(['my brakes squeal at night'], 3);
    assert.deepStrictEqual(
      experts.map((e) => sim.of(e.id)),
      experts.map((e) => encoded!.of(e.id)),
    );
    assert.deepStrictEqual(sim.best, encoded!.best);
  });

  it('says once that a cache file is unreadable, works the vectors out again and rewrites it', async () => {
    const files = memoryFiles();
    files.files.set(SENTENCE_VECTORS_FILE, '{not json');
    const { similarity, logger } = make(new HashedWords(), files);
    const [sim] = await similarity.similarities(['weather forecasts'], 3);
    assert.strictEqual(sim?.best[0]![0], 'forecaster');
    assert.strictEqual(logger.warnings().filter((w) => w.includes(SENTENCE_VECTORS_FILE)).length, 1, logger.warnings().join('\n'));
    assert.strictEqual(JSON.parse(files.files.get(SENTENCE_VECTORS_FILE)!).v, 1);
  });

  it('an example request worded like the task never lowers its expert, beside experts of many examples (review of stop 35)', async () => {
    // Ten experts of eight example requests each, and a beekeeper described in a sentence, then given two examples.
    const topics = ['boats', 'stamps', 'guitars', 'chess', 'roses', 'kites', 'clocks', 'coins', 'fossils', 'lamps'];
    // Their examples share everyday words with one another, so their closest three of many come close to anything.
    const everyday = ['help', 'please', 'today', 'issue', 'problem', 'need', 'quick', 'question', 'again', 'broken', 'weird', 'slow'];
    const many = topics.map((t, k) =>
      makeExpert(t, {
        description: `Knows about ${t}`,
        systemPrompt: '',
        examples: Array.from({ length: 8 }, (_, i) => `${t} ${everyday[(i + k) % 12]} ${everyday[(i * 5 + k) % 12]} ${everyday[(i * 7 + 3) % 12]}`),
      }),
    );
    const beekeeper = (examples: string[]) => makeExpert('beekeeper', { description: 'Keeps bees and hives healthy', systemPrompt: '', examples });
    const ranked = async (examples: string[], task: string) => {
      const cache = new SidecarSentenceVectorCache(memoryFiles(), new RecordingLogger());
      const sim = new DefinitionSentenceSimilarity({ experts: [...many, beekeeper(examples)] }, source(new HashedWords()), cache, new RecordingLogger());
      return (await sim.similarities([task], 3))[0];
    };
    for (const task of ['my bees are swarming out of the hive', 'the colony looks weak after winter']) {
      const alone = (await ranked([], task))?.of('beekeeper') ?? 0;
      const sim = await ranked(['bees swarming out of the hive again', 'the colony looks weak after winter'], task);
      // The advantage of eight examples taken off an expert of two, which has none, had left it unnamed.
      assert.strictEqual(sim?.best[0]?.[0], 'beekeeper', `${task}: ${JSON.stringify(sim?.best)}`);
      assert.ok(sim.of('beekeeper') >= alone, `${task}: ${sim.of('beekeeper')} < ${alone}`);
    }
  });

  it('encodes the recorded tasks ahead in one go and keeps them, so a restart encodes none of them (review of stop 35)', async () => {
    const files = memoryFiles();
    const tasks = ['weather for Lisbon', 'my car will not start', 'weather for Lisbon'];
    const first = new HashedWords();
    const { similarity } = make(first, files);
    await similarity.prepare(tasks);
    assert.deepStrictEqual(first.calls, [['weather for Lisbon', 'my car will not start']], 'one call, each task once');
    await similarity.similarities(['my car will not start'], 3);
    assert.strictEqual(first.calls.length, 2, 'the definitions, but not the prepared task');
    const second = new HashedWords();
    const again = make(second, files).similarity;
    await again.prepare(tasks);
    await again.similarities(tasks, 3);
    assert.ok(
      second.calls.flat().every((t) => !tasks.includes(t)),
      `encoded again: ${JSON.stringify(second.calls)}`,
    );
  });

  it('says once why the encoder fails on tasks, however many tasks it fails on', async () => {
    const flaky = new HashedWords();
    const { similarity, logger } = make(flaky);
    await similarity.similarities(['weather'], 3); // the definitions are encoded
    flaky.fail = true;
    for (const task of ['weather in Rome', 'my car will not start', 'a vegan dinner'])
      assert.deepStrictEqual(await similarity.similarities([task], 3), [undefined]);
    assert.strictEqual(logger.warnings().filter((w) => w.includes('failed on a task')).length, 1, logger.warnings().join('\n'));
  });

  it('goes without the encoder when it fails, saying why', async () => {
    const broken = new HashedWords();
    broken.fail = true;
    const { similarity, logger } = make(broken);
    assert.deepStrictEqual(await similarity.similarities(['weather'], 3), [undefined]);
    assert.ok(logger.warnings().some((w) => w.includes('the encoder broke')));
  });
});

describe('the sentence part of the prior', () => {
  const ranked = (score: number): SelectionResult[] => [
    { expertId: 'mechanic', displayName: 'mechanic', score, normalizedScore: 1, confidence: 0, breakdown: undefined as never },
  ];
  const sentences: TaskSimilarity = { of: (id) => (id === 'chef' ? 2 : 0), best: [['chef', 2]] };
  const options = { ...DEFAULT_CHOOSER_OPTIONS, sentenceWeight: 1.6, sentenceHalfScore: 6, sentencePower: 3 };

  it('weighs less the more the definitions say, and brings in an expert the definitions do not name', () => {
    const chef = (score: number) => priorOf(ranked(score), { sentences }, options).priors.get('chef')!;
    assert.ok(Math.abs(chef(0).fromSimilarity - 1.6 * 2) < 1e-12, 'nothing said: the whole weight');
    assert.ok(Math.abs(chef(6).fromSimilarity - 1.6 * 0.125 * 2) < 1e-12, 'at the half score: an eighth with power 3');
    assert.strictEqual(chef(0).sentence, 2);
    assert.deepStrictEqual(priorOf(ranked(0.5), { sentences }, options).order, ['chef', 'mechanic']);
    assert.deepStrictEqual(priorOf(ranked(12), { sentences }, options).order, ['mechanic', 'chef']);
  });

  it('refuses weights that are not numbers (the chooser checks them once)', () => {
    assert.match(checkPriorOptions({ ...options, sentenceWeight: Number.NaN }) ?? '', /sentenceWeight/);
    assert.match(checkPriorOptions({ ...options, sentenceHalfScore: 0 }) ?? '', /sentenceHalfScore/);
    assert.match(checkPriorOptions({ ...options, sentencePower: Infinity }) ?? '', /sentencePower/);
    assert.strictEqual(checkPriorOptions(options), undefined);
  });
});

describe('the shipped sentence vectors', () => {
  it('hold every text the shipped experts are read as (else: node scripts/build-sentence-vectors.js after a build)', async () => {
    const root = path.resolve(__dirname, '../../../..');
    const core = await createAgentCore({ fs: new NodeFileSystem(), clock: systemClock, logger: silentLogger, builtinAgentsDir: path.join(root, 'agentpool') });
    try {
      const shipped = JSON.parse(fs.readFileSync(path.join(root, ...SHIPPED_SENTENCE_VECTORS), 'utf8')) as {
        encoder: string;
        vectors: Array<[string, string]>;
      };
      assert.strictEqual(shipped.encoder, SENTENCE_ENCODER_ID);
      const have = new Set(shipped.vectors.map(([text]) => text));
      const missing = core.catalog.experts.flatMap(expertTexts).filter((t) => !have.has(t));
      assert.deepStrictEqual(missing, []);
    } finally {
      core.dispose();
    }
  });
});
