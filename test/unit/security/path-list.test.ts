// Listing a folder may name the workspace folder itself, and nothing beyond it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PathViolationError } from '../../../src/orchestrator/security/errors';
import { Fixture, LOCAL, makeFixture } from './security-fixture';

describe('file.list (folder listings through the gate)', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await makeFixture();
  });
  afterEach(async () => f.cleanup());

  it('allows the workspace folder itself and folders inside it, audited', async () => {
    const top = await f.security.gate.enforce({ principal: LOCAL, operation: 'file.list', path: '.' });
    assert.strictEqual(top.path!.relative, '');
    assert.strictEqual(fs.realpathSync(top.path!.absolute), fs.realpathSync(f.workspace));
    const src = await f.security.gate.enforce({ principal: LOCAL, operation: 'file.list', path: 'src' });
    assert.strictEqual(src.path!.relative, 'src');
  });

  it('still refuses everything outside the workspace, and the root stays unreadable as a file', async () => {
    for (const bad of ['..', '../', '/etc', path.dirname(f.workspace), '~', 'src/../..']) {
      await assert.rejects(f.security.gate.enforce({ principal: LOCAL, operation: 'file.list', path: bad }), PathViolationError, bad);
    }
    await assert.rejects(f.security.gate.enforce({ principal: LOCAL, operation: 'file.read', path: '.' }), /workspace folder itself/);
  });

  it('refuses a symlink that leads outside', async () => {
    const outside = fs.mkdtempSync(path.join(path.dirname(f.workspace), 'outside-'));
    fs.symlinkSync(outside, path.join(f.workspace, 'escape'));
    await assert.rejects(f.security.gate.enforce({ principal: LOCAL, operation: 'file.list', path: 'escape' }), /symbolic link leads outside/);
    fs.rmSync(outside, { recursive: true, force: true });
  });
});
