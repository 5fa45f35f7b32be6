// `big-three model download` and the missing-model warning of the CLI: once per run, naming the CLI's
// ways to get a model (never a VS Code command). The download is served from a loopback "hub" holding
// the tiny generated model, and the downloaded folder is loaded by the real transformers.js code.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { writeTinyEmbeddingModel } from '../fakes/tiny-embedding-model';

const agents = path.resolve(__dirname, '..', '..', '..', 'agentpool');

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--agents', agents], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

/** A hub on 127.0.0.1 serving `files` under /Xenova/all-MiniLM-L6-v2/resolve/main/. */
async function serveHub(files: string): Promise<{ url: string; requests: string[]; close(): void }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const file = /^\/Xenova\/all-MiniLM-L6-v2\/resolve\/main\/(.+)$/.exec(req.url ?? '')?.[1];
    const full = file ? path.join(files, file) : '';
    if (!file || !fs.existsSync(full)) return void res.writeHead(404).end();
    const body = fs.readFileSync(full);
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const count = (text: string, pattern: RegExp) => text.split('\n').filter((l) => pattern.test(l)).length;

describe('big-three model download and the missing-model warning', function () {
  this.timeout(60_000);
  let root: string;
  let ws: string;
  let tiny: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-cli-model-'));
    ws = path.join(root, 'ws');
    fs.mkdirSync(path.join(ws, 'src'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'src', 'tax.ts'), 'export function computeTax(cents: number) {\n  return Math.round(cents * 0.2);\n}\n');
    fs.writeFileSync(path.join(ws, 'src', 'deploy.ts'), 'export function deployHelmChart(cluster: string) {\n  return `helm upgrade ${cluster}`;\n}\n');
    tiny = writeTinyEmbeddingModel(path.join(root, 'tiny-minilm'), { dimension: 32 });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('warns once per index and once per search run, with the CLI ways to get a model', async () => {
    const data = path.join(root, 'data-none');
    const index = await cli('index', ws, '--data-dir', data);
    assert.strictEqual(index.code, 0, index.err);
    assert.strictEqual(count(index.err, /embedding model/i), 1, index.err);
    assert.match(
      index.err,
      /No embedding model, so search ranks lexically \(BM25\) only: the model folder .*data-none\/models\/all-MiniLM-L6-v2 lacks config\.json/,
    );
    assert.match(index.err, /Run "big-three model download", or pass --model DIR with a folder holding your own copy of Xenova\/all-MiniLM-L6-v2\./);
    assert.doesNotMatch(index.err, /Big Three: Download Embedding Model|bigThree\.rag\.modelPath|VS Code/);

    const search = await cli('search', 'helm chart', '--workspace', ws, '--data-dir', data);
    assert.strictEqual(search.code, 0, search.err);
    assert.match(search.out, /src\/deploy\.ts:1-3/);
    assert.strictEqual(count(search.err, /embedding model/i), 1, search.err);
    assert.match(search.err, /big-three model download/);

    const json = await cli('search', 'helm chart', '--workspace', ws, '--data-dir', data, '--json');
    assert.strictEqual(JSON.parse(json.out).lexicalOnly, true);
    assert.strictEqual(count(json.err, /embedding model/i), 1, json.err);
  });

  it('keeps one index per folder, by its real path: indexed through a symbolic link, found through its target, and back', async () => {
    const data = path.join(root, 'data-links');
    const link = path.join(root, 'ws-link');
    fs.symlinkSync(ws, link, 'dir');
    try {
      const index = await cli('index', link, '--data-dir', data);
      assert.strictEqual(index.code, 0, index.err);
      for (const workspace of [ws, link]) {
        const search = await cli('search', 'helm chart', '--workspace', workspace, '--data-dir', data, '--json');
        assert.strictEqual(search.code, 0, `${workspace}: ${search.err}`);
        assert.strictEqual((JSON.parse(search.out) as { results: Array<{ codePath: string }> }).results[0]?.codePath, 'src/deploy.ts');
      }
      assert.strictEqual(fs.readdirSync(path.join(data, 'rag')).length, 1, 'one index, not one per spelling');
    } finally {
      fs.rmSync(link);
    }
  });

  it('downloads the model into the data folder, loads it, and index/search then rank semantically without a warning', async () => {
    const data = path.join(root, 'data-download');
    const hub = await serveHub(tiny);
    try {
      const first = await cli('model', 'download', '--data-dir', data, '--hub', hub.url);
      assert.strictEqual(first.code, 0, first.err);
      const modelDir = path.join(data, 'models', 'all-MiniLM-L6-v2');
      assert.match(
        first.out,
        new RegExp(
          `Embedding model ready in ${modelDir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\([^)]*tiny-bert@q8/32, 32 dimensions\\): downloaded 4 file\\(s\\)`,
        ),
      );
      assert.match(first.err, /downloaded onnx\/model_quantized\.onnx \(4\/4, /);
      for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
        assert.deepStrictEqual(fs.readFileSync(path.join(modelDir, f)), fs.readFileSync(path.join(tiny, f)), f);
      }
      assert.strictEqual(hub.requests.length, 4);

      const again = await cli('model', 'download', '--data-dir', data, '--hub', hub.url, '--json');
      assert.strictEqual(again.code, 0, again.err);
      const report = JSON.parse(again.out) as { downloaded: string[]; skipped: string[]; model: { dimension: number } };
      assert.deepStrictEqual(report.downloaded, []);
      assert.strictEqual(report.skipped.length, 4);
      assert.strictEqual(report.model.dimension, 32);
      assert.strictEqual(hub.requests.length, 4, 'files already present are not fetched again');

      const index = await cli('index', ws, '--data-dir', data, '--json');
      assert.strictEqual(index.code, 0, index.err);
      assert.strictEqual(JSON.parse(index.out).lexicalOnly, false);
      assert.doesNotMatch(index.err, /embedding model/i);
      const search = await cli('search', 'helm chart deploy', '--workspace', ws, '--data-dir', data, '--json');
      assert.strictEqual(JSON.parse(search.out).lexicalOnly, false);
      assert.doesNotMatch(search.err, /embedding model/i);
    } finally {
      hub.close();
    }
  });

  it('downloads into --model DIR (bring your own folder) and refuses a model that does not load', async () => {
    const broken = path.join(root, 'broken-hub');
    fs.cpSync(tiny, broken, { recursive: true });
    fs.writeFileSync(path.join(broken, 'onnx', 'model_quantized.onnx'), 'not an onnx model');
    const hub = await serveHub(broken);
    try {
      const target = path.join(root, 'my-model');
      const result = await cli('model', 'download', '--data-dir', path.join(root, 'data-broken'), '--model', target, '--hub', hub.url);
      assert.strictEqual(result.code, 1, result.out);
      assert.match(result.err, /the model in .*my-model could not be loaded/);
      assert.ok(fs.existsSync(path.join(target, 'config.json')), 'downloaded into the --model folder');
      assert.doesNotMatch(result.out, /ready/);
    } finally {
      hub.close();
    }
  });

  it('says what went wrong when the hub fails, and answers wrong usage with exit code 2', async () => {
    const hub = await serveHub(path.join(root, 'empty-hub'));
    try {
      const missing = await cli('model', 'download', '--data-dir', path.join(root, 'data-404'), '--hub', hub.url);
      assert.strictEqual(missing.code, 1);
      assert.match(missing.err, /config\.json failed: HTTP 404/);
    } finally {
      hub.close();
    }
    for (const args of [['model'], ['model', 'fetch'], ['model', 'download', 'extra'], ['model', 'download', '--hub', 'ftp://example']]) {
      const { code, err } = await cli(...args, '--data-dir', path.join(root, 'data-usage'));
      assert.strictEqual(code, 2, args.join(' '));
      assert.match(err, /big-three --help/);
    }
  });
});
