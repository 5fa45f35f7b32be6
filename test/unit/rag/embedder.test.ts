// The real transformers.js loading code on a tiny generated model (random weights, real WordPiece).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../../src/adapters/node-file-system';
import { systemClock } from '../../../src/orchestrator/ports';
import { type Embedder, loadLocalEmbedder } from '../../../src/orchestrator/rag/embedder';
import { downloadEmbeddingModel } from '../../../src/orchestrator/rag/model-download';
import { RagService } from '../../../src/orchestrator/rag/rag-service';
import { writeTinyEmbeddingModel } from '../../fakes/tiny-embedding-model';
import { RecordingLogger, tempDir, writeFiles } from './rag-helpers';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('RAG embedder (transformers.js on a tiny generated model)', () => {
  let dir: string;
  let modelDir: string;
  let embedder: Embedder;

  before(async function () {
    this.timeout(30_000);
    dir = tempDir('model');
    modelDir = writeTinyEmbeddingModel(path.join(dir, 'tiny-minilm'), { dimension: 32 });
    const logger = new RecordingLogger();
    const loaded = await loadLocalEmbedder(modelDir, logger);
    assert.ok(loaded, `the tiny model loads: ${logger.warnings().join(' ')}`);
    embedder = loaded;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads from the local folder with the MiniLM file layout and reports its dimension', () => {
    assert.strictEqual(embedder.dimension, 32);
    assert.match(embedder.id, /tiny-bert@q8\/32/);
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) assert.ok(fs.existsSync(path.join(modelDir, f)));
  });

  it('returns one L2-normalized vector per text, in order, deterministic', async () => {
    const texts = ['parse the invoice total', 'parse invoice totals', 'kubernetes helm chart', ''];
    const vectors = await embedder.embed(texts);
    assert.strictEqual(vectors.length, 4);
    for (const v of vectors) assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-4);
    assert.ok(dot(vectors[0]!, vectors[1]!) > dot(vectors[0]!, vectors[2]!), 'shared words bring vectors closer (even with random weights)');
    const again = await embedder.embed([texts[0]!]);
    assert.ok(dot(again[0]!, vectors[0]!) > 0.9999);
    assert.deepStrictEqual(await embedder.embed([]), []);
  });

  it('says why and resolves undefined when no model is present (lexical-only search)', async () => {
    const logger = new RecordingLogger();
    assert.strictEqual(await loadLocalEmbedder(path.join(dir, 'nothing-here'), logger), undefined);
    assert.match(
      logger.warnings()[0]!,
      /lexically \(BM25\) only: .*lacks config\.json, tokenizer\.json, tokenizer_config\.json, onnx\/model_quantized\.onnx\. Download Xenova\/all-MiniLM-L6-v2 into it/,
    );
    await loadLocalEmbedder(path.join(dir, 'nothing-here'), logger, { howToInstall: 'Run "the host\'s own command".' });
    assert.match(logger.warnings()[1]!, /onnx\/model_quantized\.onnx\. Run "the host's own command"\.$/, 'each host says how its users get the model');
    const broken = path.join(dir, 'broken');
    fs.mkdirSync(path.join(broken, 'onnx'), { recursive: true });
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(modelDir, f), path.join(broken, f));
    fs.writeFileSync(path.join(broken, 'onnx', 'model_quantized.onnx'), 'not an onnx model');
    assert.strictEqual(await loadLocalEmbedder(broken, logger), undefined);
    assert.match(logger.warnings()[2]!, /could not be loaded/);
  });

  it('fuses vector and lexical rankings in a real index', async () => {
    const root = tempDir('emb-ws');
    const storage = tempDir('emb-store');
    writeFiles(root, {
      'src/tax.ts': 'export function computeTax(cents: number) {\n  return cents * 0.2;\n}\n',
      'src/deploy.ts': 'export function deployHelmChart(cluster: string) {\n  return `helm upgrade ${cluster}`;\n}\n',
    });
    const rag = await RagService.create({ fs: new NodeFileSystem(), clock: systemClock, logger: new RecordingLogger(), root, storageDir: storage, embedder });
    await rag.indexCodebase();
    assert.strictEqual(rag.status.lexicalOnly, false);
    const [best] = await rag.code.search('helm chart deploy', { limit: 2 });
    assert.strictEqual(best!.chunk.metadata.path, 'src/deploy.ts');
    assert.ok(best!.ranks.lexical && best!.ranks.vector, `found by both rankings: ${JSON.stringify(best!.ranks)}`);
    rag.dispose();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('downloads the model files once, with progress, from a hub URL (loopback)', async () => {
    const http = await import('http');
    const served: string[] = [];
    const server = http.createServer((req, res) => {
      served.push(req.url ?? '');
      const file = /^\/Xenova\/all-MiniLM-L6-v2\/resolve\/main\/(.+)$/.exec(req.url ?? '')?.[1];
      if (!file || !fs.existsSync(path.join(modelDir, file))) {
        res.writeHead(404).end();
        return;
      }
      const body = fs.readFileSync(path.join(modelDir, file));
      res.writeHead(200, { 'content-length': body.length }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as import('net').AddressInfo).port;
    const target = path.join(dir, 'downloaded');
    const progress: string[] = [];
    const result = await downloadEmbeddingModel({
      fs: new NodeFileSystem(),
      modelDir: target,
      hubUrl: `http://127.0.0.1:${port}`,
      onProgress: (p) => progress.push(`${p.file}:${p.bytesReceived}/${p.bytesTotal}`),
    });
    assert.deepStrictEqual(result.downloaded, ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']);
    assert.ok(
      served.every((u) => u.startsWith('/Xenova/all-MiniLM-L6-v2/resolve/main/')),
      served.join(),
    );
    assert.ok(progress.some((p) => p.startsWith('onnx/model_quantized.onnx:')));
    const again = await downloadEmbeddingModel({ fs: new NodeFileSystem(), modelDir: target, hubUrl: `http://127.0.0.1:${port}` });
    assert.deepStrictEqual(again.downloaded, []);
    assert.strictEqual(again.skipped.length, 4);
    assert.ok(await loadLocalEmbedder(target, new RecordingLogger()), 'the downloaded model loads');
    await assert.rejects(
      downloadEmbeddingModel({ fs: new NodeFileSystem(), modelDir: path.join(dir, 'x'), hubUrl: `http://127.0.0.1:${port}`, modelId: 'nobody/none' }),
      /HTTP 404/,
    );
    server.closeAllConnections();
    server.close();
  });
});
