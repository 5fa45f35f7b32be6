// Fourteenth red team: a file listed by the scan and then swapped (for a link out of the workspace, a
// link to /dev/zero, a named pipe) or grown is not read; and secrets in forms common files hold are
// redacted before they reach the index.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { staysInside } from '../../../src/orchestrator/path-inside';
import { redactSecrets } from '../../../src/orchestrator/security/secrets/secret-scanner';

describe('reading a file the scan listed', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-regular-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const nodeFs = new NodeFileSystem();

  it('reads a regular file within the limit, and refuses a link, a device behind a link, a pipe and a file past the limit', async () => {
    fs.writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');
    assert.strictEqual(Buffer.from(await nodeFs.readRegularFile(path.join(dir, 'a.ts'), 1000)).toString('utf8'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(dir, 'outside.txt'), 'OUTSIDE');
    fs.symlinkSync(path.join(dir, 'outside.txt'), path.join(dir, 'link.ts'));
    await assert.rejects(nodeFs.readRegularFile(path.join(dir, 'link.ts'), 1000), /ELOOP|symbolic/i);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.ts'));
    await assert.rejects(nodeFs.readRegularFile(path.join(dir, 'zero.ts'), 1000), /ELOOP|symbolic/i);
    execFileSync('mkfifo', [path.join(dir, 'pipe.ts')]);
    await assert.rejects(nodeFs.readRegularFile(path.join(dir, 'pipe.ts'), 1000), /no longer a regular file/); // and does not hang
    fs.writeFileSync(path.join(dir, 'big.ts'), 'x'.repeat(2000));
    await assert.rejects(nodeFs.readRegularFile(path.join(dir, 'big.ts'), 1000), /grew past 1000 bytes/);
  });

  it('refuses a file reached through a folder swapped for a link out of the workspace, and follows a workspace opened through a link', async () => {
    const ws = path.join(dir, 'ws');
    const outside = path.join(dir, 'outside');
    fs.mkdirSync(path.join(ws, 'src'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(ws, 'src', 'a.ts'), 'inside\n');
    fs.writeFileSync(path.join(outside, 'a.ts'), 'OUTSIDE\n');
    const file = path.join(ws, 'src', 'a.ts');
    assert.strictEqual(Buffer.from(await nodeFs.readRegularFile(file, 1000, ws)).toString('utf8'), 'inside\n');
    // The scan listed src/a.ts; then src is swapped for a link to a folder outside (O_NOFOLLOW sees only a.ts).
    fs.rmSync(path.join(ws, 'src'), { recursive: true });
    fs.symlinkSync(outside, path.join(ws, 'src'));
    assert.strictEqual(Buffer.from(await nodeFs.readRegularFile(file, 1000)).toString('utf8'), 'OUTSIDE\n', 'without a folder to stay in');
    await assert.rejects(nodeFs.readRegularFile(file, 1000, ws), /no longer leads to a file inside/);
    // A workspace opened by a link to it is the same folder.
    fs.rmSync(path.join(ws, 'src'));
    fs.mkdirSync(path.join(ws, 'src'));
    fs.writeFileSync(path.join(ws, 'src', 'a.ts'), 'inside again\n');
    const opened = path.join(dir, 'opened-through-link');
    fs.symlinkSync(ws, opened);
    const viaLink = path.join(opened, 'src', 'a.ts');
    assert.strictEqual(Buffer.from(await nodeFs.readRegularFile(viaLink, 1000, opened)).toString('utf8'), 'inside again\n');
    // A name that only starts with two dots is inside (review of stop 28: "..config/x.ts" had been refused).
    fs.mkdirSync(path.join(ws, '..config'));
    fs.writeFileSync(path.join(ws, '..config', 'x.ts'), 'dots\n');
    fs.writeFileSync(path.join(ws, '..otter.ts'), 'otter\n');
    assert.strictEqual(Buffer.from(await nodeFs.readRegularFile(path.join(ws, '..config', 'x.ts'), 1000, ws)).toString('utf8'), 'dots\n');
    assert.strictEqual(Buffer.from(await nodeFs.readRegularFile(path.join(ws, '..otter.ts'), 1000, ws)).toString('utf8'), 'otter\n');
    for (const [rel, inside] of [
      ['..config/x.ts', true],
      ['..', false],
      ['../x', false],
      ['/abs', false],
    ] as const)
      assert.strictEqual(staysInside(rel), inside, rel);
  });

  it('redacts base64 PEM blocks, JSON Web Key private members, XML and PHP passwords and command-line passwords', () => {
    const cases: Array<[string, string]> = [
      ['  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2Z0lCQURBTkJna3Fo', 'LS0tLS1CRUdJTi'],
      [`{"kty":"RSA","d":"${'X4cTteJY_gn4FYPsXB8rdXix5vwsg1FLN5E3EaG6RJoV'.repeat(3)}","e":"AQAB"}`, 'X4cTteJY'],
      ['<server><password>N3xusDepl0y!2024</password></server>', 'N3xusDepl0y'],
      ["define( 'DB_PASSWORD', 'Xk9#mQ2vLp7Rt' );", 'Xk9#mQ2vLp7Rt'],
      ['mysql -u root -pRootPw_998877 shop', 'RootPw_998877'],
      ["sshpass -p 'SshPassw0rd#1' ssh host", 'SshPassw0rd#1'],
    ];
    for (const [text, secret] of cases) assert.ok(!redactSecrets(text).includes(secret), text);
    for (const plain of ['the password field is required', '{"p":"short","d":"2024-01-01"}', 'define("APP_NAME", "shop")'])
      assert.strictEqual(redactSecrets(plain), plain);
  });
});
