import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { IntelligentAgentSelector } from '../../../src/orchestrator/agents/selection/intelligent-selector';
import { DefinitionMatrix } from '../../../src/orchestrator/learning/definition-matrix';
import { DefinitionWordSimilarity, lazyWordVectors } from '../../../src/orchestrator/learning/definition-word-similarity';
import { DEFAULT_CHOOSER_OPTIONS, ExpertChooser } from '../../../src/orchestrator/learning/expert-chooser';
import { type Similarities, priorOf } from '../../../src/orchestrator/learning/chooser-prior';
import type { SelectionResult } from '../../../src/orchestrator/agents/selection/intelligent-selector';
import { seededRandom } from '../../../src/orchestrator/learning/statistics';
import { TimeSlicer } from '../../../src/orchestrator/time-slice';
import { SHIPPED_WORD_VECTORS, WordVectors, WordVectorsFormatError } from '../../../src/orchestrator/text/word-vectors';
import type { ExpertDefinition } from '../../../src/orchestrator/agents/expert-definition';
import { FakeClock } from '../../fakes/fake-clock';
import { RecordingLogger } from '../../fakes/recording-logger';
import { START, TempDirs, makeExpert, makeManager } from './learning-helpers';

const SHIPPED = path.resolve(__dirname, '../../../..', ...SHIPPED_WORD_VECTORS);
const bytes = fs.readFileSync(SHIPPED);
const words = WordVectors.parse(bytes);
const cos = (a: string, b: string) => {
  const x = words.embed(a)!;
  const y = words.embed(b)!;
  return x.reduce((s, v, i) => s + v * y[i]!, 0);
};

/** Two description-only experts, as `.claude/agents` files give them. */
const experts = [
  makeExpert('baker', { description: 'Suggests recipes for bread, cakes and pastries', systemPrompt: '' }),
  makeExpert('mechanic', { description: 'Diagnoses problems with cars, engines and brakes', systemPrompt: '' }),
  makeExpert('lawyer', { description: 'Explains contracts, leases and tenant rights', systemPrompt: '' }),
];
const source = { experts };
/** Share no word with any description (nor with the everyday thesaurus's expansions of them). */
const CROISSANTS = 'the croissants came out greasy';
const DEPOSIT = 'my landlord kept the deposit';
const SOURDOUGH = 'my sourdough loaf came out flat and dense';

describe('word vectors (shipped GloVe subset)', () => {
  it('reads the shipped file: 40,000 words of 100 dimensions', () => {
    assert.strictEqual(words.size, 40_000);
    assert.strictEqual(words.dimension, 100);
    assert.ok(words.has('customers') && words.has('subscription'));
  });

  it('puts texts about the same thing in other words closer than texts about other things', () => {
    assert.ok(
      cos('customers likely to cancel their subscription', 'predict which subscribers will churn') >
        cos('customers likely to cancel their subscription', 'the oven temperature for roasting vegetables') + 0.15,
    );
    assert.ok(cos(SOURDOUGH, 'recipes for bread and cakes') > cos(SOURDOUGH, 'problems with cars and engines') + 0.15);
  });

  it('reads a copy that sits at an odd offset in a larger buffer (a file read into shared memory)', () => {
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 1);
    const copy = WordVectors.parse(shifted.subarray(1, 1 + bytes.length));
    assert.deepStrictEqual(Array.from(copy.embed(SOURDOUGH)!), Array.from(words.embed(SOURDOUGH)!));
  });

  it('reads the file in slices that give way to the event loop, to the same vectors', async () => {
    const slicer = new TimeSlicer(0);
    const sliced = await WordVectors.parseSliced(bytes, slicer);
    assert.ok(slicer.yields >= 10, `gave way ${slicer.yields} times`);
    assert.deepStrictEqual(Array.from(sliced.embed(SOURDOUGH)!), Array.from(words.embed(SOURDOUGH)!));
    await assert.rejects(() => WordVectors.parseSliced(bytes.subarray(0, 10)), WordVectorsFormatError);
  });

  it('gives no vector to a text without a known word, and splits unknown hyphenated words', () => {
    assert.strictEqual(words.embed('zqxw vvkk 12345'), undefined);
    assert.strictEqual(words.embed(''), undefined);
    assert.ok(words.embed('bread-baking'), 'the parts of an unknown hyphenated word are looked up');
  });

  it('refuses a file whose scales are not numbers, or whose every vector is zero', () => {
    const scalesAt = 20 + Math.ceil(bytes.readUInt32LE(16) / 4) * 4;
    const nan = Buffer.from(bytes);
    nan.writeFloatLE(Number.NaN, scalesAt + 4 * 7);
    assert.throws(() => WordVectors.parse(nan), /the scale of word 8 \(".*"\) is NaN/);
    const zero = Buffer.from(bytes);
    zero.fill(0, scalesAt, scalesAt + 40_000 * 4);
    assert.throws(() => WordVectors.parse(zero), /every vector is zero/);
  });

  it('refuses a file that is not one, with what is wrong', () => {
    const broken = (mutate: (b: Buffer) => Buffer) => () => WordVectors.parse(mutate(Buffer.from(bytes)));
    assert.throws(
      broken((b) => b.subarray(0, 10)),
      (e: Error) => e instanceof WordVectorsFormatError && /fewer than its header/.test(e.message),
    );
    assert.throws(
      broken((b) => (b.write('XXXX', 0, 'ascii'), b)),
      /not a word-vector file/,
    );
    assert.throws(
      broken((b) => (b.writeUInt32LE(2, 4), b)),
      /version 2 is not supported/,
    );
    assert.throws(
      broken((b) => b.subarray(0, b.length - 1)),
      /need \d+ bytes; the file has \d+/,
    );
    assert.throws(
      broken((b) => (b.writeUInt32LE(39_999, 8), b)),
      /need \d+ bytes/,
    );
  });
});

describe('DefinitionMatrix', () => {
  it('gives every row its dot product with the query, with the SIMD kernel and without it alike', () => {
    const random = seededRandom(7);
    const rows = Array.from({ length: 37 }, (_, i) => (i === 5 ? undefined : Float32Array.from({ length: 100 }, () => random() - 0.5)));
    const query = Float32Array.from({ length: 100 }, () => random() - 0.5);
    const expected = rows.map((r) => (r ? r.reduce((s, v, d) => s + v * query[d]!, 0) : 0));
    for (const useSimd of [true, false]) {
      const matrix = new DefinitionMatrix(rows, 100, useSimd);
      assert.strictEqual(matrix.usesSimd, useSimd, 'Node 20 has WebAssembly SIMD: the kernel is used when asked');
      const got = matrix.dots(query);
      assert.strictEqual(got.length, rows.length);
      got.forEach((g, i) => assert.ok(Math.abs(g - expected[i]!) < 1e-4, `row ${i} (simd ${useSimd}): ${g} vs ${expected[i]}`));
    }
    assert.deepStrictEqual(Array.from(new DefinitionMatrix([], 100).dots(query)), []);
  });
});

describe('DefinitionWordSimilarity and the chooser without an embedding model', () => {
  const dirs = new TempDirs();
  afterEach(() => dirs.cleanup());
  const similarity = new DefinitionWordSimilarity(source, { load: async () => words });

  it('gives the definition closest in meaning a positive z-score and the others none', async () => {
    const z = (await similarity.similarities(CROISSANTS, 5))!;
    assert.ok(z.of('baker') > 1, JSON.stringify(z.best));
    assert.strictEqual(z.of('mechanic'), 0);
    assert.strictEqual(z.of('lawyer'), 0);
    assert.strictEqual(z.of('not-an-expert'), 0);
    assert.deepStrictEqual(z.best, [['baker', z.of('baker')]]);
    assert.deepStrictEqual(
      (await similarity.similarities(DEPOSIT, 5))!.best.map(([id]) => id),
      ['lawyer'],
    );
    assert.strictEqual(await similarity.similarities('zqxw vvkk', 5), undefined);
  });

  it('lists the most similar experts best first, as many as asked, and scores every expert the same either way', async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      makeExpert(`e${i}`, {
        description: ['bread and pastry recipes', 'car engine repair', 'tenant and lease law', 'garden plants and soil'][i % 4]! + ` ${i}`,
        systemPrompt: '',
      }),
    );
    const wide = new DefinitionWordSimilarity({ experts: many }, { load: async () => words });
    const three = (await wide.similarities(CROISSANTS, 3))!;
    const all = (await wide.similarities(CROISSANTS, 40))!;
    assert.strictEqual(three.best.length, 3);
    assert.deepStrictEqual(three.best, all.best.slice(0, 3));
    for (let i = 1; i < all.best.length; i++) assert.ok(all.best[i - 1]![1] >= all.best[i]![1]);
    assert.ok(
      all.best.every(([id]) => Number(id.slice(1)) % 4 === 0),
      'the bakers come first',
    );
    for (const e of many) assert.strictEqual(three.of(e.id), all.of(e.id));
  });

  const chooser = async (withVectors: boolean) => {
    const learning = await makeManager(dirs.make(), new FakeClock(START));
    return new ExpertChooser({
      ranker: new IntelligentAgentSelector(source),
      learning,
      experts: source,
      ...(withVectors ? { wordSimilarity: similarity } : {}),
      options: { persist: false },
    });
  };

  it('ranks an expert whose definition says the task in other words (nothing, without the vectors)', async () => {
    assert.deepStrictEqual(await (await chooser(false)).rank(CROISSANTS), []);
    assert.deepStrictEqual(await (await chooser(false)).rank(DEPOSIT), []);
    const ranked = await (await chooser(true)).rank(CROISSANTS);
    assert.strictEqual(ranked[0]?.expertId, 'baker');
    assert.ok(ranked[0]!.signals.priorParts.similarity > 0 && ranked[0]!.signals.priorParts.definitions === 0);
    assert.strictEqual((await (await chooser(true)).rank(DEPOSIT))[0]?.expertId, 'lawyer');
    const explained = await (await chooser(true)).explain('baker', CROISSANTS);
    assert.ok(
      explained.lines.some((l) => /similarity to the definition: .*word vectors/.test(l)),
      explained.lines.join('\n'),
    );
  });

  it("counts the vectors less when the definitions' own words already decide", async () => {
    const c = await chooser(true);
    const worded = (await c.rank('diagnose the car engine and brakes problems'))[0]!;
    const unworded = (await c.rank(CROISSANTS))[0]!;
    assert.strictEqual(worded.expertId, 'mechanic');
    const share = (e: typeof worded) => e.signals.priorParts.similarity / e.signals.similarity;
    assert.ok(share(worded) < share(unworded) / 2, `${share(worded)} vs ${share(unworded)}`);
  });

  it("says once that a missing or broken file leaves the ranking to the definitions' words", async () => {
    const logger = new RecordingLogger();
    const missing = lazyWordVectors('/nonexistent/vectors.b3wv', (f) => fs.promises.readFile(f), WordVectors.parse, logger);
    assert.strictEqual(await missing.load(), undefined);
    assert.strictEqual(await missing.load(), undefined);
    assert.strictEqual(logger.warnings().length, 1);
    assert.match(logger.warnings()[0]!, /word vectors not used \(\/nonexistent\/vectors\.b3wv: .*ENOENT/);
    const broken = lazyWordVectors(SHIPPED, async () => new Uint8Array(30), WordVectors.parse, logger);
    assert.strictEqual(await broken.load(), undefined);
    assert.match(logger.warnings()[1]!, /not a word-vector file/);
  });
});

describe('the word-vector part of the prior: where it applies and where not', () => {
  const dirs = new TempDirs();
  afterEach(() => dirs.cleanup());
  const vectors = { load: async () => words };
  const chooserOver = async (source: { experts: readonly ExpertDefinition[]; onDidChange?: (l: () => void) => { dispose(): void } }, options = {}) =>
    new ExpertChooser({
      ranker: new IntelligentAgentSelector(source),
      learning: await makeManager(dirs.make(), new FakeClock(START)),
      experts: source,
      wordSimilarity: new DefinitionWordSimilarity(source, vectors),
      options: { persist: false, ...options },
    });

  it('gives no expert for a task close to no definition, and says why in the explanation', async () => {
    const c = await chooserOver(source);
    assert.deepStrictEqual(await c.rank('hello there, thanks a lot'), []);
    const croissants = await c.explain('baker', CROISSANTS);
    assert.strictEqual(croissants.choice?.signals.similaritySource, 'words');
    const worded = await c.explain('mechanic', 'the car engine brakes');
    assert.ok(
      worded.lines.some((l) => /similarity to the definition: [1-9][\d.]* \(word vectors/.test(l)),
      worded.lines.join('\n'),
    );
    // A word the definitions have and the vectors do not know: ranked by the words, and the explanation says so.
    const fixer = makeExpert('fixer', { description: 'Handles zorbfix', triggers: ['zorbfix'], systemPrompt: '' });
    const unknown = await (await chooserOver({ experts: [...experts, fixer] })).explain('fixer', 'zorbfix');
    assert.strictEqual(unknown.rank, 1);
    assert.strictEqual(unknown.choice?.signals.similaritySource, 'none');
    assert.ok(
      unknown.lines.some((l) => /similarity to the definition: 0 \(none: no embedding model, and the word vectors did not apply/.test(l)),
      unknown.lines.join('\n'),
    );
  });

  it('names no expert for a keyboard mash, though a sentence encoder finds one closest to anything (red team of stop 37)', async () => {
    assert.strictEqual(words.knowsAnyWordOf('zzzqqq qwertyuiop'), false);
    assert.strictEqual(words.knowsAnyWordOf('what is adho mukha svanasana'), true, 'a stop word the vectors know is a word');
    // A stand-in encoder that finds the baker closest to every text, as the real one finds some expert closest to any.
    const alwaysBaker = {
      encoderId: async () => 'stand-in',
      prepare: async () => undefined,
      similarities: async (texts: readonly string[]) =>
        texts.map(() => ({ of: (id: string) => (id === 'baker' ? 2 : 0), best: [['baker', 2]] as Array<[string, number]> })),
    };
    const c = new ExpertChooser({
      ranker: new IntelligentAgentSelector(source),
      learning: await makeManager(dirs.make(), new FakeClock(START)),
      experts: source,
      wordSimilarity: new DefinitionWordSimilarity(source, vectors),
      sentenceSimilarity: alwaysBaker as never,
      options: { persist: false },
    });
    assert.deepStrictEqual(await c.rank('zzzqqq'), []);
    assert.strictEqual((await c.rank('what is zzzqqq'))[0]?.expertId, 'baker', 'a text with a known word keeps the encoder part');
  });

  it('says nothing with fewer than three experts (a z-score over two is always ±1)', async () => {
    const two = { experts: experts.slice(1) };
    assert.strictEqual(await new DefinitionWordSimilarity(two, vectors).similarities(CROISSANTS, 5), undefined);
    assert.deepStrictEqual(await (await chooserOver(two)).rank(CROISSANTS), []);
  });

  it('sees experts added to a list changed in place once the change is announced', async () => {
    const list = experts.slice(1).concat(makeExpert('gardener', { description: 'Advice on plants, soil and lawns', systemPrompt: '' }));
    const listeners: Array<() => void> = [];
    const changing = { experts: list, onDidChange: (l: () => void) => (listeners.push(l), { dispose: () => undefined }) };
    const c = await chooserOver(changing);
    assert.notStrictEqual((await c.rank(CROISSANTS))[0]?.expertId, 'baker');
    list.push(experts[0]!);
    for (const l of listeners) l();
    assert.strictEqual((await c.rank(CROISSANTS))[0]?.expertId, 'baker');
  });

  it("keeps the vectors in a chooser made over another outcome store (eval learning's)", async () => {
    const c = await chooserOver(source);
    const sibling = c.withLearning(await makeManager(dirs.make(), new FakeClock(START)), { persist: false });
    assert.strictEqual((await sibling.rank(CROISSANTS))[0]?.expertId, 'baker');
  });

  it('refuses weights that would make every prior NaN', async () => {
    await assert.rejects(() => chooserOver(source, { wordSimilarityHalfScore: 0 }), /wordSimilarityHalfScore must be a number > 0, got 0/);
    await assert.rejects(() => chooserOver(source, { wordSimilarityWeight: Number.NaN }), /wordSimilarityWeight must be a number ≥ 0/);
    await assert.rejects(() => chooserOver(source, { wordSimilarityPower: 0 }), /wordSimilarityPower must be a number > 0, got 0/);
  });

  it("weighs the vectors by (half / (half + the definitions' best score)) ** power, and a floor raises that score", () => {
    const ranked = (score: number): SelectionResult[] => [
      { expertId: 'mechanic', displayName: 'mechanic', score, normalizedScore: 1, confidence: 0, breakdown: undefined as never },
    ];
    const sims: Similarities = { kind: 'words', of: (id) => (id === 'baker' ? 2 : 0), best: [['baker', 2]] };
    const options = { ...DEFAULT_CHOOSER_OPTIONS, wordSimilarityWeight: 1.2, wordSimilarityHalfScore: 2, wordSimilarityPower: 2 };
    const baker = (score: number, floor = 0) => priorOf(ranked(score), { sims }, options, floor).priors.get('baker')!.fromSimilarity;
    assert.ok(Math.abs(baker(0) - 1.2 * 2) < 1e-12, 'nothing said by the definitions: the whole weight');
    assert.ok(Math.abs(baker(2) - 1.2 * 0.25 * 2) < 1e-12, 'at the half score: a quarter with power 2');
    assert.ok(Math.abs(baker(6) - 1.2 * (1 / 16) * 2) < 1e-12);
    assert.strictEqual(baker(1, 6), baker(6), 'a floor above the best score is the score the weight assumes');
    assert.strictEqual(baker(6, 1), baker(6), 'a floor below it changes nothing');
    // With the weight the vectors decide a task the definitions match by one word, not one they match well.
    assert.deepStrictEqual(priorOf(ranked(0.5), { sims }, options).order, ['baker', 'mechanic']);
    assert.deepStrictEqual(priorOf(ranked(8), { sims }, options).order, ['mechanic', 'baker']);
  });
});
