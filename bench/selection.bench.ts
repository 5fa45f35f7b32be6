// Selection benchmark: top-1/top-3 accuracy on a labelled file and selection latency with the 24
// shipped experts and with 1,000 experts, for the definitions' ranking and for the ExpertChooser every
// surface asks (with a trained model and task history). Prints JSON; also writes bench/results/selection.json.
//   node dist/bench/selection.bench.js [labelled.jsonl]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../src/adapters/node-file-system';
import { createAgentCore } from '../src/orchestrator/agents/agent-core';
import type { ExpertDefinition } from '../src/orchestrator/agents/expert-definition';
import { IntelligentAgentSelector } from '../src/orchestrator/agents/selection/intelligent-selector';
import { evaluateSelection, parseLabelledTasks } from '../src/orchestrator/agents/selection/selection-eval';
import { DefinitionWordSimilarity } from '../src/orchestrator/learning/definition-word-similarity';
import { ExpertChooser } from '../src/orchestrator/learning/expert-chooser';
import { DefinitionSentenceSimilarity } from '../src/orchestrator/learning/definition-sentence-similarity';
import { SHIPPED_SENTENCE_VECTORS, SidecarSentenceVectorCache } from '../src/orchestrator/learning/sentence-vector-cache';
import { shippedSentenceEncoder } from '../src/adapters/shipped-sentence-encoder';
import { SHIPPED_WORD_VECTORS, WordVectors } from '../src/orchestrator/text/word-vectors';
import { LearningManager } from '../src/orchestrator/learning/learning-manager';
import { silentLogger, systemClock } from '../src/orchestrator/ports';
import { summarize, timeUs } from './bench-stats';

const root = path.resolve(__dirname, '..', '..');
const ROUNDS = 15;

function defaultLabelledFile(): string {
  const shared = path.resolve(root, '..', 'shared', 'eval', 'selection-dev.jsonl');
  return fs.existsSync(shared) ? shared : path.join(root, 'test', 'fixtures', 'selection-holdout.jsonl');
}

/** A pronounceable made-up word, distinct per (i, k): each scaled-up expert gets its own vocabulary. */
function word(i: number, k: number): string {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'qui', 'dor'];
  let n = i * 31 + k * 7 + 1;
  let out = '';
  for (let s = 0; s < 4; s++) {
    out += syllables[n % syllables.length];
    n = Math.floor(n / syllables.length) + s * 5 + k;
  }
  return `${out}${i.toString(36)}`;
}

/**
 * 1,000 experts of distinct content: the 24 real ones plus experts with their own made-up vocabulary
 * (name, description, triggers, focus areas and body), each also sharing some real vocabulary, so
 * candidate sets grow realistically and the index is as large as a real 1,000-expert pool's.
 */
function scaleUp(experts: readonly ExpertDefinition[], total: number): ExpertDefinition[] {
  const out = [...experts];
  for (let i = 0; out.length < total; i++) {
    const a = experts[i % experts.length]!;
    const b = experts[(i * 7 + 3) % experts.length]!;
    const own = Array.from({ length: 12 }, (_, k) => word(i, k));
    out.push({
      ...a,
      id: `${own[0]}-specialist-${i}`,
      displayName: `${own[0]} specialist`,
      description: `Works on ${own.slice(1, 5).join(', ')} and ${b.description.split(' ').slice(0, 8).join(' ')}`,
      triggers: [
        ...own.slice(5, 9),
        `${own[9]} ${own[10]}`,
        ...a.triggers.filter((_, k) => (k + i) % 5 === 0),
        ...b.triggers.filter((_, k) => (k + i) % 7 === 0),
      ],
      focusAreas: [`${own[11]} design`, ...b.focusAreas.slice(0, 1)],
      role: `Owns ${own.join(' ')}.`,
      systemPrompt: `You are the ${own[0]} specialist. ${a.systemPrompt.split(' ').slice(0, 30).join(' ')}`,
      guidelines: own.slice(3, 8).join(' '),
    });
  }
  return out;
}

function latency(selector: IntelligentAgentSelector, tasks: readonly string[]) {
  for (const task of tasks) selector.selectBestAgent(task); // warm-up: build the index, JIT
  const perTask: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const task of tasks) perTask.push(timeUs(() => selector.selectBestAgent(task)));
  }
  return summarize(perTask);
}

const vectors = WordVectors.parse(fs.readFileSync(path.join(root, ...SHIPPED_WORD_VECTORS)));

/**
 * The ExpertChooser over `experts` after it learned from every labelled task once (its own outcome
 * log in a temporary folder): the ranking with the learned model and the task's own history.
 */
async function chooserLatency(
  experts: readonly ExpertDefinition[],
  labelled: ReadonlyArray<{ task: string; expert: string }>,
  withVectors = true,
  withSentences = false,
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-bench-chooser-'));
  try {
    const learning = new LearningManager({ fs: new NodeFileSystem(), clock: systemClock, logger: silentLogger, dataDir: dir });
    await learning.initialize();
    // With the shipped word vectors, as every surface has them when no embedding model is installed.
    const wordSimilarity = new DefinitionWordSimilarity({ experts }, { load: async () => vectors });
    // The shipped sentence encoder, its vectors of the shipped experts read from the shipped file.
    const shipped = path.join(root, ...SHIPPED_SENTENCE_VECTORS);
    const sentenceSimilarity = withSentences
      ? new DefinitionSentenceSimilarity(
          { experts },
          shippedSentenceEncoder(silentLogger),
          new SidecarSentenceVectorCache(learning, silentLogger, async () => fs.readFileSync(shipped, 'utf8')),
          silentLogger,
        )
      : undefined;
    const chooser = new ExpertChooser({
      ranker: new IntelligentAgentSelector({ experts }),
      learning,
      experts: { experts },
      ...(withVectors ? { wordSimilarity } : {}),
      ...(sentenceSimilarity ? { sentenceSimilarity } : {}),
      options: { persist: false },
    });
    for (const [i, t] of labelled.entries()) {
      const chosen = (await chooser.select(t.task))?.expertId ?? t.expert;
      await chooser.record({
        task: t.task,
        agentId: chosen,
        result: 'bench',
        success: chosen === t.expert,
        ...(i % 2 && chosen !== t.expert ? { preferredAgentId: t.expert } : {}),
      });
    }
    for (const t of labelled) await chooser.rank(t.task); // warm-up
    const perTask: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of labelled) {
        const start = process.hrtime.bigint();
        await chooser.rank(t.task);
        perTask.push(Number(process.hrtime.bigint() - start) / 1e3);
      }
    }
    chooser.dispose();
    return summarize(perTask);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const file = process.argv[2] ? path.resolve(process.argv[2]) : defaultLabelledFile();
  const core = await createAgentCore({ fs: new NodeFileSystem(), clock: systemClock, logger: silentLogger, builtinAgentsDir: path.join(root, 'agentpool') });
  const labelled = parseLabelledTasks(fs.readFileSync(file, 'utf8'), file);
  const report = evaluateSelection(core.selector, labelled);
  const tasks = labelled.map((t) => t.task);
  const bigExperts = scaleUp(core.catalog.experts, 1000);
  const big = new IntelligentAgentSelector({ experts: bigExperts });
  const result = {
    benchmark: 'selection',
    node: process.version,
    labelledFile: path.relative(root, file),
    accuracy: { tasks: report.total, top1: round(report.top1Accuracy), top3: round(report.top3Accuracy) },
    latencyUsPerTask: {
      experts24: latency(core.selector, tasks),
      experts1000: latency(big, tasks),
    },
    chooserUsPerTask: {
      experts24: await chooserLatency(core.catalog.experts, labelled),
      experts1000: await chooserLatency(bigExperts, labelled),
    },
    // The shipped sentence encoder on top (stop 35): each ranking encodes its task once, a constant cost
    // whatever the number of experts; with the 24 shipped experts, whose texts' vectors are shipped.
    chooserWithSentenceEncoderUsPerTask: {
      experts24: await chooserLatency(core.catalog.experts, labelled, true, true),
    },
    // The reference in the same run: the chooser without the word vectors (as before stop 32).
    chooserWithoutWordVectorsUsPerTask: {
      experts1000: await chooserLatency(bigExperts, labelled, false),
    },
    rounds: ROUNDS,
  };
  const json = JSON.stringify(result, null, 2);
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'selection.json'), `${json}\n`);
  process.stdout.write(`${json}\n`);
  core.dispose();
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
