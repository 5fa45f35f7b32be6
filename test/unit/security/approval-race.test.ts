// A path approved by the user must still lead where the user was shown when the action runs: the tree
// can change while the approval dialog is open (found by the stop-23 red team: a folder swapped for a
// symbolic link out of the workspace during the approval, and the approved write landed outside).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PathViolationError } from '../../../src/orchestrator/security/errors';
import { Fixture, LOCAL, makeFixture } from './security-fixture';

describe('approval and a tree that changes meanwhile', () => {
  let f: Fixture;
  beforeEach(async () => (f = await makeFixture({}, true)));
  afterEach(() => f.cleanup());
  const write = (file: string) =>
    f.security.gate.enforce({ principal: LOCAL, operation: 'file.write', actingExpert: 'backend-architect', path: file, payload: 'x' });

  it('refuses when a folder on the path became a link out of the workspace during the approval', async () => {
    const outside = path.join(f.tmp, 'outside');
    fs.mkdirSync(outside);
    const answer = f.approval.requestApproval.bind(f.approval);
    f.approval.requestApproval = async (request) => {
      fs.symlinkSync(outside, path.join(f.workspace, 'newdir')); // while the user looks at the dialog
      return answer(request);
    };
    await assert.rejects(write('newdir/pwned.txt'), (e: unknown) => e instanceof PathViolationError);
    assert.strictEqual(f.approval.requests.length, 1, 'the user was asked');
    const last = f.security.audit.getRecentEvents(1)[0]!;
    assert.strictEqual(last.outcome, 'denied');
  });

  it('refuses when the approved file became a link to a protected file meanwhile', async () => {
    fs.mkdirSync(path.join(f.workspace, '.vscode'));
    fs.writeFileSync(path.join(f.workspace, '.vscode', 'settings.json'), '{}');
    const answer = f.approval.requestApproval.bind(f.approval);
    f.approval.requestApproval = async (request) => {
      fs.symlinkSync(path.join(f.workspace, '.vscode', 'settings.json'), path.join(f.workspace, 'src', 'b.ts'));
      return answer(request);
    };
    await assert.rejects(write('src/b.ts'), (e: unknown) => e instanceof PathViolationError && /changed while waiting for approval/.test(e.message));
  });

  it('goes ahead when nothing changed', async () => {
    const decision = await write('src/new.ts');
    assert.strictEqual(decision.approvedBy, 'user');
    assert.strictEqual(decision.path?.absolute, path.join(f.workspace, 'src', 'new.ts'));
  });
});
