// Files that make tools run code (package manifests, CI workflows, git hooks, direnv) are protected:
// writing them always needs the user's approval, even with edits auto-approved.
import * as assert from 'assert';
import { ApprovalDeniedError } from '../../../src/orchestrator/security/errors';
import { Fixture, LOCAL, makeFixture } from './security-fixture';

describe('protected files', () => {
  let f: Fixture;
  beforeEach(async () => (f = await makeFixture({ autoApprove: { global: { edit: true }, perExpert: {} } })));
  afterEach(() => f.cleanup());

  const PROTECTED = [
    'package.json',
    'packages/api/package.json',
    '.npmrc',
    '.yarnrc.yml',
    '.github/workflows/ci.yml',
    '.husky/pre-commit',
    '.envrc',
    'sub/.envrc',
    '.env.production',
    'Makefile',
    'pyproject.toml',
    '.gitlab-ci.yml',
    '.pre-commit-config.yaml',
    '.devcontainer/devcontainer.json',
    'node_modules/typescript/lib/tsc.js',
    'packages/api/node_modules/mocha/bin/mocha.js',
    'src/sub/.gitattributes',
  ];
  for (const file of PROTECTED) {
    it(`asks before an agent writes ${file}`, async () => {
      assert.ok((await f.security.paths()!.resolve(file, 'write')).protectedBy, file);
      await assert.rejects(
        f.security.gate.enforce({ principal: LOCAL, operation: 'file.write', actingExpert: 'backend-architect', path: file, payload: '{}' }),
        ApprovalDeniedError,
      );
    });
  }

  it('leaves ordinary source files alone', async () => {
    for (const file of ['src/a.ts', 'src/package-lock-helper.ts', 'docs/package.json.md'])
      assert.strictEqual((await f.security.paths()!.resolve(file, 'write')).protectedBy, undefined, file);
  });
});
