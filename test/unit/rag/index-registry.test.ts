// The shared data folder keeps one index per workspace folder. The code index of a folder that has been
// missing for MISSING_DAYS days is removed; the experiences recorded there, and everything whose folder
// might come back or cannot be told apart, stay (issue 16: stale indexes of deleted workspaces pruned;
// the review of stop 31: a folder opened through a link, a folder missing for a while, an unreadable entry).
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { INDEX_ROOT_FILE, MISSING_DAYS, noteAndPrune, pruneStaleIndexes, recordIndexRoot } from '../../../src/orchestrator/rag/index-registry';
import { workspaceIndexDir } from '../../../src/orchestrator/rag/rag-paths';
import { silentLogger } from '../../../src/orchestrator/ports';

const DAY = 24 * 60 * 60 * 1000;

describe('indexes of deleted workspace folders', () => {
  let home: string;
  let dataDir: string;
  const files = new NodeFileSystem();
  const exists = (p: string) =>
    fs.stat(p).then(
      () => true,
      () => false,
    );
  /** An index as a host leaves it: code/, experiences/ (with a record or empty), and the note. */
  const index = async (root: string, { experiences = false, note = root } = {}) => {
    const dir = workspaceIndexDir(dataDir, root);
    await fs.mkdir(path.join(dir, 'code'), { recursive: true });
    await fs.writeFile(path.join(dir, 'code', 'base.bt3'), 'index');
    await fs.mkdir(path.join(dir, 'experiences'), { recursive: true });
    if (experiences) await fs.writeFile(path.join(dir, 'experiences', 'base.bt3'), 'what happened');
    await recordIndexRoot(files, dir, note);
    return dir;
  };
  const prune = (now: number, keep: string[] = []) => pruneStaleIndexes(files, dataDir, silentLogger, now, keep);

  beforeEach(async () => {
    home = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'index-registry-')));
    dataDir = path.join(home, 'data');
    await fs.mkdir(path.join(home, 'projects'), { recursive: true });
  });
  afterEach(() => fs.rm(home, { recursive: true, force: true }));

  it('removes the code index only after the folder has been missing for the whole grace period, keeping the experiences', async () => {
    const shop = path.join(home, 'projects', 'shop');
    const blog = path.join(home, 'projects', 'blog');
    await fs.mkdir(shop);
    await fs.mkdir(blog);
    const shopIndex = await index(shop, { experiences: true });
    const blogIndex = await index(blog);
    const t0 = Date.UTC(2026, 0, 1);
    assert.deepStrictEqual(await prune(t0), [], 'both folders exist');
    await fs.rm(shop, { recursive: true });
    await fs.rm(blog, { recursive: true });
    assert.deepStrictEqual(await prune(t0 + DAY), [], 'the first pass that finds them missing only notes since when');
    assert.strictEqual(JSON.parse(await fs.readFile(path.join(shopIndex, INDEX_ROOT_FILE), 'utf8')).missingSince, t0 + DAY);
    assert.deepStrictEqual(await prune(t0 + MISSING_DAYS * DAY), [], 'not yet the whole period');
    const removed = await prune(t0 + (MISSING_DAYS + 1) * DAY);
    assert.deepStrictEqual(removed.map((r) => r.root).sort(), [blog, shop].sort());
    assert.strictEqual(await exists(path.join(shopIndex, 'code')), false);
    assert.ok(await exists(path.join(shopIndex, 'experiences', 'base.bt3')), 'experiences exist nowhere else: they stay');
    assert.strictEqual(await exists(blogIndex), false, 'nothing but the note was left: the folder goes');
    assert.deepStrictEqual(await prune(t0 + 100 * DAY), [], 'nothing more to remove');
  });

  it('a folder that comes back clears its missing mark', async () => {
    const app = path.join(home, 'projects', 'app');
    await fs.mkdir(app);
    const dir = await index(app);
    await fs.rm(app, { recursive: true });
    await prune(1_000);
    await fs.mkdir(app);
    await prune(2_000);
    assert.strictEqual(JSON.parse(await fs.readFile(path.join(dir, INDEX_ROOT_FILE), 'utf8')).missingSince, undefined);
    await fs.rm(app, { recursive: true });
    assert.deepStrictEqual(await prune(3_000 + (MISSING_DAYS + 1) * DAY), [], 'missing again: the period starts again');
    assert.ok(await exists(path.join(dir, 'code')));
  });

  it('keeps an index noted under another path than its name (a link), one on a drive that is away, one without a note, one to keep, and goes on past an unreadable entry', async () => {
    const real = path.join(home, 'projects', 'real');
    await fs.mkdir(real);
    await fs.mkdir(path.join(home, 'links')); // the link itself was deleted, its folder is there
    const throughLink = await index(real, { note: path.join(home, 'links', 'real') }); // noted as opened: not its name's folder
    const away = await index(path.join(home, 'unmounted', 'project'));
    const kept = await index(path.join(home, 'projects', 'kept'));
    const gone = await index(path.join(home, 'projects', 'gone'));
    await fs.writeFile(path.join(home, 'afile'), 'x');
    const broken = await index(path.join(home, 'afile', 'project')); // stat fails with ENOTDIR
    const unnoted = path.join(dataDir, 'rag', 'old-0123456789');
    await fs.mkdir(path.join(unnoted, 'code'), { recursive: true });
    const garbled = path.join(dataDir, 'rag', 'garbled-0123456789');
    await fs.mkdir(garbled, { recursive: true });
    await fs.writeFile(path.join(garbled, INDEX_ROOT_FILE), '{"v":1,"root":"relative/path"}');
    await fs.writeFile(path.join(dataDir, 'rag', 'a-file'), 'not an index');

    await prune(0, [kept]);
    const removed = await prune((MISSING_DAYS + 1) * DAY, [kept]);
    assert.deepStrictEqual(
      removed.map((r) => r.indexDir),
      [gone],
    );
    for (const dir of [throughLink, away, kept, unnoted, garbled]) assert.ok(await exists(path.join(dir, dir === garbled ? INDEX_ROOT_FILE : 'code')), dir);
    assert.ok(await exists(path.join(broken, 'code')), 'an entry whose folder cannot be looked at (ENOTDIR) is kept, and the pass goes on');
    assert.deepStrictEqual(await pruneStaleIndexes(files, path.join(home, 'no-data-yet'), silentLogger, 0), []);
  });

  it('notes the folder once: opening it again does not write the note again', async () => {
    const dir = path.join(dataDir, 'rag', 'x');
    await recordIndexRoot(files, dir, '/some/project');
    const first = (await fs.stat(path.join(dir, INDEX_ROOT_FILE))).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await recordIndexRoot(files, dir, '/some/project');
    assert.strictEqual((await fs.stat(path.join(dir, INDEX_ROOT_FILE))).mtimeMs, first);
  });

  it('a host that opened its folders notes each and looks after the rest in one call', async () => {
    const open = path.join(home, 'projects', 'open');
    const gone = path.join(home, 'projects', 'gone');
    await fs.mkdir(open);
    const goneIndex = await index(gone);
    await noteAndPrune(files, dataDir, [open], silentLogger, 0);
    assert.deepStrictEqual(JSON.parse(await fs.readFile(path.join(workspaceIndexDir(dataDir, open), INDEX_ROOT_FILE), 'utf8')), { v: 1, root: open });
    const removed = await noteAndPrune(files, dataDir, [open], silentLogger, (MISSING_DAYS + 1) * DAY);
    assert.deepStrictEqual(removed, [{ indexDir: goneIndex, root: gone }]);
  });
});
