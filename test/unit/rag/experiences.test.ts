import * as assert from 'assert';
import * as fs from 'fs';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { systemClock } from '../../../src/orchestrator/ports';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import { CountingEmbedder, RecordingLogger, tempDir, writeFiles } from './rag-helpers';

describe('RAG experiences, query augmentation and task context', () => {
  let root: string;
  let storage: string;
  let rag: RagService;

  beforeEach(async () => {
    root = tempDir('exp-ws');
    storage = tempDir('exp-store');
    writeFiles(root, { 'src/invoice.ts': 'export function roundCents(value: number) {\n  return Math.round(value);\n}\n' });
    rag = await RagService.create({
      fs: new NodeFileSystem(),
      clock: systemClock,
      logger: new RecordingLogger(),
      root,
      storageDir: storage,
      embedder: new CountingEmbedder(),
    });
    await rag.indexCodebase();
    await rag.indexExperience({
      task: 'Fix rounding of invoice cents',
      approach: 'Use integer cents everywhere',
      outcome: 'success',
      expertType: 'backend-architect',
      lessons: 'floats lose cents',
    });
    await rag.indexExperience({
      task: 'Speed up invoice PDF export',
      approach: 'Render in a worker',
      outcome: 'failure',
      expertType: 'performance-engineer',
      lessons: 'the PDF library is not thread-safe',
    });
    await rag.indexExperience({ task: 'Add Helm chart', outcome: 'success', expertType: 'devops-engineer' });
  });
  afterEach(() => {
    rag.dispose();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('stores experiences persistently and finds similar ones', async () => {
    const found = await rag.searchSimilarExperiences('invoice cents rounding bug', 2);
    assert.strictEqual(found[0]!.record.task, 'Fix rounding of invoice cents');
    assert.strictEqual(found[0]!.record.outcome, 'success');
    assert.ok(found[0]!.similarityScore > 0 && found[0]!.similarityScore <= 1);
    rag.dispose();
    rag = await RagService.create({ fs: new NodeFileSystem(), clock: systemClock, logger: new RecordingLogger(), root, storageDir: storage });
    assert.strictEqual(rag.status.experiences, 3);
    assert.strictEqual((await rag.searchSimilarExperiences('helm', 1))[0]!.record.expertType, 'devops-engineer');
    await assert.rejects(rag.indexExperience({ task: '', outcome: 'success' }), /non-empty "task"/);
    await assert.rejects(rag.indexExperience({ task: 'x', outcome: 'great' as never }), /success, failure or partial/);
  });

  it('augments a query with code, experiences or both', async () => {
    const code = await rag.augmentQuery('roundCents invoice', 'code');
    assert.strictEqual(code.contextType, 'code');
    assert.match(code.augmentedQuery, /^roundCents invoice\n\nRelevant code from the workspace:\n--- src\/invoice\.ts:1-3 \(typescript/);
    assert.deepStrictEqual(code.experiences, []);
    const exp = await rag.augmentQuery('invoice PDF export', 'experience');
    assert.strictEqual(exp.contextType, 'experience');
    assert.match(exp.augmentedQuery, /\[failure, performance-engineer\] Speed up invoice PDF export/);
    const auto = await rag.augmentQuery('invoice cents', 'auto');
    assert.strictEqual(auto.contextType, 'both');
  });

  it('retrieves task context and writes a deterministic approach without an LLM', async () => {
    const context = await rag.retrieveForTask('invoice cents are rounded wrong', 'backend-architect');
    assert.strictEqual(context.codeContext[0]!.codePath, 'src/invoice.ts');
    assert.strictEqual(context.experienceContext[0]!.record.expertType, 'backend-architect');
    assert.strictEqual(context.approachSource, 'summary');
    assert.match(
      context.recommendedApproach,
      /^Start from src\/invoice\.ts:1 \(roundCents\)\. Reuse what worked for "Fix rounding of invoice cents": Use integer cents everywhere\./,
    );
    assert.match(context.recommendedApproach, /Avoid what failed for "Speed up invoice PDF export" \(the PDF library is not thread-safe\)/);
  });

  it('asks the configured LLM for the approach, and falls back to the summary when it fails', async () => {
    const prompts: string[] = [];
    const withLlm = await RagService.create({
      fs: new NodeFileSystem(),
      clock: systemClock,
      logger: new RecordingLogger(),
      root,
      storageDir: storage,
      generator: { generate: async (p) => (prompts.push(p), '- Use integer cents.') },
    });
    const context = await withLlm.retrieveForTask('invoice cents', 'backend-architect');
    assert.deepStrictEqual([context.approachSource, context.recommendedApproach], ['llm', '- Use integer cents.']);
    assert.match(prompts[0]!, /Task: invoice cents[\s\S]*src\/invoice\.ts[\s\S]*Fix rounding of invoice cents/);
    withLlm.dispose();
    const failing = await RagService.create({
      fs: new NodeFileSystem(),
      clock: systemClock,
      logger: new RecordingLogger(),
      root,
      storageDir: storage,
      generator: {
        generate: async () => {
          throw new Error('503');
        },
      },
    });
    assert.strictEqual((await failing.retrieveForTask('invoice cents', '')).approachSource, 'summary');
    failing.dispose();
  });
});
