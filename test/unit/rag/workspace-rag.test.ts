// Multi-root workspaces: one RagService per folder behind WorkspaceRag (merged search, totals, live
// updates per folder, nested folders, experiences) and the move of a single-folder index to its folder's dir.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { systemClock, type ClockPort } from '../../../src/orchestrator/ports';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import { migrateLegacyIndex, workspaceIndexDir } from '../../../src/orchestrator/rag/rag-paths';
import { formatCode } from '../../../src/orchestrator/rag/task-context';
import { nestedRootExcludes, WorkspaceRag, type WorkspaceRagStatus } from '../../../src/orchestrator/rag/workspace-rag';
import { FakeClock } from '../../fakes/fake-clock';
import { CountingEmbedder, RecordingLogger, tempDir, writeFiles } from './rag-helpers';

const nodeFs = new NodeFileSystem();

describe('multi-root workspace index (WorkspaceRag)', () => {
  let base: string;
  let storage: string;
  let logger: RecordingLogger;
  let rag: WorkspaceRag | undefined;

  const open = async (roots: string[], clock: ClockPort = systemClock) => {
    const services = [];
    for (const root of roots) {
      services.push(
        await RagService.create({
          fs: nodeFs,
          clock,
          logger,
          root,
          storageDir: workspaceIndexDir(storage, root),
          embedder: new CountingEmbedder(),
          debounceMs: 100,
          extraExcludes: nestedRootExcludes(root, roots),
        }),
      );
    }
    rag = new WorkspaceRag(services, { logger });
    return rag;
  };

  beforeEach(() => {
    base = tempDir('multi');
    storage = tempDir('multi-store');
    logger = new RecordingLogger();
    writeFiles(path.join(base, 'api'), {
      'src/index.ts': 'export function startServer(port: number) {\n  return listen(port); // http server\n}\n',
      'src/billing.ts': 'export function chargeInvoice(invoice: Invoice) {\n  return stripe.charge(invoice.total);\n}\n',
    });
    writeFiles(path.join(base, 'web'), {
      'src/index.ts': 'export function renderApp(root: HTMLElement) {\n  mount(App, root); // browser entry\n}\n',
      'src/invoice-view.ts': 'export function InvoiceView(invoice: Invoice) {\n  return `<div>${invoice.total}</div>`;\n}\n',
      'README.md': '# Web\nThe browser client.\n',
    });
  });
  afterEach(() => {
    rag?.dispose();
    rag = undefined;
    fs.rmSync(base, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('says the index is incomplete while any folder has an unfinished pass, and complete once each has finished one', async () => {
    const [a, b] = [path.join(base, 'a'), path.join(base, 'b')];
    for (const [root, n] of [
      [a, 12],
      [b, 3],
    ] as const)
      writeFiles(root, Object.fromEntries(Array.from({ length: n }, (_, i) => [`src/m${i}.ts`, `export const value${i} = ${i};\n`])));
    const multi = await open([a, b]);
    await multi.indexCodebase();
    assert.strictEqual(await multi.unfinishedPass(), false);
    let done = 0;
    const cancel = {
      get isCancellationRequested() {
        return done >= 3;
      },
    };
    const first = multi.services[0]!;
    await assert.rejects(
      first.indexCodebase(undefined, (p) => p.phase === 'indexing' && (done = p.filesDone), cancel),
      /cancel/i,
    );
    assert.strictEqual(await multi.unfinishedPass(), true, 'folder a was left half-indexed');
    await first.indexCodebase();
    assert.strictEqual(await multi.unfinishedPass(), false);
  });

  it('indexes every folder and searches all of them, merged by fused score; each result opens its own file', async () => {
    const api = path.join(base, 'api');
    const web = path.join(base, 'web');
    const ws = await open([api, web]);
    const report = await ws.indexCodebase();
    assert.deepStrictEqual([report.filesScanned, report.filesIndexed], [5, 5]);
    assert.deepStrictEqual(ws.roots, [api, web]);

    const invoice = await ws.searchCode('invoice total', 10);
    assert.deepStrictEqual(new Set(invoice.slice(0, 2).map((r) => r.root)), new Set([api, web]), 'the best match of each folder');
    for (let i = 1; i < invoice.length; i++) assert.ok(invoice[i - 1]!.similarityScore >= invoice[i]!.similarityScore, 'merged by score');
    for (const r of invoice) {
      const file = path.join(r.root, r.codePath);
      assert.ok(fs.existsSync(file), file);
      assert.ok(fs.readFileSync(file, 'utf8').includes(r.content.split('\n')[0]!), `${file} holds the chunk`);
      assert.strictEqual(r.metadata.workspaceFolder, path.basename(r.root));
    }

    // The same relative path in two folders: two distinct results, each with its folder.
    const index = (await ws.searchCode('index', 10)).filter((r) => r.codePath === 'src/index.ts');
    assert.deepStrictEqual(index.map((r) => r.root).sort(), [api, web]);
    assert.match((await ws.searchCode('browser entry renderApp', 1))[0]!.content, /renderApp/);
    assert.strictEqual((await ws.searchCode('browser entry renderApp', 1))[0]!.root, web);
    assert.match(formatCode(index), /--- \[(api|web)\] src\/index\.ts:1-3/);
  });

  it('status shows the totals over the folders and follows each folder', async () => {
    const ws = await open([path.join(base, 'api'), path.join(base, 'web')]);
    const seen: WorkspaceRagStatus[] = [];
    ws.onDidChangeStatus((s) => seen.push(s));
    await ws.indexCodebase();
    const status = ws.status;
    assert.strictEqual(status.roots, 2);
    assert.strictEqual(status.files, 5);
    assert.strictEqual(
      status.chunks,
      ws.services.reduce((n, s) => n + s.status.chunks, 0),
    );
    assert.strictEqual(status.state, 'idle');
    assert.ok(
      seen.some((s) => s.state === 'indexing' && s.indexingRoot === path.join(base, 'web')),
      'progress names the folder being indexed',
    );
    assert.strictEqual(seen[seen.length - 1]!.files, 5);
  });

  it('live updates go to the folder that holds the file', async () => {
    const clock = new FakeClock();
    const api = path.join(base, 'api');
    const web = path.join(base, 'web');
    const ws = await open([api, web], clock);
    await ws.indexCodebase();
    fs.writeFileSync(path.join(web, 'src/wombat.ts'), 'export const wombat = "marsupial burrow";\n');
    fs.rmSync(path.join(api, 'src/billing.ts'));
    ws.notifyFileChanged(path.join(web, 'src/wombat.ts'));
    ws.notifyFileChanged(path.join(api, 'src/billing.ts'));
    ws.notifyFileChanged(path.join(base, 'elsewhere.ts')); // outside every folder: ignored
    const [apiService, webService] = ws.services;
    assert.deepStrictEqual([apiService!.liveUpdater.pending, webService!.liveUpdater.pending], [1, 1]);
    clock.advance(100);
    await apiService!.liveUpdater.flush();
    await webService!.liveUpdater.flush();
    assert.strictEqual((await ws.searchCode('wombat marsupial', 1))[0]?.root, web);
    assert.ok(!apiService!.code.docs.has('src/billing.ts'));
    assert.ok(webService!.code.docs.has('src/wombat.ts'));
    assert.strictEqual(ws.status.files, 5);
  });

  it('a folder nested in another one is indexed once, by itself', async () => {
    const outer = path.join(base, 'web');
    const inner = path.join(base, 'web', 'src');
    assert.deepStrictEqual(nestedRootExcludes(outer, [outer, inner]), ['/src/']);
    assert.deepStrictEqual(nestedRootExcludes(inner, [outer, inner]), []);
    const ws = await open([outer, inner]);
    await ws.indexCodebase();
    assert.deepStrictEqual([...ws.services[0]!.code.docs.keys()], ['README.md']);
    assert.deepStrictEqual([...ws.services[1]!.code.docs.keys()].sort(), ['index.ts', 'invoice-view.ts']);
    const hits = (await ws.searchCode('InvoiceView', 10)).filter((r) => r.content.includes('InvoiceView'));
    assert.strictEqual(hits.length, 1);
    assert.strictEqual(ws.serviceFor(path.join(inner, 'index.ts'))?.root, inner, 'the innermost folder owns its files');
    ws.notifyFileChanged(path.join(inner, 'index.ts'));
    assert.deepStrictEqual([ws.services[0]!.liveUpdater.pending, ws.services[1]!.liveUpdater.pending], [0, 1]);
  });

  it('indexes one folder on request and refuses a folder that is not in the workspace', async () => {
    const api = path.join(base, 'api');
    const ws = await open([api, path.join(base, 'web')]);
    const report = await ws.indexCodebase(api);
    assert.strictEqual(report.filesIndexed, 2);
    assert.strictEqual(ws.services[1]!.status.files, 0);
    await assert.rejects(ws.indexCodebase(path.join(base, 'nope')), /is not a folder of this workspace/);
    await ws.indexCode(path.join(base, 'web', 'src', 'draft.ts'), 'export const unsavedDraft = 1;\n');
    assert.ok(ws.services[1]!.code.docs.has('src/draft.ts'), 'an absolute path goes to its folder');
    await assert.rejects(ws.indexCode(path.join(base, 'other', 'x.ts'), 'x'), /outside every indexed folder/);
  });

  it('experiences are recorded once (first folder) and found from every folder; task context spans the folders', async () => {
    const ws = await open([path.join(base, 'api'), path.join(base, 'web')]);
    await ws.indexCodebase();
    await ws.indexExperience({
      task: 'Show invoice totals in the browser',
      approach: 'format in InvoiceView',
      outcome: 'success',
      expertType: 'frontend-developer',
    });
    assert.deepStrictEqual(
      ws.services.map((s) => s.status.experiences),
      [1, 0],
    );
    assert.strictEqual(ws.status.experiences, 1);
    const context = await ws.retrieveForTask('invoice total charge and view', 'frontend-developer', 5);
    assert.deepStrictEqual(new Set(context.codeContext.map((c) => c.metadata.workspaceFolder)), new Set(['api', 'web']));
    assert.strictEqual(context.experienceContext[0]?.record.task, 'Show invoice totals in the browser');
    const augmented = await ws.augmentQuery('invoice total', 'auto', 4);
    assert.strictEqual(augmented.contextType, 'both');
    assert.match(
      augmented.augmentedQuery,
      /\[api\] src\/billing\.ts[\s\S]*\[web\] src\/invoice-view\.ts|\[web\] src\/invoice-view\.ts[\s\S]*\[api\] src\/billing\.ts/,
    );
  });

  it('one folder behaves like its RagService (same results, plus the folder)', async () => {
    const api = path.join(base, 'api');
    const ws = await open([api]);
    await ws.indexCodebase();
    const direct = await ws.services[0]!.searchCode('charge invoice', 5);
    const merged = await ws.searchCode('charge invoice', 5);
    assert.deepStrictEqual(
      merged,
      direct.map((r) => ({ ...r, root: api })),
    );
    assert.ok(!('workspaceFolder' in merged[0]!.metadata), 'no folder tag with a single folder');
    assert.strictEqual(ws.root, api);
    assert.strictEqual(ws.status.roots, 1);
  });

  it("moves a single-folder index into its folder's storage once, and it loads without indexing again", async () => {
    const api = path.join(base, 'api');
    const legacy = path.join(storage, 'legacy-rag');
    const first = await RagService.create({ fs: nodeFs, clock: systemClock, logger, root: api, storageDir: legacy, embedder: new CountingEmbedder() });
    await first.indexCodebase();
    first.dispose();
    const target = workspaceIndexDir(legacy, api);
    assert.strictEqual(await migrateLegacyIndex(nodeFs, legacy, target), true);
    assert.ok(fs.existsSync(path.join(target, 'code')) && !fs.existsSync(path.join(legacy, 'code')));
    assert.strictEqual(await migrateLegacyIndex(nodeFs, legacy, target), false, 'nothing left to move');
    const embedder = new CountingEmbedder();
    const moved = await RagService.create({ fs: nodeFs, clock: systemClock, logger, root: api, storageDir: target, embedder });
    assert.strictEqual((await moved.indexCodebase()).filesIndexed, 0);
    assert.strictEqual(embedder.embedded.length, 0);
    moved.dispose();
  });
});
