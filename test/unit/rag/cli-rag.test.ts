import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../../src/cli/main';
import { writeTinyEmbeddingModel } from '../../fakes/tiny-embedding-model';
import { tempDir } from './rag-helpers';

const fixture = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'workspace');

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('big-three index / search', () => {
  let ws: string;
  let data: string;
  before(() => {
    ws = tempDir('cli-ws');
    data = tempDir('cli-data');
    fs.cpSync(fixture, ws, { recursive: true });
    fs.writeFileSync(path.join(ws, '.env'), 'STRIPE_KEY=sk_live_nope\n');
  });
  after(() => {
    fs.rmSync(ws, { recursive: true, force: true });
    fs.rmSync(data, { recursive: true, force: true });
  });

  it('says to index first, then indexes lexically when no model is present, then searches', async () => {
    const before = await cli('search', 'invoice total', '--workspace', ws, '--data-dir', data);
    assert.strictEqual(before.code, 3);
    assert.match(before.err, /not indexed yet, or its last index found no file to index .*; run "big-three index/);

    const index = await cli('index', ws, '--data-dir', data);
    assert.strictEqual(index.code, 0, index.err);
    assert.match(index.err, /No embedding model, so search ranks lexically \(BM25\) only: .*big-three model download/);
    assert.match(index.err, /indexing: \d+\/\d+ files/);
    assert.match(index.out, /^Indexed .*: \d+ changed, 0 unchanged, 0 removed; \d+ files, \d+ chunks in the index/);

    const search = await cli('search', 'lineAmounts unitPrice whole cents', '--workspace', ws, '--data-dir', data, '--json', '--limit', '3');
    assert.strictEqual(search.code, 0, search.err);
    const parsed = JSON.parse(search.out) as { lexicalOnly: boolean; results: Array<{ codePath: string; metadata: { startLine: number } }> };
    assert.strictEqual(parsed.lexicalOnly, true);
    assert.ok(parsed.results.length >= 1 && parsed.results.length <= 3);
    assert.strictEqual(parsed.results[0]!.codePath, 'src/invoice.js');
    assert.ok(!parsed.results.some((r) => r.codePath === '.env'));
    const text = await cli('search', 'invoice', '--workspace', ws, '--data-dir', data);
    assert.match(text.out, /^src\/invoice\.js:\d+-\d+ {2}\d\.\d{3}/m);
  });

  it('does not tell to index an empty folder that was just indexed: its index has no file (robustness probe)', async () => {
    const empty = tempDir('cli-empty');
    const emptyData = tempDir('cli-empty-data');
    try {
      const model = ['--data-dir', emptyData];
      const index = await cli('index', empty, ...model);
      assert.strictEqual(index.code, 0, index.err);
      assert.match(index.out, /0 files, 0 chunks in the index/);
      const search = await cli('search', 'invoice total', '--workspace', empty, ...model);
      assert.strictEqual(search.code, 3);
      assert.match(search.err, /or its last index found no file to index \(an empty folder/);
      fs.writeFileSync(path.join(emptyData, 'q.jsonl'), '{"query":"invoice total","gold":["a.ts"]}\n');
      const evaluated = await cli('eval', 'search', path.join(emptyData, 'q.jsonl'), '--workspace', empty, ...model);
      assert.strictEqual(evaluated.code, 3);
      assert.match(evaluated.err, /or its last index found no file to index/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
      fs.rmSync(emptyData, { recursive: true, force: true });
    }
  });

  it('uses the model folder given by --model and re-indexes only what changed', async () => {
    const model = writeTinyEmbeddingModel(path.join(data, 'models', 'tiny'));
    const first = JSON.parse((await cli('index', ws, '--data-dir', data, '--model', model, '--json')).out) as { filesIndexed: number; lexicalOnly: boolean };
    assert.strictEqual(first.lexicalOnly, false);
    assert.ok(first.filesIndexed > 0, 'documents indexed lexically before are embedded now');
    const second = JSON.parse((await cli('index', ws, '--data-dir', data, '--model', model, '--json')).out) as { filesIndexed: number };
    assert.strictEqual(second.filesIndexed, 0);
  });

  it('fails (exit 1) when the model folder it was given does not load, instead of searching by words alone (review of stop 39)', async () => {
    const missing = await cli('search', 'invoice', '--workspace', ws, '--data-dir', data, '--model', path.join(data, 'no-such-model'));
    assert.strictEqual(missing.code, 1, missing.out);
    assert.match(missing.err, /the model folder .*no-such-model lacks config\.json/);
    const indexed = await cli('index', ws, '--data-dir', data, '--model', path.join(data, 'no-such-model'));
    assert.strictEqual(indexed.code, 1, indexed.out);
  });

  it('from a subfolder of an indexed workspace, names the folder to search instead of saying to index the subfolder (review of stop 39)', async () => {
    assert.strictEqual((await cli('index', ws, '--data-dir', data)).code, 0);
    const sub = path.join(ws, 'src');
    const search = await cli('search', 'invoice', '--workspace', sub, '--data-dir', data);
    assert.strictEqual(search.code, 3);
    assert.match(search.err, /is not indexed, but .* is: search there with --workspace /);
  });

  it('reports wrong usage', async () => {
    assert.strictEqual((await cli('index', '--data-dir', data)).code, 2);
    assert.strictEqual((await cli('index', path.join(ws, 'nope'), '--data-dir', data)).code, 2);
    assert.strictEqual((await cli('search', '--workspace', ws, '--data-dir', data)).code, 2);
  });

  it('audits each search and shows nothing to a refused caller, whose refusal is audited too', async () => {
    const search = (...extra: string[]) => cli('search', 'invoice', '--workspace', ws, '--data-dir', data, '--json', ...extra);
    const auditLines = () =>
      fs
        .readFileSync(path.join(data, 'security', 'audit', 'audit.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('"operation":"code.search"'))
        .map((line) => JSON.parse(line) as { outcome: string });
    await cli('index', ws, '--data-dir', data);
    const before = auditLines().length;
    const allowed = await search();
    assert.strictEqual(allowed.code, 0, allowed.err);
    assert.deepStrictEqual(
      auditLines()
        .slice(before)
        .map((r) => r.outcome),
      ['allowed'],
    );

    const role = process.env.BIG_THREE_LOCAL_ROLE;
    process.env.BIG_THREE_LOCAL_ROLE = 'none';
    try {
      const refused = await search();
      assert.notStrictEqual(refused.code, 0);
      assert.strictEqual(refused.out, '');
      assert.deepStrictEqual(
        auditLines()
          .slice(before)
          .map((r) => r.outcome),
        ['allowed', 'denied'],
      );
    } finally {
      if (role === undefined) delete process.env.BIG_THREE_LOCAL_ROLE;
      else process.env.BIG_THREE_LOCAL_ROLE = role;
    }
  });

  it('prints a file name with a newline in it as one line (fourteenth red team: it forged a result line)', async () => {
    const odd = tempDir('cli-odd');
    const oddData = tempDir('cli-odd-data');
    try {
      fs.writeFileSync(path.join(odd, 'evil\nfake.ts'), 'export const namemarker = 1;\n');
      assert.strictEqual((await cli('index', odd, '--data-dir', oddData)).code, 0);
      const search = await cli('search', 'namemarker', '--workspace', odd, '--data-dir', oddData);
      assert.strictEqual(search.code, 0, search.err);
      assert.ok(!search.out.split('\n').some((line) => line.startsWith('fake.ts')), search.out);
      assert.match(search.out, /^evil\\nfake\.ts:1-1/m);
    } finally {
      fs.rmSync(odd, { recursive: true, force: true });
      fs.rmSync(oddData, { recursive: true, force: true });
    }
  });
  it('never indexes its own data folder inside the workspace (fourteenth red team: the audit log and token file were)', async () => {
    const home = tempDir('cli-home');
    const homeData = path.join(home, '.big-three');
    try {
      fs.writeFileSync(path.join(home, 'notes.ts'), 'export const homemarker = 1;\n');
      // The first run and a search write the audit log ("Search the indexed workspace: …") and the index.
      const first = await cli('index', home, '--data-dir', homeData);
      assert.strictEqual(first.code, 0, first.err);
      assert.strictEqual((await cli('search', 'homemarker', '--workspace', home, '--data-dir', homeData)).code, 0);
      assert.match(fs.readFileSync(path.join(homeData, 'security', 'audit', 'audit.jsonl'), 'utf8'), /Search the indexed workspace/);
      const again = await cli('index', home, '--data-dir', homeData, '--json');
      assert.strictEqual(again.code, 0, again.err);
      const report = JSON.parse(again.out) as { files: number; filesIndexed: number; skipped: Record<string, number> };
      assert.deepStrictEqual([report.files, report.filesIndexed], [1, 0], again.out);
      assert.strictEqual(report.skipped.excluded, 1, 'the data folder, skipped whole');
      const search = await cli('search', 'indexed workspace', '--workspace', home, '--data-dir', homeData, '--json');
      assert.strictEqual(search.code, 3, search.out);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
