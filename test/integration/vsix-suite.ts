// The packaged extension as a user gets it (scripts/test-vsix.sh): the platform .vsix installed into a
// clean code-server, loaded from the extensions folder (this suite rides in a stub development extension,
// so nothing of the checkout is on the extension's module path). Checks that the runtimes the bundle
// leaves outside load from the package: transformers.js + ONNX Runtime (semantic search with the tiny
// generated model), playwright-core (Chromium driven to a page served on loopback), usearch (the
// approximate vector index, in the packaged search worker), the sentence encoder (TensorFlow.js, in its
// own process) and dist/vendor (the provider SDKs, the shell parser and zod, loaded on first use).
// Prints "vsix-tests: N passed, M failed".
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { BigThreeApi, BigThreeExports } from '../../src/extension';
import { writeTinyEmbeddingModel } from '../fakes/tiny-embedding-model';
import { COMMANDS } from '../../src/views/command-ids';
import { ExactVectorStore } from '../../src/orchestrator/rag/exact-vector-store';
import { AnnState } from '../../src/orchestrator/rag/vector-search-protocol';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

function defineVsixTests(): void {
  suite('The installed .vsix in a clean code-server', () => {
    let extension: vscode.Extension<BigThreeExports>;
    let api: BigThreeApi;
    let scratch: string;

    suiteSetup(async () => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'big-three-vsix-'));
    });
    suiteTeardown(() => fs.rmSync(scratch, { recursive: true, force: true }));

    test('the extension is the installed package, with its runtimes as real files (no link into a checkout)', async () => {
      const found = vscode.extensions.getExtension<BigThreeExports>('big-three.big-three');
      assert.ok(found, 'big-three.big-three is installed');
      extension = found;
      const installedIn = process.env.BIG_THREE_EXTENSIONS_DIR;
      assert.ok(installedIn, 'BIG_THREE_EXTENSIONS_DIR names the clean extensions folder');
      assert.strictEqual(path.dirname(fs.realpathSync(extension.extensionPath)), fs.realpathSync(installedIn), `loaded from ${extension.extensionPath}`);
      for (const runtime of ['@huggingface/transformers', 'onnxruntime-node', 'playwright-core']) {
        const dir = path.join(extension.extensionPath, 'node_modules', runtime);
        assert.ok(fs.existsSync(path.join(dir, 'package.json')), `${runtime} is in the package`);
        assert.ok(!fs.lstatSync(dir).isSymbolicLink(), `${runtime} is not a link`);
      }
      assert.ok(!fs.lstatSync(path.join(extension.extensionPath, 'node_modules')).isSymbolicLink(), 'node_modules is not a link');
      api = await (await extension.activate()).ready;
      assert.ok(api.core.catalog.ids.length >= 24, 'the shipped experts load from the package');
      // The word vectors ship in models/ and are found there: the ranking's similarity part is not empty.
      const [top] = await api.learned.chooser.rank('predict which subscribers will leave next month');
      assert.ok(top && top.signals.priorParts.similarity > 0, `the word vectors load from the package: ${JSON.stringify(top?.signals)}`);
    });

    test('the sentence encoder loads from the package, in a process of its own beside the extension host', async () => {
      const [top] = await api.learned.chooser.rank('predict which subscribers will leave next month');
      assert.ok(top && top.signals.sentence > 0, `the encoder's part of the ranking is not empty: ${JSON.stringify(top?.signals)}`);
      const script = path.join(extension.extensionPath, 'dist', 'sentence-encoder-worker.js');
      const children = fs.readdirSync('/proc/self/task').flatMap((tid) => {
        try {
          return fs.readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(' ').filter(Boolean);
        } catch {
          return [];
        }
      });
      const commandLines = children.map((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        } catch {
          return '';
        }
      });
      assert.ok(
        commandLines.some((line) => line.includes(script)),
        `a child process runs ${script}: ${commandLines.join(' | ')}`,
      );
    });

    test('the provider SDKs, the shell parser and zod ship in dist/vendor and load from the package on first use', async () => {
      // Not at activation: the extension is active (previous test) and none of them is loaded yet by it.
      const vendorDir = path.join(extension.extensionPath, 'dist', 'vendor');
      const loadedAtActivation = Object.keys(require.cache).filter((f) => f.startsWith(vendorDir));
      assert.deepStrictEqual(loadedAtActivation, [], 'nothing of dist/vendor is loaded by activation');
      const fromBundle = createRequire(path.join(extension.extensionPath, 'dist', 'extension.js'));
      const vendor = (name: string) => fromBundle(`./vendor/${name}.js`) as Record<string, Record<string, unknown>>;
      assert.strictEqual(typeof vendor('anthropic-ai-sdk')['']!.default, 'function', 'Anthropic client');
      assert.strictEqual(typeof vendor('google-genai')['']!.GoogleGenAI, 'function', 'GoogleGenAI');
      assert.strictEqual(typeof vendor('openai')['realtime/ws']!.OpenAIRealtimeWS, 'function', 'OpenAIRealtimeWS');
      assert.strictEqual(typeof (vendor('mvdan-sh')['']!.syntax as { NewParser?: unknown }).NewParser, 'function', 'the shell parser');
      assert.strictEqual(typeof vendor('zod')['']!.object, 'function', 'zod');
      // The voice tools' schemas (zod) are built from the package on first use.
      assert.ok(api.voiceTools.definitions().some((d) => d.name === 'search_code'));
    });

    test('the approximate vector index: the packaged search worker loads usearch from the package and answers from its graph', async () => {
      const worker = path.join(extension.extensionPath, 'dist', 'vector-search-worker.js');
      assert.ok(fs.existsSync(path.join(extension.extensionPath, 'node_modules', 'usearch', 'package.json')), 'usearch is in the package');
      const store = new ExactVectorStore(16, { workerThreshold: 10, annThreshold: 100, workerScript: worker });
      try {
        for (let i = 0; i < 600; i++) {
          const v = Float32Array.from({ length: 16 }, (_, j) => Math.sin(i * 0.37 + j * 1.3));
          const n = Math.hypot(...v);
          store.upsertSync(
            `v${i}`,
            v.map((x) => x / n),
          );
        }
        const probe = store.vectorOf('v7')!.slice();
        const deadline = Date.now() + 30_000;
        while (store.annState !== AnnState.Current) {
          assert.notStrictEqual(store.annState, AnnState.Unavailable, 'usearch loads from the package');
          assert.ok(Date.now() < deadline, `the graph was not built (state ${store.annState})`);
          await store.query(probe, 1);
          await sleep(50);
        }
        const hits = await store.query(probe, 5);
        assert.ok(store.lastQueryApproximate, 'answered by the graph');
        assert.strictEqual(hits[0]?.id, 'v7');
      } finally {
        store.dispose();
      }
    });

    test('semantic search: the tiny model loads through the packaged transformers.js and ONNX Runtime', async () => {
      const modelDir = writeTinyEmbeddingModel(path.join(scratch, 'tiny-minilm'), { dimension: 32 });
      await vscode.workspace.getConfiguration('bigThree.rag').update('modelPath', modelDir, vscode.ConfigurationTarget.Global);
      const rag = await until(
        'the index with the model',
        () => {
          const current = api.ragHost.current;
          return current && !current.status.lexicalOnly && current;
        },
        60_000,
      );
      assert.match(rag.embedder?.id ?? '', /tiny-bert@q8\/32/, `the embedder in use: ${rag.embedder?.id}`);
      await vscode.commands.executeCommand(COMMANDS.indexWorkspace);
      const results = await rag.searchCode('round the tax of each invoice line to whole cents', 5);
      assert.ok(results.length > 0, 'search finds something');
      assert.ok(
        results.some((r) => typeof r.signals?.vector === 'number'),
        `vectors took part in the ranking: ${JSON.stringify(results.map((r) => r.signals))}`,
      );
      assert.ok(
        results.some((r) => r.codePath === 'src/invoice.js'),
        results.map((r) => r.codePath).join(', '),
      );
    });

    test('the browser runtime: playwright-core from the package drives Chromium to a page on loopback', async function () {
      this.timeout(60_000);
      const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((f) => fs.existsSync(f));
      assert.ok(chromium, 'Debian Chromium is installed (scripts/setup-vscode.sh)');
      // Resolved the way the bundle resolves it: from dist/extension.js inside the installed package.
      const fromBundle = createRequire(path.join(extension.extensionPath, 'dist', 'extension.js'));
      const resolved = fromBundle.resolve('playwright-core');
      assert.ok(resolved.startsWith(path.join(extension.extensionPath, 'node_modules')), `playwright-core resolved inside the package: ${resolved}`);
      const playwright = fromBundle('playwright-core') as typeof import('playwright-core');
      const server = http.createServer((_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Big Three check</title><p id="x">served on loopback</p>'),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const browser = await playwright.chromium.launch({
        executablePath: chromium,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      });
      try {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        assert.strictEqual(await page.title(), 'Big Three check');
        assert.strictEqual(await page.textContent('#x'), 'served on loopback');
      } finally {
        await browser.close();
        server.close();
      }
    });
  });
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'vsix-suite.js', mocha);
  defineVsixTests();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      console.log(`vsix-tests: ${mocha.suite.total() - failures} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} vsix tests failed`));
      else resolve();
    });
  });
}
