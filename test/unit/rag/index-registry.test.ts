// The shared data folder keeps one index per workspace folder; an index whose folder was deleted is
// removed (issue 16: stale indexes of deleted workspaces pruned), and nothing else is.
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { INDEX_ROOT_FILE, pruneStaleIndexes, recordIndexRoot } from '../../../src/orchestrator/rag/index-registry';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import { workspaceIndexDir } from '../../../src/orchestrator/rag/rag-paths';
import { silentLogger, systemClock } from '../../../src/orchestrator/ports';

describe('indexes of deleted workspace folders', () => {
  let home: string;
  const files = new NodeFileSystem();
  const exists = (p: string) =>
    fs.stat(p).then(
      () => true,
      () => false,
    );

  beforeEach(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'index-registry-'));
  });
  afterEach(() => fs.rm(home, { recursive: true, force: true }));

  it('an index run notes its folder, and the index goes once that folder is deleted', async () => {
    const dataDir = path.join(home, 'data');
    const workspace = path.join(home, 'projects', 'shop');
    await fs.mkdir(path.join(workspace, 'src'), { recursive: true });
    await fs.writeFile(path.join(workspace, 'src', 'cart.ts'), 'export function addToCart(item: string) { return [item]; }\n');
    const storageDir = workspaceIndexDir(dataDir, workspace);
    const rag = await RagService.create({ fs: files, clock: systemClock, logger: silentLogger, root: workspace, storageDir });
    await rag.indexCodebase();
    rag.dispose();
    assert.deepStrictEqual(JSON.parse(await fs.readFile(path.join(storageDir, INDEX_ROOT_FILE), 'utf8')), { v: 1, root: workspace });

    const ragDir = path.join(dataDir, 'rag');
    assert.deepStrictEqual(await pruneStaleIndexes(files, ragDir, silentLogger), [], 'the folder still exists');
    await fs.rm(workspace, { recursive: true });
    assert.deepStrictEqual(await pruneStaleIndexes(files, ragDir, silentLogger), [{ indexDir: storageDir, root: workspace }]);
    assert.strictEqual(await exists(storageDir), false);
  });

  it('keeps an index whose folder is on a drive that is away, one without a noted folder, one asked to be kept, and an unreadable note', async () => {
    const ragDir = path.join(home, 'data', 'rag');
    const index = async (name: string, root?: string) => {
      const dir = path.join(ragDir, name);
      await fs.mkdir(path.join(dir, 'code'), { recursive: true });
      if (root) await recordIndexRoot(files, dir, root);
      return dir;
    };
    await fs.mkdir(path.join(home, 'projects'), { recursive: true });
    const away = await index('away', path.join(home, 'unmounted-drive', 'project'));
    const unnoted = await index('unnoted');
    const kept = await index('kept', path.join(home, 'projects', 'deleted-but-kept'));
    const deleted = await index('deleted', path.join(home, 'projects', 'deleted'));
    const garbled = await index('garbled');
    await fs.writeFile(path.join(garbled, INDEX_ROOT_FILE), '{"v":1,"root":"relative/path"}');
    await fs.writeFile(path.join(ragDir, 'a-file'), 'not an index');

    const removed = await pruneStaleIndexes(files, ragDir, silentLogger, [kept]);
    assert.deepStrictEqual(removed, [{ indexDir: deleted, root: path.join(home, 'projects', 'deleted') }]);
    for (const dir of [away, unnoted, kept, garbled]) assert.ok(await exists(dir), dir);
    assert.ok(await exists(path.join(ragDir, 'a-file')));
    assert.deepStrictEqual(await pruneStaleIndexes(files, path.join(home, 'no-data-yet', 'rag'), silentLogger), []);
  });

  it('notes the folder once: a second run does not write the note again', async () => {
    const dir = path.join(home, 'rag', 'x');
    await recordIndexRoot(files, dir, '/some/project');
    const first = (await fs.stat(path.join(dir, INDEX_ROOT_FILE))).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await recordIndexRoot(files, dir, '/some/project');
    assert.strictEqual((await fs.stat(path.join(dir, INDEX_ROOT_FILE))).mtimeMs, first);
  });
});
