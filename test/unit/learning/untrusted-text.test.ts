// Property test: user text reaches every text path (tokenizing, definitions, selection in every mode,
// learning features, keyword stats, the RAG lexical index) and none of them may crash or misbehave on
// Object.prototype names, "__proto__", random Unicode or thousands of random tasks.
import * as assert from 'assert';
import { terms, tokenize } from '../../../src/orchestrator/text/text-normalize';
import { claudeToolsToExpertTools, keywordsFromText } from '../../../src/orchestrator/agents/claude-subagent';
import { parseDefinition } from '../../../src/orchestrator/agents/definition-parser';
import { IntelligentAgentSelector } from '../../../src/orchestrator/agents/selection/intelligent-selector';
import { HashingEmbedder } from '../../../src/orchestrator/learning/hashing-embedder';
import { Bm25Index } from '../../../src/orchestrator/rag/lexical';
import { lexicalTerms } from '../../../src/orchestrator/rag/lexical-terms';
import { TaskFeatureHasher } from '../../../src/orchestrator/learning/task-feature-hasher';
import { OnlineSoftmax, softmax } from '../../../src/orchestrator/learning/online-softmax';
import { seededRandom } from '../../../src/orchestrator/seeded-random';
import { FakeClock } from '../../fakes/fake-clock';
import { START, TempDirs, makeExpert, makeManager } from './learning-helpers';

const PROTOTYPE_NAMES = [
  ...new Set([
    ...Object.getOwnPropertyNames(Object.prototype),
    ...Object.getOwnPropertyNames(Function.prototype),
    ...Object.getOwnPropertyNames(Array.prototype),
    ...Object.getOwnPropertyNames(String.prototype),
    '__proto__',
    'prototype',
    'constructor',
  ]),
];

function randomText(random: () => number, words: readonly string[]): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(random() * 12);
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.4) parts.push(words[Math.floor(random() * words.length)]!);
    else if (r < 0.6) parts.push(PROTOTYPE_NAMES[Math.floor(random() * PROTOTYPE_NAMES.length)]!);
    else {
      // Random code points from the whole range, surrogates excluded, plus ASCII punctuation.
      const len = 1 + Math.floor(random() * 8);
      let word = '';
      for (let k = 0; k < len; k++) {
        const cp = random() < 0.5 ? 0x21 + Math.floor(random() * 0x5e) : Math.floor(random() * 0x10ffff);
        word += cp >= 0xd800 && cp <= 0xdfff ? 'x' : String.fromCodePoint(cp);
      }
      parts.push(word);
    }
  }
  return parts.join(random() < 0.5 ? ' ' : '-');
}

const VOCABULARY = ['api', 'react', 'test', 'flaky', 'deploy', 'kubernetes', 'user', 'class', 'add', 'slow', 'query', 'valueOf', 'hasOwnProperty'];

describe('untrusted text on every text path', () => {
  const experts = [
    makeExpert('constructor', {
      description: 'Builds a constructor for every toString and valueOf',
      triggers: ['constructor', '__proto__', 'hasownproperty'],
      focusAreas: ['prototype chains'],
    }),
    makeExpert('api-designer', { description: 'Designs HTTP endpoints', triggers: ['rest api', 'webhook'], category: 'architecture' }),
    makeExpert('ui-builder', { description: 'Builds components', triggers: ['react', 'css'], category: 'frontend' }),
  ];

  it('tokenizes and stems every Object.prototype name as an ordinary word', () => {
    for (const name of PROTOTYPE_NAMES) {
      const tokens = tokenize(`add a ${name} to the User class`);
      assert.ok(
        tokens.every((t) => typeof t === 'string'),
        name,
      );
      assert.ok(tokens.includes(name.toLowerCase().replace(/[^a-z0-9]/g, '')) || !/[a-z]/i.test(name) || name.includes('_'), name);
      terms(name);
      keywordsFromText(name);
      lexicalTerms(name);
    }
    assert.deepStrictEqual(claudeToolsToExpertTools(['constructor', '__proto__', 'toString']), {
      tools: [],
      unknown: ['constructor', '__proto__', 'toString'],
    });
  });

  it('loads definitions whose text is made of prototype words, in both formats', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const claude = parseDefinition(
        'x.md',
        `---\nname: proto-agent\ndescription: Use for a ${name} and the class ${name}\ntools: Read, ${name}\n---\nYou write a ${name}.\n`,
        'claude',
      );
      assert.ok(claude.definition, `${name}: ${JSON.stringify(claude.diagnostics)}`);
      const builtin = parseDefinition(
        'y.md',
        `---\nname: proto-expert\ndescription: Handles ${name}\ntier: 2\ncategory: custom\ntriggers: ["${name}", "${name} chain"]\nfocus_areas: ["${name}"]\ntools: [read_file]\n---\n# P\n## Role\n${name}\n## System Prompt\n${name}\n## Guidelines\n${name}\n`,
        'builtin',
      );
      assert.ok(builtin.definition, `${name}: ${JSON.stringify(builtin.diagnostics)}`);
    }
  });

  it('ranks 10,000 random tasks in every mode without throwing, deterministically', () => {
    const random = seededRandom(11);
    const selectors = (['bm25', 'seed'] as const).map((mode) => new IntelligentAgentSelector({ experts }, { mode }));
    const hasher = new TaskFeatureHasher(1 << 12);
    const model = new OnlineSoftmax(1 << 12);
    const index = new Bm25Index();
    for (let i = 0; i < 10_000; i++) {
      const task = randomText(random, VOCABULARY);
      if (!task.trim()) continue;
      for (const selector of selectors) {
        const first = selector.rank(task).map((r) => r.expertId);
        assert.deepStrictEqual(
          selector.rank(task).map((r) => r.expertId),
          first,
        );
        for (const r of selector.rank(task)) assert.ok(Number.isFinite(r.score), task);
      }
      const features = hasher.features(task);
      const scores = model.scores(
        features,
        experts.map((e) => e.id),
      );
      for (const s of scores.values()) assert.ok(Number.isFinite(s));
      if (i % 50 === 0) {
        model.update(
          features,
          softmax(
            model.scores(
              features,
              experts.map((e) => e.id),
            ),
          ),
          new Map([[experts[i % 3]!.id, 1]]),
        );
        index.add(`doc-${i}`, task);
        index.search(task, 3);
      }
    }
    assert.strictEqual(selectors[0]!.selectBestAgent('add a constructor to the User class')?.expertId, 'constructor');
  });

  it('records and summarizes outcomes whose task and expert id are prototype words', async () => {
    const dirs = new TempDirs();
    try {
      const manager = await makeManager(dirs.make(), new FakeClock(START));
      const embedder = new HashingEmbedder(64);
      for (const name of PROTOTYPE_NAMES.slice(0, 40)) {
        await manager.recordTaskOutcome(`fix the ${name} of __proto__ constructor`, 'constructor', 'ok', true);
        await embedder.embed([name]);
      }
      const stats = manager.getLearningStats();
      assert.strictEqual(stats.agentPerformance['constructor']?.success, 40);
      assert.ok(stats.topKeywords.some((k) => k.keyword === 'constructor'));
      await manager.evidenceFor('toString valueOf constructor');
    } finally {
      dirs.cleanup();
    }
  });
});
