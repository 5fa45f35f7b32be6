// What a command line is told about a folder it names: missing, not a folder, unreadable, or nothing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { folderProblem } from '../../../src/adapters/folder-check';

describe('folder check for command lines', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-check-'));
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('says nothing of a readable folder, and what is wrong otherwise', async () => {
    fs.writeFileSync(path.join(base, 'file.txt'), 'x');
    assert.strictEqual(await folderProblem(base), undefined);
    assert.strictEqual(await folderProblem(path.join(base, 'missing')), 'does not exist');
    assert.strictEqual(await folderProblem(path.join(base, 'file.txt')), 'is not a folder');
    assert.strictEqual(await folderProblem(path.join(base, 'file.txt', 'below')), 'does not exist');
  });

  it('says a folder this account cannot list is unreadable (not run as root, which may list any folder)', async function () {
    if (process.getuid?.() === 0) this.skip();
    const locked = path.join(base, 'locked');
    fs.mkdirSync(locked);
    fs.chmodSync(locked, 0o000);
    try {
      assert.strictEqual(await folderProblem(locked), 'cannot be read (permission denied)');
    } finally {
      fs.chmodSync(locked, 0o700);
    }
  });
});
