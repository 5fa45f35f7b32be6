// Secrets never at rest in clear: the scanner (gitleaks' rules plus ours) finds every kind the red team
// used, leaves ordinary text alone, and the outcome log, index chunks, ignore rules and the workspace
// scan apply it.
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { OutcomeStore } from '../../../src/orchestrator/learning/outcome-store';
import { chunksOf } from '../../../src/orchestrator/rag/code-indexer';
import { IgnoreRules } from '../../../src/orchestrator/rag/ignore-rules';
import { scanWorkspace } from '../../../src/orchestrator/rag/workspace-scanner';
import { redact } from '../../../src/orchestrator/security/redact';
import { findSecrets, redactSecrets, redactSecretsInJson, surelyWithoutSecrets } from '../../../src/orchestrator/security/secrets/secret-scanner';
import { escapeTerminal } from '../../../src/orchestrator/security/terminal-text';
import { FakeClock } from '../../fakes/fake-clock';
import { RecordingLogger } from '../../fakes/recording-logger';
import { seededRandom, tempDir } from './security-fixture';

/** [text, the secret in it]; the secret must be gone after redaction. */
const SECRETS: Array<[string, string]> = [
  ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ['export AWS_SECRET_ACCESS_KEY="Zk3l9Qm2Xv8Rt5Yp1Wn7Bc4Hd6Jf0Gs3Lq8Mz2Nx"', 'Zk3l9Qm2Xv8Rt5Yp1Wn7Bc4Hd6Jf0Gs3Lq8Mz2Nx'],
  ['const key = "AKIAIOSFODNN7ABCDEFG";', 'AKIAIOSFODNN7ABCDEFG'],
  ['stripe key sk_live_51H8abcdefghijklmnopqrstuvwxYZ012345', 'sk_live_51H8abcdefghijklmnopqrstuvwxYZ012345'],
  ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
  ['use glpat-abcdefghij1234567890 for gitlab', 'glpat-abcdefghij1234567890'],
  ['//registry/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789', 'npm_abcdefghijklmnopqrstuvwxyz0123456789'],
  ['HF token hf_abcdefghijklmnopqrstuvwxyzABCDEFGH', 'hf_abcdefghijklmnopqrstuvwxyzABCDEFGH'],
  ['Authorization: Bearer ya29.a0AfH6SMBxabcdefghijklmnopqrstuvwxyz', 'ya29.a0AfH6SMBxabcdefghijklmnopqrstuvwxyz'],
  ['Authorization: Basic dXNlcjpodW50ZXIy', 'dXNlcjpodW50ZXIy'],
  ['login with password=hunter22 please', 'hunter22'],
  ['DATABASE_URL=postgres://admin:S3cr3tPass@db.internal:5432/app', 'S3cr3tPass'],
  ['Server=tcp:x.database.windows.net;User ID=sa;Password=Hunter2!;', 'Hunter2!'],
  ['-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBFabcdefg\n-----END PGP PRIVATE KEY BLOCK-----', 'lQOYBFabcdefg'],
  ['-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAabc\n-----END RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAabc'],
  [
    'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy==;EndpointSuffix=core.windows.net',
    'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy==',
  ],
  ['npmAuthToken: "abcd1234-ef56-7890-abcd-ef1234567890"', 'abcd1234-ef56-7890-abcd-ef1234567890'],
  ['slack xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx', 'xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx'],
  ['ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789', 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789'],
  ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
];

const ORDINARY = [
  'add OAuth login to the API',
  'const token = getToken();',
  'maxTokens: 4096',
  'password: ${DB_PASSWORD}',
  'fix the tokenizer for keys',
  'git log --oneline -5',
  'refactor the password reset page',
  'npm test -- --grep auth',
];

describe('secret redaction', () => {
  for (const [text, secret] of SECRETS) {
    it(`removes the secret from ${JSON.stringify(text.slice(0, 48))}`, () => {
      const out = redactSecrets(text);
      assert.ok(!out.includes(secret), out);
      assert.ok(out.includes('[REDACTED]'), out);
      assert.ok(!JSON.stringify(redact({ message: text })).includes(secret));
    });
  }

  it('leaves ordinary text alone', () => {
    for (const text of ORDINARY) assert.deepStrictEqual(findSecrets(text), [], text);
  });

  it('redacts a private key body without its PEM header, alone or split by string concatenation, but not a public key', () => {
    const der = (kind: string, options: object, type: string) => {
      const { privateKey, publicKey } = crypto.generateKeyPairSync(kind as 'rsa', options as crypto.RSAKeyPairOptions<'pem', 'pem'>);
      const body = (pem: string) =>
        pem
          .split('\n')
          .filter((line) => line && !line.startsWith('-----'))
          .join('\n');
      return { name: `${kind} ${type}`, key: body(privateKey), pub: body(publicKey) };
    };
    const pem = (type: string) => ({ privateKeyEncoding: { type, format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const keys = [
      der('rsa', { modulusLength: 2048, ...pem('pkcs1') }, 'pkcs1'),
      der('rsa', { modulusLength: 1024, ...pem('pkcs8') }, 'pkcs8'),
      ...['prime256v1', 'secp384r1', 'secp521r1', 'secp256k1'].flatMap((namedCurve) => [
        der('ec', { namedCurve, ...pem('sec1') }, `sec1 ${namedCurve}`),
        der('ec', { namedCurve, ...pem('pkcs8') }, `pkcs8 ${namedCurve}`),
      ]),
      ...['ed25519', 'ed448', 'x25519', 'x448'].map((kind) => der(kind, pem('pkcs8'), 'pkcs8')),
      der('dsa', { modulusLength: 2048, divisorLength: 256, ...pem('pkcs8') }, 'pkcs8'),
    ];
    const longRuns = (text: string) => text.match(/[A-Za-z0-9+/]{16,}/g) ?? [];
    for (const { name, key, pub } of keys) {
      assert.deepStrictEqual(longRuns(redactSecrets(key)), [], `${name}, pasted alone`);
      const concatenated = `const key = "-----BEGIN " + "PRIVATE KEY-----\\n" +\n  "${key.split('\n').join('\\n" +\n  "')}";`;
      assert.deepStrictEqual(longRuns(redactSecrets(concatenated)), [], `${name}, in a concatenated string`);
      // The header split, the body in the same string after a \n escape (review of stop 28: missed whole).
      const sameString = `const k = "-----BEGIN PRIV" + "ATE KEY-----\\n${key.split('\n').join('\\n')}\\n-----END PRIV" + "ATE KEY-----";`;
      assert.deepStrictEqual(longRuns(redactSecrets(sameString)), [], `${name}, after a \\n escape`);
      // One line, spaces as + (a form body or query string), and after a slash (second review of stop 28).
      const oneLine = key.split('\n').join('');
      const hidden = (text: string) => !text.includes(oneLine.slice(8, 40)) && !text.includes(oneLine.slice(-40, -8));
      assert.ok(hidden(redactSecrets(`private_key=-----BEGIN+PRIVATE+KEY-----+${oneLine}+-----END+PRIVATE+KEY-----`)), `${name}, in a form body`);
      assert.ok(hidden(redactSecrets(`secrets/${oneLine}`)), `${name}, after a slash`);
      assert.strictEqual(redactSecrets(pub), pub, `${name}: its public key is not a secret`);
    }
  });

  it('redacts JSON values as a replacer would, keys too, copying only what changes', () => {
    // The reference: JSON.stringify with a replacer that redacts every string value (keys excepted).
    const rand = seededRandom(23);
    const pieces = [...SECRETS.map(([text]) => text), ...ORDINARY, 'task 12', 'qa-expert', '__proto__', 'constructor', ''];
    const pick = () => pieces[Math.floor(rand() * pieces.length)]!;
    const make = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.3) return r < 0.1 ? Math.floor(r * 1000) : r < 0.15 ? null : r < 0.2 ? true : pick();
      if (r < 0.55) return Array.from({ length: Math.floor(rand() * 4) }, () => make(depth + 1));
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 4); i > 0; i--) object[`k${i}`] = make(depth + 1);
      return object;
    };
    for (let round = 0; round < 300; round++) {
      const value = make(0);
      const before = JSON.stringify(value);
      const seen = new Map<string, string>();
      const clean = redactSecretsInJson(value, seen);
      assert.strictEqual(JSON.stringify(value), before, 'the input is never changed');
      assert.strictEqual(
        JSON.stringify(clean),
        JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? redactSecrets(item) : item)),
      );
      if (!before.includes('[REDACTED]') && JSON.stringify(clean) === before) assert.strictEqual(clean, value, 'nothing to redact: no copy');
    }
    // Keys: a secret in a key goes; "__proto__" stays a key; keys redacted alike are both kept.
    const secretKey = SECRETS[2]![0];
    const keyed = JSON.parse(`{"__proto__": "p", ${JSON.stringify(secretKey)}: 1, ${JSON.stringify(SECRETS[3]![0])}: 2}`) as unknown;
    const out = JSON.stringify(redactSecretsInJson(keyed));
    assert.ok(!out.includes('AKIAIOSFODNN7ABCDEFG') && !out.includes('sk_live_'), out);
    assert.deepStrictEqual(Object.keys(JSON.parse(out) as object).length, 3, out);
    assert.ok(out.startsWith('{"__proto__":"p"'), out);
    // A getter is read once: what was checked is what is written (it once read keys again, unredacted).
    let reads = 0;
    const tricky = {
      get x() {
        return reads++ === 0 ? 'ok' : `aws ${SECRETS[2]![1]}`;
      },
      [`token ${SECRETS[2]![1]}`]: 1,
    };
    assert.ok(!JSON.stringify(redactSecretsInJson(tricky)).includes(SECRETS[2]![1]));
    // toJSON is called once and what it returns is written as it is, as JSON.stringify does.
    const self = {
      a: 1,
      toJSON() {
        return this;
      },
    };
    assert.strictEqual(JSON.stringify(redactSecretsInJson(self)), JSON.stringify(self));
    // Dates and other values with toJSON are redacted as what they write.
    assert.strictEqual(
      JSON.stringify(redactSecretsInJson({ at: new Date(0), note: { toJSON: () => SECRETS[4]![0] } })),
      '{"at":"1970-01-01T00:00:00.000Z","note":"[REDACTED]"}',
    );
  });

  it('never says "surely without secrets" of a joined or JSON text with a secret in any part', () => {
    const rand = seededRandom(41);
    const noise = ['', ' ', '"', '\\', '\n', 'é', 'İ', '\u212a', '😀', '\u0001', 'task 12', 'qa-expert'];
    const pieces = [...SECRETS.map(([text]) => text), ...ORDINARY, ...SECRETS.map(([, secret]) => secret)];
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
    let withSecret = 0;
    for (let n = 0; n < 3000; n++) {
      const parts = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(noise) + pick(pieces) + pick(noise));
      const holds = parts.some((p) => findSecrets(p).length > 0);
      if (holds) withSecret++;
      // As the event log joins them: a JSON payload (parts as keys and strings), then plain texts.
      const json = JSON.stringify({ [parts[0]!]: parts.slice(1), n: { deep: parts[parts.length - 1] } });
      const joined = `${json}\n${parts.join(rand() < 0.5 ? '\n' : ': ')}`;
      if (holds) assert.strictEqual(surelyWithoutSecrets(joined), false, joined);
      if (holds) assert.strictEqual(surelyWithoutSecrets(json), false, json);
    }
    assert.ok(withSecret > 1000, `${withSecret} texts with a secret`);
  });

  it('says "surely without secrets" of ordinary event texts, so they are not scanned one by one', () => {
    assert.strictEqual(surelyWithoutSecrets('{"task":"task 12","tool":"run_tests"}\nqa-expert started: task 12\nqa-expert\ns1'), true);
    assert.strictEqual(surelyWithoutSecrets('{"note":"refactor the password reset page"}'), false, 'a keyword: scanned on its own');
  });

  it('redacts values under secret-looking keys whatever they contain', () => {
    assert.deepStrictEqual(redact({ connectionString: 'x', accountKey: 'y', tokenId: 'kept' }), {
      connectionString: '[REDACTED]',
      accountKey: '[REDACTED]',
      tokenId: 'kept',
    });
  });

  it('stores outcome task and result text without secrets, and cleans old clear records on load', async () => {
    const dir = tempDir('bt-redact-');
    const file = path.join(dir, 'outcomes.jsonl');
    const store = new OutcomeStore(new NodeFileSystem(), new FakeClock(), new RecordingLogger(), file);
    await store.load();
    await store.append({ task: 'deploy with password=hunter22', agentId: 'devops', result: 'used glpat-abcdefghij1234567890', success: true });
    const disk = fs.readFileSync(file, 'utf8');
    assert.ok(!disk.includes('hunter22') && !disk.includes('glpat-'), disk);
    fs.appendFileSync(file, `${JSON.stringify({ v: 1, id: 'old', task: 'old AKIAIOSFODNN7ABCDEFG', agentId: 'x', result: '', success: true, at: 1 })}\n`);
    const again = new OutcomeStore(new NodeFileSystem(), new FakeClock(), new RecordingLogger(), file);
    const all = await again.load();
    assert.ok(
      all.every((o) => !o.task.includes('AKIA')),
      JSON.stringify(all),
    );
  });

  it('indexes a file with a key in it, but never the key', () => {
    const text = 'export const aws = {\n  accessKeyId: "AKIAIOSFODNN7ABCDEFG",\n  region: "eu-west-1",\n};\n';
    const chunks = chunksOf('config/aws.ts', text);
    assert.ok(chunks.length > 0);
    assert.ok(chunks.every((c) => !c.text.includes('AKIAIOSFODNN7ABCDEFG')) && chunks.some((c) => c.text.includes('eu-west-1')));
  });

  it('finds secrets a chunk boundary would cut in two: a key and its value on one long line, a key block across chunks', () => {
    // One long line (a settings dict): the chunker cuts it into pieces, one may end with the key's name
    // and the next start with its value (found by the stop-23 red team).
    const entries = Array.from({ length: 40 }, (_, i) => `"setting_${i}": "plain value ${i}", "db_password": "Sup3rS3cretPw${i}x"`);
    const long = `SETTINGS = {${entries.join(', ')}}\n`;
    const pieces = chunksOf('src/settings.py', long);
    assert.ok(pieces.length > 2, `${pieces.length} chunks`);
    for (const c of pieces) assert.ok(!/Sup3rS3cretPw\d+x/.test(c.text), c.text.slice(0, 200));
    // A private key block longer than a chunk: the rule needs its BEGIN and END lines together.
    const body = Array.from({ length: 120 }, (_, i) => `MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC${String(i).padStart(3, '0')}abc`).join('\n');
    const pem = `const a = 1;\nconst key = \`-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\`;\nexport function after() {\n  return a;\n}\n`;
    const chunks = chunksOf('src/key.ts', pem);
    assert.ok(chunks.length >= 1);
    for (const c of chunks) assert.ok(!c.text.includes('MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC'), c.text.slice(0, 200));
    // The lines stay where they were, also with \r\n or a lone \r: the function after the key keeps its line number.
    for (const eol of ['\r\n', '\r']) {
      const other = pem.split('\n').join(eol);
      const last = chunksOf('src/key.ts', other).find((c) => c.text.includes('function after'))!;
      assert.strictEqual(last.metadata.endLine, pem.split('\n').length - 1, JSON.stringify(eol));
    }
    const after = chunks.find((c) => c.text.includes('function after'))!;
    assert.strictEqual(after.metadata.endLine, pem.split('\n').length - 1, 'the last line of the file, as before redaction');
  });

  it('never indexes .env* files, terraform state or hard links', async () => {
    const root = tempDir('bt-scan-');
    for (const name of ['.env', '.env-production', '.env~', '.env_backup', '.env.local', 'terraform.tfstate', 'terraform.tfstate.backup', 'ok.ts'])
      fs.writeFileSync(path.join(root, name), 'x=1\n');
    const outside = path.join(tempDir('bt-outside-'), 'hostname');
    fs.writeFileSync(outside, 'outside\n');
    fs.linkSync(outside, path.join(root, 'linked.txt'));
    const nodeFs = new NodeFileSystem();
    const rules = new IgnoreRules(nodeFs, root, new RecordingLogger());
    const scan = await scanWorkspace(nodeFs, rules, 1_000_000);
    assert.deepStrictEqual(
      scan.files.map((f) => f.relPath),
      ['ok.ts'],
    );
    assert.strictEqual(scan.skipped['hard-link'], 1);
  });

  it('escapes terminal control characters', () => {
    assert.strictEqual(escapeTerminal('rm \u001b[2J\u001b]0;x\u0007 \r ok\u202e'), 'rm \\x1b[2J\\x1b]0;x\\x07 \\x0d ok\\u202e');
    // Every invisible character (the same rule as the command and path checks), an emoji's presentation kept.
    assert.strictEqual(escapeTerminal('a\u180eb\u00adc\u{E0041}d\u2060e'), 'a\\u180eb\\xadc\\u{e0041}d\\u2060e');
    assert.strictEqual(escapeTerminal('Fix \u2764\ufe0f\tdone\n', { keepNewlines: true }), 'Fix \u2764\ufe0f\tdone\n');
  });
});
