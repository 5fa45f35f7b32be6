import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { systemClock } from '../../../src/orchestrator/ports';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import { IgnoreRules } from '../../../src/orchestrator/rag/ignore-rules';
import { decodeText, scanWorkspace } from '../../../src/orchestrator/rag/workspace-scanner';
import { RecordingLogger, tempDir, writeFiles } from './rag-helpers';

const nodeFs = new NodeFileSystem();

describe('RAG ignore rules and secrets', () => {
  let root: string;
  beforeEach(() => {
    root = tempDir('ignore');
    writeFiles(root, {
      '.gitignore': 'dist/\n*.log\n!keep.log\nsecrets-folder/\n!.env.example\n',
      '.bigthreeignore': 'fixtures/big/\n',
      'src/app.ts': 'export function app() { return 1; }\n',
      'src/.gitignore': 'generated.ts\n',
      'src/generated.ts': 'export const generated = true;\n',
      'src/nested/ok.ts': 'export const ok = 1;\n',
      'dist/bundle.js': 'var x = 1;\n',
      'debug.log': 'log line\n',
      'keep.log': 'kept log line\n',
      'fixtures/big/data.json': '{"a": 1}\n',
      'fixtures/small.json': '{"b": 2}\n',
      'node_modules/lib/index.js': 'module.exports = 1;\n',
      '.env': 'API_KEY=sk-live-123456\n',
      '.env.example': 'API_KEY=\n',
      'config/prod.env': 'DB_PASSWORD=hunter2\n',
      'certs/server.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      'keys/deploy.key': 'secret key material\n',
      '.ssh/id_ed25519': 'private\n',
      'aws/credentials': '[default]\naws_secret_access_key=abc\n',
      'gcp/service-account-prod.json': '{"private_key": "x"}\n',
      'notes/embedded-key.txt': 'here it is\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n',
      'img/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]),
      'big.txt': 'x'.repeat(5000),
    });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('leaves out a folder or file it may not read, not the whole workspace', async () => {
    // As a user who is not root sees a folder of mode 000 (root reads it anyway, so the refusal is simulated).
    const denied = (p: string) => p.split(path.sep).includes('src') && p.includes(`${path.sep}nested`);
    const eacces = (p: string) => Object.assign(new Error(`EACCES: permission denied, ${p}`), { code: 'EACCES' });
    const lockedFs = Object.create(nodeFs) as NodeFileSystem;
    lockedFs.stat = async (p) => (denied(p) ? Promise.reject(eacces(p)) : nodeFs.stat(p));
    lockedFs.readDirectory = async (p) => (denied(p) ? Promise.reject(eacces(p)) : nodeFs.readDirectory(p));
    const rules = new IgnoreRules(lockedFs, root, new RecordingLogger());
    const scan = await scanWorkspace(lockedFs, rules, 4096);
    assert.ok(scan.files.some((f) => f.relPath === 'src/app.ts'));
    assert.ok(!scan.files.some((f) => f.relPath.startsWith('src/nested')));
    assert.strictEqual(scan.skipped.unreadable, 1, JSON.stringify(scan.skipped));
    assert.deepStrictEqual(scan.unreadable, ['src/nested'], 'named, so the index keeps what it had there');
    // A file that cannot be looked at is left out the same way; the workspace itself must be readable.
    lockedFs.stat = async (p) => (p.endsWith('app.ts') ? Promise.reject(eacces(p)) : nodeFs.stat(p));
    lockedFs.readDirectory = (p) => nodeFs.readDirectory(p);
    const again = await scanWorkspace(lockedFs, new IgnoreRules(lockedFs, root, new RecordingLogger()), 4096);
    assert.deepStrictEqual(again.unreadable, ['src/app.ts']);
    lockedFs.readDirectory = async (p) => Promise.reject(eacces(p));
    await assert.rejects(scanWorkspace(lockedFs, new IgnoreRules(lockedFs, root, new RecordingLogger()), 4096), /EACCES/);
  });

  it('walks a tree nested 70 folders deep under a nine-** .gitignore pattern, down to 64 names', async function () {
    this.timeout(30_000); // a hang guard: the scan takes well under a second (26–118 s at 44–50 folders before)
    const deep = fs.mkdtempSync(path.join(root, 'deep-'));
    const folders = Array.from({ length: 70 }, () => 'a');
    fs.mkdirSync(path.join(deep, ...folders), { recursive: true });
    for (let depth = 1; depth <= folders.length; depth++) fs.writeFileSync(path.join(deep, ...folders.slice(0, depth), `f${depth}.ts`), 'x\n');
    fs.writeFileSync(path.join(deep, '.gitignore'), '**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/b\n');
    const rules = new IgnoreRules(nodeFs, deep, new RecordingLogger());
    const scan = await scanWorkspace(nodeFs, rules, 4096);
    const indexed = scan.files.map((f) => f.relPath.split('/').length);
    assert.strictEqual(Math.max(...indexed), 64, 'the deepest file listed is 64 names deep');
    assert.strictEqual(scan.files.length, 63 + 1, 'f1 … f63, and the .gitignore');
    assert.strictEqual(scan.skipped['too-deep'], 2, JSON.stringify(scan.skipped)); // f64's folder holds f64 at 65 names, and a deeper folder
    assert.strictEqual(await rules.check(`${folders.join('/')}/f70.ts`), 'too-deep');
  });

  it('says files and folders whose names are not UTF-8 are unreadable instead of leaving them out silently', async () => {
    const odd = fs.mkdtempSync(path.join(root, 'names-'));
    const inside = (name: number[]) => Buffer.concat([Buffer.from(`${odd}/`), Buffer.from(name)]);
    fs.writeFileSync(inside([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6a, 0x73]), 'const cafe = 1;\n'); // "caf\xe9.js" (Latin-1)
    fs.mkdirSync(inside([0x64, 0x69, 0x72, 0xfe])); // "dir\xfe"
    fs.writeFileSync(Buffer.concat([inside([0x64, 0x69, 0x72, 0xfe]), Buffer.from('/a.js')]), 'const a = 1;\n');
    fs.writeFileSync(path.join(odd, 'ok.js'), 'const ok = 1;\n');
    const scan = await scanWorkspace(nodeFs, new IgnoreRules(nodeFs, odd, new RecordingLogger()), 4096);
    assert.deepStrictEqual(
      scan.files.map((f) => f.relPath),
      ['ok.js'],
    );
    assert.strictEqual(scan.skipped.unreadable, 2, JSON.stringify(scan.skipped));
    assert.strictEqual(scan.unreadable.length, 2);
  });

  it('lists only files that .gitignore (at every level), .bigthreeignore, secrets and size allow', async () => {
    const rules = new IgnoreRules(nodeFs, root, new RecordingLogger());
    const scan = await scanWorkspace(nodeFs, rules, 4096);
    assert.deepStrictEqual(scan.files.map((f) => f.relPath).sort(), [
      '.bigthreeignore',
      '.gitignore',
      'fixtures/small.json',
      'img/logo.png',
      'keep.log',
      'notes/embedded-key.txt',
      'src/.gitignore',
      'src/app.ts',
      'src/nested/ok.ts',
    ]);
    assert.strictEqual(scan.skipped['too-large'], 1);
    assert.ok((scan.skipped.secret ?? 0) >= 7, JSON.stringify(scan.skipped));
    assert.ok(scan.skipped.gitignore! >= 3 && scan.skipped.bigthreeignore === 1 && scan.skipped.excluded === 1, JSON.stringify(scan.skipped));
  });

  it('a negation in .gitignore cannot re-include a secret, but re-includes ordinary files', async () => {
    const rules = new IgnoreRules(nodeFs, root, new RecordingLogger());
    assert.strictEqual(await rules.check('.env.example'), 'secret');
    assert.strictEqual(await rules.check('keep.log'), undefined);
    assert.strictEqual(await rules.check('other.log'), 'gitignore');
    assert.strictEqual(await rules.check('src/generated.ts'), 'gitignore');
    assert.strictEqual(await rules.check('dist/new/file.js'), 'gitignore');
    assert.strictEqual(await rules.check('fixtures/big/x.json'), 'bigthreeignore');
    assert.strictEqual(await rules.check('node_modules/a/b.js'), 'excluded');
    assert.strictEqual(await rules.check('src/app.ts'), undefined);
  });

  it('binary files and files holding a private key are skipped by content', () => {
    assert.deepStrictEqual(decodeText(fs.readFileSync(path.join(root, 'img/logo.png'))), { skip: 'binary' });
    assert.deepStrictEqual(decodeText(fs.readFileSync(path.join(root, 'notes/embedded-key.txt'))), { skip: 'secret-content' });
    assert.deepStrictEqual(decodeText(Buffer.from('\uFEFFconst a = 1;')), { text: 'const a = 1;' });
  });

  it('reads UTF-16 files with their byte order mark and Latin-1 files, not as binary', () => {
    const source = 'def größe(straße):\n    return café\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(source, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    assert.deepStrictEqual(decodeText(le), { text: source });
    assert.deepStrictEqual(decodeText(be), { text: source });
    assert.deepStrictEqual(decodeText(Buffer.from('# Größe\n', 'latin1')), { text: '# Größe\n' }, 'short: was skipped as binary');
    assert.deepStrictEqual(
      decodeText(Buffer.from(`${'x = 1\n'.repeat(200)}# Größe\n`, 'latin1')),
      { text: `${'x = 1\n'.repeat(200)}# Größe\n` },
      'long: had U+FFFD',
    );
    assert.deepStrictEqual(decodeText(Buffer.from(Array.from({ length: 3000 }, (_, i) => 128 + (i % 120)))), { skip: 'binary' }, 'high bytes only');
    assert.deepStrictEqual(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([1, 0, 2, 0, 3, 0])])), { skip: 'binary' });
  });

  it('no secret ever reaches the index, whatever the search', async () => {
    const storage = tempDir('ignore-store');
    const rag = await RagService.create({ fs: nodeFs, clock: systemClock, logger: new RecordingLogger(), root, storageDir: storage, maxFileBytes: 4096 });
    const report = await rag.indexCodebase();
    assert.strictEqual(report.skipped.binary, 1);
    assert.strictEqual(report.skipped['secret-content'], 1);
    const keys = [...rag.code.docs.keys()].sort();
    assert.deepStrictEqual(keys, ['.bigthreeignore', '.gitignore', 'fixtures/small.json', 'keep.log', 'src/.gitignore', 'src/app.ts', 'src/nested/ok.ts']);
    for (const query of ['API_KEY sk-live', 'DB_PASSWORD hunter2', 'aws_secret_access_key', 'private_key', 'PRIVATE KEY MIIEow', 'secret key material']) {
      const hits = await rag.searchCode(query, 20);
      for (const hit of hits) assert.doesNotMatch(hit.content, /sk-live|hunter2|aws_secret|MIIEow|key material/, `${query} → ${hit.codePath}`);
    }
    await assert.rejects(rag.indexCode('.env.local', 'TOKEN=abc'), /looks like a secret/);
    rag.dispose();
    fs.rmSync(storage, { recursive: true, force: true });
  });
});
