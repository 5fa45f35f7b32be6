// NodeFileSystem, the FileSystemPort on Node's fs, against real temp folders.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../../src/adapters/node-file-system';
import { keepDataFolderPrivate } from '../../src/adapters/private-data-folder';
import { RecordingLogger } from '../fakes/recording-logger';

describe('NodeFileSystem', () => {
  const nfs = new NodeFileSystem();
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('writeFileAtomic', () => {
    it('writes a string and leaves no temporary file behind', async () => {
      const file = path.join(dir, 'state.json');
      await nfs.writeFileAtomic(file, '{"a":1}');
      assert.strictEqual(fs.readFileSync(file, 'utf8'), '{"a":1}');
      assert.deepStrictEqual(fs.readdirSync(dir), ['state.json']);
    });

    it('writes bytes exactly', async () => {
      const file = path.join(dir, 'blob.bin');
      const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
      await nfs.writeFileAtomic(file, bytes);
      assert.deepStrictEqual([...fs.readFileSync(file)], [0, 1, 2, 253, 254, 255]);
    });

    it('replaces the previous content completely (a shorter write leaves no tail)', async () => {
      const file = path.join(dir, 'state.json');
      await nfs.writeFileAtomic(file, 'a long first version of the file');
      await nfs.writeFileAtomic(file, 'short');
      assert.strictEqual(fs.readFileSync(file, 'utf8'), 'short');
      assert.deepStrictEqual(fs.readdirSync(dir), ['state.json']);
    });

    it('creates missing parent folders', async () => {
      const file = path.join(dir, 'a', 'b', 'c', 'deep.txt');
      await nfs.writeFileAtomic(file, 'deep');
      assert.strictEqual(fs.readFileSync(file, 'utf8'), 'deep');
      assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'a', 'b', 'c')), ['deep.txt']);
    });

    it('appends create missing folders, also when one is removed between two appends', async () => {
      const file = path.join(dir, 'logs', 'deep', 'audit.jsonl');
      await nfs.appendFile(file, 'one\n');
      await nfs.appendFile(file, 'two\n');
      assert.strictEqual(fs.readFileSync(file, 'utf8'), 'one\ntwo\n');
      fs.rmSync(path.join(dir, 'logs'), { recursive: true });
      await nfs.appendFile(file, 'three\n');
      assert.strictEqual(fs.readFileSync(file, 'utf8'), 'three\n');
    });

    it('a folder path that runs through a file fails with the system error, creating nothing', async () => {
      fs.writeFileSync(path.join(dir, 'plain'), 'x');
      await assert.rejects(nfs.appendFile(path.join(dir, 'plain', 'audit.jsonl'), 'x\n'), (e: NodeJS.ErrnoException) => e.code === 'ENOTDIR');
      await assert.rejects(nfs.writeFileAtomic(path.join(dir, 'plain', 'state.json'), 'x'), (e: NodeJS.ErrnoException) => e.code === 'ENOTDIR');
      assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['plain']);
    });

    it('concurrent writes to one file end with one complete version and no temporary files', async () => {
      const file = path.join(dir, 'race.txt');
      const versions = Array.from({ length: 20 }, (_, i) => `version ${i} `.repeat(1000));
      await Promise.all(versions.map((v) => nfs.writeFileAtomic(file, v)));
      assert.ok(versions.includes(fs.readFileSync(file, 'utf8')), 'the file must hold one whole version');
      assert.deepStrictEqual(fs.readdirSync(dir), ['race.txt']);
    });

    it('a failed rename rejects and removes its temporary file', async () => {
      const target = path.join(dir, 'occupied');
      fs.mkdirSync(path.join(target, 'child'), { recursive: true });
      await assert.rejects(nfs.writeFileAtomic(target, 'data'));
      assert.deepStrictEqual(fs.readdirSync(dir), ['occupied']);
      assert.ok(fs.statSync(target).isDirectory(), 'the folder in the way is untouched');
    });

    it('a failed write rejects and removes its temporary file', async () => {
      const file = path.join(dir, 'never.bin');
      // Not bytes nor text: the temporary file is opened, then writing it fails.
      await assert.rejects(nfs.writeFileAtomic(file, 42 as unknown as string));
      assert.deepStrictEqual(fs.readdirSync(dir), []);
    });
  });

  describe('stat', () => {
    it('is undefined for a missing file', async () => {
      assert.strictEqual(await nfs.stat(path.join(dir, 'missing.txt')), undefined);
      assert.strictEqual(await nfs.stat(path.join(dir, 'no', 'such', 'folder')), undefined);
    });

    it('reports size and kind of files and folders', async () => {
      fs.writeFileSync(path.join(dir, 'five.txt'), '12345');
      const file = await nfs.stat(path.join(dir, 'five.txt'));
      assert.ok(file);
      assert.strictEqual(file.size, 5);
      assert.strictEqual(file.isFile, true);
      assert.strictEqual(file.isDirectory, false);
      assert.ok(file.mtimeMs > 0);
      const folder = await nfs.stat(dir);
      assert.ok(folder);
      assert.strictEqual(folder.isFile, false);
      assert.strictEqual(folder.isDirectory, true);
    });
  });

  describe('readDirectory', () => {
    it('is [] for a missing folder and for a path that is a file', async () => {
      assert.deepStrictEqual(await nfs.readDirectory(path.join(dir, 'missing')), []);
      fs.writeFileSync(path.join(dir, 'plain.txt'), 'x');
      assert.deepStrictEqual(await nfs.readDirectory(path.join(dir, 'plain.txt')), []);
    });

    it('lists files and folders with their kind', async () => {
      fs.writeFileSync(path.join(dir, 'b.md'), 'x');
      fs.mkdirSync(path.join(dir, 'a-folder'));
      const entries = (await nfs.readDirectory(dir)).sort((x, y) => x.name.localeCompare(y.name));
      assert.deepStrictEqual(entries, [
        { name: 'a-folder', isFile: false, isDirectory: true },
        { name: 'b.md', isFile: true, isDirectory: false },
      ]);
    });
  });

  describe('createDirectory, rename and delete', () => {
    it('create nested folders, rename a file and delete a folder tree; deleting a missing path is fine', async () => {
      const nested = path.join(dir, 'x', 'y');
      await nfs.createDirectory(nested);
      await nfs.createDirectory(nested); // again: no error
      assert.ok(fs.statSync(nested).isDirectory());
      fs.writeFileSync(path.join(nested, 'from.txt'), 'moved');
      await nfs.rename(path.join(nested, 'from.txt'), path.join(dir, 'to.txt'));
      assert.strictEqual(fs.readFileSync(path.join(dir, 'to.txt'), 'utf8'), 'moved');
      assert.strictEqual(fs.existsSync(path.join(nested, 'from.txt')), false);
      await nfs.delete(path.join(dir, 'x'));
      assert.strictEqual(fs.existsSync(path.join(dir, 'x')), false);
      await nfs.delete(path.join(dir, 'never-existed'));
      assert.deepStrictEqual(await nfs.readFile(path.join(dir, 'to.txt')), Buffer.from('moved'));
    });
  });
});

describe('the data folder', () => {
  it('is created readable by its owner only, and an existing one is made so (fifteenth red team)', async function () {
    if (process.platform === 'win32') this.skip();
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-private-'));
    try {
      const logger = new RecordingLogger();
      const fresh = path.join(base, 'fresh', '.big-three');
      await keepDataFolderPrivate(fresh, logger);
      assert.strictEqual(fs.statSync(fresh).mode & 0o777, 0o700);
      const open = path.join(base, 'open');
      fs.mkdirSync(open, { mode: 0o755 });
      fs.chmodSync(open, 0o755);
      await keepDataFolderPrivate(open, logger);
      assert.strictEqual(fs.statSync(open).mode & 0o777, 0o700);
      assert.match(logger.lines.map((l) => l.message).join('\n'), /readable by its owner only/);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
