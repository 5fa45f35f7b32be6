// The fourth red team of the command guard (stop 39): files a program reaches that no name on the command
// line shows — a secret file behind a link, and git diff comparing any two files outside a repository.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { nodeRealPath } from '../../../src/adapters/node-real-path';
import { outsideAnyRepository } from '../../../src/orchestrator/security/commands/real-locations';
import { COMMANDS_AUTO_APPROVED, fixturePerTest } from './security-fixture';

describe('command check through the gate: red team 41', () => {
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

  it('asks for git diff in a workspace in no git repository (it compares any two files there), not inside one', async function () {
    const { workspace } = fixture();
    if (!(await outsideAnyRepository([workspace], nodeRealPath))) this.skip(); // a temporary folder inside a repository: nothing to check
    const decision = await decide('git diff src .');
    assert.strictEqual(decision.verdict, 'ask');
    assert.match(decision.reason, /in no git repository/);
    assert.strictEqual((await decide('git status')).verdict, 'allow', 'only git diff reads files as --no-index');
    fs.mkdirSync(path.join(workspace, '.git'));
    assert.strictEqual((await decide('git diff src .')).verdict, 'allow');
  });
});
