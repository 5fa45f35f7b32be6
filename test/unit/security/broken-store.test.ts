// Broken data folders and store files give one line naming the file and what to do, never a stack
// trace; terminal control characters in anything printed are shown escaped.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { describeFileError } from '../../../src/cli/file-error-message';
import { runCliAs, tempDir } from './security-fixture';

const cli = (dataDir: string, ...args: string[]) => runCliAs('admin', dataDir, args, path.dirname(dataDir));

describe('broken data files', function () {
  this.timeout(30_000);

  it('a data folder that is a file: one line, no stack trace', async () => {
    const tmp = tempDir('bt-broken-');
    const dataDir = path.join(tmp, 'data');
    fs.writeFileSync(dataDir, 'not a folder');
    const r = await cli(dataDir, 'audit', 'verify');
    assert.strictEqual(r.code, 1);
    assert.strictEqual(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /^big-three: cannot use .*\((ENOTDIR|EEXIST)[^)]*\): .*move (the file|it) away\.$/m);
    assert.ok(!/\n\s+at /.test(r.err));
  });

  it('an audit log that is a folder: one line', async () => {
    const tmp = tempDir('bt-broken-');
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(path.join(dataDir, 'security', 'audit', 'audit.jsonl'), { recursive: true });
    const r = await cli(dataDir, 'audit', 'verify');
    assert.notStrictEqual(r.code, 0);
    assert.ok(!/\n\s+at /.test(r.err), r.err);
    assert.match(r.err, /EISDIR|folder/);
  });

  it('describes each common errno in one sentence', () => {
    for (const code of ['EISDIR', 'ENOTDIR', 'EEXIST', 'EACCES', 'ENOSPC', 'EROFS']) {
      const line = describeFileError(Object.assign(new Error('x'), { code, path: '/data/x.json', syscall: 'open' }));
      assert.ok(line && !line.includes('\n') && line.includes('/data/x.json'), `${code}: ${line}`);
    }
    assert.strictEqual(describeFileError(new Error('other')), undefined);
  });
});
