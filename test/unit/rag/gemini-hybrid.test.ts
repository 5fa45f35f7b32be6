// Gemini File Search through the real @google/genai SDK against the loopback fake, and the fusion with local results.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { systemClock } from '../../../src/orchestrator/ports';
import { GeminiFileSearch } from '../../../src/orchestrator/rag/gemini-file-search';
import { fuseWithGemini } from '../../../src/orchestrator/rag/hybrid-search';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import type { CodeSearchResult } from '../../../src/orchestrator/rag/types';
import { type FakeGemini, startFakeGemini } from '../../fakes/fake-gemini-server';
import { CountingEmbedder, RecordingLogger, tempDir, writeFiles } from './rag-helpers';

const nodeFs = new NodeFileSystem();

describe('Gemini File Search hybrid (real SDK, loopback fake)', () => {
  let fake: FakeGemini;
  let root: string;
  let storage: string;
  let logger: RecordingLogger;
  const gemini = (apiKey = 'gk-test', baseUrl = fake.baseUrl) =>
    new GeminiFileSearch({
      apiKey,
      baseUrl,
      model: 'gemini-2.5-flash',
      storeDisplayName: 'big-three-test',
      fs: nodeFs,
      clock: systemClock,
      logger,
      stateFile: path.join(storage, 'gemini.json'),
      pollMs: 5,
    });

  beforeEach(async () => {
    fake = await startFakeGemini();
    root = tempDir('gem-ws');
    storage = tempDir('gem-store');
    logger = new RecordingLogger();
    writeFiles(root, {
      'docs/build.md': 'Build instructions.\nRun npm run compile to build the extension.\n\nThe voice agent streams pcm16 audio at 24kHz.\n',
      'src/delegate.ts': 'export function editFile(path: string) {\n  // The Claude delegate edits files through the edit_file tool.\n  return path;\n}\n',
      '.env': 'GEMINI_API_KEY=should-never-be-uploaded\n',
    });
  });
  afterEach(async () => {
    await fake.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('uploads workspace documents once (v1beta, key header), re-uploads only changed ones, never secrets', async () => {
    const rag = await RagService.create({ fs: nodeFs, clock: systemClock, logger, root, storageDir: storage, gemini: gemini() });
    assert.deepStrictEqual(await rag.syncGemini(), { uploaded: 2, deleted: 0 });
    const store = [...fake.stores.values()][0]!;
    assert.strictEqual(store.displayName, 'big-three-test');
    assert.deepStrictEqual(store.docs.map((d) => d.displayName).sort(), ['docs/build.md', 'src/delegate.ts']);
    assert.ok(!store.docs.some((d) => d.text.includes('should-never-be-uploaded')));
    assert.ok(
      fake.log.every((r) => r.version === undefined || r.version === 'v1beta'),
      'File Search is called on v1beta',
    );
    assert.ok(fake.log.every((r) => r.apiKey === 'gk-test'));

    assert.deepStrictEqual(await rag.syncGemini(), { uploaded: 0, deleted: 0 }, 'nothing changed');
    fs.writeFileSync(path.join(root, 'docs/build.md'), 'Build with npm run package now.\n');
    fs.rmSync(path.join(root, 'src/delegate.ts'));
    // A new service instance reads the persisted upload state.
    const again = await RagService.create({ fs: nodeFs, clock: systemClock, logger, root, storageDir: storage, gemini: gemini() });
    assert.deepStrictEqual(await again.syncGemini(), { uploaded: 1, deleted: 1 });
    assert.deepStrictEqual(
      store.docs.map((d) => d.text),
      ['Build with npm run package now.\n'],
    );
    assert.strictEqual(fake.stores.size, 1, 'the same store is reused');
    rag.dispose();
    again.dispose();
  });

  it('queries through generateContent with the fileSearch tool and fuses the grounding chunks with local results', async () => {
    const rag = await RagService.create({
      fs: nodeFs,
      clock: systemClock,
      logger,
      root,
      storageDir: storage,
      embedder: new CountingEmbedder(),
      gemini: gemini(),
    });
    await rag.indexCodebase();
    await rag.syncGemini();
    const result = await rag.searchHybrid('Which compile command builds the extension?', 5);
    assert.strictEqual(result.notice, undefined);
    assert.match(result.answer ?? '', /According to docs\/build\.md/);
    const top = result.results[0]!;
    assert.strictEqual(top.codePath, 'docs/build.md');
    assert.strictEqual(top.source, 'both', 'the passage quotes the local chunk, so both lists agree on it');
    const generate = fake.log.find((r) => r.path.endsWith(':generateContent'));
    assert.strictEqual(generate?.path, '/v1beta/models/gemini-2.5-flash:generateContent');
    rag.dispose();
  });

  it('degrades to local results with a notice without a key, with a wrong key, and offline', async () => {
    const local = await RagService.create({ fs: nodeFs, clock: systemClock, logger, root, storageDir: storage });
    await local.indexCodebase();
    const noKey = await local.searchHybrid('compile the extension', 3);
    assert.match(noKey.notice ?? '', /Gemini File Search is off/);
    assert.strictEqual(noKey.results[0]?.codePath, 'docs/build.md');
    local.dispose();

    const wrongKey = await RagService.create({ fs: nodeFs, clock: systemClock, logger, root, storageDir: storage, gemini: gemini('bad-key') });
    await assert.rejects(wrongKey.syncGemini(), /HTTP 403.*Check the Gemini API key/);
    wrongKey.dispose();

    await fake.close();
    const offline = await RagService.create({ fs: nodeFs, clock: systemClock, logger, root, storageDir: storage, gemini: gemini() });
    fs.writeFileSync(path.join(storage, 'gemini.json'), JSON.stringify({ schema: 1, storeName: 'fileSearchStores/known', documents: {} }));
    const result = await offline.searchHybrid('compile the extension', 3);
    assert.match(result.notice ?? '', /unreachable.*local results only/);
    assert.strictEqual(result.results[0]?.codePath, 'docs/build.md');
    assert.ok(result.results.every((r) => r.source === 'local'));
    offline.dispose();
    fake = await startFakeGemini(); // afterEach closes it
  });

  it('fuses by weighted RRF: local 0.4, google 0.6 by default', () => {
    const local: CodeSearchResult[] = [
      { codePath: 'a.ts', content: 'alpha function body', metadata: {}, similarityScore: 1 },
      { codePath: 'b.ts', content: 'beta function body', metadata: {}, similarityScore: 0.5 },
    ];
    const passages = [
      { title: 'c.md', text: 'gamma remote passage' },
      { title: 'b.ts', text: 'beta function body' },
    ];
    const fused = fuseWithGemini(local, passages, 10);
    // b: 0.4/62 + 0.6/62; c: 0.6/61; a: 0.4/61
    assert.deepStrictEqual(
      fused.map((r) => [r.codePath, r.source]),
      [
        ['b.ts', 'both'],
        ['c.md', 'google'],
        ['a.ts', 'local'],
      ],
    );
    const best = 1 / 61;
    assert.strictEqual(fused[0]!.similarityScore, Math.round(((0.4 / 62 + 0.6 / 62) / best) * 1000) / 1000);
    const localHeavy = fuseWithGemini(local, passages, 10, { local: 0.9, google: 0.1 });
    assert.strictEqual(localHeavy[0]!.codePath, 'b.ts');
    assert.strictEqual(localHeavy[1]!.codePath, 'a.ts');
  });
});
