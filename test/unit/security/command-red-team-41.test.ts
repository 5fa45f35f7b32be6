// The fourth red team of the command guard (stop 39): files a program reaches that no name on the command
// line shows — a secret file behind a link, and git diff comparing any two files outside a repository.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { nodeRealPath } from '../../../src/adapters/node-real-path';
import { outsideAnyRepository } from '../../../src/orchestrator/security/commands/real-locations';
import { COMMANDS_AUTO_APPROVED, fixturePerTest } from './security-fixture';

describe('command check through the gate: red teams 41 and 42', () => {
  const fixture = fixturePerTest(COMMANDS_AUTO_APPROVED);
  const decide = (command: string) => fixture().security.gate.commandDecision(command);

  it('asks when a name leads to a secret file through a link (npm test loads it as code and prints its value)', async () => {
    const { workspace } = fixture();
    fs.writeFileSync(path.join(workspace, '.env'), 'SECRET=hunter2\n');
    fs.symlinkSync('.env', path.join(workspace, 'config.test.js'));
    const decision = await decide('npm test config.test.js');
    assert.strictEqual(decision.verdict, 'ask');
    assert.match(decision.reason, /leads to a secret file \(\.env\) through a symbolic link/);
    fs.mkdirSync(path.join(workspace, 'config'));
    fs.writeFileSync(path.join(workspace, 'config', 'prod.env'), 'SECRET=hunter2\n');
    fs.symlinkSync(path.join('config', 'prod.env'), path.join(workspace, 'cfg.test.js'));
    assert.match((await decide('npm test cfg.test.js')).reason, /leads to a secret file \(config\/prod\.env\)/, 'any secret file, not only .env');
    assert.strictEqual((await decide('npm test -- --grep smoke')).verdict, 'allow');
  });

  it('checks the files a test runner completes with an extension (npm test cfg loads cfg.js), and installs linked out (red team 42)', async () => {
    const { workspace, tmp } = fixture();
    fs.writeFileSync(path.join(workspace, '.env'), 'SECRET=hunter2\n');
    fs.symlinkSync('.env', path.join(workspace, 'cfg.js'));
    assert.match((await decide('npm test cfg')).reason, /cfg\.js leads to a secret file/);
    fs.mkdirSync(path.join(tmp, 'elsewhere'));
    fs.writeFileSync(path.join(tmp, 'elsewhere', 'tsc'), '');
    fs.mkdirSync(path.join(workspace, 'node_modules', '.bin'), { recursive: true });
    fs.symlinkSync(path.join(tmp, 'elsewhere', 'tsc'), path.join(workspace, 'node_modules', '.bin', 'tsc'));
    const tsc = await decide('npx tsc --noEmit');
    assert.strictEqual(tsc.verdict, 'ask');
    assert.match(tsc.reason, /node_modules\/\.bin\/tsc leads outside the workspace/);
  });

  it('looks into a folder handed to a test script: a link inside to a secret file or out of the workspace asks (red team 42)', async () => {
    const { workspace, tmp } = fixture();
    fs.mkdirSync(path.join(workspace, 'conf2'));
    fs.writeFileSync(path.join(workspace, 'conf2', 'a.test.js'), '');
    assert.strictEqual((await decide('npm test conf2')).verdict, 'allow');
    fs.mkdirSync(path.join(tmp, 'secrets'));
    fs.writeFileSync(path.join(tmp, 'secrets', 'evil.js'), '');
    fs.symlinkSync(path.join(tmp, 'secrets', 'evil.js'), path.join(workspace, 'conf2', 'x.js'));
    for (const c of ['npm test conf2', 'npm run test -- ./conf2', 'npm test .', 'npm test src/..'])
      assert.match((await decide(c)).reason, /leads outside the workspace, and the script's program loads/, c);
    fs.rmSync(path.join(workspace, 'conf2', 'x.js'));
    fs.writeFileSync(path.join(workspace, '.env'), 'SECRET=hunter2\n');
    fs.symlinkSync(path.join('..', '.env'), path.join(workspace, 'conf2', 'y.js'));
    assert.match((await decide('npm test conf2')).reason, /leads to a secret file, which the script's program would load/);
  });

  it('asks for git diff in a workspace in no git repository (it compares any two files there), not inside one', async function () {
    const { workspace } = fixture();
    if (!(await outsideAnyRepository([workspace], nodeRealPath))) this.skip(); // a temporary folder inside a repository: nothing to check
    const decision = await decide('git diff src .');
    assert.strictEqual(decision.verdict, 'ask');
    assert.match(decision.reason, /in no git repository/);
    assert.strictEqual((await decide('git status')).verdict, 'allow', 'only git diff reads files as --no-index');
    assert.strictEqual((await decide('git diff')).verdict, 'allow', 'and only given two paths (with fewer it fails outside a repository)');
    assert.strictEqual((await decide('git diff --stat src')).verdict, 'allow');
    fs.mkdirSync(path.join(workspace, '.git'));
    assert.strictEqual((await decide('git diff src .')).verdict, 'ask', 'an empty .git folder is no repository: git looks past it (red team 42)');
    fs.writeFileSync(path.join(workspace, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    assert.strictEqual((await decide('git diff src .')).verdict, 'allow');
  });
});
