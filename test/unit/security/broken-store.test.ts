// Broken data folders and store files give one line naming the file and what to do, never a stack
// trace; terminal control characters in anything printed are shown escaped.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
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

  it('a named pipe in place of the audit log, its anchor or permissions.json: one line, no hang (fifteenth red team)', async () => {
    for (const rel of [
      ['security', 'audit', 'audit.jsonl'],
      ['security', 'audit-anchor.jsonl'],
      ['security', 'permissions.json'],
      ['security', 'tokens.json'],
    ]) {
      const tmp = tempDir('bt-broken-');
      const dataDir = path.join(tmp, 'data');
      fs.mkdirSync(path.join(dataDir, ...rel.slice(0, -1)), { recursive: true });
      execFileSync('mkfifo', [path.join(dataDir, ...rel)]);
      const r = await cli(dataDir, 'experts', 'list'); // had waited for a writer for ever
      assert.ok(!/\n\s+at /.test(r.err), r.err);
      if (rel.at(-1) === 'tokens.json') {
        // As an unreadable token file always is: moved aside, every token refused, the host goes on.
        assert.strictEqual(r.code, 0, r.err);
        assert.match(r.err, /tokens\.json is invalid .*not a regular file.*moved to .*Every issued token is invalid/);
      } else {
        assert.notStrictEqual(r.code, 0, rel.join('/'));
        assert.match(r.err, /ENOTREG.*a named pipe, a device or a socket is where a file belongs/, rel.join('/'));
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('describes each common errno in one sentence', () => {
    for (const code of ['EISDIR', 'ENOTREG', 'ENOTDIR', 'EEXIST', 'EACCES', 'ENOSPC', 'EROFS']) {
      const line = describeFileError(Object.assign(new Error('x'), { code, path: '/data/x.json', syscall: 'open' }));
      assert.ok(line && !line.includes('\n') && line.includes('/data/x.json'), `${code}: ${line}`);
    }
    assert.strictEqual(describeFileError(new Error('other')), undefined);
  });
});
